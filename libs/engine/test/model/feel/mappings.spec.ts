import { applyInputMappings, applyOutputMappings } from '../../../src/feel/mappings';
import type { Mapping } from '../../../src/model/types';

const map = (source: string, target: string): Mapping => ({
  source: source.startsWith('=') ? { feel: true, expression: source.slice(1) } : { feel: false, value: source },
  target,
});

describe(applyInputMappings.name, () => {
  it('creates a variable per target', () => {
    expect(applyInputMappings([map('=order.total', 'amount'), map('EUR', 'currency')], { order: { total: 10 } })).toEqual({
      ok: true,
      variables: { amount: 10, currency: 'EUR' },
    });
  });

  it('creates a nested context for a dotted target', () => {
    expect(applyInputMappings([map('=1', 'a.b.c')], {})).toEqual({ ok: true, variables: { a: { b: { c: 1 } } } });
  });

  it('merges a dotted target into an existing context variable without changing it', () => {
    const context = { customer: { name: 'Li', id: 7 } };
    expect(applyInputMappings([map('=true', 'customer.vip')], context)).toEqual({
      ok: true,
      variables: { customer: { name: 'Li', id: 7, vip: true } },
    });
    expect(context.customer).toEqual({ name: 'Li', id: 7 });
  });

  it('lets a later mapping see an earlier one', () => {
    expect(applyInputMappings([map('=2', 'x'), map('=x * 10', 'y')], { x: 1 })).toEqual({ ok: true, variables: { x: 2, y: 20 } });
  });

  it('merges two dotted targets into one context', () => {
    expect(applyInputMappings([map('=1', 'a.x'), map('=2', 'a.y')], {})).toEqual({ ok: true, variables: { a: { x: 1, y: 2 } } });
  });

  it('stores temporal results as ISO strings', () => {
    expect(applyInputMappings([map('=date("2024-05-01")', 'due')], {})).toEqual({ ok: true, variables: { due: '2024-05-01' } });
  });

  it('fails with the evaluation reason', () => {
    const result = applyInputMappings([map('=x >', 'y')], {});
    expect(!result.ok && result.reason).toMatch(/^failed to evaluate expression 'x >'/);
  });
});

describe(applyOutputMappings.name, () => {
  it('maps job results to new variables', () => {
    expect(applyOutputMappings([map('=transactionId', 'order.transactionId')], { transactionId: 't-1', order: { total: 5 } })).toEqual({
      ok: true,
      variables: { order: { total: 5, transactionId: 't-1' } },
    });
  });

  it('replaces a non-context variable on a dotted target', () => {
    expect(applyOutputMappings([map('=1', 'a.b')], { a: 'text' })).toEqual({ ok: true, variables: { a: { b: 1 } } });
  });
});
