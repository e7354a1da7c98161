/**
 * FEEL evaluation with Zeebe's conventions over feelin: results are converted to
 * JSON-friendly values (temporal values become ISO strings, as they would when Zeebe
 * stores them as variables) and failures carry Zeebe's wording.
 */
import { date, dateAndTime, evaluate, FeelDate, FeelDateTime, FeelDuration, FeelTime, isFunction, isRange, type Warning } from 'feelin';
import type { Expr } from '../model/types';

export type EvalResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Zeebe's names for result types, used in type-mismatch messages. */
export type ResultType = 'NULL' | 'BOOLEAN' | 'NUMBER' | 'STRING' | 'DATE_TIME' | 'DURATION' | 'PERIOD' | 'ARRAY' | 'OBJECT' | 'UNKNOWN';

export type Variables = Readonly<Record<string, unknown>>;

/** A feelin result turned into something that survives JSON (what a variable can hold). */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof FeelDate || value instanceof FeelTime || value instanceof FeelDateTime || value instanceof FeelDuration) {
    return value.toString();
  }
  if (isFunction(value) || isRange(value)) return null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

export function resultType(value: unknown): ResultType {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number') return 'NUMBER';
  if (typeof value === 'string') return 'STRING';
  if (value instanceof FeelDateTime) return 'DATE_TIME';
  if (value instanceof FeelDuration) return /^-?P(\d+Y)?(\d+M)?$/.test(value.toString()) ? 'PERIOD' : 'DURATION';
  if (value instanceof FeelDate || value instanceof FeelTime) return 'STRING';
  if (Array.isArray(value)) return 'ARRAY';
  if (isFunction(value) || isRange(value)) return 'UNKNOWN';
  if (typeof value === 'object') return 'OBJECT';
  return 'UNKNOWN';
}

export interface RawResult {
  readonly ok: true;
  readonly value: unknown;
  readonly warnings: readonly Warning[];
}

let feelClock: () => number = Date.now;

/**
 * FEEL's `now()` and `today()` read this clock (epoch ms). The engine points it at its own clock
 * at start, so with the controllable clock a moved engine time is what FEEL sees too, as on
 * Zeebe's controlled clock. One engine per process; the last started engine wins.
 */
