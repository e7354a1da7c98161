/**
 * Spring-style cron expressions, as Zeebe accepts for `timeCycle` (Spring's
 * `CronExpression`): six fields `second minute hour day-of-month month day-of-week`,
 * with `*`, `?`, lists, ranges, steps, month and day names, `L` (`L`, `L-3`, `5L`),
 * `#` (`MON#2`), `W` (`15W`, `LW`) and the macros `@yearly`, `@monthly`, `@weekly`,
 * `@daily`, `@midnight`, `@hourly`. Day-of-month and day-of-week must both match
 * (Spring's rule, unlike Unix cron's "either").
 */
import { fieldsAsUtc, fromLocal, lengthOfMonth, toLocal, type LocalDateTime } from './zone';

export interface CronSchedule {
  readonly expression: string;
  readonly seconds: ReadonlySet<number>;
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** Day-of-month rules; all days when the field is `*` or `?`. */
  readonly daysOfMonth: DayOfMonthRule;
  readonly daysOfWeek: DayOfWeekRule;
}

type DayOfMonthRule =
  | { readonly kind: 'set'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'last'; readonly offset: number }
  | { readonly kind: 'lastWeekday' }
  | { readonly kind: 'nearestWeekday'; readonly day: number };

/** Days of week are 1 (Monday) … 7 (Sunday), as java.time's DayOfWeek. */
type DayOfWeekRule =
  | { readonly kind: 'set'; readonly days: ReadonlySet<number> }
  | { readonly kind: 'lastOfMonth'; readonly day: number }
  | { readonly kind: 'nth'; readonly day: number; readonly n: number };

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAY_NAMES = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];

class CronError extends Error {}

function replaceNames(field: string, names: readonly string[], base: number): string {
  let result = field.toUpperCase();
  names.forEach((name, i) => {
    result = result.replaceAll(name, String(i + base));
  });
  return result;
}

function parseNumber(text: string, min: number, max: number, what: string): number {
  if (!/^\d+$/.test(text)) throw new CronError(`Invalid ${what} '${text}'`);
  const n = Number(text);
  if (n < min || n > max) throw new CronError(`${what} '${n}' must be in range ${min}-${max}`);
  return n;
}

/** `*`, `a`, `a-b`, each with an optional `/step`, comma-separated. */
function parseSet(field: string, min: number, max: number, what: string): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    if (part === '') throw new CronError(`Empty ${what} in '${field}'`);
    const [range = '', stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronError(`Invalid ${what} '${part}'`);
    const step = stepText === undefined ? 1 : parseNumber(stepText, 1, Number.MAX_SAFE_INTEGER, `${what} step`);
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = min;
      to = max;
    } else if (range.includes('-')) {
      const [a = '', b = '', more] = range.split('-');
      if (more !== undefined) throw new CronError(`Invalid ${what} range '${range}'`);
      from = parseNumber(a, min, max, what);
      to = parseNumber(b, min, max, what);
      if (from > to) throw new CronError(`Invalid ${what} range '${range}': ${from} is after ${to}`);
    } else {
      from = parseNumber(range, min, max, what);
      to = stepText === undefined ? from : max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;
}

function parseDaysOfMonth(field: string): DayOfMonthRule {
  const f = field.toUpperCase();
  if (f === 'L') return { kind: 'last', offset: 0 };
  if (f === 'LW') return { kind: 'lastWeekday' };
  const lastOffset = /^L-(\d+)$/.exec(f);
  if (lastOffset !== null) return { kind: 'last', offset: parseNumber(lastOffset[1] ?? '', 0, 30, 'day-of-month offset') };
  const weekday = /^(\d+)W$/.exec(f);
  if (weekday !== null) return { kind: 'nearestWeekday', day: parseNumber(weekday[1] ?? '', 1, 31, 'day-of-month') };
  return { kind: 'set', days: parseSet(f, 1, 31, 'day-of-month') };
}

/** Spring: 0 and 7 are Sunday; names MON-SUN. */
function parseDaysOfWeek(field: string): DayOfWeekRule {
  const f = replaceNames(field, DAY_NAMES, 1);
  const toIso = (n: number): number => (n === 0 ? 7 : n);
  const last = /^(\d)L$/.exec(f);
  if (last !== null) return { kind: 'lastOfMonth', day: toIso(parseNumber(last[1] ?? '', 0, 7, 'day-of-week')) };
  const nth = /^(\d)#(\d)$/.exec(f);
  if (nth !== null) {
    return {
      kind: 'nth',
      day: toIso(parseNumber(nth[1] ?? '', 0, 7, 'day-of-week')),
      n: parseNumber(nth[2] ?? '', 1, 5, 'day-of-week ordinal'),
    };
  }
  const days = new Set([...parseSet(f, 0, 7, 'day-of-week')].map(toIso));
  return { kind: 'set', days };
}

export type CronParseResult = { readonly ok: true; readonly cron: CronSchedule } | { readonly ok: false; readonly reason: string };

