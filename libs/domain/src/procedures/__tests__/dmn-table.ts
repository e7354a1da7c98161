/**
 * A small DMN decision-table evaluator for tests: reads a table with dmn-moddle's
 * descriptors and matches input entries with feelin's unaryTest, so the DMN files can be
 * checked against the rule functions. Hit policies UNIQUE and FIRST only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { evaluate, unaryTest } from 'feelin';
import { Moddle } from 'moddle';
import { Reader } from 'moddle-xml';

import dc from 'dmn-moddle/resources/dmn/json/dc.json';
import di from 'dmn-moddle/resources/dmn/json/di.json';
import dmn13 from 'dmn-moddle/resources/dmn/json/dmn13.json';
import dmndi13 from 'dmn-moddle/resources/dmn/json/dmndi13.json';

export const PROCESSES_DIR = join(__dirname, '..', '..', '..', '..', '..', 'processes');

export interface DecisionTable {
  readonly id: string;
  readonly hitPolicy: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly rules: readonly { readonly inputEntries: readonly string[]; readonly outputEntries: readonly string[] }[];
}

interface TextEl {
  readonly text: string;
}

interface TableEl {
  readonly hitPolicy?: string;
  readonly input: readonly { readonly inputExpression: TextEl }[];
  readonly output: readonly { readonly name: string }[];
  readonly rule: readonly { readonly inputEntry: readonly TextEl[]; readonly outputEntry: readonly TextEl[] }[];
}

export async function loadDecisionTable(file: string): Promise<DecisionTable> {
  const model = new Moddle([dmn13, dmndi13, dc, di] as never);
  const reader = new Reader({ model, lax: false });
  const parsed = (await reader.fromXML(readFileSync(join(PROCESSES_DIR, file), 'utf8'), reader.handler('dmn:Definitions'))) as {
    rootElement: { drgElement: { $type: string; id: string; decisionLogic: TableEl }[] };
  };
  const decision = parsed.rootElement.drgElement.find((e) => e.$type === 'dmn:Decision');
  if (!decision) throw new Error(`${file}: no decision`);
  const t = decision.decisionLogic;
  return {
    id: decision.id,
    hitPolicy: t.hitPolicy ?? 'UNIQUE',
    inputs: t.input.map((i) => i.inputExpression.text),
    outputs: t.output.map((o) => o.name),
    rules: t.rule.map((r) => ({
      inputEntries: r.inputEntry.map((e) => e.text),
      outputEntries: r.outputEntry.map((e) => e.text),
    })),
  };
}

/** The decision result as Zeebe gives it: one output → its value; several → a context. */
export function evaluateDecision(table: DecisionTable, variables: Record<string, unknown>): unknown {
  const values = table.inputs.map((expr) => evaluate(expr, variables).value);
  const matched = table.rules.filter((rule) =>
    rule.inputEntries.every((entry, i) => entry.trim() === '-' || unaryTest(entry, { ...variables, '?': values[i] }).value === true),
  );
  if (matched.length === 0) return null;
  if (table.hitPolicy === 'UNIQUE' && matched.length > 1) throw new Error(`${table.id}: ${matched.length} rules match a UNIQUE table`);
  const rule = matched[0];
  const outputs = rule.outputEntries.map((e) => evaluate(e, variables).value);
  if (outputs.length === 1) return outputs[0];
  return Object.fromEntries(table.outputs.map((name, i) => [name, outputs[i]]));
}
