/** The outcome of a rule check: ok, or the reasons (in Chinese, shown on the next form) why not. */
export interface RuleResult {
  readonly ok: boolean;
  readonly reasons: readonly string[];
}

export function ruleResult(reasons: readonly string[]): RuleResult {
  return { ok: reasons.length === 0, reasons };
}