export function useFeelClock(now: () => number): void {
  feelClock = now;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** The clock's instant as local date-time with its UTC offset, e.g. 2026-11-28T16:05:00.123+08:00. */
function clockNow(): FeelDateTime {
  const at = new Date(feelClock());
  const offset = -at.getTimezoneOffset();
  const zone = `${offset >= 0 ? '+' : '-'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return dateAndTime(
    `${clockToday(at)}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}${zone}`,
  ) as FeelDateTime;
}

function clockToday(at = new Date(feelClock())): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Evaluates FEEL and returns feelin's own value (temporal values, ranges, functions) with its warnings. */
export function evaluateRaw(expression: string, context: Variables): RawResult | { readonly ok: false; readonly reason: string } {
  try {
    // The engine's clock behind now()/today(); a process variable of the same name still wins.
    const { value, warnings } = evaluate(expression, { now: clockNow, today: () => date(clockToday()), ...context });
    return { ok: true, value, warnings };
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `failed to evaluate expression '${expression}': ${message}` };
  }
}

/**
 * Evaluates a FEEL expression (without the leading `=`). An unknown variable is `null`
 * (feelin warns, Zeebe does the same since 8.2), so only syntax and runtime errors fail.
 */
export function evaluateFeel(expression: string, context: Variables): EvalResult<unknown> {
  const raw = evaluateRaw(expression, context);
  return raw.ok ? { ok: true, value: toJsonValue(raw.value) } : raw;
}

/** Static values evaluate to themselves (a string); FEEL is evaluated. */
export function evaluateExpr(expr: Expr, context: Variables): EvalResult<unknown> {
  return expr.feel ? evaluateFeel(expr.expression, context) : { ok: true, value: expr.value };
}

export function typeMismatch(
  expression: string,
  expected: string,
  actual: unknown,
  warnings: readonly Warning[],
): { ok: false; reason: string } {
  let reason = `Expected result of the expression '${expression}' to be '${expected}', but was '${resultType(actual)}'.`;
  if (warnings.length > 0) {
    reason += ` The evaluation reported the following warnings:\n${warnings.map((w) => `[${w.type}] ${w.message}`).join('\n')}`;
  }
  return { ok: false, reason };
}

/** Evaluates FEEL and checks the raw result with `accept`, which returns the converted value or undefined. */
function evaluateTyped<T>(
  expr: Expr,
  context: Variables,
  expected: string,
  fromStatic: (value: string) => T | undefined,
  accept: (value: unknown) => T | undefined,
  mismatch?: (expression: string, value: unknown, warnings: readonly Warning[]) => { ok: false; reason: string } | undefined,
): EvalResult<T> {
  if (!expr.feel) {
    const value = fromStatic(expr.value);
    return value === undefined ? typeMismatch(expr.value, expected, expr.value, []) : { ok: true, value };
  }
  const raw = evaluateRaw(expr.expression, context);
  if (!raw.ok) return raw;
  const value = accept(raw.value);
  if (value !== undefined) return { ok: true, value };
  return mismatch?.(expr.expression, raw.value, raw.warnings) ?? typeMismatch(expr.expression, expected, raw.value, raw.warnings);
}

export function evaluateBoolean(expr: Expr, context: Variables): EvalResult<boolean> {
  return evaluateTyped(
    expr,
    context,
    'BOOLEAN',
    (s) => (s === 'true' ? true : s === 'false' ? false : undefined),
    (v) => (typeof v === 'boolean' ? v : undefined),
  );
}

export function evaluateString(expr: Expr, context: Variables): EvalResult<string> {
  return evaluateTyped(
    expr,
    context,
    'STRING',
    (s) => s,
    (v) => (typeof v === 'string' ? v : v instanceof FeelDate || v instanceof FeelTime ? v.toString() : undefined),
  );
}

/** ISO date-time with an offset, e.g. `2023-03-02T15:35+02:00` (Zeebe's format for dueDate/followUpDate). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})(\[[^\]]+\])?$/;

export function isIsoDateTime(value: string): boolean {
  return ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value.replace(/\[[^\]]+\]$/, '')));
}

/**
 * A date-time as an ISO string: a FEEL `date and time` value or a string in ISO format
 * with an offset (what Zeebe accepts for dueDate/followUpDate).
 */
export function evaluateDateTime(expr: Expr, context: Variables): EvalResult<string> {
  return evaluateTyped(
    expr,
    context,
    'DATE_TIME',
    (s) => (isIsoDateTime(s) ? s : undefined),
    (v) => (v instanceof FeelDateTime ? v.toString() : typeof v === 'string' && isIsoDateTime(v) ? v : undefined),
  );
}

export function evaluateNumber(expr: Expr, context: Variables): EvalResult<number> {
  return evaluateTyped(
    expr,
    context,
    'NUMBER',
    (s) => (s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : undefined),
    (v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined),
  );
}

/** Splits Zeebe's static list form `a, b ,c`; undefined when an entry is empty. */
export function parseCsvList(value: string): string[] | undefined {
  const items = value.split(',').map((s) => s.trim());
  return items.every((s) => s !== '') ? items : undefined;
}

/**
 * A list of strings, as Zeebe accepts for candidateGroups/candidateUsers: a FEEL list of
 * strings, a FEEL string holding a comma-separated list, or a static comma-separated list.
 */
export function evaluateStringList(expr: Expr, context: Variables): EvalResult<string[]> {
  return evaluateTyped(
    expr,
    context,
    'ARRAY',
    parseCsvList,
    (v) => {
      if (typeof v === 'string') return parseCsvList(v);
      if (Array.isArray(v) && v.every((item): item is string => typeof item === 'string')) return [...v];
      return undefined;
    },
    (expression, value) =>
      Array.isArray(value)
        ? {
            ok: false,
            reason: `Expected result of the expression '${expression}' to be 'ARRAY' containing 'STRING' items, but was 'ARRAY' containing at least one non-'STRING' item.`,
          }
        : undefined,
  );
}

export function evaluateContext(expr: Expr, context: Variables): EvalResult<Record<string, unknown>> {
  return evaluateTyped(
    expr,
    context,
    'OBJECT',
    () => undefined,
    (v) => (resultType(v) === 'OBJECT' ? (toJsonValue(v) as Record<string, unknown>) : undefined),
  );
}

/**
 * A list, as Zeebe requires for a multi-instance `inputCollection`: FEEL only (a static
 * value is never a list), elements converted to JSON values.
 */
export function evaluateList(expr: Expr, context: Variables): EvalResult<unknown[]> {
  return evaluateTyped(
    expr,
    context,
    'ARRAY',
    () => undefined,
    (v) => (Array.isArray(v) ? (toJsonValue(v) as unknown[]) : undefined),
  );
}
