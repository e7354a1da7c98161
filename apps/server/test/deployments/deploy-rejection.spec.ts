/** The engine's refusal text (Zeebe's wording, which the embedded engine copies) read into problems. */
import { parseDeployRejection } from '../../src/deployments/deploy-rejection';

describe('parseDeployRejection', () => {
  it('reads one problem per element and reason, across resources', () => {
    const reason = [
      "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:",
      "'a.bpmn': - Element: Task_1",
      "    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element",
      "    - ERROR: Expected expression but found ''",
      '- Element: Gateway_2',
      '    - WARNING: a warning is not a problem',
      "    - ERROR: Must have at least one outgoing 'sequenceFlow'",
      "'b.bpmn': Failed to parse the XML",
    ].join('\n');
    expect(parseDeployRejection('a.bpmn', reason)).toEqual([
      { resource: 'a.bpmn', elementId: 'Task_1', reason: "Must have exactly one 'zeebe:taskDefinition' extension element" },
      { resource: 'a.bpmn', elementId: 'Task_1', reason: "Expected expression but found ''" },
      { resource: 'a.bpmn', elementId: 'Gateway_2', reason: "Must have at least one outgoing 'sequenceFlow'" },
      { resource: 'b.bpmn', reason: 'Failed to parse the XML' },
    ]);
  });

  it('keeps a reason in any other shape whole, for the given resource', () => {
    expect(parseDeployRejection('x.dmn', 'engine unavailable')).toEqual([{ resource: 'x.dmn', reason: 'engine unavailable' }]);
    expect(parseDeployRejection('x.dmn', '')).toEqual([{ resource: 'x.dmn', reason: '引擎拒绝了该资源' }]);
  });
});
