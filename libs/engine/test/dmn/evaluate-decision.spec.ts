import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDmn, evaluateDecision, type CompiledDecision, type DecisionEvaluationResult } from '../../src/dmn';
import { dmn, literal, table, type TableSpec } from './support';

const dish = compileDmn('dish.dmn', readFileSync(join(__dirname, 'fixtures/dish.dmn'), 'utf8'));

function decisions(body: string): CompiledDecision[] {
  return compileDmn('t.dmn', dmn(body));
}

function evalTable(spec: TableSpec, variables: Record<string, unknown>): DecisionEvaluationResult {
  return evaluateDecision(decisions(table(spec)), spec.id ?? 'd', variables);
}

function resultOf(spec: TableSpec, variables: Record<string, unknown>): unknown {
  const outcome = evalTable(spec, variables);
  if (!outcome.ok) throw new Error(outcome.failureMessage);
  return outcome.result;
}

/** Scores by x: rules 1 (x > 0 → 10), 2 (x > 5 → 20), 3 (x > 10 → 30). */
const scores = (hitPolicy: string, aggregation?: string): TableSpec => ({
  hitPolicy,
  ...(aggregation !== undefined ? { aggregation } : {}),
  inputs: ['x'],
  outputs: ['score'],
  rules: [
    [['> 0'], ['10']],
    [['> 5'], ['20']],
    [['> 10'], ['30']],
  ],
});

