import { collectBindings } from '../src';
import { fixture, form } from './helpers';

describe(collectBindings.name, () => {
  it('lists written paths with list items marked (form fixture)', () => {
    // given bpmn-io's full example form
    const bindings = collectBindings(fixture('form'));
    // then group paths, list items and plain keys are written
    expect(bindings.writes).toEqual(expect.arrayContaining(['invoiceDetails.supplementaryInfo1', 'clients[].clientName', 'amount']));
  });

  it('does not list disabled or statically read-only fields as written', () => {
    const bindings = collectBindings(fixture('readonly-expression'));
    expect(bindings.writes).toEqual(['amount']);
    expect(bindings.fields).toEqual(['amount', 'text']);
  });

  it('reads valuesKey and FEEL variables', () => {
    const bindings = collectBindings(
      form(
        { type: 'select', key: 'unit', valuesKey: 'units' },
        { type: 'textfield', key: 'reason', conditional: { hide: '=count(items[item.price > limit]) = 0' } },
      ),
    );
    expect(bindings.reads).toEqual(['items', 'limit', 'reason', 'unit', 'units']);
  });

  it('reads template variables in text (groups fixture alt expressions)', () => {
    expect(collectBindings(fixture('groups')).reads).toEqual(expect.arrayContaining(['alt_root', 'alt_pathed']));
  });

  it('ignores iteration variables and special names', () => {
    const bindings = collectBindings(form({ type: 'number', key: 'n', validate: { min: '=for x in xs return x + this.y' } }));
    expect(bindings.reads).toEqual(['n', 'xs']);
  });
});
