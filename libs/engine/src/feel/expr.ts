/**
 * Zeebe's expression convention: an attribute whose value starts with `=` is a FEEL
 * expression, anything else is a static value. Also the syntax check used at deployment.
 */
import { parseExpression, parseUnaryTests } from 'feelin';
import type { Expr } from '../model/types';

/** `=x > 1` → FEEL `x > 1`; `abc` → static `abc`; absent stays absent. */
export function parseExpr(raw: string | undefined): Expr | undefined {
  if (raw === undefined) return undefined;
  const trimmed = raw.trimStart();
  if (trimmed.startsWith('=')) return { feel: true, expression: trimmed.slice(1).trim() };
  return { feel: false, value: raw };
}

/** The source text as it appeared in the BPMN (with the leading `=` for FEEL). */
export function exprSource(expr: Expr): string {
  return expr.feel ? `=${expr.expression}` : expr.value;
}

/**
 * Parses a FEEL expression (without the leading `=`) and returns a Zeebe-style failure
 * message for the first syntax error, or `undefined` when it parses. Parsing never
 * evaluates, so a deployment cannot be made to run an expensive expression.
 */
export function checkFeelSyntax(expression: string): string | undefined {
  if (expression.trim() === '') return `failed to parse expression '${expression}': expression is empty`;
  return firstSyntaxError(expression, parseExpression(expression, {}, undefined));
}

/**
 * The same check for FEEL unary tests (DMN input entries, input/output values): `-`,
 * `> 3`, `[1..5]`, `"a","b"`, `not("x")`, `? > 2`. An empty text is `-` (matches anything).
 */
export function checkUnaryTestsSyntax(expression: string): string | undefined {
  if (expression.trim() === '') return undefined;
  return firstSyntaxError(expression, parseUnaryTests(expression, {}, undefined));
}

type FeelTree = ReturnType<typeof parseExpression>;

function firstSyntaxError(expression: string, tree: FeelTree): string | undefined {
  let failure: string | undefined;
  tree.iterate({
    enter(node) {
      if (failure !== undefined) return false;
      if (!node.type.isError) return undefined;
      const parent = node.node.parent?.name ?? 'Expression';
      failure =
        node.from !== node.to
          ? `Unrecognized token '${expression.slice(node.from, node.to)}' in <${parent}> at position ${node.from}`
          : node.from >= expression.length
            ? `Incomplete <${parent}> at end of input`
            : `Unexpected input in <${parent}> at position ${node.from}`;
      return false;
    },
  });
  return failure === undefined ? undefined : `failed to parse expression '${expression}': ${failure}`;
}
