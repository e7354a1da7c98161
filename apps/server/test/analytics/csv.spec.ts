import { beijingTime, hours, toCsv } from '../../src/analytics/csv';

describe(toCsv.name, () => {
  it('starts with a BOM, ends lines with CRLF and quotes what needs quoting', () => {
    const csv = toCsv<{ a: string; b: number | null }>(
      [
        { header: '名称', value: (r) => r.a },
        { header: '数量', value: (r) => r.b },
      ],
      [
        { a: '受理, "加急"', b: 3 },
        { a: '两行\n文本', b: null },
      ],
    );
    expect(csv).toBe('\uFEFF名称,数量\r\n"受理, ""加急""",3\r\n"两行\n文本",\r\n');
  });

  it('defuses text that a spreadsheet would run as a formula, but not negative numbers', () => {
    const csv = toCsv<{ a: string; b: number }>(
      [
        { header: 'a', value: (r) => r.a },
        { header: 'b', value: (r) => r.b },
      ],
      [{ a: '=HYPERLINK("x")', b: -5 }],
    );
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",-5`);
  });
});

describe(beijingTime.name, () => {
  it('writes Beijing wall-clock time', () => {
    expect(beijingTime(new Date('2026-02-28T16:30:00Z'))).toBe('2026-03-01 00:30:00');
    expect(beijingTime(null)).toBe('');
  });
});

describe(hours.name, () => {
  it('rounds to two decimals', () => {
    expect(hours(5_400_000)).toBe(1.5);
    expect(hours(null)).toBeNull();
  });
});
