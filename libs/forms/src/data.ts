// Plain-data helpers shared by validation and prefill: own-property reads, path writes that
// cannot reach a prototype, and a JSON clone with limits for untrusted input.
import { isSafeKey } from './feel';

export type DataPath = (string | number)[];
export type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Reads own properties only, so `__proto__` or `constructor` never resolve to built-ins. */
export function getPath(target: unknown, path: DataPath): unknown {
  let current = target;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment < 0 || segment >= current.length) return undefined;
      current = current[segment];
    } else {
      if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

/** Writes at a path, creating objects (or arrays before a numeric segment); `undefined` deletes. */
export function setPath(target: JsonObject, path: DataPath, value: unknown): void {
  if (path.length === 0) return;
  let current: JsonObject | unknown[] = target;
  for (let index = 0; index < path.length - 1; index++) {
    const segment = path[index];
    if (typeof segment === 'string' && !isSafeKey(segment)) return;
    const existing: unknown = (current as Record<string | number, unknown>)[segment];
    const nextIsIndex = typeof path[index + 1] === 'number';
    let next: unknown = existing;
    if (nextIsIndex ? !Array.isArray(existing) : !isPlainObject(existing)) {
      next = nextIsIndex ? [] : {};
      (current as Record<string | number, unknown>)[segment] = next;
    }
    current = next as JsonObject | unknown[];
  }
  const last = path[path.length - 1];
  if (typeof last === 'string' && !isSafeKey(last)) return;
  if (value === undefined) {
    if (!Array.isArray(current)) delete current[last as string];
    return;
  }
  (current as Record<string | number, unknown>)[last] = value;
}

/** Deep JSON clone that drops prototype-polluting keys and non-JSON values. */
export function cloneJson(value: unknown, depth = 0): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (depth > 200) return null;
  if (Array.isArray(value)) return value.map((item) => cloneJson(item, depth + 1));
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      if (!isSafeKey(key)) continue;
      const item = cloneJson(value[key], depth + 1);
      if (item !== undefined) out[key] = item;
    }
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  return undefined;
}

/** form-js' `isEqual` for option values: deep structural equality of JSON data. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** `members[2].name` from `['members', 2, 'name']`. */
export function formatPath(path: DataPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}
