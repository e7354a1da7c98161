// validateSubmission against the real form-js 1.23 viewer: every case in parity/cases.json
// was run through `Form.submit()` in Chromium by scripts/record-form-js-parity.cjs, and the
// same fields must fail here, and the same data must come out when nothing fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateSubmission, type FormComponent } from '../src';
import { parsed } from './helpers';

interface ParityCase {
  name: string;
  schema: unknown;
  values: Record<string, unknown>;
  context: Record<string, unknown>;
}
interface Recorded {
  name: string;
  data: Record<string, unknown>;
  errors: { id: string; indexes: number[]; messages: string[] }[];
}

/** Cases whose submitted data legitimately differs; the errors must still match. */
const DATA_DIFFERS: Record<string, string> = {
  // The browser re-serialises an imported time in its own zone (Chromium ran in UTC):
  // 09:30+08:00 comes back as 01:30+00:00, the same instant. We keep what was submitted.
  'datetime time with offset': 'time zone re-serialisation',
};

const cases = JSON.parse(readFileSync(join(__dirname, 'parity', 'cases.json'), 'utf8')) as ParityCase[];
const recorded = JSON.parse(readFileSync(join(__dirname, 'parity', 'form-js-results.json'), 'utf8')) as { results: Recorded[] };

/** form-js names an error by field id and list indexes; we name it by data path. */
function pathOf(components: FormComponent[], id: string, indexes: number[]): string | null {
  for (const component of components) {
    if (component.id === id) return component.key ?? null;
    if (!component.components) continue;
    const repeating = component.type === 'dynamiclist' && component.isRepeating === true;
    const rest = pathOf(component.components, id, repeating ? indexes.slice(1) : indexes);
    if (rest === null) continue;
    const prefix = `${component.path ?? ''}${repeating ? `[${indexes[0] ?? 0}]` : ''}`;
    return prefix === '' ? rest : `${prefix}.${rest}`;
  }
  return null;
}

describe(`${validateSubmission.name} matches form-js`, () => {
  it.each(cases.map((item, index) => [item.name, item, recorded.results[index]] as const))('%s', (_name, item, formJs) => {
    // given the case form-js saw
    expect(formJs.name).toBe(item.name);
    const schema = parsed(item.schema);
    // when we validate the same values
    const result = validateSubmission(schema, item.values, item.context);
    // then the same fields fail
    const ours = result.ok ? [] : [...new Set(result.errors.map((error) => error.field))].sort();
    const theirs = [...new Set(formJs.errors.map((error) => pathOf(schema.components, error.id, error.indexes)))].sort();
    expect(ours).toEqual(theirs);
    // and the same data is submitted when valid
    if (result.ok && !(item.name in DATA_DIFFERS)) expect(result.variables).toEqual(formJs.data);
  });
});
