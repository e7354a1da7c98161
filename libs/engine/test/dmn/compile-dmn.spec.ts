import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileDmn } from '../../src/dmn';
import { DeploymentRejectedError } from '../../src/model/problems';
import type { DeploymentProblem } from '../../src/model/types';
import { dmn, literal, table } from './support';

const dishXml = readFileSync(join(__dirname, 'fixtures/dish.dmn'), 'utf8');

function problems(xml: string): DeploymentProblem[] {
  try {
    compileDmn('rules.dmn', xml);
  } catch (error: unknown) {
    if (error instanceof DeploymentRejectedError) return [...error.problems];
    throw error;
  }
  throw new Error('expected the DMN to be rejected');
}

describe(compileDmn.name, () => {
  describe('given a Camunda Modeler DRG with a literal expression required by a decision table', () => {
    const decisions = compileDmn('dish.dmn', dishXml);
    const [season, dish] = decisions;

    it('compiles every decision with its DRG id and name', () => {
      expect(decisions.map((d) => [d.decisionId, d.decisionName, d.decisionType])).toEqual([
        ['season', 'Season', 'LITERAL_EXPRESSION'],
        ['dish', 'Dish', 'DECISION_TABLE'],
      ]);
      expect(dish).toMatchObject({ decisionRequirementsId: 'dinnerDecisions', decisionRequirementsName: 'Dinner Decisions' });
    });

    it('keeps required decisions and the variable name', () => {
      expect(dish?.requiredDecisions).toEqual(['season']);
      expect(season).toMatchObject({ variableName: 'season', requiredDecisions: [] });
    });

    it('compiles inputs with label, expression, type and allowed values', () => {
      expect(dish?.logic.kind === 'decisionTable' && dish.logic.inputs[0]).toEqual({
        id: 'in_season',
        name: 'Season',
        expression: 'season',
        typeRef: 'string',
        inputValues: '"Spring","Summer","Fall","Winter"',
      });
    });

    it('compiles outputs and rules with 1-based indexes and annotations', () => {
      const logic = dish?.logic;
      expect(logic?.kind === 'decisionTable' && logic.hitPolicy).toBe('UNIQUE');
      expect(logic?.kind === 'decisionTable' && logic.outputs).toEqual([{ id: 'out_dish', name: 'dish', typeRef: 'string' }]);
      expect(logic?.kind === 'decisionTable' && logic.rules[0]).toEqual({
        id: 'r_fall',
        index: 1,
        inputEntries: ['"Fall"', '<= 8'],
        outputEntries: ['"Spareribs"'],
        annotation: 'Autumn is for roasting',
      });
    });
  });

  it('defaults the hit policy to UNIQUE and keeps COLLECT aggregations', () => {
    const [plain] = compileDmn('a.dmn', dmn(table({ inputs: ['x'], outputs: ['y'], rules: [[['-'], ['1']]] })));
    expect(plain?.logic.kind === 'decisionTable' && plain.logic.hitPolicy).toBe('UNIQUE');
    const [sum] = compileDmn('b.dmn', dmn(table({ hitPolicy: 'COLLECT', aggregation: 'SUM', inputs: ['x'], outputs: ['y'], rules: [] })));
    expect(sum?.logic).toMatchObject({ hitPolicy: 'COLLECT', aggregation: 'SUM' });
  });

  it('names a single unnamed output after its id', () => {
    const [d] = compileDmn('a.dmn', dmn(table({ inputs: ['x'], outputs: [{}], rules: [[['-'], ['1']]] })));
    expect(d?.logic.kind === 'decisionTable' && d.logic.outputs[0]?.name).toBe('d_out1');
  });

  it.each([
    ['DMN 1.1', 'http://www.omg.org/spec/DMN/20151101/dmn.xsd'],
    ['DMN 1.2', 'http://www.omg.org/spec/DMN/20180521/MODEL/'],
    ['DMN 1.4', 'https://www.omg.org/spec/DMN/20211108/MODEL/'],
    ['DMN 1.5', 'https://www.omg.org/spec/DMN/20230324/MODEL/'],
  ])('reads %s documents', (_version, namespace) => {
    expect(compileDmn('a.dmn', dmn(literal('d', '1 + 1'), namespace)).map((d) => d.decisionId)).toEqual(['d']);
  });
});

