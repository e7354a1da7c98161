/**
 * The compiled decision model: what `compileDmn` produces from a DMN resource and what
 * `evaluateDecision` evaluates. Plain JSON-serialisable data, stored with the decision so a
 * restart never re-parses XML. FEEL texts are kept as written (DMN has no leading `=`).
 */

export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

/** Zeebe's `decisionType` strings. */
export type DecisionType = 'DECISION_TABLE' | 'LITERAL_EXPRESSION';

export interface DecisionInput {
  readonly id: string;
  /** Zeebe's `inputName`: the label, else the input expression text. */
  readonly name: string;
  /** FEEL expression giving the input value. */
  readonly expression: string;
  readonly typeRef?: string;
  /** Allowed values, FEEL unary tests. */
  readonly inputValues?: string;
}

export interface DecisionOutput {
  readonly id: string;
  /** The output's `name` (result context key); the label or id when a single output has none. */
  readonly name: string;
  readonly typeRef?: string;
  /** Allowed values as written (FEEL unary tests); their order is the PRIORITY / OUTPUT ORDER priority. */
  readonly outputValues?: string;
  /** FEEL expression used when no rule matches. */
  readonly defaultOutputEntry?: string;
}

export interface DecisionRule {
  readonly id: string;
  /** 1-based, as Zeebe's `ruleIndex`. */
  readonly index: number;
  /** FEEL unary tests, one per input; `''` or `-` matches anything. */
  readonly inputEntries: readonly string[];
  /** FEEL expressions, one per output; `''` is null. */
  readonly outputEntries: readonly string[];
  /** The rule's annotation (`description`, or DMN 1.3 annotation entries joined). */
  readonly annotation?: string;
}

export type DecisionLogic =
  | {
      readonly kind: 'decisionTable';
      readonly hitPolicy: HitPolicy;
      readonly aggregation?: Aggregation;
      readonly inputs: readonly DecisionInput[];
      readonly outputs: readonly DecisionOutput[];
      readonly rules: readonly DecisionRule[];
    }
  | { readonly kind: 'literalExpression'; readonly expression: string; readonly typeRef?: string };

export interface CompiledDecision {
  readonly decisionId: string;
  readonly decisionName: string;
  /** The DRG (`definitions`) the decision belongs to: Zeebe's decision requirements id/name. */
  readonly decisionRequirementsId: string;
  readonly decisionRequirementsName: string;
  readonly decisionType: DecisionType;
  /** Ids of decisions this one requires; evaluated first, their results visible under their ids. */
  readonly requiredDecisions: readonly string[];
  /** `variable name` of the decision, when given (defaults to the decision name in DMN). */
  readonly variableName?: string;
  readonly logic: DecisionLogic;
}

export interface EvaluatedInput {
  readonly inputId: string;
  readonly inputName: string;
  readonly inputValue: unknown;
}

export interface EvaluatedOutput {
  readonly outputId: string;
  readonly outputName: string;
  readonly outputValue: unknown;
}

export interface MatchedRule {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly outputs: readonly EvaluatedOutput[];
}

/** One entry of Zeebe's `evaluatedDecisions`, in evaluation order (required decisions first). */
export interface EvaluatedDecision {
  readonly decisionId: string;
  readonly decisionName: string;
  readonly decisionType: DecisionType;
  readonly matchedRules: readonly MatchedRule[];
  readonly inputs: readonly EvaluatedInput[];
  /** The decision's result (Zeebe's `decisionOutput`, before JSON encoding). */
  readonly output: unknown;
}

export type DecisionEvaluationResult =
  | { readonly ok: true; readonly result: unknown; readonly evaluatedDecisions: readonly EvaluatedDecision[] }
  | {
      readonly ok: false;
      /** The decision that failed (Zeebe's `failedDecisionId`); a required one when it failed first. */
      readonly decisionId: string;
      readonly ruleId?: string;
      /** The evaluator's reason, e.g. "multiple values aren't allowed for UNIQUE hit policy. …". */
      readonly reason: string;
      /** Zeebe's `failureMessage` / incident text: "Expected to evaluate decision '<id>', but <reason>". */
      readonly failureMessage: string;
      /** Decisions evaluated before the failure, and the failed one with what it got to. */
      readonly evaluatedDecisions: readonly EvaluatedDecision[];
    };
