/**
 * The runtime's use of the FEEL helpers (`../feel`): typed evaluation of model expressions
 * and Zeebe's incident wording naming the element and the expression.
 */
import type { Expr } from '../model/types';

export {
  applyInputMappings,
  applyOutputMappings,
  evaluateBoolean,
  evaluateDateTime,
  evaluateExpr,
  evaluateFeel,
  evaluateNumber,
  evaluateString,
  evaluateStringList,
  type EvalResult,
} from '../feel';

export function describe(expr: Expr): string {
  return expr.feel ? expr.expression : expr.value;
}

/** Incident message: the FEEL failure (which quotes the expression) and the element. */
export function expressionFailure(elementId: string, expression: string, reason: string): string {
  return reason.includes(`'${expression}'`)
    ? `${reason} (element '${elementId}')`
    : `Failed to evaluate expression '${expression}' of element '${elementId}': ${reason}`;
}
