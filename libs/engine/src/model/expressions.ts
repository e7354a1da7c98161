/**
 * Deployment-time checks of expression attributes, after Zeebe's `ZeebeExpressionValidator`:
 * mandatory or optional, FEEL-only (non-static) or not, and constraints on static values.
 */
import { checkFeelSyntax, parseExpr } from '../feel/expr';
import type { Expr } from './types';
import type { ProblemSink } from './problems';

export interface ExprRules {
  readonly mandatory?: boolean;
  /** Must be FEEL (leading `=`), e.g. conditions, output sources, scripts. */
  readonly nonStatic?: boolean;
  /** A static value must satisfy `test`; `description` completes "Expected static value to …". */
  readonly ifStatic?: { readonly test: (value: string) => boolean; readonly description: string };
}

export function checkExpr(sink: ProblemSink, elementId: string, raw: string | undefined, rules: ExprRules = {}): Expr | undefined {
  const expr = parseExpr(raw);
  if (expr === undefined) {
    if (rules.mandatory === true) sink.add(elementId, 'Expected expression but not found.');
    return undefined;
  }
  if (expr.feel) {
    const failure = checkFeelSyntax(expr.expression);
    if (failure !== undefined) sink.add(elementId, failure);
    return expr;
  }
  if (rules.nonStatic === true) {
    sink.add(
      elementId,
      `Expected expression but found static value '${expr.value}'. An expression must start with '=' (e.g. '=${expr.value}').`,
    );
  } else if (rules.ifStatic !== undefined && !rules.ifStatic.test(expr.value)) {
    sink.add(elementId, `Expected static value to ${rules.ifStatic.description}, but found '${expr.value}'.`);
  }
  return expr;
}

const PATH_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*(\.[a-zA-Z_][a-zA-Z0-9_]*)*$/;
const PATH_RESERVED_WORDS = ['null', 'true', 'false', 'function', 'if', 'then', 'else', 'for', 'between', 'instance', 'of'];

/** Variable paths (mapping targets, result variables): Zeebe's `verifyPath`. */
export function checkPath(sink: ProblemSink, elementId: string, path: string | undefined): boolean {
  if (path === undefined || path === '') {
    sink.add(elementId, 'Expected path expression but not found.');
    return false;
  }
  let ok = true;
  if (!PATH_PATTERN.test(path)) {
    sink.add(elementId, `Expected path expression '${path}' but doesn't match the pattern '${PATH_PATTERN.source.slice(1, -1)}'.`);
    ok = false;
  }
  if (PATH_RESERVED_WORDS.includes(path)) {
    sink.add(elementId, `Expected path expression '${path}' but is one of the reserved words (${PATH_RESERVED_WORDS.join(', ')}).`);
    ok = false;
  }
  return ok;
}

/** Zeebe's `ZeebeElementValidator.hasNonEmptyAttribute`. */
export function requireAttribute(sink: ProblemSink, elementId: string, name: string, value: string | undefined): value is string {
  if (value === undefined || value.trim() === '') {
    sink.add(elementId, `Attribute '${name}' must be present and not empty`);
    return false;
  }
  return true;
}
