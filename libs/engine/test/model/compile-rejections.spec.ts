import { compileResources, DeploymentRejectedError } from '../../src/model/compile';
import { around, fixture, problemsOf, processXml, rejection, resource } from './support';

const task = (ext: string, type = 'serviceTask'): string =>
  around(`<bpmn:${type} id="task"><bpmn:extensionElements>${ext}</bpmn:extensionElements></bpmn:${type}>`);

describe(DeploymentRejectedError.name, () => {
  it('formats the message as Zeebe does, naming resource, element and reason', () => {
    // given a service task without a task definition
    const error = rejection([resource('order.bpmn', processXml(around('<bpmn:serviceTask id="task" />')))]);
    // then
    expect(error.message).toBe(
      "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to deploy new resources, but encountered the following errors:\n" +
        "'order.bpmn': - Element: task\n    - ERROR: Must have exactly one 'zeebe:taskDefinition' extension element",
    );
    expect(error.problems).toEqual([
      { resourceName: 'order.bpmn', elementId: 'task', reason: "Must have exactly one 'zeebe:taskDefinition' extension element" },
    ]);
  });

  it('collects the problems of every resource before throwing', () => {
    const error = rejection([
      resource('a.bpmn', processXml(around('<bpmn:serviceTask id="task" />'))),
      resource('b.form', '{"id": 1}'),
      resource('c.txt', 'hello'),
    ]);
    expect(error.problems.map((p) => p.resourceName)).toEqual(['a.bpmn', 'b.form', 'b.form', 'c.txt']);
  });

  it('rejects an empty deployment', () => {
    expect(rejection([]).message).toContain('Expected to deploy at least one resource, but none given');
  });
});

