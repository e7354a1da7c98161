/**
 * Zeebe's variable scopes over an instance document: lookup walks from an element instance
 * up to the process instance; merging propagates each variable to the nearest scope that
 * already has it, else to the process instance (root) scope.
 */
import type { ElementInstanceState, InstanceDoc, JsonObject } from './types';

/** Scopes from `key` up to the root, innermost first. */
export function scopeChain(doc: InstanceDoc, key: string): ElementInstanceState[] {
  const chain: ElementInstanceState[] = [];
  let current: ElementInstanceState | undefined = doc.elements[key];
  while (current) {
    chain.push(current);
    current = current.parent === undefined ? undefined : doc.elements[current.parent];
  }
  return chain;
}

/** Every variable visible from `key`, inner scopes shadowing outer ones. */
export function visibleVariables(doc: InstanceDoc, key: string): JsonObject {
  const chain = scopeChain(doc, key);
  const out: JsonObject = {};
  for (let i = chain.length - 1; i >= 0; i--) {
    const vars = chain[i].vars;
    if (vars) Object.assign(out, vars);
  }
  return out;
}

/** Propagating merge starting at scope `key` (Zeebe's "merge document"). */
export function mergeVariables(doc: InstanceDoc, key: string, variables: JsonObject): void {
  const chain = scopeChain(doc, key);
  if (chain.length === 0) return;
  const root = chain[chain.length - 1];
  for (const [name, value] of Object.entries(variables)) {
    const holder = chain.find((s) => s.vars !== undefined && Object.prototype.hasOwnProperty.call(s.vars, name)) ?? root;
    (holder.vars ??= {})[name] = value;
  }
}

/** Local set on scope `key` (Zeebe's "local" variables: no propagation). */
export function setLocalVariables(doc: InstanceDoc, key: string, variables: JsonObject): void {
  const scope = doc.elements[key];
  if (!scope) return;
  Object.assign((scope.vars ??= {}), variables);
}
