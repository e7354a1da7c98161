/**
 * Rectification notices (P3 纠错, 4.4.3.3): the deadline is the end of the last day of the
 * period in Beijing time, written as ISO 8601 with its offset — what the diagram's boundary
 * timer reads with `date and time(rectificationDeadline)`.
 */

/** *default*: 整改期限（日）. */
export const DEFAULT_RECTIFICATION_DAYS = 30;
export const MAX_RECTIFICATION_DAYS = 365;
/** China Standard Time, no daylight saving. */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** `issuedAt` + `days` calendar days (Beijing), at 23:59:59+08:00. */
export function rectificationDeadline(issuedAt: Date, days: number): string {
  const local = new Date(issuedAt.getTime() + BEIJING_OFFSET_MS);
  const end = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days));
  const y = String(end.getUTCFullYear()).padStart(4, '0');
  const m = String(end.getUTCMonth() + 1).padStart(2, '0');
  const d = String(end.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}T23:59:59+08:00`;
}
