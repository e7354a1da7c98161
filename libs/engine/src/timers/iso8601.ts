/**
 * The ISO 8601 subset Zeebe reads for timers (java.time's `Period`/`Duration` and
 * `ZonedDateTime.parse`): durations `P1Y2M3W4DT5H6M7.5S`, date-times with an offset and
 * optionally a region id (`2026-12-01T09:00:00+08:00[Asia/Shanghai]`).
 */
import { fromLocal, isValidZone, lengthOfMonth, plusPeriod, toLocal, type LocalDateTime } from './zone';

/** A parsed duration: a calendar part (years, months, days incl. weeks) and an exact part in ms. */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly days: number;
  /** Hours, minutes, seconds and fractions, in milliseconds. */
  readonly millis: number;
}

const DURATION =
  /^([-+]?)P(?:([-+]?\d+)Y)?(?:([-+]?\d+)M)?(?:([-+]?\d+)W)?(?:([-+]?\d+)D)?(?:T(?:([-+]?\d+)H)?(?:([-+]?\d+)M)?(?:([-+]?\d+)(?:[.,](\d{0,9}))?S)?)?$/i;

/** Parses an ISO 8601 duration; undefined when it is not one. */
export function parseDuration(text: string): IsoDuration | undefined {
  const m = DURATION.exec(text.trim());
  if (m === null) return undefined;
  const [, sign, y, mo, w, d, h, mi, s, frac] = m;
  if ([y, mo, w, d, h, mi, s].every((v) => v === undefined)) return undefined;
  // `PT` with nothing after the T is not a duration.
  if (/T$/i.test(text.trim())) return undefined;
  const n = (v: string | undefined): number => (v === undefined ? 0 : Number(v));
  const factor = sign === '-' ? -1 : 1;
  const seconds = n(s);
  const fraction = frac === undefined || frac === '' ? 0 : Number(`0.${frac}`) * (s?.startsWith('-') === true ? -1 : 1);
  return {
    years: factor * n(y),
    months: factor * n(mo),
    days: factor * (n(w) * 7 + n(d)),
    millis: factor * Math.round((n(h) * 3600 + n(mi) * 60 + seconds + fraction) * 1000),
  };
}

export function isCalendarBased(d: IsoDuration): boolean {
  return d.years !== 0 || d.months !== 0 || d.days !== 0 || d.millis >= 86_400_000;
}

/** `from` plus the duration; calendar parts are added on the wall clock of `zone` (java.time semantics). */
export function addDuration(fromEpochMs: number, d: IsoDuration, zone = 'Z'): number {
  if (d.years === 0 && d.months === 0 && d.days === 0) return fromEpochMs + d.millis;
  const local = plusPeriod(toLocal(fromEpochMs, zone), d.years, d.months, d.days);
  return fromLocal(local, zone) + d.millis;
}

/** A parsed date-time: the instant and the zone it was written in (offset or region id). */
export interface IsoDateTime {
  readonly epochMs: number;
  readonly zone: string;
}

const DATE_TIME =
  /^(-?\d{4,9})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}(?::\d{2})?)?(?:\[([^\]]+)\])?$/i;

/**
 * Parses `ZonedDateTime`'s ISO format. An offset is required unless a region id is given
 * (`2026-01-01T09:00:00[Asia/Shanghai]`); when both are given the offset fixes the instant
 * and the region is kept for calendar arithmetic (as java.time resolves it).
 */
export function parseDateTime(text: string): IsoDateTime | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac, offset, region] = m;
  if (offset === undefined && region === undefined) return undefined;
  const local: LocalDateTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s ?? '0'),
    millisecond: frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000),
  };
  if (local.month < 1 || local.month > 12 || local.day < 1 || local.day > lengthOfMonth(local.year, local.month)) return undefined;
  if (local.hour > 23 || local.minute > 59 || local.second > 59) return undefined;
  const offsetZone = offset === undefined ? undefined : offset.toUpperCase() === 'Z' ? 'Z' : offset;
  if (region !== undefined && !isValidZone(region)) return undefined;
  // As java.time resolves a parsed instant: the offset when written, else the region's rules.
  const epochMs = offsetZone !== undefined ? fromLocal(local, offsetZone) : fromLocal(local, region ?? 'Z');
  return { epochMs, zone: region ?? offsetZone ?? 'Z' };
}
