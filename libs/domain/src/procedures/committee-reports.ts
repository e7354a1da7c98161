/**
 * 业主委员会向社区党组织定期报告 (4.4.3.3): when the next periodic report is due, and whether a
 * committee has missed it — what the server's report monitor checks before it publishes
 * `committee-report-overdue` (which starts P3 纠错和退出 with the finding `missed-report`).
 * Dates are calendar dates (YYYY-MM-DD) in Beijing time.
 */

/** *default*: the committee reports once a quarter. */
export const COMMITTEE_REPORT_INTERVAL_MONTHS = 3;

/** The message that starts P3 from the monitor, and how long the engine keeps it when it cannot start an instance at once. */
export const COMMITTEE_REPORT_OVERDUE_MESSAGE = 'committee-report-overdue';
/** One week: a message for a compound whose P3 is still running waits for that instance to end (Zeebe: one active instance per key). */
export const COMMITTEE_REPORT_OVERDUE_TTL_MS = 7 * 24 * 3600 * 1000;

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** The calendar date in Beijing of an instant. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` plus whole months; the 31st of a month followed by a shorter one ends on that month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const firstOfTarget = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0)).getUTCDate();
  firstOfTarget.setUTCDate(Math.min(d, lastDay));
  return firstOfTarget.toISOString().slice(0, 10);
}

/** The date the next report is due: one interval after the last report, or after the term started when none was made. */
export function committeeReportDue(
  termStart: string,
  lastReportedOn: string | null,
  intervalMonths = COMMITTEE_REPORT_INTERVAL_MONTHS,
): string {
  const from = lastReportedOn !== null && lastReportedOn > termStart ? lastReportedOn : termStart;
  return addMonths(from, intervalMonths);
}

/** Overdue from the day after the due date (a report on the due date is on time). */
export function isCommitteeReportOverdue(dueOn: string, today: string): boolean {
  return today > dueOn;
}

/** The Chinese finding the P3 investigation starts from. */
export function missedReportFinding(dueOn: string, lastReportedOn: string | null): string {
  const last = lastReportedOn ? `上次报告日期：${chineseDate(lastReportedOn)}` : '本届业主委员会尚未报告过工作';
  return `业主委员会应于${chineseDate(dueOn)}前向社区党组织报告工作，逾期未报告（${last}）。`;
}

/** 2026-03-01 → 2026年3月1日. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
