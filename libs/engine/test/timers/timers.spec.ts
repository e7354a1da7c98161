import {
  addDuration,
  evaluateTimer,
  nextCronTime,
  nextCycleDueDate,
  nextDueDate,
  parseCron,
  parseDateTime,
  parseDuration,
  parseTimer,
  totalFirings,
  type ParsedTimer,
} from '../../src/timers';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function parsed(kind: 'duration' | 'date' | 'cycle', value: string): ParsedTimer {
  const result = parseTimer(kind, value);
  if (!result.ok) throw new Error(result.reason);
  return result.timer;
}

describe(parseDuration.name, () => {
  it.each([
    ['PT30S', { years: 0, months: 0, days: 0, millis: 30_000 }],
    ['P7D', { years: 0, months: 0, days: 7, millis: 0 }],
    ['P1Y2M', { years: 1, months: 2, days: 0, millis: 0 }],
    ['P2W', { years: 0, months: 0, days: 14, millis: 0 }],
    ['P3Y6M4DT12H30M5S', { years: 3, months: 6, days: 4, millis: (12 * 3600 + 30 * 60 + 5) * 1000 }],
    ['PT1.5S', { years: 0, months: 0, days: 0, millis: 1500 }],
    ['-PT1M', { years: -0, months: -0, days: -0, millis: -60_000 }],
    ['pt10m', { years: 0, months: 0, days: 0, millis: 600_000 }],
  ])('reads %s', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
  });

  it.each(['foo', 'P', 'PT', 'P1H', '1D', 'P1DT', ''])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe(addDuration.name, () => {
  it('adds months clamping the day of month, like java.time', () => {
    expect(iso(addDuration(at('2026-01-31T10:00:00Z'), { years: 0, months: 1, days: 0, millis: 0 }))).toBe('2026-02-28T10:00:00.000Z');
  });

  it('adds days on the wall clock of a zone across a DST change', () => {
    // 2026-03-08 is the US spring-forward day: one calendar day is 23 hours there.
    const from = at('2026-03-07T12:00:00-05:00');
    expect(addDuration(from, { years: 0, months: 0, days: 1, millis: 0 }, 'America/New_York') - from).toBe(23 * 3600 * 1000);
  });
});

describe(parseDateTime.name, () => {
  it.each([
    ['2026-12-01T09:00:00+08:00', '2026-12-01T01:00:00.000Z'],
    ['2026-12-01T09:00:00Z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T09:00Z', '2026-12-01T09:00:00.000Z'],
    ['2026-12-01T09:00:00.250-02:30', '2026-12-01T11:30:00.250Z'],
    ['2026-12-01T09:00:00[Asia/Shanghai]', '2026-12-01T01:00:00.000Z'],
    ['2026-12-01T09:00:00+08:00[Asia/Shanghai]', '2026-12-01T01:00:00.000Z'],
    ['2026-07-01T09:00:00+02:00[Europe/Berlin]', '2026-07-01T07:00:00.000Z'],
  ])('reads %s', (text, expected) => {
    expect(iso(parseDateTime(text)?.epochMs)).toBe(expected);
  });

  it('keeps the zone it was written in', () => {
    expect(parseDateTime('2026-12-01T09:00:00+08:00[Asia/Shanghai]')?.zone).toBe('Asia/Shanghai');
    expect(parseDateTime('2026-12-01T09:00:00+08:00')?.zone).toBe('+08:00');
  });

  it.each([
    '2026-12-01T09:00:00',
    '2026-12-01',
    '2026-02-30T09:00:00Z',
    '2026-12-01T25:00:00Z',
    'tomorrow',
    '2026-12-01T09:00:00[Mars/Olympus]',
  ])('refuses %p', (text) => {
    expect(parseDateTime(text)).toBeUndefined();
  });
});

describe(parseTimer.name, () => {
  it('refuses a bad duration with Zeebe wording', () => {
    expect(parseTimer('duration', 'foo')).toEqual({ ok: false, reason: "Invalid duration format 'foo' for expression 'foo'" });
  });

  it('refuses a bad date with Zeebe wording', () => {
    expect(parseTimer('date', 'foo')).toEqual({ ok: false, reason: "Invalid date-time format 'foo' for expression 'foo'" });
  });

  it.each([
    ['foo', 'Repetition spec must start with R'],
    ['R5', 'No interval given'],
    ['Rx/PT1S', 'Cannot parse repetitions count'],
    ['R5/foo', "Text cannot be parsed to a Duration: 'foo'"],
    ['R/nope/PT1S', "Text 'nope' could not be parsed as a date-time"],
  ])('refuses the cycle %p: %s', (value, reason) => {
    expect(parseTimer('cycle', value)).toEqual({ ok: false, reason });
  });

  it('reports a cron that does not parse with the cron reason', () => {
    const result = parseTimer('cycle', '0 0 25 * * *');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining("hour '25' must be in range 0-23") });
  });

  it.each([
    ['R5/PT10S', 5, undefined],
    ['R/P1D', -1, undefined],
    ['R3/2026-01-01T00:00:00Z/P1M', 3, '2026-01-01T00:00:00.000Z'],
    ['R/2022-01-01T10:00:00+02:00[Europe/Berlin]/P1D', -1, '2022-01-01T08:00:00.000Z'],
  ])('reads the repeating interval %s', (value, repetitions, start) => {
    const timer = parsed('cycle', value);
    expect(timer).toMatchObject({ kind: 'cycle', repetitions });
    expect(timer.kind === 'cycle' ? iso(timer.start?.epochMs) : 'x').toBe(start);
  });

  it('reads a cycle that is not a repeating interval as cron', () => {
    expect(parsed('cycle', '0 0 9 * * MON-FRI')).toMatchObject({ kind: 'cron', repetitions: -1 });
  });
});

