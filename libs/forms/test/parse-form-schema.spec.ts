import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseFormSchema, type ParseFormResult } from '../src';
import { fixture } from './helpers';

function problemsOf(result: ParseFormResult): { path: string; reason: string }[] {
  return result.ok ? [] : result.problems;
}
function schema(...components: unknown[]): unknown {
  return { id: 'f', type: 'default', components };
}

describe(parseFormSchema.name, () => {
  it.each(
    readdirSync(join(__dirname, 'fixtures'))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.replace(/\.json$/, '')),
  )('accepts the bpmn-io fixture %s', (name) => {
    // given a viewer test schema, when parsed, then it is accepted (fixture() throws otherwise)
    expect(fixture(name).components.length).toBeGreaterThan(0);
  });

  it('gives components without an id a stable generated one', () => {
    const result = parseFormSchema(schema({ type: 'group', components: [{ type: 'textfield', key: 'a' }] }));
    expect(result.ok && result.form.components[0]?.components?.[0]?.id).toBe('Field_0_0');
  });

  it.each([null, [], 'x', 1])('rejects a non-object %p', (json) => {
    expect(problemsOf(parseFormSchema(json))).toEqual([{ path: '/', reason: 'a form schema must be a JSON object' }]);
  });

  it('requires a string id and a components array', () => {
    const problems = problemsOf(parseFormSchema({ components: 'x' }));
    expect(problems.map((problem) => problem.path)).toEqual(['id', 'components']);
  });

  it('prefixes problem paths with the source', () => {
    expect(problemsOf(parseFormSchema({ id: 'f', components: [{ type: 'slider', key: 'a' }] }, 'forms/x.form'))).toEqual([
      { path: 'forms/x.form#components[0].type', reason: 'slider "Field_0" key "a": unknown component type "slider"' },
    ]);
  });

  it('accepts every form-js component type', () => {
    const types = ['textfield', 'textarea', 'number', 'datetime', 'checkbox', 'checklist', 'radio', 'select', 'taglist', 'filepicker'];
    const components: unknown[] = types.map((type) => ({ type, key: type, values: ['a'] }));
    components.push(
      { type: 'expression', key: 'e', expression: '=1' },
      ...['text', 'html', 'image', 'spacer', 'separator', 'button', 'iframe', 'table', 'documentPreview'].map((type) => ({ type })),
      { type: 'group', components: [] },
      { type: 'dynamiclist', path: 'l', isRepeating: true, components: [] },
    );
    expect(problemsOf(parseFormSchema(schema(...components)))).toEqual([]);
  });

  it('requires a key on bound fields', () => {
    expect(problemsOf(parseFormSchema(schema({ type: 'textfield', id: 't' })))[0]?.reason).toBe('textfield "t": a key is required');
  });

  it('rejects a duplicate key in the same scope', () => {
    const problems = problemsOf(
      parseFormSchema(schema({ type: 'textfield', key: 'name', id: 'a' }, { type: 'textarea', key: 'name', id: 'b' })),
    );
    expect(problems).toEqual([
      {
        path: 'components[1].key',
        reason: 'textarea "b" key "name": key "name" cannot be bound: a field already binds this path or a prefix of it',
      },
    ]);
  });

  it('rejects a key that is a prefix of another key', () => {
    expect(problemsOf(parseFormSchema(schema({ type: 'textfield', key: 'a.b' }, { type: 'textfield', key: 'a' })))).toHaveLength(1);
    expect(problemsOf(parseFormSchema(schema({ type: 'textfield', key: 'a' }, { type: 'textfield', key: 'a.b' })))).toHaveLength(1);
  });

  it('accepts the same key in different scopes', () => {
    const result = parseFormSchema(
      schema(
        { type: 'textfield', key: 'name' },
        { type: 'dynamiclist', path: 'members', isRepeating: true, components: [{ type: 'textfield', key: 'name' }] },
      ),
    );
    expect(result.ok).toBe(true);
  });

  it('rejects a field binding into a dynamic list from outside it', () => {
    const problems = problemsOf(
      parseFormSchema(
        schema(
          { type: 'dynamiclist', id: 'l', path: 'members', isRepeating: true, components: [] },
          { type: 'textfield', key: 'members.name' },
        ),
      ),
    );
    expect(problems[0]?.reason).toContain('belongs to dynamic list "l"');
  });

  it('rejects prototype-polluting key segments', () => {
    expect(problemsOf(parseFormSchema(schema({ type: 'textfield', key: 'a.__proto__' })))[0]?.reason).toContain(
      'invalid segment "__proto__"',
    );
  });

  it('rejects duplicate ids', () => {
    expect(problemsOf(parseFormSchema(schema({ type: 'text', id: 'x' }, { type: 'text', id: 'x' })))[0]?.reason).toContain(
      'duplicate id "x"',
    );
  });

  it('names the field and the expression of a FEEL syntax error', () => {
    const [problem] = problemsOf(parseFormSchema(schema({ type: 'textfield', key: 'name', id: 'n', conditional: { hide: '=amount >' } })));
    expect(problem?.path).toBe('components[0].conditional.hide');
    expect(problem?.reason).toMatch(/^textfield "n" key "name": FEEL conditional\.hide "=amount >" does not parse/);
  });

  it.each([
    [{ validate: { min: '=a +' } }, 'validate.min'],
    [{ validate: { maxLength: '=(' } }, 'validate.maxLength'],
    [{ readonly: '=x =' }, 'readonly'],
    [{ label: '=concat(' }, 'label'],
  ])('checks FEEL in %p', (extra, path) => {
    expect(problemsOf(parseFormSchema(schema({ type: 'textfield', key: 'k', ...extra })))[0]?.path).toBe(`components[0].${path}`);
  });

  it('rejects FEEL in required, which form-js does not evaluate', () => {
    expect(problemsOf(parseFormSchema(schema({ type: 'textfield', key: 'k', validate: { required: '=x' } })))[0]?.path).toBe(
      'components[0].validate.required',
    );
  });

  it('rejects an invalid pattern', () => {
    expect(problemsOf(parseFormSchema(schema({ type: 'textfield', key: 'k', validate: { pattern: '[' } })))[0]?.reason).toContain(
      'not a valid regular expression',
    );
  });

  it('rejects malformed values arrays', () => {
    const problems = problemsOf(
      parseFormSchema(schema({ type: 'select', key: 's', values: [{ label: 'A' }, { label: 'B', value: '' }, 'c', 'c'] })),
    );
    expect(problems.map((problem) => problem.path)).toEqual([
      'components[0].values[0]',
      'components[0].values[1]',
      'components[0].values[3]',
    ]);
  });

  it('rejects a dynamic list without a path', () => {
    expect(problemsOf(parseFormSchema(schema({ type: 'dynamiclist', id: 'l', isRepeating: true, components: [] })))[0]?.reason).toBe(
      'dynamiclist "l": a path is required',
    );
  });

  it('rejects non-numeric min, a non-positive increment and a bad subtype', () => {
    const problems = problemsOf(
      parseFormSchema(
        schema({ type: 'number', key: 'n', increment: 0, validate: { min: 'three' } }, { type: 'datetime', key: 'd', subtype: 'week' }),
      ),
    );
    expect(problems.map((problem) => problem.path)).toEqual([
      'components[0].validate.min',
      'components[0].increment',
      'components[1].subtype',
    ]);
  });

  it('rejects containers nested too deep', () => {
    let inner: Record<string, unknown> = { type: 'textfield', key: 'x' };
    for (let level = 0; level < 40; level++) inner = { type: 'group', components: [inner] };
    expect(problemsOf(parseFormSchema(schema(inner))).some((problem) => problem.reason.includes('nested more than 32'))).toBe(true);
  });
});

describe(`${parseFormSchema.name} rule placement`, () => {
  it('rejects min on a datetime, which form-js cannot compare', () => {
    const result = parseFormSchema(schema({ type: 'datetime', key: 'd', validate: { min: '2026-01-01' } }));
    expect(problemsOf(result)).toContainEqual({
      path: 'components[0].validate.min',
      reason: 'datetime "Field_0" key "d": `min` only applies to number fields',
    });
  });

  it('rejects maxLength on a number, where form-js would call trim() on a number', () => {
    const result = parseFormSchema(schema({ type: 'number', key: 'n', validate: { maxLength: 3 } }));
    expect(problemsOf(result).map((problem) => problem.path)).toEqual(['components[0].validate.maxLength']);
  });
});
