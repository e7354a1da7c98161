/**
 * DMN XML → `CompiledDecision`s, validated as Zeebe does at deployment: the document must
 * parse (no DTD/entities), every decision needs an id, its logic must be a decision table
 * or a literal expression, every FEEL text must parse, rules must have one entry per
 * input and output, and required decisions must exist without cycles.
 *
 * Parsed with moddle-xml over dmn-moddle's DMN 1.3 schema, driven synchronously like the
 * BPMN parser. DMN 1.1, 1.2, 1.4 and 1.5 documents are read through the 1.3 schema by
 * mapping their namespace (decision tables and literal expressions are the same there).
 */
import { Moddle } from 'moddle';
import { Reader } from 'moddle-xml';
import dc from 'dmn-moddle/resources/dmn/json/dc.json';
import di from 'dmn-moddle/resources/dmn/json/di.json';
import dmn from 'dmn-moddle/resources/dmn/json/dmn13.json';
import dmndi from 'dmn-moddle/resources/dmn/json/dmndi13.json';
import { checkFeelSyntax, checkUnaryTestsSyntax } from '../feel/expr';
import { checkWellFormed, child, children, idOf, isModdleElement, str, type ModdleElement } from '../model/moddle';
import { DeploymentRejectedError, ProblemSink } from '../model/problems';
import { notSupported } from '../model/supported';
import { checkXmlSafety } from '../model/xml-safety';
import type { Aggregation, CompiledDecision, DecisionInput, DecisionLogic, DecisionOutput, DecisionRule, HitPolicy } from './types';

const DMN13 = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const OTHER_DMN_NAMESPACES = [
  'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
  'http://www.omg.org/spec/DMN/20180521/MODEL/',
  'https://www.omg.org/spec/DMN/20211108/MODEL/',
  'https://www.omg.org/spec/DMN/20230324/MODEL/',
];

let moddle: Moddle | undefined;

function getModdle(): Moddle {
  moddle ??= new Moddle([dmn, dmndi, dc, di]);
  return moddle;
}

interface DmnParseOutcome {
  readonly definitions?: ModdleElement;
  readonly errors: readonly { readonly message: string; readonly elementId?: string }[];
}

export function parseDmnXml(xml: string): DmnParseOutcome {
  const malformed = checkWellFormed(xml);
  if (malformed !== undefined) return { errors: [{ message: malformed }] };
  let normalized = xml;
  for (const ns of OTHER_DMN_NAMESPACES) normalized = normalized.split(`"${ns}"`).join(`"${DMN13}"`);
  const reader = new Reader({ model: getModdle(), lax: true });
  const rootHandler = reader.handler('dmn:Definitions');
  reader.fromXML(normalized, rootHandler).catch(() => undefined);
  const context = rootHandler.context;
  if (context === undefined) throw new Error('moddle-xml did not parse synchronously; the DMN parser needs updating');
  const errors = context.warnings.map((w) => {
    const id = w.element?.id;
    return typeof id === 'string' ? { message: w.message, elementId: id } : { message: w.message };
  });
  const root = rootHandler.element;
  if (!isModdleElement(root) || root.$type !== 'dmn:Definitions') {
    return { errors: [...errors, { message: 'failed to parse document as <dmn:definitions> (DMN 1.1 to 1.5)' }] };
  }
  return { definitions: root, errors };
}

const HIT_POLICIES: readonly HitPolicy[] = ['UNIQUE', 'FIRST', 'PRIORITY', 'ANY', 'COLLECT', 'RULE ORDER', 'OUTPUT ORDER'];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'MIN', 'MAX', 'COUNT'];

function text(el: ModdleElement | undefined): string {
  return el === undefined ? '' : (str(el, 'text') ?? '').trim();
}

class DecisionCompiler {
  constructor(private readonly sink: ProblemSink) {}

  private feel(decisionId: string, where: string, expression: string, optional: boolean): void {
    if (optional && expression === '') return;
    const failure = checkFeelSyntax(expression);
    if (failure !== undefined) this.sink.add(decisionId, `${where}: ${failure}`);
  }

  private unaryTests(decisionId: string, where: string, tests: string): void {
    const failure = checkUnaryTestsSyntax(tests);
    if (failure !== undefined) this.sink.add(decisionId, `${where}: ${failure}`);
  }