describe(`${compileDmn.name} rejects`, () => {
  it('XML that does not parse, naming the resource', () => {
    expect(problems('<definitions')).toEqual([{ resourceName: 'rules.dmn', reason: expect.stringContaining('unparsable content') }]);
  });

  it('a document that is not DMN', () => {
    expect(problems('<?xml version="1.0"?><foo xmlns="urn:x" />')).toContainEqual(
      expect.objectContaining({ reason: expect.stringContaining('failed to parse document as <dmn:definitions>') }),
    );
  });

  it('a DTD (external entities, entity expansion)', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${dmn(literal('d', '1'))}`;
    expect(problems(xml)).toEqual([{ resourceName: 'rules.dmn', reason: expect.stringContaining('DOCTYPE declarations are not allowed') }]);
  });

  it('a decision without id', () => {
    expect(problems(dmn('<decision name="Nameless"><literalExpression><text>1</text></literalExpression></decision>'))).toContainEqual({
      resourceName: 'rules.dmn',
      reason: "A decision ('Nameless') must have an id",
    });
  });

  it('definitions without id', () => {
    expect(problems(dmn(literal('d', '1')).replace(' id="drg"', ''))).toContainEqual(
      expect.objectContaining({ reason: 'The DMN definitions (decision requirements graph) must have an id' }),
    );
  });

  it('a DRG without decisions', () => {
    expect(problems(dmn(''))).toContainEqual(
      expect.objectContaining({ reason: 'Expected the DMN resource to contain at least one decision, but found none' }),
    );
  });

  it.each([
    [
      'an input expression',
      table({ inputs: ['x >'], outputs: ['y'], rules: [] }),
      "input 'd_in1' expression: failed to parse expression 'x >'",
    ],
    [
      'an input entry',
      table({ inputs: ['x'], outputs: ['y'], rules: [[['>'], ['1']]] }),
      "rule 'd_r1' input entry 1: failed to parse expression '>'",
    ],
    [
      'an output entry',
      table({ inputs: ['x'], outputs: ['y'], rules: [[['-'], ['"a" +']]] }),
      "rule 'd_r1' output entry 1: failed to parse expression '\"a\" +'",
    ],
    [
      'input values',
      table({ inputs: [{ expression: 'x', values: '"a",' }], outputs: ['y'], rules: [] }),
      "input 'd_in1' values: failed to parse expression",
    ],
    [
      'a default output entry',
      table({ inputs: ['x'], outputs: [{ name: 'y', default: '1 +' }], rules: [] }),
      "output 'd_out1' default output entry: failed to parse",
    ],
    ['a literal expression', literal('d', 'if x then'), "literal expression: failed to parse expression 'if x then'"],
  ])('a FEEL syntax error in %s, naming the decision', (_what, body, reason) => {
    expect(problems(dmn(body))).toContainEqual({ resourceName: 'rules.dmn', elementId: 'd', reason: expect.stringContaining(reason) });
  });

  it('a rule with too few input entries', () => {
    expect(problems(dmn(table({ inputs: ['a', 'b'], outputs: ['y'], rules: [[['1'], ['1']]] })))).toContainEqual({
      resourceName: 'rules.dmn',
      elementId: 'd',
      reason: "rule 'd_r1': expected 2 input entries (one per input), but found 1",
    });
  });

  it('a rule with too many output entries', () => {
    expect(problems(dmn(table({ inputs: ['a'], outputs: ['y'], rules: [[['1'], ['1', '2']]] })))).toContainEqual(
      expect.objectContaining({ reason: "rule 'd_r1': expected 1 output entries (one per output), but found 2" }),
    );
  });

  it('an unnamed output among several', () => {
    expect(problems(dmn(table({ inputs: ['a'], outputs: ['y', {}], rules: [] })))).toContainEqual(
      expect.objectContaining({ reason: "output 'd_out2': an output of a decision table with several outputs must have a name" }),
    );
  });

  it('an empty input expression', () => {
    expect(problems(dmn(table({ inputs: [''], outputs: ['y'], rules: [] })))).toContainEqual(
      expect.objectContaining({ reason: "input 'd_in1': the input expression is empty" }),
    );
  });

  it('an unknown hit policy and an aggregation without COLLECT', () => {
    expect(problems(dmn(table({ hitPolicy: 'SOME', inputs: ['a'], outputs: ['y'], rules: [] })))).toContainEqual(
      expect.objectContaining({ reason: expect.stringContaining('SOME') }),
    );
    expect(problems(dmn(table({ hitPolicy: 'FIRST', aggregation: 'SUM', inputs: ['a'], outputs: ['y'], rules: [] })))).toContainEqual(
      expect.objectContaining({ reason: "An aggregation ('SUM') is only allowed with the hit policy COLLECT, but was 'FIRST'" }),
    );
  });

  it('a required decision that is not in the DRG', () => {
    expect(problems(dmn(literal('d', '1', ['missing'])))).toContainEqual({
      resourceName: 'rules.dmn',
      elementId: 'd',
      reason: "The required decision 'missing' is not a decision of the DRG",
    });
  });

  it('cyclic requirements', () => {
    expect(problems(dmn(literal('a', 'b', ['b']) + literal('b', 'a', ['a'])))).toContainEqual(
      expect.objectContaining({ reason: expect.stringContaining('The decision requirements form a cycle: a -> b -> a') }),
    );
  });

  it('decision logic other than a table or a literal expression as not supported yet', () => {
    const body =
      '<decision id="d"><context><contextEntry><variable name="a" /><literalExpression><text>1</text></literalExpression></contextEntry></context></decision>';
    expect(problems(dmn(body))).toContainEqual({
      resourceName: 'rules.dmn',
      elementId: 'd',
      reason: "Decision logic 'Context' is not supported yet by the embedded engine",
    });
  });

  it('a decision without logic', () => {
    expect(problems(dmn('<decision id="d" />'))).toContainEqual(
      expect.objectContaining({ elementId: 'd', reason: expect.stringContaining('must have a decision logic') }),
    );
  });

  it('formats the rejection like a Zeebe deployment rejection', () => {
    try {
      compileDmn('rules.dmn', dmn(literal('d', '1 +')));
      throw new Error('accepted');
    } catch (error: unknown) {
      expect((error as Error).message).toContain(
        "'rules.dmn': - Element: d\n    - ERROR: literal expression: failed to parse expression '1 +'",
      );
    }
  });
});

describe('given a Camunda Modeler DRD with input data, knowledge sources, annotations and DI', () => {
  const decisions = compileDmn('modeler-drd.dmn', readFileSync(join(__dirname, 'fixtures/modeler-drd.dmn'), 'utf8'));

  it('compiles only the decisions, ignoring the other DRG elements', () => {
    expect(decisions.map((d) => d.decisionId)).toEqual(['eligibility']);
    expect(decisions[0]).toMatchObject({ requiredDecisions: [], logic: { hitPolicy: 'COLLECT', aggregation: 'SUM' } });
  });

  it('treats an empty input entry as matching anything', () => {
    const logic = decisions[0]?.logic;
    expect(logic?.kind === 'decisionTable' && logic.rules[1]?.inputEntries).toEqual(['']);
  });
});
