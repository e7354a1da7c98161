/**
 * Procedures a unit may run only once at a time. Two P1 instances for one compound would
 * make owners' objections ambiguous: the `candidate-objection` message is correlated by
 * compoundId, so it would interrupt whichever publicity happens to wait for it. The
 * standard has one vetting under the party organisations' control per election (4.2.3.3).
 */
export const ONE_RUNNING_PER_UNIT: Readonly<Record<string, { readonly variable: string; readonly unitWord: string }>> = {
  'committee-candidate-vetting': { variable: 'compoundId', unitWord: '小区' },
};

export interface RunningInstance {
  readonly processInstanceKey: string;
  readonly startedAt: Date;
}

/** The variable naming the unit that may run only one instance of the procedure, if the rule applies. */
export function oneRunningVariable(bpmnProcessId: string): string | undefined {
  return ONE_RUNNING_PER_UNIT[bpmnProcessId]?.variable;
}

/** Why a second instance may not start, naming the running one, as officials write dates. */
export function alreadyRunningMessage(bpmnProcessId: string, processName: string, unitName: string, running: RunningInstance): string {
  const unitWord = ONE_RUNNING_PER_UNIT[bpmnProcessId]?.unitWord ?? '单位';
  return (
    `${unitName}已有正在进行的“${processName}”（流程实例 ${running.processInstanceKey}，${chineseDate(running.startedAt)}发起），` +
    `同一${unitWord}同一时间只能进行一次，请待其结束后再发起`
  );
}

const CHINESE_DATE = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' });

function chineseDate(date: Date): string {
  return CHINESE_DATE.format(date);
}
