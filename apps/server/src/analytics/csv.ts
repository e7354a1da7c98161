/**
 * CSV for Excel users: UTF-8 with a byte-order mark (so Excel reads Chinese correctly), CRLF
 * line ends, RFC 4180 quoting, and text cells that start like a formula (= + - @) prefixed
 * with `'` so a BPMN name can never run as a formula.
 */
export interface CsvColumn<T> {
  readonly header: string;
  readonly value: (row: T) => string | number | null | undefined;
}

const BOM = '\uFEFF';

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** A time as Beijing wall-clock text, `2026-03-01 08:00:00` (China has no daylight saving). */
export function beijingTime(date: Date | null | undefined): string {
  if (!date) return '';
  return new Date(date.getTime() + 8 * 3600 * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/** Milliseconds as hours with two decimals, for readable sheets. */
export function hours(ms: number | null | undefined): number | null {
  return ms === null || ms === undefined ? null : Math.round((ms / 3600000) * 100) / 100;
}
