/**
 * Decision evaluation with Zeebe's DMN engine (dmn-scala) conventions, over feelin:
 * required decisions first (their results visible under their decision ids and, when
 * declared, their variable names), input
 * expressions, FEEL unary-test input entries against `?`, output entries of the matched
 * rules, then the hit policy:
 * - one output column gives plain values, several give contexts keyed by output name;
 * - UNIQUE / FIRST / ANY / PRIORITY give one result or null; UNIQUE fails on several
 *   matches, ANY on several different outputs;
 * - COLLECT / RULE ORDER / OUTPUT ORDER give a list; COLLECT with SUM/MIN/MAX/COUNT a number;
 * - no match at all gives the outputs' default entries, else null (any hit policy).
 */
import { unaryTest } from 'feelin';
import { evaluateRaw, toJsonValue, type Variables } from '../feel/evaluate';
import type {
  CompiledDecision,
  DecisionEvaluationResult,
  DecisionLogic,
  DecisionOutput,
  DecisionRule,
  EvaluatedDecision,
  EvaluatedInput,
  MatchedRule,
} from './types';

type TableLogic = Extract<DecisionLogic, { kind: 'decisionTable' }>;

class EvaluationFailure extends Error {
  constructor(
    readonly reason: string,
    readonly ruleId?: string,
  ) {
    super(reason);
  }
}

/** dmn-scala prints values Scala-style in its messages; JSON is the readable equivalent here. */
function show(value: unknown): string {
  return JSON.stringify(toJsonValue(value));
}

function evalFeel(expression: string, context: Variables, ruleId?: string): unknown {
  if (expression.trim() === '') return null;
  const result = evaluateRaw(expression, context);
  if (!result.ok) throw new EvaluationFailure(result.reason, ruleId);
  return result.value;
}

function matches(entry: string, input: unknown, context: Variables, ruleId: string): boolean {
  const tests = entry.trim();
  if (tests === '' || tests === '-') return true;
  let value: boolean | null;
  try {
    value = unaryTest(tests, { ...context, '?': input }).value;
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    throw new EvaluationFailure(`failed to evaluate expression '${tests}': ${message}`, ruleId);
  }
  // feelin answers null where a comparison is undefined (e.g. a null input against `> 3`): no match.
  return value === true;
}

function checkAllowed(kind: 'Input' | 'Output', allowed: string | undefined, value: unknown, context: Variables, ruleId?: string): void {
  if (allowed === undefined || value === null || value === undefined) return;
  let ok: boolean | null;
  try {
    ok = unaryTest(allowed, { ...context, '?': value }).value;
  } catch {
    ok = false;
  }
  if (ok !== true) {
    throw new EvaluationFailure(`${kind} value '${show(value)}' is not in the allowed values list '${allowed}'`, ruleId);
  }
}

