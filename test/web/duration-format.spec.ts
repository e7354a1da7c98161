/** Durations, targets and month ranges of the 统计分析 page (apps/web/src/pages/analytics/duration-format.ts). */
import {
  formatDurationBound,
  formatDurationMs,
  formatLateness,
  formatMonthBucket,
  monthRangeQuery,
  msToTarget,
  targetToMs,
} from '../../apps/web/src/pages/analytics/duration-format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('analytics duration format', () => {
  it('writes the two largest units, without spaces, as officials write them', () => {
    expect(formatDurationMs(3 * DAY + 4 * HOUR)).toBe('3天4小时');
    expect(formatDurationMs(45 * MINUTE)).toBe('45分钟');
    expect(formatDurationMs(MINUTE + 30 * SECOND)).toBe('1分钟30秒');
    expect(formatDurationMs(12 * SECOND)).toBe('12秒');
    expect(formatDurationMs(2 * HOUR + 5 * MINUTE)).toBe('2小时5分钟');
  });

  it('drops a zero smaller unit', () => {
    expect(formatDurationMs(DAY)).toBe('1天');
    expect(formatDurationMs(5 * HOUR)).toBe('5小时');
    expect(formatDurationMs(3 * DAY + 20 * MINUTE)).toBe('3天');
  });

  it('rounds to the smaller unit shown, carrying into the larger one', () => {
    expect(formatDurationMs(3 * DAY + 4 * HOUR + 31 * MINUTE)).toBe('3天5小时');
    expect(formatDurationMs(3 * DAY + 4 * HOUR + 29 * MINUTE)).toBe('3天4小时');
    expect(formatDurationMs(59.6 * SECOND)).toBe('1分钟');
    expect(formatDurationMs(23 * HOUR + 59 * MINUTE + 40 * SECOND)).toBe('1天');
    expect(formatDurationMs(59 * MINUTE + 59.7 * SECOND)).toBe('1小时');
  });

  it('shows less than a second in milliseconds, and nothing as 0秒', () => {
    expect(formatDurationMs(850)).toBe('850毫秒');
    expect(formatDurationMs(999.7)).toBe('1秒');
    expect(formatDurationMs(0)).toBe('0秒');
    expect(formatDurationMs(0.3)).toBe('0秒');
  });

  it('shows an em dash for a missing figure', () => {
    expect(formatDurationMs(null)).toBe('—');
    expect(formatDurationMs(undefined)).toBe('—');
    expect(formatDurationMs(Number.NaN)).toBe('—');
  });

  it('writes narrow histogram bounds with decimals so neighbours differ', () => {
    expect(formatDurationBound(1000, 50)).toBe('1.00秒');
    expect(formatDurationBound(1050, 50)).toBe('1.05秒');
    expect(formatDurationBound(3 * DAY + 30 * MINUTE, 20 * MINUTE)).toBe('3.02天');
    // Wide enough for the usual form, and under a second always in 毫秒.
    expect(formatDurationBound(3 * DAY + 4 * HOUR, 2 * HOUR)).toBe('3天4小时');
    expect(formatDurationBound(282, 11)).toBe('282毫秒');
  });

  it('says how late', () => {
    expect(formatLateness(2 * HOUR + 30 * MINUTE)).toBe('超时2小时30分钟');
  });

  it('converts target inputs to milliseconds and back in the largest exact unit', () => {
    expect(targetToMs(24, 'hour')).toBe(DAY);
    expect(targetToMs(1.5, 'day')).toBe(36 * HOUR);
    expect(targetToMs(90, 'minute')).toBe(90 * MINUTE);
    expect(msToTarget(2 * DAY)).toEqual({ amount: 2, unit: 'day' });
    expect(msToTarget(36 * HOUR)).toEqual({ amount: 36, unit: 'hour' });
    expect(msToTarget(90 * MINUTE)).toEqual({ amount: 90, unit: 'minute' });
    expect(msToTarget(90 * MINUTE + 500)).toEqual({ amount: 1.5, unit: 'hour' });
  });

  it('turns a month range into the API’s Beijing-date filters, the end exclusive', () => {
    expect(monthRangeQuery({ year: 2026, month: 1 }, { year: 2026, month: 11 })).toEqual({ from: '2026-01-01', to: '2026-12-01' });
    expect(monthRangeQuery({ year: 2025, month: 12 }, { year: 2026, month: 12 })).toEqual({ from: '2025-12-01', to: '2027-01-01' });
  });

  it('names a trend month in Chinese', () => {
    expect(formatMonthBucket('2026-11-01')).toBe('2026年11月');
    expect(formatMonthBucket('2026-03-01')).toBe('2026年3月');
  });
});
