/**
 * Wall-clock arithmetic in a time zone without a date library: a zone is `Z`, a fixed
 * offset (`+08:00`) or an IANA id (`Asia/Shanghai`, resolved through Intl). Calendar
 * fields are converted to and from epoch milliseconds so periods (months, days) can be
 * added the way java.time's `ZonedDateTime.plus` does.
 */

/** Calendar fields of a local date-time; `month` is 1-12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
}

const OFFSET = /^([+-])(\d{2}):?(\d{2})(?::?(\d{2}))?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Fixed offset in minutes of `Z`/`+hh:mm`, undefined for region ids. */
function fixedOffsetMinutes(zone: string): number | undefined {
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
  const m = OFFSET.exec(zone);
  if (m === null) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60);
}

/** Whether the zone id is known (offsets, `Z`, and IANA ids Intl knows). */
export function isValidZone(zone: string): boolean {
  if (fixedOffsetMinutes(zone) !== undefined) return true;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC in milliseconds at the instant `epochMs`. */
export function zoneOffsetMs(zone: string, epochMs: number): number {
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== undefined) return fixed * 60_000;
  const parts = formatter(zone).formatToParts(new Date(epochMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const era = parts.find((p) => p.type === 'era')?.value;
  const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
  const asUtc = Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - (epochMs - (((epochMs % 1000) + 1000) % 1000));
}

function utcFields(ms: number): LocalDateTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

/** Epoch milliseconds of wall-clock fields read as UTC (Date.UTC without its 0-99 year quirk). */
export function fieldsAsUtc(f: LocalDateTime): number {
  const d = new Date(0);
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, f.millisecond);
  return d.getTime();
}

export function toLocal(epochMs: number, zone: string): LocalDateTime {
  return utcFields(epochMs + zoneOffsetMs(zone, epochMs));
}

/**
 * Epoch milliseconds of a wall-clock time in `zone`. Like java.time: in a gap (spring
 * forward) the time is moved forward by the gap's length; in an overlap the earlier
 * offset is used.
 */
export function fromLocal(local: LocalDateTime, zone: string): number {
  const wall = fieldsAsUtc(local);
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== undefined) return wall - fixed * 60_000;
  // Try the offsets in effect around the wall time; keep the earliest instant that maps back.
  const candidates = [zoneOffsetMs(zone, wall - 86_400_000), zoneOffsetMs(zone, wall + 86_400_000)];
  const matches = candidates.map((o) => wall - o).filter((ms) => ms + zoneOffsetMs(zone, ms) === wall);
  if (matches.length > 0) return Math.min(...matches);
  // A gap: shift forward by the gap length (the earlier offset applied to the later side).
  const before = candidates[0] ?? 0;
  return wall - before;
}

const MONTH_LENGTHS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function lengthOfMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (MONTH_LENGTHS[month - 1] ?? 31);
}

/** Adds years/months (clamping the day like java.time) and days to local fields. */
export function plusPeriod(local: LocalDateTime, years: number, months: number, days: number): LocalDateTime {
  const totalMonths = local.year * 12 + (local.month - 1) + years * 12 + months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12 + 1;
  const day = Math.min(local.day, lengthOfMonth(year, month));
  const shifted = fieldsAsUtc({ ...local, year, month, day }) + days * 86_400_000;
  return utcFields(shifted);
}
