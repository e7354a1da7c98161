/**
 * Dates, numbers and names the way Chinese officials write them: 2026年11月28日,
 * 2026年11月28日 14:05, 1,234, and unit paths 安阳市 / 文峰区 / 东大街道.
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';

dayjs.locale('zh-cn');

type DateInput = string | number | Date | null | undefined;

const numberFormat = new Intl.NumberFormat('zh-CN');

/** 2026年11月28日; an em dash for a missing or invalid date. */
export function formatDate(value: DateInput): string {
  const date = toDayjs(value);
  return date ? date.format('YYYY年M月D日') : '—';
}

/** 2026年11月28日 14:05 */
export function formatDateTime(value: DateInput): string {
  const date = toDayjs(value);
  return date ? date.format('YYYY年M月D日 HH:mm') : '—';
}

/** 1,234 (grouping as in zh-CN); an em dash for a missing number. */
export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : numberFormat.format(value);
}

/** 共 1,234 人 */
export function formatCount(value: number, unit: string): string {
  return `共 ${formatNumber(value)} ${unit}`;
}

/** A duration in seconds as 1 小时 5 分钟 / 45 秒, for waits such as a sign-in lockout. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} 秒`;
  const minutes = Math.floor(s / 60);
  const rest = s % 60;
  if (minutes < 60) return rest > 0 ? `${minutes} 分 ${rest} 秒` : `${minutes} 分钟`;
  const hours = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m > 0 ? `${hours} 小时 ${m} 分钟` : `${hours} 小时`;
}

/** 安阳市 / 文峰区 / 东大街道 */
export function formatUnitPath(names: readonly string[]): string {
  return names.join(' / ');
}

function toDayjs(value: DateInput): dayjs.Dayjs | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = dayjs(value);
  return date.isValid() ? date : undefined;
}
