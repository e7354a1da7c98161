import {
  evaluateBoolean,
  evaluateContext,
  evaluateDateTime,
  evaluateExpr,
  evaluateFeel,
  evaluateNumber,
  evaluateString,
  evaluateStringList,
  useFeelClock,
} from '../../../src/feel/evaluate';
import type { Expr } from '../../../src/model/types';

const feel = (expression: string): Expr => ({ feel: true, expression });
const fixed = (value: string): Expr => ({ feel: false, value });

describe(evaluateFeel.name, () => {
  it('evaluates against the variables', () => {
    expect(evaluateFeel('order.total * 2', { order: { total: 21 } })).toEqual({ ok: true, value: 42 });
  });

  it('gives null for an unknown variable', () => {
    expect(evaluateFeel('missing', {})).toEqual({ ok: true, value: null });
  });

  it('fails on a syntax error in Zeebe wording', () => {
    const result = evaluateFeel('x >', { x: 1 });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^failed to evaluate expression 'x >': /);
  });

  it('converts a date to an ISO string', () => {
    expect(evaluateFeel('date("2024-02-29")', {})).toEqual({ ok: true, value: '2024-02-29' });
  });

  it('converts a date and time to an ISO string', () => {
    expect(evaluateFeel('date and time("2024-01-01T08:00:00+08:00") + duration("PT2H")', {})).toEqual({
      ok: true,
      value: '2024-01-01T10:00:00+08:00',
    });
  });

  it('converts a duration to an ISO string', () => {
    expect(evaluateFeel('duration("P1DT2H")', {})).toEqual({ ok: true, value: 'P1DT2H' });
  });

  it('converts temporal values nested in contexts and lists', () => {
    expect(evaluateFeel('{due: [date("2024-01-01")], span: duration("P1M")}', {})).toEqual({
      ok: true,
      value: { due: ['2024-01-01'], span: 'P1M' },
    });
  });
});

describe(evaluateExpr.name, () => {
  it('returns a static value as it is', () => {
    expect(evaluateExpr(fixed('approve'), { approve: 'ignored' })).toEqual({ ok: true, value: 'approve' });
  });

  it('evaluates a FEEL expression', () => {
    expect(evaluateExpr(feel('"a" + "b"'), {})).toEqual({ ok: true, value: 'ab' });
  });
});

describe(evaluateBoolean.name, () => {
  it('returns a boolean result', () => {
    expect(evaluateBoolean(feel('x > 1'), { x: 2 })).toEqual({ ok: true, value: true });
  });

  it("fails on null with Zeebe's message and feelin's warning", () => {
    expect(evaluateBoolean(feel('x'), {})).toEqual({
      ok: false,
      reason:
        "Expected result of the expression 'x' to be 'BOOLEAN', but was 'NULL'. The evaluation reported the following warnings:\n[NO_VARIABLE_FOUND] Variable 'x' not found",
    });
  });

  it('fails on a number', () => {
    expect(evaluateBoolean(feel('1'), {})).toEqual({
      ok: false,
      reason: "Expected result of the expression '1' to be 'BOOLEAN', but was 'NUMBER'.",
    });
  });
});

describe(evaluateString.name, () => {
  it('accepts a static value', () => {
    expect(evaluateString(fixed('payment'), {})).toEqual({ ok: true, value: 'payment' });
  });

  it('fails on a list', () => {
    expect(evaluateString(feel('[1]'), {})).toEqual({
      ok: false,
      reason: "Expected result of the expression '[1]' to be 'STRING', but was 'ARRAY'.",
    });
  });
});

describe(evaluateNumber.name, () => {
  it('parses static retries', () => {
    expect(evaluateNumber(fixed('3'), {})).toEqual({ ok: true, value: 3 });
  });

  it('evaluates FEEL retries', () => {
    expect(evaluateNumber(feel('budget - 1'), { budget: 5 })).toEqual({ ok: true, value: 4 });
  });

  it('fails on a string', () => {
    expect(evaluateNumber(feel('"3"'), {})).toEqual({
      ok: false,
      reason: `Expected result of the expression '"3"' to be 'NUMBER', but was 'STRING'.`,
    });
  });
});

describe(evaluateStringList.name, () => {
  it('splits a static comma-separated list', () => {
    expect(evaluateStringList(fixed('finance:1, audit:1'), {})).toEqual({ ok: true, value: ['finance:1', 'audit:1'] });
  });

  it('accepts a FEEL list of strings', () => {
    expect(evaluateStringList(feel('["clerk:" + org]'), { org: '42' })).toEqual({ ok: true, value: ['clerk:42'] });
  });

  it('accepts a FEEL string holding a comma-separated list', () => {
    expect(evaluateStringList(feel('groups'), { groups: 'a,b' })).toEqual({ ok: true, value: ['a', 'b'] });
  });

  it('fails on a list with a non-string item', () => {
    expect(evaluateStringList(feel('["a", 1]'), {})).toEqual({
      ok: false,
      reason: `Expected result of the expression '["a", 1]' to be 'ARRAY' containing 'STRING' items, but was 'ARRAY' containing at least one non-'STRING' item.`,
    });
  });

  it('fails on null', () => {
    expect(evaluateStringList(feel('groups'), { groups: null })).toEqual({
      ok: false,
      reason: "Expected result of the expression 'groups' to be 'ARRAY', but was 'NULL'.",
    });
  });
});

describe(evaluateContext.name, () => {
  it('returns a context', () => {
    expect(evaluateContext(feel('{a: date("2024-01-01")}'), {})).toEqual({ ok: true, value: { a: '2024-01-01' } });
  });

  it('fails on a static value', () => {
    expect(evaluateContext(fixed('x'), {})).toEqual({
      ok: false,
      reason: "Expected result of the expression 'x' to be 'OBJECT', but was 'STRING'.",
    });
  });
});

describe(evaluateDateTime.name, () => {
  it('returns a FEEL date and time as ISO string', () => {
    expect(evaluateDateTime(feel('date and time("2030-01-01T12:00:00+08:00")'), {})).toEqual({
      ok: true,
      value: '2030-01-01T12:00:00+08:00',
    });
  });

  it('accepts a static ISO date-time with offset', () => {
    expect(evaluateDateTime(fixed('2023-03-02T15:35+02:00'), {})).toEqual({ ok: true, value: '2023-03-02T15:35+02:00' });
  });

  it('fails on a date without time', () => {
    expect(evaluateDateTime(feel('date("2030-01-01")'), {})).toEqual({
      ok: false,
      reason: `Expected result of the expression 'date("2030-01-01")' to be 'DATE_TIME', but was 'STRING'.`,
    });
  });
});

describe("FEEL's now() and today() on the engine's clock", () => {
  afterEach(() => useFeelClock(Date.now));

  it('read the clock the engine set, so a moved controllable clock moves them too', () => {
    const movedTo = Date.UTC(2031, 0, 10, 12, 0, 0);
    useFeelClock(() => movedTo);
    expect(evaluateFeel('today().year', {})).toEqual({ ok: true, value: 2031 });
    expect(evaluateFeel('now() > date and time("2031-01-01T00:00:00Z")', {})).toEqual({ ok: true, value: true });
    expect(evaluateFeel('now() < date and time("2031-01-11T00:00:00Z")', {})).toEqual({ ok: true, value: true });
  });

  it('a process variable named today still wins over the function', () => {
    expect(evaluateFeel('today', { today: 'Monday' })).toEqual({ ok: true, value: 'Monday' });
  });
});