describe(nextDueDate.name, () => {
  const now = at('2026-01-10T08:00:00Z');

  it('counts a duration from the given instant', () => {
    expect(iso(nextDueDate(parsed('duration', 'PT30S'), now))).toBe('2026-01-10T08:00:30.000Z');
    expect(iso(nextDueDate(parsed('duration', 'P1M'), now))).toBe('2026-02-10T08:00:00.000Z');
  });

  it('gives a date as is, even when past (the timer is due at once)', () => {
    expect(iso(nextDueDate(parsed('date', '2026-12-01T09:00:00+08:00'), now))).toBe('2026-12-01T01:00:00.000Z');
    expect(nextDueDate(parsed('date', '2020-01-01T00:00:00Z'), now)).toBeLessThan(now);
  });

  it('fires a cycle without start one interval from now', () => {
    expect(iso(nextDueDate(parsed('cycle', 'R5/PT10S'), now))).toBe('2026-01-10T08:00:10.000Z');
  });

  it('fires a cycle with a future start at the start, a past start at once', () => {
    expect(iso(nextDueDate(parsed('cycle', 'R3/2026-02-01T00:00:00Z/P1M'), now))).toBe('2026-02-01T00:00:00.000Z');
    expect(nextDueDate(parsed('cycle', 'R3/2025-01-01T00:00:00Z/P1M'), now)).toBe(now);
  });

  it('fires a cron at its next match', () => {
    // 2026-01-10 is a Saturday: the next weekday 09:00 is Monday the 12th.
    expect(iso(nextDueDate(parsed('cycle', '0 0 9 * * MON-FRI'), now))).toBe('2026-01-12T09:00:00.000Z');
  });

  it('evaluates a cron in the given zone', () => {
    expect(iso(nextDueDate(parsed('cycle', '0 0 9 * * *'), now, { zone: 'Asia/Shanghai' }))).toBe('2026-01-11T01:00:00.000Z');
  });
});