describe(evaluateDecision.name, () => {
  describe('given the dish DRG', () => {
    it('evaluates the required decision first and passes its result by decision id', () => {
      const outcome = evaluateDecision(dish, 'dish', { month: 10, guestCount: 4 });
      expect(outcome).toMatchObject({ ok: true, result: 'Spareribs' });
      expect(outcome.evaluatedDecisions.map((d) => [d.decisionId, d.decisionType, d.output])).toEqual([
        ['season', 'LITERAL_EXPRESSION', 'Fall'],
        ['dish', 'DECISION_TABLE', 'Spareribs'],
      ]);
    });

    it("reports inputs and matched rules in Zeebe's EvaluatedDecision shape", () => {
      const outcome = evaluateDecision(dish, 'dish', { month: 1, guestCount: 12 });
      expect(outcome.evaluatedDecisions[1]).toEqual({
        decisionId: 'dish',
        decisionName: 'Dish',
        decisionType: 'DECISION_TABLE',
        inputs: [
          { inputId: 'in_season', inputName: 'Season', inputValue: 'Winter' },
          { inputId: 'in_guests', inputName: 'How many guests', inputValue: 12 },
        ],
        matchedRules: [{ ruleId: 'r_party', ruleIndex: 5, outputs: [{ outputId: 'out_dish', outputName: 'dish', outputValue: 'Stew' }] }],
        output: 'Stew',
      });
    });

    it.each([
      [{ month: 4, guestCount: 6 }, 'Steak'],
      [{ month: 7, guestCount: 6 }, 'Barbecue'],
      [{ month: 12, guestCount: 2 }, 'Roastbeef'],
    ])('matches unary tests: lists, ranges, not(), ? comparisons (%p)', (variables, expected) => {
      expect(evaluateDecision(dish, 'dish', variables)).toMatchObject({ ok: true, result: expected });
    });

    it('evaluates a required decision alone', () => {
      expect(evaluateDecision(dish, 'season', { month: 7 })).toMatchObject({ ok: true, result: 'Summer' });
    });

    it('fails UNIQUE when several rules match, naming decision, rule and reason', () => {
      const outcome = evaluateDecision(dish, 'dish', { month: 7, guestCount: 4 });
      expect(outcome).toMatchObject({ ok: false, decisionId: 'dish', ruleId: 'r_overlap' });
      expect(!outcome.ok && outcome.reason).toMatch(
        /^multiple values aren't allowed for UNIQUE hit policy\. .*multiple rules match: 'r_small', 'r_overlap'/,
      );
      expect(!outcome.ok && outcome.failureMessage).toMatch(/^Expected to evaluate decision 'dish', but multiple values aren't allowed/);
      expect(outcome.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['season', 'dish']);
    });

    it('fails when an input is not among its allowed values', () => {
      const onlyDish = dish.map((d) => (d.decisionId === 'dish' ? { ...d, requiredDecisions: [] } : d));
      const outcome = evaluateDecision(onlyDish, 'dish', { season: 'Monsoon', guestCount: 4 });
      expect(outcome).toMatchObject({
        ok: false,
        decisionId: 'dish',
        reason: expect.stringContaining('Input value \'"Monsoon"\' is not in the allowed values list'),
      });
    });
  });

  describe('hit policies with one output', () => {
    it.each([
      ['UNIQUE', { x: 3 }, 10],
      ['UNIQUE', { x: -1 }, null],
      ['FIRST', { x: 11 }, 10],
      ['FIRST', { x: -1 }, null],
      ['PRIORITY', { x: 11 }, 10],
      ['RULE ORDER', { x: 11 }, [10, 20, 30]],
      ['RULE ORDER', { x: 6 }, [10, 20]],
      ['COLLECT', { x: 11 }, [10, 20, 30]],
      ['OUTPUT ORDER', { x: 11 }, [10, 20, 30]],
    ])('%s with %p gives %p', (hitPolicy, variables, expected) => {
      expect(resultOf(scores(hitPolicy), variables)).toEqual(expected);
    });

    it.each([
      ['SUM', 60],
      ['MIN', 10],
      ['MAX', 30],
      ['COUNT', 3],
    ])('COLLECT %s aggregates to a number', (aggregation, expected) => {
      expect(resultOf(scores('COLLECT', aggregation), { x: 11 })).toBe(expected);
    });

    it('gives null when no rule matches, whatever the hit policy (as dmn-scala)', () => {
      expect(resultOf(scores('COLLECT', 'COUNT'), { x: -1 })).toBeNull();
      expect(resultOf(scores('RULE ORDER'), { x: -1 })).toBeNull();
    });

    it('FIRST reports only the first matched rule', () => {
      const outcome = evalTable(scores('FIRST'), { x: 11 });
      expect(outcome.evaluatedDecisions[0]?.matchedRules.map((r) => [r.ruleId, r.ruleIndex])).toEqual([['d_r1', 1]]);
    });

    it('ANY accepts several matches with equal outputs and fails on different ones', () => {
      const spec: TableSpec = {
        hitPolicy: 'ANY',
        inputs: ['x'],
        outputs: ['y'],
        rules: [
          [['> 0'], ['"a"']],
          [['> 5'], ['"a"']],
          [['> 10'], ['"b"']],
        ],
      };
      expect(resultOf(spec, { x: 6 })).toBe('a');
      expect(evalTable(spec, { x: 11 })).toMatchObject({
        ok: false,
        decisionId: 'd',
        ruleId: 'd_r3',
        reason: expect.stringMatching(/^different values aren't allowed for ANY hit policy/),
      });
    });

    it('PRIORITY and OUTPUT ORDER follow the order of the output values', () => {
      const spec = (hitPolicy: string): TableSpec => ({
        hitPolicy,
        inputs: ['x'],
        outputs: [{ name: 'level', values: '"high","medium","low"' }],
        rules: [
          [['> 0'], ['"low"']],
          [['> 5'], ['"high"']],
          [['> 2'], ['"medium"']],
        ],
      });
      expect(resultOf(spec('PRIORITY'), { x: 6 })).toBe('high');
      expect(resultOf(spec('PRIORITY'), { x: 3 })).toBe('medium');
      expect(resultOf(spec('OUTPUT ORDER'), { x: 6 })).toEqual(['high', 'medium', 'low']);
    });

    it('fails an aggregation over non-numbers', () => {
      const spec: TableSpec = { hitPolicy: 'COLLECT', aggregation: 'SUM', inputs: ['x'], outputs: ['y'], rules: [[['-'], ['"a"']]] };
      expect(evalTable(spec, { x: 1 })).toMatchObject({ ok: false, reason: 'expected number but found \'"a"\'' });
    });
  });

  describe('several outputs', () => {
    const spec = (hitPolicy: string): TableSpec => ({
      hitPolicy,
      inputs: ['amount'],
      outputs: ['approver', 'level'],
      rules: [
        [['< 1000'], ['"clerk"', '1']],
        [['>= 1000'], ['"manager"', '2']],
        [['>= 10000'], ['"board"', '3']],
      ],
    });

    it('give a context keyed by output name', () => {
      expect(resultOf(spec('FIRST'), { amount: 50 })).toEqual({ approver: 'clerk', level: 1 });
    });

    it('give a list of contexts for multi-hit policies', () => {
      expect(resultOf(spec('RULE ORDER'), { amount: 20000 })).toEqual([
        { approver: 'manager', level: 2 },
        { approver: 'board', level: 3 },
      ]);
    });

    it('fail a numeric aggregation', () => {
      expect(evalTable({ ...spec('COLLECT'), aggregation: 'SUM' }, { amount: 20000 })).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^multiple values aren't allowed/),
      });
    });
  });

  it('uses default output entries when no rule matches', () => {
    const spec: TableSpec = { inputs: ['x'], outputs: [{ name: 'y', default: '"none"' }], rules: [[['1'], ['"one"']]] };
    expect(resultOf(spec, { x: 2 })).toBe('none');
  });

  it('treats empty and "-" input entries as matching anything, including null', () => {
    const spec: TableSpec = { inputs: ['a', 'b'], outputs: ['y'], rules: [[['', '-'], ['"any"']]] };
    expect(resultOf(spec, {})).toBe('any');
  });

  it('does not match a comparison against a missing input', () => {
    expect(resultOf(scores('COLLECT'), {})).toBeNull();
  });

  it('evaluates output entries as FEEL against the variables', () => {
    const spec: TableSpec = { inputs: ['x'], outputs: ['y'], rules: [[['-'], ['x * 2 + offset']]] };
    expect(resultOf(spec, { x: 5, offset: 1 })).toBe(11);
  });

  it('compares dates in unary tests', () => {
    const spec: TableSpec = {
      inputs: ['date(due)'],
      outputs: ['late'],
      rules: [
        [['< date("2026-01-01")'], ['true']],
        [['>= date("2026-01-01")'], ['false']],
      ],
    };
    expect(resultOf(spec, { due: '2025-12-31' })).toBe(true);
  });

  it('evaluates a literal expression decision', () => {
    expect(evaluateDecision(decisions(literal('total', 'sum(items)')), 'total', { items: [1, 2, 3] })).toMatchObject({
      ok: true,
      result: 6,
    });
  });

  it('chains required decisions through several levels', () => {
    const drg = decisions(literal('a', 'x + 1') + literal('b', 'a * 2', ['a']) + literal('c', 'a + b', ['a', 'b']));
    const outcome = evaluateDecision(drg, 'c', { x: 1 });
    expect(outcome).toMatchObject({ ok: true, result: 6 });
    expect(outcome.evaluatedDecisions.map((d) => d.decisionId)).toEqual(['a', 'b', 'c']);
  });

  it('fails for an unknown decision id', () => {
    expect(evaluateDecision(dish, 'nope', {})).toMatchObject({ ok: false, decisionId: 'nope', reason: "no decision found for 'nope'" });
  });

  it('reports a failing required decision as the failed decision', () => {
    const drg = decisions(
      table({
        id: 'inner',
        inputs: ['x'],
        outputs: ['y'],
        rules: [
          [['> 0'], ['1']],
          [['> 1'], ['2']],
        ],
      }) + literal('outer', 'inner', ['inner']),
    );
    expect(evaluateDecision(drg, 'outer', { x: 5 })).toMatchObject({
      ok: false,
      decisionId: 'inner',
      ruleId: 'inner_r2',
      failureMessage: expect.stringMatching(/^Expected to evaluate decision 'inner', but multiple values/),
    });
  });

  it('returns JSON values (temporal results as ISO strings)', () => {
    expect(evaluateDecision(decisions(literal('d', 'date("2026-01-02") + duration("P1D")')), 'd', {})).toMatchObject({
      ok: true,
      result: '2026-01-03',
    });
  });
});

describe('required decision results', () => {
  it('are also visible under the variable name of the required decision', () => {
    const drg = compileDmn(
      'v.dmn',
      dmn(
        '<decision id="base" name="Base"><variable name="baseAmount" /><literalExpression><text>x * 10</text></literalExpression></decision>' +
          literal('total', 'baseAmount + base', ['base']),
      ),
    );
    expect(evaluateDecision(drg, 'total', { x: 2 })).toMatchObject({ ok: true, result: 40 });
  });
});

describe('given the Modeler DRD', () => {
  const drd = compileDmn('modeler-drd.dmn', readFileSync(join(__dirname, 'fixtures/modeler-drd.dmn'), 'utf8'));

  it('sums the points of every matching rule', () => {
    expect(evaluateDecision(drd, 'eligibility', { applicant: { age: 70 } })).toMatchObject({ ok: true, result: 40 });
    expect(evaluateDecision(drd, 'eligibility', { applicant: { age: 30 } })).toMatchObject({ ok: true, result: 10 });
  });
});
