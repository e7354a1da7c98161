import { compareDecimal, countDecimals, formatDecimal, modDecimal, parseDecimal } from '../src/decimal';

function decimal(value: unknown): NonNullable<ReturnType<typeof parseDecimal>> {
  const parsedValue = parseDecimal(value);
  if (parsedValue === null) throw new Error(`not a decimal: ${String(value)}`);
  return parsedValue;
}

describe(parseDecimal.name, () => {
  it.each([
    ['1e3', '1000'],
    ['.5', '0.5'],
    ['-0.10', '-0.1'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [' 12 ', '12'],
  ])('reads %p as %s', (input, expected) => {
    expect(formatDecimal(decimal(input))).toBe(expected);
  });

  it.each(['', '.', 'abc', '1e9999', 'Infinity', '0x10', NaN, null, true])('rejects %p', (input) => {
    expect(parseDecimal(input)).toBeNull();
  });

  it('counts decimals without trailing zeros, as big.js', () => {
    expect(countDecimals(decimal('1.230'))).toBe(2);
  });

  it('keeps the dividend sign in mod, as big.js', () => {
    expect(formatDecimal(modDecimal(decimal(-7), decimal(5)))).toBe('-2');
  });

  it('compares exactly where floats do not', () => {
    expect(compareDecimal(decimal('0.30000000000000000001'), decimal('0.3'))).toBe(1);
  });
});
