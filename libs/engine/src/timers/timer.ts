/**
 * Timer definitions as Zeebe reads them (`timeDuration`, `timeDate`, `timeCycle`) and
 * their due dates. Pure: the clock is always passed in, nothing is scheduled here.
 *
 * Due-date rules follow Zeebe's `Interval`, `RepeatingInterval`, `TimeDateTimer` and
 * `CronTimer`: a duration counts from the given instant; a date is absolute (a past date
 * is due immediately, the caller fires it at once); a cycle with a start fires first at
 * the start (or immediately when it has passed), then every interval; without a start it
 * fires one interval from now; a cron fires at its next matching instant.
 */
import { nextCronTime, parseCron, type CronSchedule } from './cron';
import { addDuration, parseDateTime, parseDuration, type IsoDateTime, type IsoDuration } from './iso8601';
import { isValidZone } from './zone';

export type TimerKind = 'duration' | 'date' | 'cycle';

/** `repetitions` counts firings; `-1` is infinite (Zeebe's `RepeatingInterval.INFINITE`). */
export type ParsedTimer =
  | { readonly kind: 'duration'; readonly source: string; readonly duration: IsoDuration }
  | { readonly kind: 'date'; readonly source: string; readonly date: IsoDateTime }
  | {
      readonly kind: 'cycle';
      readonly source: string;
      readonly repetitions: number;
      readonly interval: IsoDuration;
      readonly start?: IsoDateTime;
    }
  | { readonly kind: 'cron'; readonly source: string; readonly repetitions: -1; readonly cron: CronSchedule };

export type TimerParseResult = { readonly ok: true; readonly timer: ParsedTimer } | { readonly ok: false; readonly reason: string };

export const INFINITE = -1;

/** Zeebe's wording around a timer failure, for deployment problems and incidents. */
export function timerFailure(kind: TimerKind, reason: string): string {
  return `Invalid timer ${kind} expression (${reason})`;
}

function parseRepeatingInterval(text: string): TimerParseResult {
  if (!text.startsWith('R')) return { ok: false, reason: 'Repetition spec must start with R' };
  const slash = text.indexOf('/');
  if (slash === -1) return { ok: false, reason: 'No interval given' };
  let repetitions = INFINITE;
  if (slash > 1) {
    const count = text.slice(1, slash);
    if (!/^[+-]?\d+$/.test(count) || !Number.isSafeInteger(Number(count)) || Math.abs(Number(count)) > 2_147_483_647) {
      return { ok: false, reason: 'Cannot parse repetitions count' };
    }
    repetitions = Number(count);
  }
  const rest = text.slice(slash + 1);
  // `R/<start>/<duration>`: the start is everything before the last slash, as in Zeebe's Interval.parse.
  const last = rest.lastIndexOf('/');
  let start: IsoDateTime | undefined;
  if (last > 0) {
    start = parseDateTime(rest.slice(0, last));
    if (start === undefined) return { ok: false, reason: `Text '${rest.slice(0, last)}' could not be parsed as a date-time` };
  }
  const durationText = rest.slice(last + 1);
  const interval = parseDuration(durationText);
  if (interval === undefined) return { ok: false, reason: `Text cannot be parsed to a Duration: '${durationText}'` };
  return {
    ok: true,
    timer: { kind: 'cycle', source: text, repetitions, interval, ...(start !== undefined ? { start } : {}) },
  };
}

/**
 * Parses a timer value (static, or a FEEL result already turned into a string).
 * `expression` names the source in the reason, as Zeebe does ("… for expression '…'").
 */
export function parseTimer(kind: TimerKind, value: string, expression: string = value): TimerParseResult {
  const text = value.trim();
  switch (kind) {
    case 'duration': {
      const duration = parseDuration(text);
      return duration === undefined
        ? { ok: false, reason: `Invalid duration format '${value}' for expression '${expression}'` }
        : { ok: true, timer: { kind: 'duration', source: text, duration } };
    }
    case 'date': {
      const date = parseDateTime(text);
      return date === undefined
        ? { ok: false, reason: `Invalid date-time format '${value}' for expression '${expression}'` }
        : { ok: true, timer: { kind: 'date', source: text, date } };
    }
    case 'cycle': {
      if (text.startsWith('R')) return parseRepeatingInterval(text);
      // Like Zeebe: a cycle that is not a repeating interval is read as a cron expression;
      // when that fails too, the repeating-interval error is the one reported.
      const cron = parseCron(text);
      if (cron.ok) return { ok: true, timer: { kind: 'cron', source: text, repetitions: INFINITE, cron: cron.cron } };
      return /\s/.test(text) || text.startsWith('@')
        ? { ok: false, reason: cron.reason }
        : { ok: false, reason: 'Repetition spec must start with R' };
    }
  }
}

export interface DueDateOptions {
  /**
   * Zone for calendar arithmetic (months, days, cron fields) when the timer names none;
   * Zeebe uses the broker's default zone, UTC in its images. Default `Z`.
   */
  readonly zone?: string;
}

function zoneOf(timer: ParsedTimer, options: DueDateOptions): string {
  const zone = timer.kind === 'cycle' && timer.start !== undefined ? timer.start.zone : options.zone;
  return zone !== undefined && isValidZone(zone) ? zone : 'Z';
}

/**
 * When the timer is first due, counted from `fromEpochMs` (activation of the catch event,
 * deployment of a timer start event). Undefined only for a cron that never matches.
 */
export function nextDueDate(timer: ParsedTimer, fromEpochMs: number, options: DueDateOptions = {}): number | undefined {
  switch (timer.kind) {
    case 'duration':
      return addDuration(fromEpochMs, timer.duration, zoneOf(timer, options));
    case 'date':
      return timer.date.epochMs;
    case 'cycle':
      if (timer.start !== undefined) return Math.max(timer.start.epochMs, fromEpochMs);
      return addDuration(fromEpochMs, timer.interval, zoneOf(timer, options));
    case 'cron':
      return nextCronTime(timer.cron, fromEpochMs, zoneOf(timer, options));
  }
}

/**
 * After a cycle fired at `lastDueEpochMs`: the next due date, or undefined when the
 * firing used the last repetition. `firedCount` is how many times it has fired so far
 * (including this one). Like Zeebe's `nextOccurrenceAfter`, an occurrence already
 * overdue at `nowEpochMs` is re-anchored one interval after now, so missed cycles do not
 * fire in a burst.
 */
export function nextCycleDueDate(
  timer: ParsedTimer,
  lastDueEpochMs: number,
  nowEpochMs: number,
  firedCount: number,
  options: DueDateOptions = {},
): number | undefined {
  switch (timer.kind) {
    case 'duration':
    case 'date':
      return undefined;
    case 'cycle': {
      if (timer.repetitions !== INFINITE && firedCount >= timer.repetitions) return undefined;
      const zone = zoneOf(timer, options);
      const natural = addDuration(lastDueEpochMs, timer.interval, zone);
      return natural > nowEpochMs ? natural : addDuration(nowEpochMs, timer.interval, zone);
    }
    case 'cron':
      return nextCronTime(timer.cron, Math.max(lastDueEpochMs, nowEpochMs), zoneOf(timer, options));
  }
}

/** How many times the timer fires in total; `-1` for infinite. */
export function totalFirings(timer: ParsedTimer): number {
  return timer.kind === 'cycle' || timer.kind === 'cron' ? timer.repetitions : 1;
}
