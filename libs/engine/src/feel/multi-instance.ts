/**
 * Zeebe's multi-instance variable rules as pure functions over `MultiInstanceDefinition`:
 * the input collection, each inner instance's local variables, the output collection and
 * the completion condition. The runtime keeps the instances; this only computes values.
 */
import type { MultiInstanceDefinition } from '../model/types';
import { evaluateBoolean, evaluateExpr, evaluateList, type EvalResult, type Variables } from './evaluate';

/** The items to iterate: a FEEL list, else the failure Zeebe raises as an incident. */
export function inputCollection(mi: MultiInstanceDefinition, variables: Variables): EvalResult<unknown[]> {
  return evaluateList(mi.inputCollection, variables);
}

/**
 * Local variables of the inner instance for `item` (`loopCounter` is 1-based): the input
 * element (when named) and `loopCounter`, as Zeebe sets them on the inner instance.
 */
export function innerInstanceVariables(mi: MultiInstanceDefinition, item: unknown, loopCounter: number): Record<string, unknown> {
  return { ...(mi.inputElement !== undefined ? { [mi.inputElement]: item } : {}), loopCounter };
}

/** The output collection when the body activates: one `null` per item (Zeebe's initial value). */
export function initialOutputCollection(size: number): unknown[] {
  return Array.from({ length: size }, () => null);
}

/**
 * After an inner instance completes: `outputElement` evaluated against its variables, written
 * at `loopCounter - 1` of a copy of the collection. Undefined when the activity has no output collection.
 */
export function updateOutputCollection(
  mi: MultiInstanceDefinition,
  collection: readonly unknown[],
  loopCounter: number,
  innerVariables: Variables,
): EvalResult<unknown[]> | undefined {
  if (mi.outputCollection === undefined || mi.outputElement === undefined) return undefined;
  const value = evaluateExpr(mi.outputElement, innerVariables);
  if (!value.ok) return value;
  const index = loopCounter - 1;
  if (index < 0 || index >= collection.length) {
    return {
      ok: false,
      reason: `Expected to update item at index ${loopCounter} of output collection '${mi.outputCollection}', but the collection has ${collection.length} items`,
    };
  }
  const copy = [...collection];
  copy[index] = value.value;
  return { ok: true, value: copy };
}

/** Counters Zeebe exposes to the completion condition, beside the visible variables. */
export interface MultiInstanceCounters {
  readonly numberOfInstances: number;
  readonly numberOfActiveInstances: number;
  readonly numberOfCompletedInstances: number;
  readonly numberOfTerminatedInstances: number;
}

/** Evaluated after each inner completion; `true` ends the body early (remaining instances are terminated). */
export function completionConditionMet(
  mi: MultiInstanceDefinition,
  variables: Variables,
  counters: MultiInstanceCounters,
): EvalResult<boolean> {
  if (mi.completionCondition === undefined) return { ok: true, value: false };
  return evaluateBoolean(mi.completionCondition, { ...variables, ...counters });
}
