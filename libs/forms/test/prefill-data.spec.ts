import { prefillData } from '../src';
import { fixture } from './helpers';

describe(prefillData.name, () => {
  it('takes bound values from the variables and nothing else', () => {
    // given variables with one bound and one foreign variable
    const data = prefillData(fixture('disabled'), { amount: 5, salary: 9999 });
    // then only the bound one is sent
    expect(data).toEqual({ amount: 5 });
  });

  it('overlays the saved draft', () => {
    expect(prefillData(fixture('disabled'), { amount: 5, approved: false }, { amount: 7 })).toEqual({ amount: 7, approved: false });
  });

  it('does not let the draft override a disabled or read-only field', () => {
    expect(prefillData(fixture('disabled'), { creditor: 'A' }, { creditor: 'forged' })).toEqual({ creditor: 'A' });
    expect(prefillData(fixture('readonly-expression'), { text: 'A' }, { text: 'forged' })).toEqual({ text: 'A' });
  });

  it('includes variables the form reads in expressions and option lists', () => {
    expect(prefillData(fixture('valuesExpression'), { myList: ['a'], other: 1 })).toEqual({ myList: ['a'] });
  });

  it('takes list items from the draft over the variables', () => {
    const data = prefillData(fixture('dynamic-list-variables'), { list: [{ key: 1 }] }, { list: [{ key: 2 }, { key: 3 }] });
    expect(data).toEqual({ list: [{ key: 2 }, { key: 3 }] });
  });

  it('ignores a draft that is not an object and drops polluting keys', () => {
    expect(prefillData(fixture('disabled'), JSON.parse('{"amount":1,"__proto__":{"x":1}}') as Record<string, unknown>, 'draft')).toEqual({
      amount: 1,
    });
  });
});
