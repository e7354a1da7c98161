import { checkFeelSyntax, parseExpr } from '../../../src/feel/expr';

describe(parseExpr.name, () => {
  it('reads a leading = as a FEEL expression without the =', () => {
    expect(parseExpr('=x > 1')).toEqual({ feel: true, expression: 'x > 1' });
  });

  it('tolerates whitespace around the =', () => {
    expect(parseExpr('  = x')).toEqual({ feel: true, expression: 'x' });
  });

  it('reads anything else as a static value, unchanged', () => {
    expect(parseExpr(' payment ')).toEqual({ feel: false, value: ' payment ' });
  });

  it('keeps an absent attribute absent', () => {
    expect(parseExpr(undefined)).toBeUndefined();
  });
});

describe(checkFeelSyntax.name, () => {
  it.each([
    'x > 1',
    'a.b.c',
    '{a: 1, b: [1, 2]}',
    'if x then 1 else 2',
    'date("2020-01-01") + duration("P1D")',
    'some x in [1] satisfies x > 0',
  ])('accepts %s', (expression) => {
    expect(checkFeelSyntax(expression)).toBeUndefined();
  });

  it.each(['x >', 'a +* b', 'foo(', '[1, 2', 'if x then 1', '"unterminated'])('reports %s in Zeebe wording', (expression) => {
    expect(checkFeelSyntax(expression)).toMatch(
      new RegExp(`^failed to parse expression '${expression.replace(/[[\](){}*+?.]/g, '\\$&')}': `),
    );
  });

  it('reports an empty expression', () => {
    expect(checkFeelSyntax('  ')).toBe("failed to parse expression '  ': expression is empty");
  });
});
