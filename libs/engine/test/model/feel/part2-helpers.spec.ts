import { checkUnaryTestsSyntax } from '../../../src/feel/expr';
import { evaluateList } from '../../../src/feel/evaluate';
import { selectInclusiveFlows } from '../../../src/feel/gateways';
import {
  completionConditionMet,
  initialOutputCollection,
  innerInstanceVariables,
  inputCollection,
  updateOutputCollection,
} from '../../../src/feel/multi-instance';
import type { FlowNode, MultiInstanceDefinition, SequenceFlow } from '../../../src/model/types';

const feel = (expression: string) => ({ feel: true as const, expression });

describe(evaluateList.name, () => {
  it('gives a FEEL list as JSON values', () => {
    expect(evaluateList(feel('[1, "a", date("2026-01-01")]'), {})).toEqual({ ok: true, value: [1, 'a', '2026-01-01'] });
  });

  it("fails like Zeebe when the result isn't a list", () => {
    expect(evaluateList(feel('items'), {})).toEqual({
      ok: false,
      reason: expect.stringMatching(/^Expected result of the expression 'items' to be 'ARRAY', but was 'NULL'\./),
    });
    expect(evaluateList({ feel: false, value: 'a,b' }, {})).toMatchObject({ ok: false });
  });
});

describe(checkUnaryTestsSyntax.name, () => {
  it.each(['-', '', '> 3', '[1..5]', '"a","b"', 'not("x")', '? > 2', '< date("2026-01-01")'])('accepts %p', (tests) => {
    expect(checkUnaryTestsSyntax(tests)).toBeUndefined();
  });

  it.each(['>', '[1..', '"a",'])('refuses %p with Zeebe-style wording', (tests) => {
    expect(checkUnaryTestsSyntax(tests)).toMatch(/^failed to parse expression '/);
  });
});

describe('multi-instance helpers', () => {
  const mi: MultiInstanceDefinition = {
    sequential: false,
    inputCollection: feel('reviewers'),
    inputElement: 'reviewer',
    outputCollection: 'votes',
    outputElement: feel('vote'),
    completionCondition: feel('numberOfCompletedInstances >= 2'),
  };

  it('reads the input collection', () => {
    expect(inputCollection(mi, { reviewers: ['a', 'b', 'c'] })).toEqual({ ok: true, value: ['a', 'b', 'c'] });
  });

  it('gives each inner instance its element and 1-based loop counter', () => {
    expect(innerInstanceVariables(mi, 'b', 2)).toEqual({ reviewer: 'b', loopCounter: 2 });
    expect(innerInstanceVariables({ ...mi, inputElement: undefined }, 'b', 2)).toEqual({ loopCounter: 2 });
  });

  it('collects outputs by position, whatever the completion order', () => {
    let votes: unknown[] = initialOutputCollection(3);
    const after3 = updateOutputCollection(mi, votes, 3, { vote: 'no' });
    if (after3?.ok !== true) throw new Error('expected an update');
    votes = after3.value;
    expect(votes).toEqual([null, null, 'no']);
    expect(updateOutputCollection(mi, votes, 1, { vote: 'yes' })).toEqual({ ok: true, value: ['yes', null, 'no'] });
  });

  it('has nothing to collect without an output collection', () => {
    expect(updateOutputCollection({ sequential: true, inputCollection: feel('x') }, [], 1, {})).toBeUndefined();
  });

  it('evaluates the completion condition with Zeebe counters', () => {
    const counters = { numberOfInstances: 3, numberOfActiveInstances: 1, numberOfCompletedInstances: 2, numberOfTerminatedInstances: 0 };
    expect(completionConditionMet(mi, {}, counters)).toEqual({ ok: true, value: true });
    expect(completionConditionMet(mi, {}, { ...counters, numberOfCompletedInstances: 1 })).toEqual({ ok: true, value: false });
    expect(completionConditionMet({ ...mi, completionCondition: undefined }, {}, counters)).toEqual({
      ok: true,
      value: false,
    });
  });
});

describe(selectInclusiveFlows.name, () => {
  const gateway = (defaultFlow?: string): FlowNode => ({
    id: 'g',
    kind: 'inclusiveGateway',
    incoming: [],
    outgoing: ['a', 'b', 'd'],
    ...(defaultFlow !== undefined ? { defaultFlow } : {}),
  });
  const flows: Record<string, SequenceFlow> = {
    a: { id: 'a', sourceRef: 'g', targetRef: 'x', condition: 'pasta' },
    b: { id: 'b', sourceRef: 'g', targetRef: 'y', condition: 'salad' },
    d: { id: 'd', sourceRef: 'g', targetRef: 'z' },
  };

  it('takes every flow whose condition is true', () => {
    expect(selectInclusiveFlows(gateway('d'), flows, { pasta: true, salad: true })).toEqual({ ok: true, value: ['a', 'b'] });
  });

  it('takes the default flow when no condition is true', () => {
    expect(selectInclusiveFlows(gateway('d'), flows, { pasta: false, salad: false })).toEqual({ ok: true, value: ['d'] });
  });

  it('fails without a true condition and without default flow', () => {
    const noDefault = { ...flows, d: { ...flows['d'], condition: 'steak' } as SequenceFlow };
    expect(selectInclusiveFlows(gateway(), noDefault, { pasta: false, salad: false, steak: false })).toEqual({
      ok: false,
      reason: 'Expected at least one condition to evaluate to true, or to have a default flow',
    });
  });

  it('fails when a condition is not a boolean', () => {
    expect(selectInclusiveFlows(gateway('d'), flows, { pasta: 'yes' })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("Expected result of the expression 'pasta' to be 'BOOLEAN'"),
    });
  });
});
