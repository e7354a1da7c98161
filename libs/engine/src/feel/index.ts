/** FEEL with Zeebe's conventions: expression detection, syntax check, evaluation, mappings. */
export { parseExpr, exprSource, checkFeelSyntax, checkUnaryTestsSyntax } from './expr';
export {
  evaluateFeel,
  evaluateExpr,
  evaluateBoolean,
  evaluateString,
  evaluateNumber,
  evaluateStringList,
  evaluateContext,
  evaluateList,
  evaluateRaw,
  resultType,
  evaluateDateTime,
  isIsoDateTime,
  parseCsvList,
  toJsonValue,
  useFeelClock,
  type EvalResult,
  type ResultType,
  type Variables,
} from './evaluate';
export { applyInputMappings, applyOutputMappings, type MappingResult } from './mappings';
export {
  inputCollection,
  innerInstanceVariables,
  initialOutputCollection,
  updateOutputCollection,
  completionConditionMet,
  type MultiInstanceCounters,
} from './multi-instance';
export { selectInclusiveFlows } from './gateways';