export function parseCron(expression: string): CronParseResult {
  const trimmed = expression.trim();
  const source = MACROS[trimmed.toLowerCase()] ?? trimmed;
  const fields = source.split(/\s+/);
  if (fields.length !== 6) {
    return { ok: false, reason: `Cron expression must consist of 6 fields (found ${fields.length} in "${expression}")` };
  }
  const [sec = '', min = '', hour = '', dom = '', month = '', dow = ''] = fields;
  try {
    return {
      ok: true,
      cron: {
        expression: trimmed,
        seconds: parseSet(sec, 0, 59, 'second'),
        minutes: parseSet(min, 0, 59, 'minute'),
        hours: parseSet(hour, 0, 23, 'hour'),
        daysOfMonth: parseDaysOfMonth(dom),
        months: parseSet(replaceNames(month, MONTH_NAMES, 1), 1, 12, 'month'),
        daysOfWeek: parseDaysOfWeek(dow),
      },
    };
  } catch (error: unknown) {
    if (error instanceof CronError) return { ok: false, reason: `${error.message} in "${expression}"` };
    throw error;
  }
}

/** ISO day of week (1 = Monday) of a calendar date. */
function dayOfWeek(year: number, month: number, day: number): number {
  const d = new Date(fieldsAsUtc({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 })).getUTCDay();
  return d === 0 ? 7 : d;
}

function nearestWeekday(year: number, month: number, day: number): number {
  const length = lengthOfMonth(year, month);
  const target = Math.min(day, length);
  const dow = dayOfWeek(year, month, target);
  if (dow === 6) return target === 1 ? 3 : target - 1;
  if (dow === 7) return target === length ? target - 2 : target + 1;
  return target;
}

function matchesDay(cron: CronSchedule, year: number, month: number, day: number): boolean {
  const length = lengthOfMonth(year, month);
  const dom = cron.daysOfMonth;
  let domOk: boolean;
  switch (dom.kind) {
    case 'set':
      domOk = dom.days.has(day);
      break;
    case 'last':
      domOk = day === length - dom.offset;
      break;
    case 'lastWeekday':
      domOk = day === nearestWeekday(year, month, length);
      break;
    case 'nearestWeekday':
      domOk = day === nearestWeekday(year, month, dom.day);
      break;
  }
  if (!domOk) return false;
  const dow = dayOfWeek(year, month, day);
  const rule = cron.daysOfWeek;
  switch (rule.kind) {
    case 'set':
      return rule.days.has(dow);
    case 'lastOfMonth':
      return dow === rule.day && day + 7 > length;
    case 'nth':
      return dow === rule.day && Math.ceil(day / 7) === rule.n;
  }
}

function first(values: ReadonlySet<number>, atLeast: number): number | undefined {
  let best: number | undefined;
  for (const v of values) if (v >= atLeast && (best === undefined || v < best)) best = v;
  return best;
}

/** Searches at most this many years ahead (e.g. `0 0 0 29 2 MON` recurs every 28 years). */
const MAX_YEARS = 30;

/**
 * The first instant strictly after `afterEpochMs` matching the cron, on the wall clock of
 * `zone` (Zeebe uses the broker's default zone; UTC by default here). Undefined when none
 * exists within the search horizon (e.g. `0 0 0 30 2 *`).
 */
export function nextCronTime(cron: CronSchedule, afterEpochMs: number, zone = 'Z'): number | undefined {
  // Start at the next whole second.
  const startMs = Math.floor(afterEpochMs / 1000) * 1000 + 1000;
  const start = toLocal(startMs, zone);
  const lastYear = start.year + MAX_YEARS;
  for (let year = start.year; year <= lastYear; year++) {
    for (let month = year === start.year ? start.month : 1; month <= 12; month++) {
      if (!cron.months.has(month)) continue;
      const sameMonth = year === start.year && month === start.month;
      const length = lengthOfMonth(year, month);
      for (let day = sameMonth ? start.day : 1; day <= length; day++) {
        if (!matchesDay(cron, year, month, day)) continue;
        const sameDay = sameMonth && day === start.day;
        const time = firstTime(cron, sameDay ? start : undefined);
        if (time === undefined) continue;
        const local: LocalDateTime = { year, month, day, ...time, millisecond: 0 };
        const epoch = fromLocal(local, zone);
        // A wall time inside a DST gap resolves later; a result not after `after` is skipped.
        if (epoch > afterEpochMs) return epoch;
      }
    }
  }
  return undefined;
}

function firstTime(cron: CronSchedule, from: LocalDateTime | undefined): { hour: number; minute: number; second: number } | undefined {
  for (const hour of [...cron.hours].sort((a, b) => a - b)) {
    if (from !== undefined && hour < from.hour) continue;
    const sameHour = from !== undefined && hour === from.hour;
    for (const minute of [...cron.minutes].sort((a, b) => a - b)) {
      if (sameHour && minute < from.minute) continue;
      const sameMinute = sameHour && minute === from.minute;
      const second = first(cron.seconds, sameMinute ? from.second : 0);
      if (second !== undefined) return { hour, minute, second };
    }
  }
  return undefined;
}