  compileTable(decisionId: string, table: ModdleElement): DecisionLogic | undefined {
    const hitPolicyText = str(table, 'hitPolicy') ?? 'UNIQUE';
    const hitPolicy = HIT_POLICIES.find((h) => h === hitPolicyText);
    if (hitPolicy === undefined) this.sink.add(decisionId, `Unknown hit policy '${hitPolicyText}'`);
    const aggregationText = str(table, 'aggregation');
    const aggregation = aggregationText === undefined ? undefined : AGGREGATIONS.find((a) => a === aggregationText);
    if (aggregationText !== undefined && aggregation === undefined) this.sink.add(decisionId, `Unknown aggregation '${aggregationText}'`);
    if (aggregation !== undefined && hitPolicy !== 'COLLECT') {
      this.sink.add(
        decisionId,
        `An aggregation ('${aggregation}') is only allowed with the hit policy COLLECT, but was '${hitPolicyText}'`,
      );
    }

    const inputs: DecisionInput[] = children(table, 'input').map((input, i) => {
      const id = idOf(input) ?? '';
      const expressionElement = child(input, 'inputExpression');
      const expression = text(expressionElement);
      const where = `input '${id || i + 1}'`;
      if (expression === '') this.sink.add(decisionId, `${where}: the input expression is empty`);
      else this.feel(decisionId, `${where} expression`, expression, false);
      const inputValues = text(child(input, 'inputValues'));
      if (inputValues !== '') this.unaryTests(decisionId, `${where} values`, inputValues);
      const typeRef = expressionElement === undefined ? undefined : str(expressionElement, 'typeRef');
      const label = str(input, 'label');
      return {
        id,
        name: label !== undefined && label.trim() !== '' ? label : expression,
        expression,
        ...(typeRef !== undefined ? { typeRef } : {}),
        ...(inputValues !== '' ? { inputValues } : {}),
      };
    });

    const outputElements = children(table, 'output');
    if (outputElements.length === 0) this.sink.add(decisionId, 'A decision table must have at least one output');
    const outputs: DecisionOutput[] = outputElements.map((output, i) => {
      const id = idOf(output) ?? '';
      const where = `output '${id || i + 1}'`;
      const name = str(output, 'name');
      if ((name === undefined || name.trim() === '') && outputElements.length > 1) {
        this.sink.add(decisionId, `${where}: an output of a decision table with several outputs must have a name`);
      }
      const outputValues = text(child(output, 'outputValues'));
      if (outputValues !== '') this.unaryTests(decisionId, `${where} values`, outputValues);
      const defaultOutputEntry = text(child(output, 'defaultOutputEntry'));
      if (defaultOutputEntry !== '') this.feel(decisionId, `${where} default output entry`, defaultOutputEntry, false);
      const typeRef = str(output, 'typeRef');
      const fallbackName = str(output, 'label') ?? (id || `output${i + 1}`);
      return {
        id,
        name: name !== undefined && name.trim() !== '' ? name : fallbackName,
        ...(typeRef !== undefined ? { typeRef } : {}),
        ...(outputValues !== '' ? { outputValues } : {}),
        ...(defaultOutputEntry !== '' ? { defaultOutputEntry } : {}),
      };
    });

    const rules: DecisionRule[] = children(table, 'rule').map((rule, i) => {
      const id = idOf(rule) ?? '';
      const where = `rule '${id || i + 1}'`;
      const inputEntries = children(rule, 'inputEntry').map((e) => text(e));
      const outputEntries = children(rule, 'outputEntry').map((e) => text(e));
      if (inputEntries.length !== inputs.length) {
        this.sink.add(decisionId, `${where}: expected ${inputs.length} input entries (one per input), but found ${inputEntries.length}`);
      }
      if (outputEntries.length !== outputs.length) {
        this.sink.add(
          decisionId,
          `${where}: expected ${outputs.length} output entries (one per output), but found ${outputEntries.length}`,
        );
      }
      inputEntries.forEach((entry, j) => this.unaryTests(decisionId, `${where} input entry ${j + 1}`, entry));
      outputEntries.forEach((entry, j) => this.feel(decisionId, `${where} output entry ${j + 1}`, entry, true));
      const description = str(rule, 'description')?.trim();
      const annotations = children(rule, 'annotationEntry')
        .map((a) => text(a))
        .filter((a) => a !== '');
      const annotation = description !== undefined && description !== '' ? description : annotations.join('\n');
      return { id, index: i + 1, inputEntries, outputEntries, ...(annotation !== '' ? { annotation } : {}) };
    });

    if (hitPolicy === undefined) return undefined;
    return { kind: 'decisionTable', hitPolicy, ...(aggregation !== undefined ? { aggregation } : {}), inputs, outputs, rules };
  }

