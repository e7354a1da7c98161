/** FEEL with Zeebe's conventions: expression detection, syntax check, evaluation, mappings. */
export { parseExpr, exprSource, checkFeelSyntax } from './expr';
export {
  evaluateFeel,
  evaluateExpr,
  evaluateBoolean,
  evaluateString,
  evaluateNumber,
  evaluateStringList,
  evaluateContext,
  evaluateDateTime,
  isIsoDateTime,
  parseCsvList,
  toJsonValue,
  type EvalResult,
  type ResultType,
  type Variables,
} from './evaluate';
export { applyInputMappings, applyOutputMappings, type MappingResult } from './mappings';
