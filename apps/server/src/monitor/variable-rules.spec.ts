import { variableProblems } from './variable-rules';

describe('variableProblems', () => {
  it('accepts plain names with any JSON value', () => {
    expect(variableProblems({ budget: 800, note: '补充', items: [{ a: 1 }], flag: null })).toEqual([]);
  });

  it('asks for at least one variable', () => {
    expect(variableProblems({})).toEqual([expect.objectContaining({ field: 'variables', code: 'isNotEmpty' })]);
  });

  it('names each bad or protected variable', () => {
    const problems = variableProblems({ '1st': 1, 'a-b': 2, orgUnitId: 'x', startedBy: 'y', ok: 3 });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['variables.1st', 'variableName'],
      ['variables.a-b', 'variableName'],
      ['variables.orgUnitId', 'protectedVariable'],
      ['variables.startedBy', 'protectedVariable'],
    ]);
  });
});