describe(`${compileResources.name} rejects`, () => {
  it.each([
    ['a signal end event', '<bpmn:endEvent id="x"><bpmn:signalEventDefinition /></bpmn:endEvent>', 'Signal end event'],
    ['an escalation end event', '<bpmn:endEvent id="x"><bpmn:escalationEventDefinition /></bpmn:endEvent>', 'Escalation end event'],
    [
      'a link throw event',
      '<bpmn:intermediateThrowEvent id="x"><bpmn:linkEventDefinition name="l" /></bpmn:intermediateThrowEvent>',
      'Link intermediate throw event',
    ],
    ['a none intermediate throw event', '<bpmn:intermediateThrowEvent id="x" />', 'None intermediate throw event'],
    ['a transaction', '<bpmn:transaction id="x" />', 'Transaction'],
    ['a compensation handler', '<bpmn:task id="x" isForCompensation="true" />', 'Compensation activity (isForCompensation)'],
    [
      'execution listeners',
      '<bpmn:task id="x"><bpmn:extensionElements><zeebe:executionListeners /></bpmn:extensionElements></bpmn:task>',
      "'zeebe:executionListeners'",
    ],
    [
      'a Camunda user task',
      '<bpmn:userTask id="x"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>',
      'Camunda user task',
    ],
  ])('%s as not supported yet, naming the element', (_name, element, label) => {
    const problems = problemsOf(`${around('<bpmn:task id="task" />')}${element}`);
    expect(problems).toContainEqual({
      resourceName: 'test.bpmn',
      elementId: expect.stringMatching(/^x/),
      reason: expect.stringContaining(label),
    });
    expect(problems.find((p) => p.reason.includes(label))?.reason).toMatch(/is not supported yet by the embedded engine$/);
  });

  it('execution listeners on the process', () => {
    const xml = processXml('<bpmn:startEvent id="s" />').replace(
      '<bpmn:process id="p" isExecutable="true">',
      '<bpmn:process id="p" isExecutable="true"><bpmn:extensionElements><zeebe:executionListeners /></bpmn:extensionElements>',
    );
    expect(rejection([resource('l.bpmn', xml)]).problems).toEqual([
      { resourceName: 'l.bpmn', elementId: 'p', reason: "'zeebe:executionListeners' is not supported yet by the embedded engine" },
    ]);
  });

  it('a form linked by deployment binding as not supported yet', () => {
    expect(problemsOf(task('<zeebe:formDefinition formId="f" bindingType="deployment" />', 'userTask'))).toContainEqual(
      expect.objectContaining({ elementId: 'task', reason: "Form binding type 'deployment' is not supported yet by the embedded engine" }),
    );
  });

  it('a non-interrupting error boundary event', () => {
    const problems = problemsOf(
      `${around('<bpmn:task id="task" />')}<bpmn:boundaryEvent id="b" attachedToRef="task" cancelActivity="false"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`,
    );
    expect(problems).toContainEqual(expect.objectContaining({ elementId: 'b', reason: 'Error boundary events must be interrupting' }));
  });

  it('a process without executable process', () => {
    const error = rejection([
      resource('x.bpmn', processXml('<bpmn:startEvent id="s" />').replace('isExecutable="true"', 'isExecutable="false"')),
    ]);
    expect(error.problems).toEqual([{ resourceName: 'x.bpmn', elementId: 'defs', reason: 'Must contain at least one executable process' }]);
  });

  it('a process without start event', () => {
    expect(problemsOf('<bpmn:task id="t" />')).toContainEqual(
      expect.objectContaining({ elementId: 'p', reason: 'Must have at least one start event' }),
    );
  });

  it('a process with two none start events', () => {
    expect(problemsOf('<bpmn:startEvent id="s1" /><bpmn:startEvent id="s2" />')).toContainEqual(
      expect.objectContaining({ elementId: 'p', reason: 'Multiple none start events are not allowed' }),
    );
  });

  it('a sub-process without start event', () => {
    expect(problemsOf(around('<bpmn:subProcess id="task"><bpmn:task id="inner" /></bpmn:subProcess>'))).toContainEqual(
      expect.objectContaining({ elementId: 'task', reason: 'Must have exactly one start event' }),
    );
  });

  it('a service task with an empty job type', () => {
    expect(problemsOf(task('<zeebe:taskDefinition type="" />'))).toContainEqual(
      expect.objectContaining({ elementId: 'task', reason: "Attribute 'type' must be present and not empty" }),
    );
  });

  it('a send task with two task definitions', () => {
    expect(problemsOf(task('<zeebe:taskDefinition type="a" /><zeebe:taskDefinition type="b" />', 'sendTask'))).toContainEqual(
      expect.objectContaining({ elementId: 'task', reason: "Must have exactly one 'zeebe:taskDefinition' extension element" }),
    );
  });

  it('a business rule task without task definition or called decision', () => {
    expect(problemsOf(around('<bpmn:businessRuleTask id="task" />'))).toContainEqual(
      expect.objectContaining({ reason: "Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element" }),
    );
  });

  it('a script task without script or task definition', () => {
    expect(problemsOf(around('<bpmn:scriptTask id="task" />'))).toContainEqual(
      expect.objectContaining({
        elementId: 'task',
        reason: "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element",
      }),
    );
  });

  it('a script without result variable', () => {
    expect(problemsOf(task('<zeebe:script expression="=1 + 1" />', 'scriptTask'))).toContainEqual(
      expect.objectContaining({ reason: "Attribute 'resultVariable' must be present and not empty" }),
    );
  });

  it('a script whose expression is static', () => {
    expect(problemsOf(task('<zeebe:script expression="1 + 1" resultVariable="r" />', 'scriptTask'))).toContainEqual(
      expect.objectContaining({
        reason: "Expected expression but found static value '1 + 1'. An expression must start with '=' (e.g. '=1 + 1').",
      }),
    );
  });

  it.each([
    [
      'a condition',
      around('<bpmn:exclusiveGateway id="task" />').replace(
        '<bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />',
        '<bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"><bpmn:conditionExpression>=x &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>',
      ),
      'f2',
    ],
    ['a job type', task('<zeebe:taskDefinition type="=a +" />'), 'task'],
    ['job retries', task('<zeebe:taskDefinition type="a" retries="=(" />'), 'task'],
    [
      'an input mapping',
      task('<zeebe:taskDefinition type="a" /><zeebe:ioMapping><zeebe:input source="=[1," target="x" /></zeebe:ioMapping>'),
      'task',
    ],
    [
      'an output mapping',
      task('<zeebe:taskDefinition type="a" /><zeebe:ioMapping><zeebe:output source="=if" target="x" /></zeebe:ioMapping>'),
      'task',
    ],
    ['an assignee', task('<zeebe:assignmentDefinition assignee="=a b +" />', 'userTask'), 'task'],
    ['candidate groups', task('<zeebe:assignmentDefinition candidateGroups="=[&quot;a&quot;" />', 'userTask'), 'task'],
    ['a due date', task('<zeebe:taskSchedule dueDate="=now() +" />', 'userTask'), 'task'],
    ['a script', task('<zeebe:script expression="=1 +" resultVariable="r" />', 'scriptTask'), 'task'],
  ])('a FEEL syntax error in %s', (_what, body, elementId) => {
    expect(problemsOf(body)).toContainEqual(
      expect.objectContaining({ elementId, reason: expect.stringMatching(/^failed to parse expression '/) }),
    );
  });

  it('a static sequence flow condition', () => {
    const body = around('<bpmn:exclusiveGateway id="task" />').replace(
      '<bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />',
      '<bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"><bpmn:conditionExpression>x</bpmn:conditionExpression></bpmn:sequenceFlow>',
    );
    expect(problemsOf(body)).toContainEqual(
      expect.objectContaining({ elementId: 'f2', reason: expect.stringContaining("Expected expression but found static value 'x'") }),
    );
  });

  it('a static output mapping source', () => {
    expect(
      problemsOf(task('<zeebe:taskDefinition type="a" /><zeebe:ioMapping><zeebe:output source="x" target="y" /></zeebe:ioMapping>')),
    ).toContainEqual(expect.objectContaining({ reason: expect.stringContaining("Expected expression but found static value 'x'") }));
  });

  it('a mapping target that is not a variable path', () => {
    expect(
      problemsOf(task('<zeebe:taskDefinition type="a" /><zeebe:ioMapping><zeebe:input source="=1" target="a-b" /></zeebe:ioMapping>')),
    ).toContainEqual(
      expect.objectContaining({ reason: expect.stringContaining("Expected path expression 'a-b' but doesn't match the pattern") }),
    );
  });

  it('static candidate groups that are not a comma-separated list', () => {
    expect(problemsOf(task('<zeebe:assignmentDefinition candidateGroups="a,,b" />', 'userTask'))).toContainEqual(
      expect.objectContaining({ reason: "Expected static value to be a list of comma-separated values, e.g. 'a,b,c', but found 'a,,b'." }),
    );
  });

  it('a static due date that is not an ISO date-time', () => {
    expect(problemsOf(task('<zeebe:taskSchedule dueDate="tomorrow" />', 'userTask'))).toContainEqual(
      expect.objectContaining({
        reason: "Expected static value to be a valid DateTime String, e.g. '2023-03-02T15:35+02:00', but found 'tomorrow'.",
      }),
    );
  });

  it('a form definition with both formId and formKey', () => {
    expect(problemsOf(task('<zeebe:formDefinition formId="a" formKey="b" />', 'userTask'))).toContainEqual(
      expect.objectContaining({
        reason: "Exactly one of the attributes 'formId, formKey, externalReference' must be present and not blank",
      }),
    );
  });

  it('an exclusive gateway flow without condition that is not the default', () => {
    const body = `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g" />
      <bpmn:exclusiveGateway id="g" />
      <bpmn:sequenceFlow id="a" sourceRef="g" targetRef="e1"><bpmn:conditionExpression>=x</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="b" sourceRef="g" targetRef="e2" />
      <bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />`;
    expect(problemsOf(body)).toEqual([{ resourceName: 'test.bpmn', elementId: 'b', reason: 'Must have a condition or be default flow' }]);
  });

  it('a default flow that does not start at the gateway', () => {
    const body = `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g" />
      <bpmn:exclusiveGateway id="g" default="f0" /><bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e" /><bpmn:endEvent id="e" />`;
    expect(problemsOf(body)).toContainEqual(expect.objectContaining({ elementId: 'g', reason: 'Default flow must start at gateway' }));
  });

  it('a conditional flow leaving a task', () => {
    const body = around('<bpmn:task id="task" />').replace(
      '<bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />',
      '<bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"><bpmn:conditionExpression>=x</bpmn:conditionExpression></bpmn:sequenceFlow>',
    );
    expect(problemsOf(body)).toContainEqual(
      expect.objectContaining({
        elementId: 'task',
        reason: 'Conditional sequence flows are only supported at exclusive or inclusive gateway',
      }),
    );
  });

  it('a flow without target', () => {
    expect(problemsOf('<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" />')).toContainEqual(
      expect.objectContaining({ elementId: 'f', reason: 'Must have a target flow node (targetRef)' }),
    );
  });

  it('a flow to an unknown element as an unresolved reference', () => {
    expect(problemsOf('<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="nowhere" />')).toContainEqual(
      expect.objectContaining({ elementId: 'f', reason: 'unresolved reference <nowhere>' }),
    );
  });

  it('a flow crossing into a sub-process', () => {
    const body = `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="inner" />
      <bpmn:subProcess id="sub"><bpmn:startEvent id="inner" /></bpmn:subProcess>`;
    expect(problemsOf(body)).toContainEqual(
      expect.objectContaining({ elementId: 'f', reason: "Must connect flow nodes of the same scope, but the target 'inner' is in 'sub'" }),
    );
  });

  it('duplicate ids', () => {
    expect(problemsOf('<bpmn:startEvent id="s" /><bpmn:task id="s" />')).toContainEqual(
      expect.objectContaining({ reason: expect.stringContaining('duplicate ID <s>') }),
    );
  });

  it('an error end event without error reference', () => {
    expect(problemsOf('<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:errorEventDefinition /></bpmn:endEvent>')).toContainEqual(
      expect.objectContaining({ elementId: 'e', reason: 'Must reference an error' }),
    );
  });

  it('an error end event whose error has no code', () => {
    const body = '<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:errorEventDefinition errorRef="err" /></bpmn:endEvent>';
    expect(problemsOf(body, '<bpmn:error id="err" />')).toContainEqual(
      expect.objectContaining({ elementId: 'e', reason: 'ErrorCode must be present and not empty' }),
    );
  });

  it('a boundary event attached to a gateway', () => {
    const body = `${around('<bpmn:parallelGateway id="task" />')}<bpmn:boundaryEvent id="b" attachedToRef="task"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`;
    expect(problemsOf(body)).toContainEqual(expect.objectContaining({ elementId: 'b', reason: 'Must be attached to an activity' }));
  });

  it('a boundary event with an incoming flow', () => {
    const body = `${around('<bpmn:task id="task" />')}<bpmn:boundaryEvent id="b" attachedToRef="task"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="f9" sourceRef="start" targetRef="b" />`;
    expect(problemsOf(body)).toContainEqual(expect.objectContaining({ elementId: 'b', reason: 'Cannot have incoming sequence flows' }));
  });

  it('two catch-all error boundary events on one activity', () => {
    const body = `${around('<bpmn:task id="task" />')}
      <bpmn:boundaryEvent id="b1" attachedToRef="task"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
      <bpmn:boundaryEvent id="b2" attachedToRef="task"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`;
    expect(problemsOf(body)).toContainEqual(
      expect.objectContaining({ elementId: 'task', reason: expect.stringContaining('Multiple error catch events') }),
    );
  });

  it('the same process id in two resources', () => {
    const xml = processXml('<bpmn:startEvent id="s" />');
    expect(rejection([resource('a.bpmn', xml), resource('b.bpmn', xml)]).problems).toEqual([
      { resourceName: 'b.bpmn', reason: "Duplicated process id 'p' in resources 'a.bpmn' and 'b.bpmn'" },
    ]);
  });

  it('a DMN resource as not supported yet while the decision feature is off', () => {
    expect(rejection([resource('rules.dmn', '<definitions />')], { features: new Set(['timer']) }).problems).toEqual([
      { resourceName: 'rules.dmn', reason: 'DMN resources are not supported yet by the embedded engine' },
    ]);
  });

  it('a resource of unknown type', () => {
    expect(rejection([fixture('bpmn-js/error/binary.png')]).message).toContain("'binary.png': Expected a resource of type BPMN");
  });
});