/** Output values list as priority order: `"high","medium","low"` → ['high', 'medium', 'low']. */
function priorityList(output: DecisionOutput): string[] {
  return (output.outputValues ?? '')
    .split(',')
    .map((v) => v.trim().replace(/["']/g, ''))
    .filter((v) => v !== '');
}

function priorityKey(values: Record<string, unknown>, outputs: readonly DecisionOutput[]): number[] {
  return outputs.map((output) => {
    const list = priorityList(output);
    const value = values[output.name];
    const index = typeof value === 'string' || typeof value === 'number' ? list.indexOf(String(value)) : -1;
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  });
}

function byPriority(rows: readonly Row[], outputs: readonly DecisionOutput[]): Row[] {
  const keyed = rows.map((row, i) => ({ row, i, key: priorityKey(row.values, outputs) }));
  keyed.sort((a, b) => {
    for (let k = 0; k < a.key.length; k++) {
      const d = (a.key[k] ?? 0) - (b.key[k] ?? 0);
      if (d !== 0) return d;
    }
    return a.i - b.i;
  });
  return keyed.map((k) => k.row);
}

interface Row {
  readonly rule: DecisionRule;
  readonly values: Record<string, unknown>;
}

function single(rows: readonly Row[], outputs: readonly DecisionOutput[]): unknown {
  const [first] = rows;
  if (first === undefined) return null;
  return outputs.length === 1 ? (first.values[outputs[0]?.name ?? ''] ?? null) : first.values;
}

function many(rows: readonly Row[], outputs: readonly DecisionOutput[]): unknown[] {
  return rows.map((row) => (outputs.length === 1 ? (row.values[outputs[0]?.name ?? ''] ?? null) : row.values));
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(toJsonValue(a)) === JSON.stringify(toJsonValue(b));
}

function numbers(rows: readonly Row[], outputs: readonly DecisionOutput[]): number[] {
  if (outputs.length > 1 && rows.length > 0) {
    throw new EvaluationFailure(`multiple values aren't allowed. found: ${show(rows.map((r) => r.values))}`);
  }
  return many(rows, outputs).map((v) => {
    if (typeof v !== 'number') throw new EvaluationFailure(`expected number but found '${show(v)}'`);
    return v;
  });
}

function applyHitPolicy(table: TableLogic, rows: readonly Row[]): unknown {
  const { outputs } = table;
  switch (table.hitPolicy) {
    case 'FIRST':
      return single(rows, outputs);
    case 'UNIQUE':
      if (rows.length > 1) {
        throw new EvaluationFailure(
          `multiple values aren't allowed for UNIQUE hit policy. found: '${show(rows.map((r) => r.values))}' (multiple rules match: ${rows
            .map((r) => `'${r.rule.id}'`)
            .join(', ')})`,
          rows[1]?.rule.id,
        );
      }
      return single(rows, outputs);
    case 'ANY': {
      const distinct = rows.filter((r, i) => rows.findIndex((o) => sameValue(o.values, r.values)) === i);
      if (distinct.length > 1) {
        throw new EvaluationFailure(
          `different values aren't allowed for ANY hit policy. found: '${show(distinct.map((r) => r.values))}'`,
          distinct[1]?.rule.id,
        );
      }
      return single(rows, outputs);
    }
    case 'PRIORITY':
      return single(byPriority(rows, outputs), outputs);
    case 'OUTPUT ORDER':
      return many(byPriority(rows, outputs), outputs);
    case 'RULE ORDER':
      return many(rows, outputs);
    case 'COLLECT':
      switch (table.aggregation) {
        case undefined:
          return many(rows, outputs);
        case 'COUNT':
          return rows.length;
        case 'SUM':
          return numbers(rows, outputs).reduce((a, b) => a + b, 0);
        case 'MIN': {
          const values = numbers(rows, outputs);
          return values.length === 0 ? null : Math.min(...values);
        }
        case 'MAX': {
          const values = numbers(rows, outputs);
          return values.length === 0 ? null : Math.max(...values);
        }
      }
  }
}

interface TableOutcome {
  readonly inputs: EvaluatedInput[];
  readonly matchedRules: MatchedRule[];
  output: unknown;
}

function evaluateTable(table: TableLogic, context: Variables, outcome: TableOutcome): unknown {
  const inputValues = table.inputs.map((input) => {
    const value = evalFeel(input.expression, context);
    outcome.inputs.push({ inputId: input.id, inputName: input.name, inputValue: toJsonValue(value) });
    checkAllowed('Input', input.inputValues, value, context);
    return value;
  });

  const matched = table.rules.filter((rule) =>
    rule.inputEntries.every((entry, i) => matches(entry, i < inputValues.length ? inputValues[i] : null, context, rule.id)),
  );

  if (matched.length === 0) {
    // dmn-scala: the outputs' default entries, else null — whatever the hit policy.
    const defaults: Record<string, unknown> = {};
    for (const output of table.outputs) {
      if (output.defaultOutputEntry !== undefined) defaults[output.name] = toJsonValue(evalFeel(output.defaultOutputEntry, context));
    }
    const entries = Object.values(defaults);
    return entries.length === 0 ? null : entries.length === 1 ? entries[0] : defaults;
  }

  const rules = table.hitPolicy === 'FIRST' ? matched.slice(0, 1) : matched;
  const rows: Row[] = rules.map((rule) => {
    const values: Record<string, unknown> = {};
    const outputs = table.outputs.map((output, i) => {
      const value = toJsonValue(evalFeel(rule.outputEntries[i] ?? '', context, rule.id));
      checkAllowed('Output', output.outputValues, value, context, rule.id);
      values[output.name] = value;
      return { outputId: output.id, outputName: output.name, outputValue: value };
    });
    outcome.matchedRules.push({ ruleId: rule.id, ruleIndex: rule.index, outputs });
    return { rule, values };
  });
  return applyHitPolicy(table, rows);
}

function failureMessage(decisionId: string, reason: string): string {
  return `Expected to evaluate decision '${decisionId}', but ${reason}`;
}

/**
 * Evaluates `decisionId` among `decisions` (its DRG) with `variables`. Never throws for
 * bad data: a failure names the decision, the rule when one is to blame, and the reason.
 */
export function evaluateDecision(
  decisions: readonly CompiledDecision[],
  decisionId: string,
  variables: Variables,
): DecisionEvaluationResult {
  const byId = new Map(decisions.map((d) => [d.decisionId, d]));
  const evaluated: EvaluatedDecision[] = [];
  const results = new Map<string, unknown>();

  const evaluateOne = (id: string, stack: readonly string[]): DecisionEvaluationResult | undefined => {
    if (results.has(id)) return undefined;
    const decision = byId.get(id);
    if (decision === undefined) {
      const reason = `no decision found for '${id}'`;
      return { ok: false, decisionId: id, reason, failureMessage: failureMessage(decisionId, reason), evaluatedDecisions: evaluated };
    }
    if (stack.includes(id)) {
      const reason = `the decision requirements form a cycle: ${[...stack, id].join(' -> ')}`;
      return { ok: false, decisionId: id, reason, failureMessage: failureMessage(id, reason), evaluatedDecisions: evaluated };
    }
    for (const required of decision.requiredDecisions) {
      const failed = evaluateOne(required, [...stack, id]);
      if (failed !== undefined) return failed;
    }
    const context: Record<string, unknown> = { ...variables };
    for (const required of decision.requiredDecisions) {
      // dmn-scala names a required decision's result by its variable name, else its id; both are visible here.
      const result = results.get(required);
      context[required] = result;
      const variableName = byId.get(required)?.variableName;
      if (variableName !== undefined && variableName !== '') context[variableName] = result;
    }

    const outcome: TableOutcome = { inputs: [], matchedRules: [], output: null };
    try {
      outcome.output =
        decision.logic.kind === 'decisionTable'
          ? toJsonValue(evaluateTable(decision.logic, context, outcome))
          : toJsonValue(evalFeel(decision.logic.expression, context));
    } catch (error: unknown) {
      if (!(error instanceof EvaluationFailure)) throw error;
      evaluated.push(record(decision, outcome));
      return {
        ok: false,
        decisionId: id,
        ...(error.ruleId !== undefined ? { ruleId: error.ruleId } : {}),
        reason: error.reason,
        failureMessage: failureMessage(id, error.reason),
        evaluatedDecisions: evaluated,
      };
    }
    results.set(id, outcome.output);
    evaluated.push(record(decision, outcome));
    return undefined;
  };

  const failed = evaluateOne(decisionId, []);
  if (failed !== undefined) return failed;
  return { ok: true, result: results.get(decisionId) ?? null, evaluatedDecisions: evaluated };
}

function record(decision: CompiledDecision, outcome: TableOutcome): EvaluatedDecision {
  return {
    decisionId: decision.decisionId,
    decisionName: decision.decisionName,
    decisionType: decision.decisionType,
    matchedRules: outcome.matchedRules,
    inputs: outcome.inputs,
    output: outcome.output,
  };
}