describe(nextCycleDueDate.name, () => {
  it('repeats an interval from the last due date until the repetitions are used', () => {
    const timer = parsed('cycle', 'R3/PT10S');
    const first = at('2026-01-10T08:00:10Z');
    expect(iso(nextCycleDueDate(timer, first, first, 1))).toBe('2026-01-10T08:00:20.000Z');
    expect(nextCycleDueDate(timer, first, first, 3)).toBeUndefined();
    expect(totalFirings(timer)).toBe(3);
  });

  it('re-anchors on now when occurrences were missed', () => {
    const timer = parsed('cycle', 'R/PT10S');
    expect(iso(nextCycleDueDate(timer, at('2026-01-10T08:00:00Z'), at('2026-01-10T09:00:00Z'), 1))).toBe('2026-01-10T09:00:10.000Z');
  });

  it('repeats forever for R/ and cron', () => {
    expect(nextCycleDueDate(parsed('cycle', 'R/P1D'), 0, 0, 10_000)).toBe(86_400_000);
    expect(iso(nextCycleDueDate(parsed('cycle', '0 */15 * * * *'), at('2026-01-10T08:00:00Z'), at('2026-01-10T08:00:00Z'), 99))).toBe(
      '2026-01-10T08:15:00.000Z',
    );
  });

  it('keeps the start zone for calendar steps', () => {
    const timer = parsed('cycle', 'R/2026-03-07T12:00:00-05:00[America/New_York]/P1D');
    const first = at('2026-03-07T17:00:00Z');
    expect(iso(nextCycleDueDate(timer, first, first, 1))).toBe('2026-03-08T16:00:00.000Z');
  });

  it('does not repeat durations and dates', () => {
    expect(nextCycleDueDate(parsed('duration', 'PT1S'), 0, 0, 1)).toBeUndefined();
    expect(totalFirings(parsed('date', '2026-01-01T00:00:00Z'))).toBe(1);
  });
});

