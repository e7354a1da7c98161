import { validateSubmission, type SubmissionResult } from '../src';
import { fixture, form } from './helpers';

function errorsOf(result: SubmissionResult): { field: string; code: string; message: string }[] {
  return result.ok ? [] : result.errors;
}
function codesOf(result: SubmissionResult): string[] {
  return errorsOf(result).map((error) => `${error.field}:${error.code}`);
}
function variablesOf(result: SubmissionResult): Record<string, unknown> {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors)}`);
  return result.variables;
}

describe(validateSubmission.name, () => {
  describe('body', () => {
    it.each([null, 'text', 42, [], true, undefined])('rejects a non-object body %p', (body) => {
      // given a form
      const schema = form({ type: 'textfield', key: 'name' });
      // when the body is not an object
      const result = validateSubmission(schema, body, {});
      // then one body error, never a throw
      expect(errorsOf(result)).toEqual([{ field: '', code: 'invalid_body', message: '提交内容必须是 JSON 对象' }]);
    });

    it('rejects a body nested deeper than the limit', () => {
      // given a deeply nested body
      let deep: unknown = 'x';
      for (let level = 0; level < 100; level++) deep = { a: deep };
      // when validated
      const result = validateSubmission(form({ type: 'textfield', key: 'a' }), { a: deep }, {});
      // then it is an invalid body
      expect(codesOf(result)[0]).toMatch(/:invalid_body$/);
    });

    it('rejects a body with more values than the limit', () => {
      // given a huge array
      const body = { tags: Array.from({ length: 20_000 }, (_, index) => `t${index}`) };
      // when validated
      const result = validateSubmission(form({ type: 'taglist', key: 'tags', values: ['t1'] }), body, {});
      // then it is an invalid body
      expect(errorsOf(result)[0]).toMatchObject({ code: 'invalid_body', message: '提交内容过大（超过 10000 个值）' });
    });

    it('rejects a string longer than the limit', () => {
      // given a long string and a small limit
      const result = validateSubmission(
        form({ type: 'textarea', key: 'note' }),
        { note: 'x'.repeat(11) },
        {},
        { limits: { maxStringLength: 10 } },
      );
      // then the field is named
      expect(codesOf(result)).toEqual(['note:invalid_body']);
    });

    it('rejects __proto__ and constructor keys as unknown fields without polluting', () => {
      // given a JSON body with prototype-pollution keys
      const body = JSON.parse('{"name":"a","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}') as unknown;
      // when validated
      const result = validateSubmission(form({ type: 'textfield', key: 'name' }), body, {});
      // then both keys are unknown and Object.prototype is untouched
      expect(codesOf(result)).toEqual(['__proto__:unknown_field', 'constructor:unknown_field']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('rejects a key no field binds', () => {
      // given a form with one field
      const result = validateSubmission(form({ type: 'textfield', key: 'name' }), { name: 'a', role: 'admin' }, {});
      // then the extra key is reported
      expect(errorsOf(result)).toEqual([{ field: 'role', code: 'unknown_field', message: '表单中没有此字段' }]);
    });

    it('rejects an unknown key inside a list item with its item path', () => {
      // given the dynamic list fixture (list[].key)
      const result = validateSubmission(fixture('dynamic-list-variables'), { list: [{ key: 1 }, { key: 2, extra: 'x' }] }, {});
      // then the item key is named
      expect(codesOf(result)).toEqual(['list[1].extra:unknown_field']);
    });

    it('never throws on odd values', () => {
      // given values of every odd kind
      const schema = fixture('form');
      for (const body of [{ clients: 'x' }, { clients: [1, null] }, { invoiceDetails: 5 }, { amount: { a: 1 } }, { tags: 'x' }]) {
        // when validated, then it answers
        expect(() => validateSubmission(schema, body, {})).not.toThrow();
      }
    });
  });

  describe('required', () => {
    const schema = fixture('required');

    it.each([
      ['creditor', ''],
      ['amount', null],
      ['approved', false],
      ['mailto', []],
      ['conversation', null],
    ])('fails %s = %p', (key, value) => {
      // when the required field is empty
      const result = validateSubmission(
        form({
          type:
            key === 'approved'
              ? 'checkbox'
              : key === 'amount'
                ? 'number'
                : key === 'mailto'
                  ? 'checklist'
                  : key === 'conversation'
                    ? 'datetime'
                    : 'textfield',
          key,
          validate: { required: true },
        }),
        { [key]: value },
        {},
      );
      // then it is required
      expect(errorsOf(result)).toEqual([{ field: key, code: 'required', message: '必填' }]);
    });

    it('reports every missing required field of the fixture', () => {
      // given an empty submission and no variables
      const result = validateSubmission(schema, {}, {});
      // then all eleven fields are required
      expect(codesOf(result)).toHaveLength(11);
      expect(new Set(errorsOf(result).map((error) => error.code))).toEqual(new Set(['required']));
    });

    it('accepts a field absent from the body when the task variables hold a value', () => {
      // given a variable for the required field
      const result = validateSubmission(form({ type: 'textfield', key: 'name', validate: { required: true } }), {}, { name: '张三' });
      // then it passes and nothing is written
      expect(variablesOf(result)).toEqual({});
    });

    it('accepts a checked checkbox and zero for a number', () => {
      const schema2 = form(
        { type: 'checkbox', key: 'ok', validate: { required: true } },
        { type: 'number', key: 'n', validate: { required: true } },
      );
      expect(variablesOf(validateSubmission(schema2, { ok: true, n: 0 }, {}))).toEqual({ ok: true, n: 0 });
    });
  });

  describe('pattern', () => {
    const schema = fixture('disabled'); // invoiceNumber: ^C-[0-9]+$

    it('fails a value not matching', () => {
      expect(errorsOf(validateSubmission(schema, { invoiceNumber: 'X-1' }, {}))).toEqual([
        { field: 'invoiceNumber', code: 'pattern', message: '格式不正确' },
      ]);
    });

    it('passes a matching value', () => {
      expect(variablesOf(validateSubmission(schema, { invoiceNumber: 'C-123' }, {}))).toEqual({ invoiceNumber: 'C-123' });
    });

    it('uses patternErrorMessage when set', () => {
      const custom = form({ type: 'textfield', key: 'code', validate: { pattern: '^\\d{6}$', patternErrorMessage: '请输入6位邮政编码' } });
      expect(errorsOf(validateSubmission(custom, { code: '12345' }, {}))[0]?.message).toBe('请输入6位邮政编码');
    });

    it('skips the pattern on an empty value, as form-js', () => {
      expect(variablesOf(validateSubmission(schema, { invoiceNumber: '' }, {}))).toEqual({ invoiceNumber: '' });
    });
  });

  describe('min and max', () => {
    const schema = form({ type: 'number', key: 'n', validate: { min: 3, max: 10 } });

    it.each([
      [2, 'min', '不能小于 3'],
      [11, 'max', '不能大于 10'],
      [2.999, 'min', '不能小于 3'],
    ])('fails %p', (value, code, message) => {
      expect(errorsOf(validateSubmission(schema, { n: value }, {}))).toEqual([{ field: 'n', code, message }]);
    });

    it.each([3, 10, '3', 7.5])('passes %p', (value) => {
      expect(validateSubmission(schema, { n: value }, {}).ok).toBe(true);
    });

    it('evaluates FEEL min and max against the task variables (validate fixture)', () => {
      // given min = 5 and max = 8 as variables
      const validate = fixture('validate');
      // then 4 fails, 9 fails, 5 passes
      expect(codesOf(validateSubmission(validate, { number_expression: 4 }, { min: 5, max: 8 }))).toEqual(['number_expression:min']);
      expect(codesOf(validateSubmission(validate, { number_expression: 9 }, { min: 5, max: 8 }))).toEqual(['number_expression:max']);
      expect(validateSubmission(validate, { number_expression: 5 }, { min: 5, max: 8 }).ok).toBe(true);
    });

    it('drops a FEEL bound that evaluates to null, as form-js', () => {
      const schema = form({ type: 'number', key: 'n', validate: { min: '=lowest' } });
      expect(validateSubmission(schema, { n: -100 }, {}).ok).toBe(true);
    });

    it('reports a FEEL bound that is not a number as a rule error', () => {
      expect(codesOf(validateSubmission(fixture('validate'), { number_expression: 1 }, { min: 'abc', max: 9 }))).toEqual([
        'number_expression:invalid_rule',
      ]);
    });

    it('reports `=min` without a variable as a rule error: FEEL finds the built-in min(), as in form-js', () => {
      expect(codesOf(validateSubmission(fixture('validate'), { number_expression: 1 }, {}))).toEqual([
        'number_expression:invalid_rule',
        'number_expression:invalid_rule',
      ]);
    });
  });

  describe('minLength and maxLength', () => {
    const schema = form({ type: 'textfield', key: 't', validate: { minLength: 3, maxLength: 5 } });

    it.each([
      ['ab', 'min_length', '长度不能少于 3 个字符'],
      ['abcdef', 'max_length', '长度不能超过 5 个字符'],
      ['  ab  ', 'min_length', '长度不能少于 3 个字符'],
    ])('fails %p', (value, code, message) => {
      expect(errorsOf(validateSubmission(schema, { t: value }, {}))).toEqual([{ field: 't', code, message }]);
    });

    it.each(['abc', 'abcde', '红色物业'])('passes %p', (value) => {
      expect(validateSubmission(schema, { t: value }, {}).ok).toBe(true);
    });

    it('evaluates FEEL lengths (validate fixture)', () => {
      const validate = fixture('validate');
      expect(codesOf(validateSubmission(validate, { textfield_expression: 'a' }, { minLength: 2, maxLength: 4 }))).toEqual([
        'textfield_expression:min_length',
      ]);
      expect(validateSubmission(validate, { textfield_expression: 'ab' }, { minLength: 2, maxLength: 4 }).ok).toBe(true);
    });
  });

  describe('validationType', () => {
    it('fails a malformed email and passes a good one', () => {
      const schema = form({ type: 'textfield', key: 'mail', validate: { validationType: 'email' } });
      expect(errorsOf(validateSubmission(schema, { mail: 'a@' }, {}))).toEqual([
        { field: 'mail', code: 'email', message: '不是有效的电子邮箱地址' },
      ]);
      expect(validateSubmission(schema, { mail: 'wang@example.cn' }, {}).ok).toBe(true);
    });

    it('requires an international phone number, as form-js', () => {
      const schema = form({ type: 'textfield', key: 'tel', validate: { validationType: 'phone' } });
      expect(codesOf(validateSubmission(schema, { tel: '13800000000' }, {}))).toEqual(['tel:phone']);
      expect(validateSubmission(schema, { tel: '+8613800000000' }, {}).ok).toBe(true);
    });
  });

  describe('decimalDigits and increment', () => {
    it('fails more decimals than allowed and passes the limit', () => {
      const schema = form({ type: 'number', key: 'n', decimalDigits: 2 });
      expect(errorsOf(validateSubmission(schema, { n: 1.234 }, {}))).toEqual([
        { field: 'n', code: 'decimal_digits', message: '最多保留 2 位小数' },
      ]);
      expect(validateSubmission(schema, { n: '1.230' }, {}).ok).toBe(true);
    });

    it('asks for an integer with decimalDigits 0', () => {
      const schema = form({ type: 'number', key: 'n', decimalDigits: 0 });
      expect(errorsOf(validateSubmission(schema, { n: 1.5 }, {}))[0]?.message).toBe('必须是整数');
    });

    it('steps from 0, not from min, as form-js', () => {
      // given increment 5 and min 3: form-js accepts 5 and 10, rejects 8
      const schema = form({ type: 'number', key: 'n', increment: 5, validate: { min: 3 } });
      expect(validateSubmission(schema, { n: 10 }, {}).ok).toBe(true);
      expect(errorsOf(validateSubmission(schema, { n: 8 }, {}))).toEqual([
        { field: 'n', code: 'increment', message: '不是有效值，最接近的有效值为 5 和 10' },
      ]);
    });

    it('steps in exact decimals', () => {
      const schema = form({ type: 'number', key: 'n', increment: '0.1' });
      expect(validateSubmission(schema, { n: 0.3 }, {}).ok).toBe(true);
      expect(codesOf(validateSubmission(schema, { n: 0.35 }, {}))).toEqual(['n:increment']);
    });
  });

  describe('types', () => {
    it('accepts numeric strings and returns numbers', () => {
      expect(variablesOf(validateSubmission(form({ type: 'number', key: 'n' }), { n: '12.5' }, {}))).toEqual({ n: 12.5 });
    });

    it('keeps the string with serializeToString, as form-js', () => {
      expect(variablesOf(validateSubmission(form({ type: 'number', key: 'n', serializeToString: true }), { n: '12.50' }, {}))).toEqual({
        n: '12.50',
      });
    });

    it.each(['abc', 'Infinity', true, [1]])('rejects %p for a number', (value) => {
      expect(errorsOf(validateSubmission(form({ type: 'number', key: 'n' }), { n: value }, {}))).toEqual([
        { field: 'n', code: 'wrong_type', message: '必须是数字' },
      ]);
    });

    it('rejects a string for a checkbox', () => {
      expect(codesOf(validateSubmission(form({ type: 'checkbox', key: 'c' }), { c: 'true' }, {}))).toEqual(['c:wrong_type']);
    });

    it('rejects a string for a checklist', () => {
      expect(codesOf(validateSubmission(form({ type: 'checklist', key: 'c', values: ['a'] }), { c: 'a' }, {}))).toEqual(['c:wrong_type']);
    });

    it('rejects a number for a textfield', () => {
      expect(codesOf(validateSubmission(form({ type: 'textfield', key: 't' }), { t: 5 }, {}))).toEqual(['t:wrong_type']);
    });

    it.each([
      ['date', '2026-02-28', '2026-02-30'],
      ['time', '09:30', '25:00'],
      ['time', '09:30+08:00', '9:30'],
      ['datetime', '2026-11-28T09:30', '2026-11-28 09:30'],
      ['datetime', '2026-11-28T01:30Z', '2026-11-28'],
    ])('datetime %s accepts %p and rejects %p', (subtype, good, bad) => {
      const schema = form({ type: 'datetime', key: 'd', subtype });
      expect(validateSubmission(schema, { d: good }, {}).ok).toBe(true);
      expect(codesOf(validateSubmission(schema, { d: bad }, {}))).toEqual(['d:wrong_type']);
    });

    it('rejects a passed date with disallowPassedDates', () => {
      const schema = form({ type: 'datetime', key: 'd', subtype: 'date', disallowPassedDates: true });
      expect(errorsOf(validateSubmission(schema, { d: '2026-11-27' }, {}, { today: '2026-11-28' }))).toEqual([
        { field: 'd', code: 'min', message: '不能早于今天' },
      ]);
      expect(validateSubmission(schema, { d: '2026-11-28' }, {}, { today: '2026-11-28' }).ok).toBe(true);
    });
  });

  describe('options', () => {
    it('rejects a select value outside static values', () => {
      const schema = form({
        type: 'select',
        key: 's',
        values: [
          { label: '是', value: 'yes' },
          { label: '否', value: 'no' },
        ],
      });
      expect(errorsOf(validateSubmission(schema, { s: 'maybe' }, {}))).toEqual([
        { field: 's', code: 'not_an_option', message: '不是可选项' },
      ]);
      expect(variablesOf(validateSubmission(schema, { s: 'no' }, {}))).toEqual({ s: 'no' });
    });

    it('reads options from valuesKey in the task variables', () => {
      const schema = form({ type: 'radio', key: 'unit', valuesKey: 'units' });
      const context = { units: [{ label: '一社区', value: 'c1' }, 'c2'] };
      expect(validateSubmission(schema, { unit: 'c2' }, context).ok).toBe(true);
      expect(codesOf(validateSubmission(schema, { unit: 'c3' }, context))).toEqual(['unit:not_an_option']);
    });

    it('evaluates valuesExpression (valuesExpression fixture)', () => {
      // given myList provides the checklist options
      const schema = fixture('valuesExpression');
      const context = { myList: ['a@x.cn', 'b@x.cn'], myList2: ['t1'], myList3: ['t2'], myList4: [] };
      expect(validateSubmission(schema, { mailto: ['b@x.cn'], foo: ['t1', 't2'] }, context).ok).toBe(true);
      expect(codesOf(validateSubmission(schema, { mailto: ['c@x.cn'], foo: ['t3'] }, context))).toEqual([
        'mailto:not_an_option',
        'foo:not_an_option',
      ]);
    });

    it('offers nothing from an empty static list (valuesExpression fixture radio)', () => {
      expect(codesOf(validateSubmission(fixture('valuesExpression'), { product: 'x' }, {}))).toEqual(['product:not_an_option']);
    });

    it('compares object option values structurally', () => {
      const schema = form({ type: 'select', key: 's', values: [{ label: 'A', value: { id: 1, name: 'a' } }] });
      expect(validateSubmission(schema, { s: { name: 'a', id: 1 } }, {}).ok).toBe(true);
    });

    it('accepts an empty select when not required', () => {
      expect(variablesOf(validateSubmission(form({ type: 'select', key: 's', values: ['a'] }), { s: null }, {}))).toEqual({ s: null });
    });
  });

  describe('readonly and disabled', () => {
    it('ignores a disabled field in the body and keeps the variable (disabled fixture)', () => {
      // given creditor is disabled and required, with a variable
      const result = validateSubmission(fixture('disabled'), { creditor: 'forged', amount: 5 }, { creditor: '原值' });
      // then it is neither validated nor written
      expect(variablesOf(result)).toEqual({ amount: 5 });
    });

    it('ignores a static readonly field (readonly-expression fixture)', () => {
      expect(variablesOf(validateSubmission(fixture('readonly-expression'), { text: 'forged', amount: 1 }, { text: 'kept' }))).toEqual({
        amount: 1,
      });
    });

    it('ignores a field whose FEEL readonly holds', () => {
      // given foo + bar = 2
      expect(variablesOf(validateSubmission(fixture('readonly-expression'), { amount: 99 }, { foo: 1, bar: 1, amount: 3 }))).toEqual({});
    });

    it('takes a field whose FEEL readonly does not hold', () => {
      expect(variablesOf(validateSubmission(fixture('readonly-expression'), { amount: 99 }, { foo: 1, bar: 2 }))).toEqual({ amount: 99 });
    });
  });

  describe('conditions', () => {
    const schema = fixture('condition'); // text hidden when amount <= 2

    it('drops a hidden field without validating it', () => {
      expect(variablesOf(validateSubmission(schema, { amount: 1, text: 'dropped' }, {}))).toEqual({ amount: 1 });
    });

    it('keeps a visible field', () => {
      expect(variablesOf(validateSubmission(schema, { amount: 3, text: 'kept' }, {}))).toEqual({ amount: 3, text: 'kept' });
    });

    it('does not validate a hidden required field', () => {
      const hidden = form(
        { type: 'checkbox', key: 'other' },
        { type: 'textfield', key: 'reason', validate: { required: true }, conditional: { hide: '=other != true' } },
      );
      expect(validateSubmission(hidden, { other: false }, {}).ok).toBe(true);
      expect(codesOf(validateSubmission(hidden, { other: true }, {}))).toEqual(['reason:required']);
    });

    it('hides the fields of a hidden group', () => {
      const grouped = form(
        { type: 'checkbox', key: 'show' },
        {
          type: 'group',
          id: 'g',
          conditional: { hide: '=not(show)' },
          components: [{ type: 'textfield', key: 'inner', validate: { required: true } }],
        },
      );
      expect(variablesOf(validateSubmission(grouped, { show: false, inner: 'x' }, {}))).toEqual({ show: false });
    });

    it('evaluates conditions per list item with `this` (condition-errors-dynamic-list fixture)', () => {
      // given element hidden when this.hideElement is true
      const list = fixture('condition-errors-dynamic-list');
      const result = validateSubmission(
        list,
        {
          hideList: false,
          list: [
            { element: 1, hideElement: false },
            { element: null, hideElement: true },
          ],
        },
        {},
      );
      expect(variablesOf(result)).toEqual({ hideList: false, list: [{ element: 1, hideElement: false }, { hideElement: true }] });
    });
  });

  describe('groups and dynamic lists', () => {
    it('hides a whole list by a condition on the root', () => {
      const result = validateSubmission(fixture('condition-errors-dynamic-list'), { hideList: true, list: [{ element: null }] }, {});
      expect(variablesOf(result)).toEqual({ hideList: true });
    });

    it('writes pathed group fields under their path (groups fixture)', () => {
      const result = validateSubmission(
        fixture('groups'),
        { text_flat: 'f', pathed: { text_pathed: 'p' }, separated: { path: { text_separated: 's' } } },
        {},
      );
      expect(variablesOf(result)).toEqual({ text_flat: 'f', pathed: { text_pathed: 'p' }, separated: { path: { text_separated: 's' } } });
    });

    it('merges a nested value into the variable object so nothing else is lost', () => {
      const result = validateSubmission(
        fixture('groups'),
        { pathed: { text_pathed: 'new' } },
        { pathed: { text_pathed: 'old', other: 1 } },
      );
      expect(variablesOf(result)).toEqual({ pathed: { text_pathed: 'new', other: 1 } });
    });

    it('validates each list item with its index in the path', () => {
      const result = validateSubmission(
        fixture('nested-dynamic-list-required'),
        { outer: [{ inner: [{ value: 1 }] }, { inner: [{ value: 2 }, { value: null }] }] },
        {},
      );
      expect(errorsOf(result)).toEqual([{ field: 'outer[1].inner[1].value', code: 'required', message: '必填' }]);
    });

    it('returns list items with numbers as numbers (dynamic-list-variables fixture)', () => {
      expect(variablesOf(validateSubmission(fixture('dynamic-list-variables'), { list: [{ key: '1' }, { key: 2 }] }, {}))).toEqual({
        list: [{ key: 1 }, { key: 2 }],
      });
    });

    it('writes an emptied list', () => {
      expect(variablesOf(validateSubmission(fixture('dynamic-list-variables'), { list: [] }, { list: [{ key: 1 }] }))).toEqual({
        list: [],
      });
    });

    it('rejects a list that is not an array', () => {
      expect(codesOf(validateSubmission(fixture('dynamic-list-variables'), { list: { key: 1 } }, {}))).toEqual(['list:wrong_type']);
    });

    it('rejects adding items when allowAddRemove is false', () => {
      const fixed = form({
        type: 'dynamiclist',
        path: 'rows',
        isRepeating: true,
        allowAddRemove: false,
        components: [{ type: 'textfield', key: 'name' }],
      });
      expect(codesOf(validateSubmission(fixed, { rows: [{ name: 'a' }, { name: 'b' }] }, { rows: [{ name: 'a' }] }))).toEqual([
        'rows:list_length',
      ]);
    });
  });

  describe('expression fields', () => {
    it('computes the value on the server and ignores the body', () => {
      const schema = form({ type: 'number', key: 'a' }, { type: 'expression', key: 'double', expression: '=a * 2' });
      expect(variablesOf(validateSubmission(schema, { a: 2, double: 100 }, {}))).toEqual({ a: 2, double: 4 });
    });

    it('resolves chained expressions (chain-expressions fixture)', () => {
      const result = validateSubmission(fixture('chain-expressions'), { staticValue: 1 }, {});
      expect(variablesOf(result)).toEqual({ staticValue: 10, exprA: 20, exprB: 40, exprC: 50 });
    });
  });

  describe('result', () => {
    it('returns only bound fields, numbers as numbers (disabled fixture)', () => {
      const result = validateSubmission(
        fixture('disabled'),
        { invoiceNumber: 'C-1', amount: '10', approved: true, approverComments: '同意' },
        { creditor: 'A', secret: 'x' },
      );
      expect(variablesOf(result)).toEqual({ invoiceNumber: 'C-1', amount: 10, approved: true, approverComments: '同意' });
    });
  });
});

describe(`${validateSubmission.name} on large input`, () => {
  const list = (hide: string): ReturnType<typeof form> =>
    form({
      type: 'dynamiclist',
      path: 'rows',
      isRepeating: true,
      components: [
        { type: 'number', key: 'v', validate: { min: '=lowest', required: true } },
        { type: 'select', key: 's', valuesExpression: '=opts', conditional: { hide } },
      ],
    });
  const rows = Array.from({ length: 3000 }, (_, index) => ({ v: index % 10, s: 'a' }));

  it('validates 3,000 list items whose condition reads the whole list in well under a few seconds', () => {
    // given a condition that does not depend on the item (memoised)
    const started = Date.now();
    const result = validateSubmission(list('=count(rows) < 2'), { rows }, { lowest: 1, opts: ['a', 'b'] });
    // then every item is judged and it stays fast
    expect(errorsOf(result)).toHaveLength(300);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops with a clear error when per-item FEEL would copy too much', () => {
    // given a condition comparing each item with the whole list (quadratic)
    const result = validateSubmission(
      list('=count(rows[v > this.v]) > 0'),
      { rows },
      { lowest: 1, opts: ['a'] },
      { limits: { maxFeelWork: 100_000 } },
    );
    // then it answers instead of hanging
    expect(errorsOf(result)).toEqual([{ field: '', code: 'invalid_body', message: '提交内容过大，无法完成校验' }]);
  });
});

describe(`${validateSubmission.name} on arbitrary input`, () => {
  // A small deterministic generator: the same odd bodies on every run.
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const keys = [
    'amount',
    'clients',
    'clientName',
    'invoiceDetails',
    'supplementaryInfo1',
    'tags',
    'conversation',
    '__proto__',
    'constructor',
    'x',
  ];
  const value = (depth: number): unknown => {
    const kind = depth > 3 ? pick(['s', 'n', 'b', 'z']) : pick(['s', 'n', 'b', 'z', 'a', 'o', 'o']);
    switch (kind) {
      case 's':
        return pick(['', 'C-1', '2026-01-01', '12.5', 'abc', '红色物业']);
      case 'n':
        return pick([0, -1, 1.5, 1e21, 3]);
      case 'b':
        return next() < 0.5;
      case 'z':
        return null;
      case 'a':
        return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: Math.floor(next() * 4) }, () => [pick(keys), value(depth + 1)]));
    }
  };

  it('answers 500 random bodies against the full example form without throwing', () => {
    // given bpmn-io's full example form
    const schema = fixture('form');
    for (let round = 0; round < 500; round++) {
      const body = JSON.parse(JSON.stringify(value(0))) as unknown;
      // when validated, then it answers ok or with errors that all have a code and a message
      const result = validateSubmission(schema, body, { product: 'camunda-cloud' });
      if (!result.ok) for (const error of result.errors) expect(error.message).not.toBe('');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('ignores prototype-polluting keys in the task variables', () => {
    // given variables parsed from JSON with a __proto__ key
    const context = JSON.parse('{"__proto__":{"polluted":true},"units":["a"]}') as Record<string, unknown>;
    // when validated
    const result = validateSubmission(form({ type: 'select', key: 'unit', valuesKey: 'units' }), { unit: 'a' }, context);
    // then the value is accepted and nothing is polluted
    expect(variablesOf(result)).toEqual({ unit: 'a' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
