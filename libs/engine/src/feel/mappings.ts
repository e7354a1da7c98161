/**
 * Zeebe's variable mappings as pure functions. A mapping's target is a path `a.b.c`:
 * the top-level variable `a` is created, or merged when it already holds a context
 * (from an earlier mapping, else from the visible variables), as Zeebe's generated
 * context expression does. Later mappings see the results of earlier ones.
 */
import type { Mapping } from '../model/types';
import { evaluateExpr, type Variables } from './evaluate';

export type MappingResult =
  { readonly ok: true; readonly variables: Record<string, unknown> } | { readonly ok: false; readonly reason: string };

function isContext(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Returns `base` with `value` set at `path`, copying every context on the way (inputs are never mutated). */
function setPath(base: unknown, path: readonly string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Record<string, unknown> = isContext(base) ? { ...base } : {};
  copy[head] = setPath(copy[head], rest, value);
  return copy;
}

function applyMappings(mappings: readonly Mapping[], context: Variables): MappingResult {
  const variables: Record<string, unknown> = {};
  for (const mapping of mappings) {
    const visible = { ...context, ...variables };
    const result = evaluateExpr(mapping.source, visible);
    if (!result.ok) return result;
    const [head, ...rest] = mapping.target.split('.') as [string, ...string[]];
    variables[head] = rest.length === 0 ? result.value : setPath(visible[head], rest, result.value);
  }
  return { ok: true, variables };
}

/**
 * Input mappings: evaluated against the variables visible at the element; the result
 * becomes the element's local variables.
 */
export function applyInputMappings(mappings: readonly Mapping[], context: Variables): MappingResult {
  return applyMappings(mappings, context);
}

/**
 * Output mappings: evaluated against the element's local variables (job result and
 * inputs over the visible ones); the result is propagated to the enclosing scope.
 */
export function applyOutputMappings(mappings: readonly Mapping[], context: Variables): MappingResult {
  return applyMappings(mappings, context);
}
