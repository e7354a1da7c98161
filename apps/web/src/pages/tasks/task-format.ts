/** How the inbox shows times: 3小时前, and whether a due date is near (orange) or past (red). */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 刚刚 / 5分钟前 / 3小时前 / 2天前 (future: 3小时后); undefined beyond a week, where a date reads better. */
export function formatRelative(value: string | null | undefined, now = Date.now()): string | undefined {
  if (!value) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const diff = now - at;
  const abs = Math.abs(diff);
  const suffix = diff >= 0 ? '前' : '后';
  if (abs < MINUTE) return '刚刚';
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)}分钟${suffix}`;
  if (abs < DAY) return `${Math.floor(abs / HOUR)}小时${suffix}`;
  if (abs < 7 * DAY) return `${Math.floor(abs / DAY)}天${suffix}`;
  return undefined;
}

export type DueStatus = 'none' | 'ok' | 'soon' | 'overdue';

/** overdue: past; soon: within 24 hours; only for tasks still open. */
export function dueStatus(task: { readonly dueDate: string | null; readonly state: string }, now = Date.now()): DueStatus {
  if (!task.dueDate || task.state === 'completed' || task.state === 'canceled') return 'none';
  const at = Date.parse(task.dueDate);
  if (Number.isNaN(at)) return 'none';
  if (at < now) return 'overdue';
  if (at - now <= DAY) return 'soon';
  return 'ok';
}

export const AUDIT_ACTION_NAMES: Record<string, string> = {
  claim: '认领',
  unclaim: '退回认领',
  assign: '指派',
  draft: '保存草稿',
  complete: '办结',
  start: '发起',
  cancel: '取消实例',
  'set-variables': '修改变量',
  'resolve-incident': '重试故障',
};
