/**
 * Live bpmnlint in the browser with bpmnlint-plugin-camunda-compat's Camunda 8.8 rules (the
 * same configuration as test/models/lint-bpmn.mjs), compiled at build time by the Vite
 * plugin in apps/web/vite.config.ts. Reports become problems an official can click.
 */
import { Linter, type LintReport } from 'bpmnlint';
import { config, resolver } from 'virtual:bpmnlint-camunda-8-8';

export type LintSeverity = 'error' | 'warn' | 'info';

export interface LintProblem {
  /** The element the report is about; undefined for the whole diagram. */
  readonly elementId: string | undefined;
  readonly rule: string;
  readonly severity: LintSeverity;
  readonly message: string;
}

const linter = new Linter({ config, resolver });

export async function lintDefinitions(definitions: unknown): Promise<LintProblem[]> {
  return toProblems(await linter.lint(definitions));
}

const SEVERITY_ORDER: Record<LintSeverity, number> = { error: 0, warn: 1, info: 2 };

/** Flattens bpmnlint's reports per rule into one list, errors first, then by element. */
export function toProblems(results: Record<string, readonly LintReport[]>): LintProblem[] {
  const problems = Object.entries(results).flatMap(([rule, reports]) =>
    reports.map((report) => ({
      elementId: report.id,
      rule: rule.replace(/^camunda-compat\//, ''),
      // A rule that crashed is reported as `rule-error`: show it as an error so it is not missed.
      severity: report.category === 'rule-error' ? ('error' as const) : report.category,
      message: translateLintMessage(report.message),
    })),
  );
  return problems.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.elementId ?? '').localeCompare(b.elementId ?? ''),
  );
}

const PATTERNS: readonly [RegExp, (...groups: string[]) => string][] = [
  [/^Element of type <(.+?)> must have property (.+)$/, (type, props) => `${type} 类型的元素必须设置属性 ${props}`],
  [/^Element of type <(.+?)> must have one extension element of type (.+)$/, (type, ext) => `${type} 类型的元素必须有一个扩展元素 ${ext}`],
  [/^Extension element of type <(.+?)> not allowed$/, (type) => `不允许使用扩展元素 ${type}`],
  [/^Property <(.+?)> is not a valid FEEL expression$/, (prop) => `属性 ${prop} 不是合法的 FEEL 表达式`],
  [/^Property <(.+?)> must have expression value$/, (prop) => `属性 ${prop} 必须是表达式（以 = 开头）`],
  [/^Property <(.+?)> must have value of <(.+?)>$/, (prop, value) => `属性 ${prop} 的值必须是 ${value}`],
  [/^(\S+) is missing start event$/, (type) => `${type} 缺少开始事件`],
  [/^Loop detected: (.+)$/, (path) => `检测到没有等待点的循环：${path}`],
  [/^A <(.+?)> must be expanded$/, (type) => `${type} 必须展开显示`],
];

/** The common camunda-compat messages in Chinese; others stay as bpmnlint wrote them. */
export function translateLintMessage(message: string): string {
  for (const [pattern, render] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return render(...match.slice(1).map((group) => group.replace(/[<>]/g, '')));
  }
  return message;
}
