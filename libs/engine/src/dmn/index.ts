/** DMN decisions: compile DMN 1.1–1.5 decision tables and literal expressions, evaluate them as Zeebe does. */
export { compileDmn, compileDmnInto, parseDmnXml } from './compile';
export { evaluateDecision } from './evaluate';
export type {
  Aggregation,
  CompiledDecision,
  DecisionEvaluationResult,
  DecisionInput,
  DecisionLogic,
  DecisionOutput,
  DecisionRule,
  DecisionType,
  EvaluatedDecision,
  EvaluatedInput,
  EvaluatedOutput,
  HitPolicy,
  MatchedRule,
} from './types';