  compileDecision(el: ModdleElement, drgId: string, drgName: string): CompiledDecision | undefined {
    const decisionId = idOf(el);
    if (decisionId === undefined || decisionId.trim() === '') {
      this.sink.add(undefined, `A decision${str(el, 'name') !== undefined ? ` ('${str(el, 'name')}')` : ''} must have an id`);
      return undefined;
    }
    const logicElement = child(el, 'decisionLogic');
    let logic: DecisionLogic | undefined;
    if (logicElement === undefined) {
      this.sink.add(decisionId, 'A decision must have a decision logic (a decision table or a literal expression)');
    } else if (logicElement.$type === 'dmn:DecisionTable') {
      logic = this.compileTable(decisionId, logicElement);
    } else if (logicElement.$type === 'dmn:LiteralExpression') {
      const expression = text(logicElement);
      this.feel(decisionId, 'literal expression', expression, false);
      const typeRef = str(logicElement, 'typeRef');
      logic = { kind: 'literalExpression', expression, ...(typeRef !== undefined ? { typeRef } : {}) };
    } else {
      this.sink.add(decisionId, notSupported(`Decision logic '${logicElement.$type.replace('dmn:', '')}'`));
    }
    const requiredDecisions = children(el, 'informationRequirement')
      .map((r) => child(r, 'requiredDecision'))
      .filter((r): r is ModdleElement => r !== undefined)
      .map((r) => (str(r, 'href') ?? '').replace(/^#/, ''));
    const variable = child(el, 'variable');
    const variableName = variable === undefined ? undefined : str(variable, 'name');
    if (logic === undefined) return undefined;
    return {
      decisionId,
      decisionName: str(el, 'name') ?? decisionId,
      decisionRequirementsId: drgId,
      decisionRequirementsName: drgName,
      decisionType: logic.kind === 'decisionTable' ? 'DECISION_TABLE' : 'LITERAL_EXPRESSION',
      requiredDecisions,
      ...(variableName !== undefined ? { variableName } : {}),
      logic,
    };
  }
}

function checkRequirements(sink: ProblemSink, decisions: readonly CompiledDecision[]): void {
  const byId = new Map(decisions.map((d) => [d.decisionId, d]));
  for (const d of decisions) {
    for (const required of d.requiredDecisions) {
      if (!byId.has(required)) sink.add(d.decisionId, `The required decision '${required}' is not a decision of the DRG`);
    }
  }
  // Depth-first search for a cycle through required decisions.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      sink.add(id, `The decision requirements form a cycle: ${cycle.join(' -> ')}`);
      return;
    }
    state.set(id, 'visiting');
    for (const required of byId.get(id)?.requiredDecisions ?? []) if (byId.has(required)) visit(required, [...path, id]);
    state.set(id, 'done');
  };
  for (const d of decisions) visit(d.decisionId, []);
}

/** Compiles into `sink`; returns the decisions (meaningful only when the sink stayed empty). */
export function compileDmnInto(sink: ProblemSink, xml: string): CompiledDecision[] {
  const unsafe = checkXmlSafety(xml);
  if (unsafe !== undefined) {
    sink.add(undefined, unsafe);
    return [];
  }
  const parsed = parseDmnXml(xml);
  for (const error of parsed.errors) sink.add(error.elementId, error.message);
  const definitions = parsed.definitions;
  if (definitions === undefined || parsed.errors.length > 0) return [];
  const drgId = idOf(definitions);
  if (drgId === undefined || drgId.trim() === '') sink.add(undefined, 'The DMN definitions (decision requirements graph) must have an id');
  const drgName = str(definitions, 'name') ?? drgId ?? '';
  const compiler = new DecisionCompiler(sink);
  const decisionElements = children(definitions, 'drgElement').filter((e) => e.$type === 'dmn:Decision');
  if (decisionElements.length === 0) sink.add(undefined, 'Expected the DMN resource to contain at least one decision, but found none');
  const decisions = decisionElements
    .map((el) => compiler.compileDecision(el, drgId ?? '', drgName))
    .filter((d): d is CompiledDecision => d !== undefined);
  checkRequirements(sink, decisions);
  return decisions;
}

/**
 * Compiles a DMN resource. Throws `DeploymentRejectedError` naming the resource, the
 * decision id and the reason of every problem.
 */
export function compileDmn(resourceName: string, xml: string): CompiledDecision[] {
  const sink = new ProblemSink(resourceName);
  let decisions: CompiledDecision[] = [];
  try {
    decisions = compileDmnInto(sink, xml);
  } catch (error: unknown) {
    sink.add(undefined, error instanceof Error ? error.message : String(error));
  }
  if (!sink.empty) throw new DeploymentRejectedError(sink.problems);
  return decisions;
}
