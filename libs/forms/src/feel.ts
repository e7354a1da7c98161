// FEEL as form-js uses it: a string starting with `=` is an expression; `conditional.hide`
// and `readonly` are unary tests, everything else is a plain expression
// (FeelExpressionLanguage in @bpmn-io/form-js-viewer/dist/index.es.js). Syntax checks and
// the names an expression reads live here; evaluation is in evaluator.ts.
import { parseExpression, parseUnaryTests } from 'feelin';

export type FeelKind = 'expression' | 'unaryTest';

export function isFeelExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('=');
}

/** The syntax error of a `=`-expression, or null when it parses. */
export function feelSyntaxError(expression: string, kind: FeelKind): string | null {
  const source = expression.slice(1);
  if (source.trim() === '') return 'empty expression';
  try {
    const tree = kind === 'unaryTest' ? parseUnaryTests(source, {}, undefined) : parseExpression(source, {}, undefined);
    const cursor = tree.cursor();
    do {
      if (cursor.type.isError) {
        const near = source.slice(Math.max(0, cursor.from - 10), cursor.to + 10);
        return `syntax error at position ${cursor.from + 1} (near "${near}")`;
      }
    } while (cursor.next());
    return null;
  } catch (error: unknown) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** FEEL results as JSON data: temporal values become their ISO strings, functions null. */
export function toJsonValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined || depth > 64) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map((item) => toJsonValue(item, depth + 1));
  if (typeof value !== 'object') return null;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (!isSafeKey(key)) continue;
      out[key] = toJsonValue(item, depth + 1);
    }
    return out;
  }
  const withJson = value as { toJSON?: () => unknown; parameterNames?: unknown };
  if (withJson.parameterNames !== undefined) return null; // a FEEL function
  if (typeof withJson.toJSON === 'function') return toJsonValue(withJson.toJSON(), depth + 1);
  return null;
}

const SPECIAL_NAMES = new Set(['this', 'parent', 'i', '_this_', '_parent_', '_i_', 'item']);
const namesCache = new Map<string, string[]>();
const NAMES_CACHE_LIMIT = 5_000;

/**
 * The free names a FEEL expression reads (first segment of each path), without function
 * names, iteration variables, parameters and context keys; form-js' `this`, `parent` and
 * `i` included. Cached: forms evaluate the same expressions for every list item.
 */
export function referencedNames(expression: string, kind: FeelKind): string[] {
  const cacheKey = `${kind}:${expression}`;
  const cached = namesCache.get(cacheKey);
  if (cached) return cached;
  const source = expression.startsWith('=') ? expression.slice(1) : expression;
  let names: string[] = [];
  try {
    const tree = kind === 'unaryTest' ? parseUnaryTests(source, {}, undefined) : parseExpression(source, {}, undefined);
    const declared = new Set<string>();
    const used: string[] = [];
    const cursor = tree.cursor();
    do {
      const text = source.slice(cursor.from, cursor.to);
      if (cursor.name === 'Name') declared.add(text);
      if (cursor.name === 'VariableName') {
        const node = cursor.node;
        const parent = node.parent;
        const isCallee = parent !== null && parent.name === 'FunctionInvocation' && parent.firstChild?.from === node.from;
        if (!isCallee) used.push(text);
      }
    } while (cursor.next());
    names = [...new Set(used.filter((name) => !declared.has(name)))];
  } catch {
    names = [];
  }
  if (namesCache.size >= NAMES_CACHE_LIMIT) namesCache.clear();
  namesCache.set(cacheKey, names);
  return names;
}

/** The variables an expression reads from the process: referencedNames without form-js' special names. */
export function feelVariableNames(expression: string, kind: FeelKind): string[] {
  return referencedNames(expression, kind).filter((name) => !SPECIAL_NAMES.has(name));
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function isSafeKey(key: string): boolean {
  return !FORBIDDEN_KEYS.has(key);
}
