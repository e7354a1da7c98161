/**
 * Durations and periods as the 统计分析 page writes them: 3天4小时, 45分钟, 1分钟30秒,
 * 850毫秒; target inputs in 分钟/小时/天; a month range as the API's Beijing-date filters.
 * Pure functions, unit-tested in test/web/duration-format.spec.ts.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Largest unit first; each is written with the next smaller one at most. */
const UNITS: readonly { readonly ms: number; readonly name: string }[] = [
  { ms: DAY, name: '天' },
  { ms: HOUR, name: '小时' },
  { ms: MINUTE, name: '分钟' },
  { ms: SECOND, name: '秒' },
];

/**
 * A duration in milliseconds in the two largest Chinese units it has, rounded to the
 * smaller one: 3天4小时, 45分钟, 1分钟30秒, 12秒; under a second in 毫秒. An em dash for
 * a missing figure (no completed instances).
 */
export function formatDurationMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const value = Math.max(0, ms);
  if (Math.round(value) === 0) return '0秒';
  if (Math.round(value) < SECOND) return `${Math.round(value)}毫秒`;
  const major = UNITS.findIndex((unit) => value >= unit.ms);
  const index = major === -1 ? UNITS.length - 1 : major;
  const unit = UNITS[index] as (typeof UNITS)[number];
  const minor = UNITS[index + 1];
  // Round to the smaller unit shown (or whole seconds); rounding may carry into a larger unit.
  const step = minor?.ms ?? SECOND;
  const rounded = Math.round(value / step) * step;
  const carried = UNITS.findIndex((u) => rounded >= u.ms);
  if (carried !== -1 && carried < index) return formatDurationMs(rounded);
  const whole = Math.floor(rounded / unit.ms);
  const rest = minor ? Math.round((rounded - whole * unit.ms) / minor.ms) : 0;
  return rest > 0 && minor ? `${whole}${unit.name}${rest}${minor.name}` : `${whole}${unit.name}`;
}

/**
 * A histogram bucket bound: as `formatDurationMs` when the bucket is at least as wide as the
 * smallest unit that shows, else in its largest unit with decimals (1.05秒, 3.02天), so
 * neighbouring narrow buckets do not read the same.
 */
export function formatDurationBound(ms: number, widthMs: number): string {
  const value = Math.max(0, ms);
  if (Math.round(value) < SECOND) return formatDurationMs(value);
  const index = UNITS.findIndex((unit) => value >= unit.ms);
  const unit = UNITS[index] as (typeof UNITS)[number];
  const shown = UNITS[index + 1]?.ms ?? SECOND;
  if (widthMs >= shown) return formatDurationMs(value);
  const decimals = Math.min(3, Math.max(1, Math.ceil(-Math.log10(Math.max(widthMs, 1) / unit.ms))));
  return `${(value / unit.ms).toFixed(decimals)}${unit.name}`;
}

/** How late something is: 超时3天4小时. */
export function formatLateness(ms: number): string {
  return `超时${formatDurationMs(ms)}`;
}

export const TARGET_UNITS = [
  { value: 'minute', label: '分钟', ms: MINUTE },
  { value: 'hour', label: '小时', ms: HOUR },
  { value: 'day', label: '天', ms: DAY },
] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number]['value'];

/** An admin's target input (e.g. 24 小时) in whole milliseconds, as `PUT …/targets/:elementId` takes it. */
export function targetToMs(amount: number, unit: TargetUnit): number {
  const factor = TARGET_UNITS.find((u) => u.value === unit)?.ms ?? HOUR;
  return Math.round(amount * factor);
}

/** A stored target shown in the largest unit that divides it exactly (36 小时 stays hours, 2 天 is days). */
export function msToTarget(ms: number): { readonly amount: number; readonly unit: TargetUnit } {
  for (const unit of [...TARGET_UNITS].reverse()) if (ms % unit.ms === 0) return { amount: ms / unit.ms, unit: unit.value };
  return { amount: Math.round((ms / HOUR) * 100) / 100, unit: 'hour' };
}

/** A calendar month as the picker gives it. */
export interface YearMonth {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
}

/**
 * The API's `from` (inclusive) and `to` (exclusive) for the months first…last: bare dates,
 * which the server reads as midnight in Beijing — the first day of `first` and the first
 * day of the month after `last`.
 */
export function monthRangeQuery(first: YearMonth, last: YearMonth): { readonly from: string; readonly to: string } {
  const next = last.month === 12 ? { year: last.year + 1, month: 1 } : { year: last.year, month: last.month + 1 };
  return { from: isoMonthStart(first), to: isoMonthStart(next) };
}

function isoMonthStart({ year, month }: YearMonth): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

/** A trend bucket's start date (2026-11-01) as its month: 2026年11月. */
export function formatMonthBucket(bucket: string): string {
  const match = /^(\d{4})-(\d{2})/.exec(bucket);
  return match ? `${match[1]}年${Number(match[2])}月` : bucket;
}