describe(parseCron.name, () => {
  const next = (expr: string, from: string): string | undefined => {
    const result = parseCron(expr);
    if (!result.ok) throw new Error(result.reason);
    return iso(nextCronTime(result.cron, at(from)));
  };

  it.each([
    ['0 0 9 * * MON-FRI', '2026-01-12T09:00:00Z', '2026-01-13T09:00:00.000Z'],
    ['0 0 9-17 * * MON-FRI', '2026-01-12T17:00:00Z', '2026-01-13T09:00:00.000Z'],
    ['*/10 * * * * *', '2026-01-12T09:00:05Z', '2026-01-12T09:00:10.000Z'],
    ['0 30 8 1 * ?', '2026-01-12T00:00:00Z', '2026-02-01T08:30:00.000Z'],
    ['0 0 0 L * *', '2026-02-02T00:00:00Z', '2026-02-28T00:00:00.000Z'],
    ['0 0 0 L-2 * *', '2026-01-01T00:00:00Z', '2026-01-29T00:00:00.000Z'],
    ['0 0 0 * * 5L', '2026-01-01T00:00:00Z', '2026-01-30T00:00:00.000Z'],
    ['0 0 0 * * MON#2', '2026-01-01T00:00:00Z', '2026-01-12T00:00:00.000Z'],
    ['0 0 0 1W * *', '2026-02-01T00:00:00Z', '2026-02-02T00:00:00.000Z'],
    ['0 0 0 LW * *', '2026-05-01T00:00:00Z', '2026-05-29T00:00:00.000Z'],
    ['0 0 12 * JAN,jul SUN', '2026-01-01T00:00:00Z', '2026-01-04T12:00:00.000Z'],
    ['0 0 12 * * 0', '2026-01-01T00:00:00Z', '2026-01-04T12:00:00.000Z'],
    ['0 0 12 * * 7', '2026-01-01T00:00:00Z', '2026-01-04T12:00:00.000Z'],
    ['0 0 0 29 2 *', '2026-01-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    ['@daily', '2026-01-01T10:00:00Z', '2026-01-02T00:00:00.000Z'],
    ['@hourly', '2026-01-01T10:00:00Z', '2026-01-01T11:00:00.000Z'],
    ['@weekly', '2026-01-01T10:00:00Z', '2026-01-04T00:00:00.000Z'],
    ['0 0 0 13 * FRI', '2026-01-01T00:00:00Z', '2026-02-13T00:00:00.000Z'],
  ])('%s after %s is %s', (expr, from, expected) => {
    expect(next(expr, from)).toBe(expected);
  });

  it('is strictly after the given instant', () => {
    expect(next('0 0 9 * * *', '2026-01-12T09:00:00Z')).toBe('2026-01-13T09:00:00.000Z');
  });

  it('gives undefined for a date that never comes', () => {
    const result = parseCron('0 0 0 30 2 *');
    expect(result.ok && nextCronTime(result.cron, 0)).toBeUndefined();
  });

  it.each([
    ['0 0 9 * *', 'must consist of 6 fields'],
    ['0 0 9 * * FOO', "Invalid day-of-week 'FOO'"],
    ['60 0 9 * * *', "second '60' must be in range 0-59"],
    ['0 0 9 * 13 *', "month '13' must be in range 1-12"],
    ['0 0 17-9 * * *', 'Invalid hour range'],
    ['0 0 9 * * 1,,2', 'Empty day-of-week'],
  ])('refuses %p', (expr, reason) => {
    const result = parseCron(expr);
    expect(result.ok ? 'accepted' : result.reason).toContain(reason);
  });
});

describe(evaluateTimer.name, () => {
  it('parses a static value', () => {
    expect(evaluateTimer({ kind: 'duration', value: { feel: false, value: 'PT1H' } }, {})).toMatchObject({
      ok: true,
      timer: { kind: 'duration' },
    });
  });

  it('accepts a FEEL string', () => {
    expect(evaluateTimer({ kind: 'cycle', value: { feel: true, expression: '"R/PT" + string(n) + "S"' } }, { n: 5 })).toMatchObject({
      ok: true,
      timer: { kind: 'cycle', repetitions: -1 },
    });
  });

  it('accepts FEEL temporal values', () => {
    const duration = evaluateTimer({ kind: 'duration', value: { feel: true, expression: 'duration("P2D")' } }, {});
    expect(duration.ok && duration.timer.kind === 'duration' && duration.timer.duration.days).toBe(2);
    const date = evaluateTimer(
      { kind: 'date', value: { feel: true, expression: 'date and time("2026-01-01T10:00:00@Asia/Shanghai")' } },
      {},
    );
    expect(date.ok && date.timer.kind === 'date' && iso(date.timer.date.epochMs)).toBe('2026-01-01T02:00:00.000Z');
  });

  it('fails with the type when FEEL yields something else', () => {
    expect(evaluateTimer({ kind: 'duration', value: { feel: true, expression: 'missing' } }, {})).toEqual({
      ok: false,
      reason: expect.stringMatching(
        /^Invalid timer duration expression \(Expected result of the expression 'missing' to be one of '\[DURATION, PERIOD, STRING\]', but was 'NULL'\./,
      ),
    });
  });

  it('wraps a parse failure naming the expression', () => {
    expect(evaluateTimer({ kind: 'date', value: { feel: true, expression: 'd' } }, { d: 'soon' })).toEqual({
      ok: false,
      reason: "Invalid timer date expression (Invalid date-time format 'soon' for expression 'd')",
    });
  });
});

describe('wall-clock times around DST changes', () => {
  const cron = (expr: string) => {
    const result = parseCron(expr);
    if (!result.ok) throw new Error(result.reason);
    return result.cron;
  };

  it('moves a cron time inside the spring-forward gap later, as java.time does', () => {
    // 2026-03-08 02:30 does not exist in New York; it resolves to 03:30 EDT (07:30Z).
    expect(iso(nextCronTime(cron('0 30 2 * * *'), at('2026-03-08T05:00:00Z'), 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('takes the earlier offset for a time in the fall-back overlap', () => {
    // 2026-11-01 01:30 happens twice in New York; the first is 01:30 EDT (05:30Z).
    expect(iso(nextCronTime(cron('0 30 1 * * *'), at('2026-11-01T04:00:00Z'), 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
  });

  it('reads a region date-time in the gap forward too', () => {
    expect(iso(parseDateTime('2026-03-08T02:30:00[America/New_York]')?.epochMs)).toBe('2026-03-08T07:30:00.000Z');
  });
});
