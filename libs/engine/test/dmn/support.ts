/** Builders for small DMN 1.3 documents used by the DMN specs. */
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface TableSpec {
  readonly id?: string;
  readonly hitPolicy?: string;
  readonly aggregation?: string;
  readonly inputs: readonly (string | { readonly expression: string; readonly values?: string; readonly label?: string })[];
  readonly outputs: readonly (string | { readonly name?: string; readonly values?: string; readonly default?: string })[];
  /** Each rule: input entries then output entries. */
  readonly rules: readonly (readonly [readonly string[], readonly string[]])[];
  readonly requires?: readonly string[];
}

export function table(spec: TableSpec): string {
  const id = spec.id ?? 'd';
  const inputs = spec.inputs
    .map((input, i) => {
      const { expression, values, label } = typeof input === 'string' ? { expression: input, values: undefined, label: undefined } : input;
      return `<input id="${id}_in${i + 1}"${label !== undefined ? ` label="${esc(label)}"` : ''}><inputExpression id="${id}_ie${i + 1}"><text>${esc(expression)}</text></inputExpression>${
        values !== undefined ? `<inputValues><text>${esc(values)}</text></inputValues>` : ''
      }</input>`;
    })
    .join('');
  const outputs = spec.outputs
    .map((output, i) => {
      const o = typeof output === 'string' ? { name: output } : output;
      return `<output id="${id}_out${i + 1}"${o.name !== undefined ? ` name="${o.name}"` : ''}>${
        o.values !== undefined ? `<outputValues><text>${esc(o.values)}</text></outputValues>` : ''
      }${o.default !== undefined ? `<defaultOutputEntry><text>${esc(o.default)}</text></defaultOutputEntry>` : ''}</output>`;
    })
    .join('');
  const rules = spec.rules
    .map(
      ([ins, outs], i) =>
        `<rule id="${id}_r${i + 1}">${ins.map((t) => `<inputEntry><text>${esc(t)}</text></inputEntry>`).join('')}${outs
          .map((t) => `<outputEntry><text>${esc(t)}</text></outputEntry>`)
          .join('')}</rule>`,
    )
    .join('');
  const requirements = (spec.requires ?? [])
    .map((r) => `<informationRequirement><requiredDecision href="#${r}" /></informationRequirement>`)
    .join('');
  const attrs = `${spec.hitPolicy !== undefined ? ` hitPolicy="${spec.hitPolicy}"` : ''}${spec.aggregation !== undefined ? ` aggregation="${spec.aggregation}"` : ''}`;
  return `<decision id="${id}" name="Decision ${id}">${requirements}<decisionTable id="${id}_t"${attrs}>${inputs}${outputs}${rules}</decisionTable></decision>`;
}

export function literal(id: string, expression: string, requires: readonly string[] = []): string {
  const requirements = requires.map((r) => `<informationRequirement><requiredDecision href="#${r}" /></informationRequirement>`).join('');
  return `<decision id="${id}" name="Decision ${id}">${requirements}<literalExpression><text>${esc(expression)}</text></literalExpression></decision>`;
}

export function dmn(body: string, namespace = 'https://www.omg.org/spec/DMN/20191111/MODEL/'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${namespace}" id="drg" name="DRG" namespace="http://camunda.org/schema/1.0/dmn">
  ${body}
</definitions>`;
}
