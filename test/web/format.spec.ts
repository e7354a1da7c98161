/** The web app's Chinese formatting (apps/web/src/i18n/format.ts), as officials write it. */
import { formatCount, formatDate, formatDateTime, formatDuration, formatNumber, formatUnitPath } from '../../apps/web/src/i18n/format';

describe('web format', () => {
  it('writes dates as 2026年11月28日, without leading zeros', () => {
    expect(formatDate('2026-11-28T10:00:00+08:00')).toBe('2026年11月28日');
    expect(formatDate(new Date(2026, 0, 5))).toBe('2026年1月5日');
  });

  it('writes date and time with a 24-hour clock', () => {
    expect(formatDateTime(new Date(2026, 10, 28, 14, 5))).toBe('2026年11月28日 14:05');
  });

  it('shows an em dash for a missing or invalid date or number', () => {
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('not a date')).toBe('—');
    expect(formatNumber(null)).toBe('—');
  });

  it('groups thousands as zh-CN does', () => {
    expect(formatNumber(1234)).toBe('1,234');
    expect(formatNumber(1234567.5)).toBe('1,234,567.5');
    expect(formatCount(1234, '人')).toBe('共 1,234 人');
  });

  it('says how long to wait in Chinese units', () => {
    expect(formatDuration(45)).toBe('45 秒');
    expect(formatDuration(300)).toBe('5 分钟');
    expect(formatDuration(290)).toBe('4 分 50 秒');
    expect(formatDuration(3900)).toBe('1 小时 5 分钟');
  });

  it('joins a unit path with slashes', () => {
    expect(formatUnitPath(['安阳市', '文峰区', '东大街街道'])).toBe('安阳市 / 文峰区 / 东大街街道');
  });
});
