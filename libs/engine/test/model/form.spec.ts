import { compileResources } from '../../src/model/compile';
import { rejection, resource } from './support';

const form = { id: 'approve-order', type: 'default', components: [{ type: 'textfield', key: 'comment', label: '意见' }] };

describe(`${compileResources.name} with forms`, () => {
  it('compiles a form-js schema keyed by its id', () => {
    const json = JSON.stringify(form);
    const [compiled] = compileResources([resource('approve.form', json)]);
    expect(compiled).toMatchObject({ kind: 'form', resourceName: 'approve.form', form: { formId: 'approve-order', schema: form }, json });
  });

  it('rejects invalid JSON', () => {
    expect(rejection([resource('bad.form', '{')]).problems[0]?.reason).toMatch(
      /^Expected the form to be valid JSON, but failed to parse it: /,
    );
  });

  it('rejects JSON that is not an object', () => {
    expect(rejection([resource('list.form', '[]')]).problems[0]?.reason).toBe('Expected the form to be a JSON object');
  });

  it('rejects a form without string id', () => {
    expect(rejection([resource('noid.form', '{"components": []}')]).problems[0]?.reason).toBe(
      "Expected the form to have a non-empty string 'id' (the formId)",
    );
  });

  it('rejects a form without components array', () => {
    expect(rejection([resource('nocomp.form', '{"id": "x"}')]).problems[0]?.reason).toBe("Expected the form to have a 'components' array");
  });

  it('rejects two forms with the same id in one deployment', () => {
    const json = JSON.stringify(form);
    expect(rejection([resource('a.form', json), resource('b.form', json)]).problems[0]?.reason).toBe(
      "Duplicated form id 'approve-order' in resources 'a.form' and 'b.form'",
    );
  });
});
