import { compileResources } from '../../src/model/compile';
import { ALL_FEATURES, ENGINE_FEATURES, PART2_FEATURES } from '../../src/model/supported';
import type { CompiledProcess, DeploymentProblem, ResourceInput } from '../../src/model/types';
import { around, fixture, processXml, rejection, resource } from './support';

const ALL = { features: ALL_FEATURES };

function compileAll(body: string, extra = ''): CompiledProcess {
  const [compiled] = compileResources([resource('test.bpmn', processXml(body, extra))], ALL);
  if (compiled?.kind !== 'process' || compiled.processes[0] === undefined) throw new Error('expected a process');
  return compiled.processes[0];
}

function problemsAll(body: string, extra = ''): DeploymentProblem[] {
  try {
    compileResources([resource('test.bpmn', processXml(body, extra))], ALL);
  } catch (error: unknown) {
    return [...(error as { problems: DeploymentProblem[] }).problems];
  }
  throw new Error('expected the deployment to be rejected');
}

const message = (id: string, name: string, key = '=orderId'): string =>
  `<bpmn:message id="${id}" name="${name}"><bpmn:extensionElements><zeebe:subscription correlationKey="${key}" /></bpmn:extensionElements></bpmn:message>`;
const timerCatch = (id: string, kind: string, value: string): string =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:timerEventDefinition><bpmn:${kind}>${value}</bpmn:${kind}></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>`;
const mi = (attrs: string, extra = ''): string =>
  around(
    `<bpmn:task id="task"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics ${attrs} /></bpmn:extensionElements>${extra}</bpmn:multiInstanceLoopCharacteristics></bpmn:task>`,
  );

describe('engine part 2 feature switch', () => {
  it('switches on every part-2 feature: the runtime executes them all', () => {
    expect([...ENGINE_FEATURES].sort()).toEqual([...PART2_FEATURES].sort());
    expect(() => compileResources([fixture('zeebe/part2.bpmn')])).not.toThrow();
  });

  it('compiles the same BPMN with every feature on', () => {
    expect(() => compileResources([fixture('zeebe/part2.bpmn')], ALL)).not.toThrow();
  });

  it('switches features one by one', () => {
    const body = around(timerCatch('task', 'timeDuration', 'PT1M'));
    expect(() => compileResources([resource('t.bpmn', processXml(body))], { features: new Set(['message']) })).toThrow(
      'Timer intermediate catch event is not supported yet',
    );
    expect(() => compileResources([resource('t.bpmn', processXml(body))], { features: new Set(['timer']) })).not.toThrow();
  });

  it('lists the part-2 features', () => {
    expect(PART2_FEATURES).toEqual([
      'timer',
      'message',
      'signal',
      'eventSubProcess',
      'multiInstance',
      'callActivity',
      'inclusiveGateway',
      'eventBasedGateway',
      'decision',
    ]);
  });
});

describe('given the part-2 fixture with every feature on', () => {
  const [compiled] = compileResources([fixture('zeebe/part2.bpmn')], ALL);
  const process = (compiled?.kind === 'process' ? compiled.processes[0] : undefined) as CompiledProcess;
  const el = (id: string) => process.elements[id];

  it('compiles message, timer and signal start events beside the none start event', () => {
    expect(process.noneStartEventId).toBe('start-none');
    expect(el('start-message')?.event).toEqual({ kind: 'message', message: { name: { feel: false, value: 'application-submitted' } } });
    expect(el('start-timer')?.event).toEqual({
      kind: 'timer',
      timer: { kind: 'cycle', value: { feel: false, value: '0 0 9 * * MON-FRI' } },
    });
    expect(el('start-signal')?.event).toEqual({ kind: 'signal', signalName: { feel: false, value: 'campaign-started' } });
  });

  it('compiles a sequential multi-instance user task', () => {
    expect(el('review')?.multiInstance).toEqual({
      sequential: true,
      inputCollection: { feel: true, expression: 'reviewers' },
      inputElement: 'reviewer',
      outputCollection: 'votes',
      outputElement: { feel: true, expression: 'vote' },
      completionCondition: { feel: true, expression: 'count(votes[item = "no"]) > 0' },
    });
  });

  it('compiles timer, message and signal boundary events, interrupting or not', () => {
    expect(el('remind')).toMatchObject({
      kind: 'boundaryEvent',
      attachedToRef: 'review',
      cancelActivity: false,
      event: { kind: 'timer', timer: { kind: 'cycle', value: { feel: false, value: 'R3/PT24H' } } },
    });
    expect(el('deadline')).toMatchObject({
      cancelActivity: true,
      event: { kind: 'timer', timer: { kind: 'duration', value: { feel: true, expression: 'reviewTimeout' } } },
    });
    expect(el('withdrawn')?.event).toEqual({
      kind: 'message',
      message: { name: { feel: false, value: 'withdrawn' }, correlationKey: { feel: true, expression: 'applicationId' } },
    });
    expect(el('closed')).toMatchObject({
      cancelActivity: false,
      event: { kind: 'signal', signalName: { feel: false, value: 'office-closed' } },
    });
  });

  it('compiles a business rule task calling a decision', () => {
    expect(el('score')?.calledDecision).toEqual({ decisionId: { feel: true, expression: 'decisionName' }, resultVariable: 'score' });
    expect(el('score')?.job).toBeUndefined();
  });

  it('compiles inclusive gateways with their default flow and conditions', () => {
    expect(el('fork')).toMatchObject({ kind: 'inclusiveGateway', defaultFlow: 'f-always', outgoing: ['f-always', 'f-high'] });
    expect(process.flows['f-high']?.condition).toBe('score > 80');
    expect(el('join')).toMatchObject({ kind: 'inclusiveGateway', incoming: ['f-always', 'f-audit'] });
  });

  it('compiles a call activity with Zeebe defaults for propagation', () => {
    expect(el('audit')?.calledElement).toEqual({
      processId: { feel: true, expression: 'auditProcess' },
      propagateAllChildVariables: false,
      propagateAllParentVariables: true,
    });
    expect(el('audit')?.io?.inputs).toHaveLength(1);
  });

  it('compiles an event-based gateway and its catch events', () => {
    expect(el('wait')).toMatchObject({ kind: 'eventBasedGateway', outgoing: ['f-approved', 'f-timeout'] });
    expect(el('approved')?.event).toMatchObject({ kind: 'message', message: { name: { value: 'approved' } } });
    expect(el('wait-timeout')?.event).toEqual({ kind: 'timer', timer: { kind: 'duration', value: { feel: false, value: 'P7D' } } });
  });

  it('compiles a receive task with its message', () => {
    expect(el('documents')).toMatchObject({
      kind: 'receiveTask',
      message: { name: { feel: false, value: 'documents-received' }, correlationKey: { feel: true, expression: 'applicationId' } },
    });
  });

  it('compiles timer date and signal intermediate catch events', () => {
    expect(el('publish-date')?.event).toEqual({
      kind: 'timer',
      timer: { kind: 'date', value: { feel: false, value: '2026-12-01T09:00:00+08:00[Asia/Shanghai]' } },
    });
    expect(el('closing')?.event).toEqual({ kind: 'signal', signalName: { feel: false, value: 'office-closed' } });
  });

  it('compiles event sub-processes with their start event, interrupting or not', () => {
    expect(el('on-cancel')).toMatchObject({
      kind: 'eventSubProcess',
      interrupting: true,
      children: ['cancel-start', 'cancel-end'],
      incoming: [],
      outgoing: [],
    });
    expect(el('cancel-start')).toMatchObject({ parentId: 'on-cancel', interrupting: true, event: { kind: 'message' } });
    expect(el('on-overdue')).toMatchObject({ interrupting: false });
    expect(el('overdue-start')).toMatchObject({ interrupting: false, event: { kind: 'timer', timer: { kind: 'cycle' } } });
    expect(el('error-start')).toMatchObject({ interrupting: true, event: { kind: 'error', errorCode: { feel: false, value: 'INVALID' } } });
    expect(el('closed-start')).toMatchObject({ interrupting: false, event: { kind: 'signal' } });
    expect(process.children).toEqual(expect.arrayContaining(['on-cancel', 'on-overdue', 'on-error', 'on-closed']));
  });
});

describe('part-2 deployment rules (every feature on)', () => {
  describe('timers', () => {
    it.each([
      ['timeDuration', 'foo', "Invalid timer duration expression (Invalid duration format 'foo' for expression 'foo')"],
      ['timeDate', 'foo', "Invalid timer date expression (Invalid date-time format 'foo' for expression 'foo')"],
      [
        'timeDate',
        '2026-12-01T09:00:00',
        "Invalid timer date expression (Invalid date-time format '2026-12-01T09:00:00' for expression '2026-12-01T09:00:00')",
      ],
    ])('rejects a static %s %p', (kind, value, reason) => {
      expect(problemsAll(around(timerCatch('task', kind, value)))).toContainEqual({ resourceName: 'test.bpmn', elementId: 'task', reason });
    });

    it('rejects a bad cycle on a boundary event', () => {
      const body = `${around('<bpmn:task id="task" />')}<bpmn:boundaryEvent id="b" cancelActivity="false" attachedToRef="task"><bpmn:timerEventDefinition><bpmn:timeCycle>foo</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({ elementId: 'b', reason: 'Invalid timer cycle expression (Repetition spec must start with R)' }),
      );
    });

    it('rejects a bad cron cycle with the cron reason', () => {
      const body = `<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * FUNDAY</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`;
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({ elementId: 's', reason: expect.stringMatching(/^Invalid timer cycle expression \(Invalid day-of-week/) }),
      );
    });

    it('evaluates a timer start event expression at deployment, without variables', () => {
      const body = `<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeCycle>=INVALID_CYCLE_EXPRESSION</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`;
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({
          elementId: 's',
          reason: expect.stringMatching(
            /^Invalid timer cycle expression \(Expected result of the expression 'INVALID_CYCLE_EXPRESSION' to be 'STRING', but was 'NULL'\./,
          ),
        }),
      );
      const ok = `<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeDate>=date and time("2030-01-01T00:00:00Z")</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>`;
      expect(compileAll(ok).elements['s']?.event).toMatchObject({ kind: 'timer', timer: { kind: 'date' } });
    });

    it('does not evaluate expressions of other timers at deployment, only parses them', () => {
      expect(compileAll(around(timerCatch('task', 'timeDuration', '=wait'))).elements['task']?.event).toMatchObject({ kind: 'timer' });
      expect(problemsAll(around(timerCatch('task', 'timeDuration', '=wait +')))).toContainEqual(
        expect.objectContaining({ elementId: 'task', reason: expect.stringMatching(/^failed to parse expression 'wait \+'/) }),
      );
    });

    it('rejects a timer without or with two definitions', () => {
      const none = around('<bpmn:intermediateCatchEvent id="task"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>');
      expect(problemsAll(none)).toContainEqual(
        expect.objectContaining({ elementId: 'task', reason: 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle' }),
      );
      const two = around(
        '<bpmn:intermediateCatchEvent id="task"><bpmn:timerEventDefinition><bpmn:timeDate>2030-01-01T00:00:00Z</bpmn:timeDate><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
      );
      expect(problemsAll(two)).toContainEqual(
        expect.objectContaining({ reason: 'Must be exactly one type of timer: timeDuration, timeDate or timeCycle' }),
      );
    });

    it('rejects a cycle on an intermediate catch event', () => {
      expect(problemsAll(around(timerCatch('task', 'timeCycle', 'R/PT1S')))).toContainEqual(
        expect.objectContaining({ reason: 'Intermediate timer catch event must have either a time duration or a time date.' }),
      );
    });

    it('rejects an interrupting cycle on a boundary event', () => {
      const body = `${around('<bpmn:task id="task" />')}<bpmn:boundaryEvent id="b" attachedToRef="task"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({ elementId: 'b', reason: 'Interrupting timer event with time cycle is not allowed.' }),
      );
    });
  });

  describe('messages', () => {
    it('rejects a catch event without message reference', () => {
      expect(
        problemsAll(around('<bpmn:intermediateCatchEvent id="task"><bpmn:messageEventDefinition /></bpmn:intermediateCatchEvent>')),
      ).toContainEqual({
        resourceName: 'test.bpmn',
        elementId: 'task',
        reason: 'Must reference a message',
      });
    });

    it('rejects a message without name, naming the message', () => {
      const body = around(
        '<bpmn:intermediateCatchEvent id="task"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>',
      );
      expect(problemsAll(body, message('m', ''))).toContainEqual({
        resourceName: 'test.bpmn',
        elementId: 'm',
        reason: 'Name must be present and not empty',
      });
    });

    it('rejects a catch message without subscription or correlation key', () => {
      const body = around(
        '<bpmn:intermediateCatchEvent id="task"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>',
      );
      expect(problemsAll(body, '<bpmn:message id="m" name="x" />')).toContainEqual(
        expect.objectContaining({ elementId: 'm', reason: 'Must have exactly one zeebe:subscription extension element' }),
      );
      expect(problemsAll(body, message('m', 'x', ''))).toContainEqual(
        expect.objectContaining({ elementId: 'm', reason: "Attribute 'correlationKey' must be present and not empty" }),
      );
    });

    it('accepts a message start event without correlation key, but not without name', () => {
      const start = '<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>';
      expect(compileAll(start, '<bpmn:message id="m" name="go" />').elements['s']?.event).toEqual({
        kind: 'message',
        message: { name: { feel: false, value: 'go' } },
      });
      expect(problemsAll(start, '<bpmn:message id="m" />')).toContainEqual(
        expect.objectContaining({ elementId: 'm', reason: 'Name must be present and not empty' }),
      );
    });

    it('rejects a receive task without message, and one sharing its message with a boundary event', () => {
      expect(problemsAll(around('<bpmn:receiveTask id="task" />'))).toContainEqual(
        expect.objectContaining({ elementId: 'task', reason: 'Must reference a message' }),
      );
      const body = `${around('<bpmn:receiveTask id="task" messageRef="m" />')}<bpmn:boundaryEvent id="b" attachedToRef="task"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>`;
      expect(problemsAll(body, message('m', 'x'))).toContainEqual(
        expect.objectContaining({ elementId: 'task', reason: 'Cannot reference the same message name as a boundary event' }),
      );
    });

    it('rejects two boundary events catching the same message name', () => {
      const body = `${around('<bpmn:task id="task" />')}
        <bpmn:boundaryEvent id="b1" attachedToRef="task"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:boundaryEvent>
        <bpmn:boundaryEvent id="b2" attachedToRef="task" cancelActivity="false"><bpmn:messageEventDefinition messageRef="m2" /></bpmn:boundaryEvent>`;
      expect(problemsAll(body, message('m1', 'same') + message('m2', 'same'))).toContainEqual(
        expect.objectContaining({
          elementId: 'task',
          reason: "Multiple message event definitions with the same name 'same' are not allowed.",
        }),
      );
    });

    it('rejects two message start events with the same name', () => {
      const body = `<bpmn:startEvent id="s1"><bpmn:messageEventDefinition messageRef="m1" /></bpmn:startEvent><bpmn:startEvent id="s2"><bpmn:messageEventDefinition messageRef="m2" /></bpmn:startEvent>`;
      expect(problemsAll(body, '<bpmn:message id="m1" name="go" /><bpmn:message id="m2" name="go" />')).toContainEqual(
        expect.objectContaining({ elementId: 'p', reason: "Multiple message event definitions with the same name 'go' are not allowed." }),
      );
    });

    it('checks FEEL in names and correlation keys', () => {
      const body = around(
        '<bpmn:intermediateCatchEvent id="task"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>',
      );
      expect(problemsAll(body, message('m', 'x', '=a +'))).toContainEqual(
        expect.objectContaining({ elementId: 'm', reason: expect.stringMatching(/^failed to parse expression 'a \+'/) }),
      );
    });
  });

  describe('signals', () => {
    it('rejects a signal event without signal reference or name', () => {
      expect(
        problemsAll(around('<bpmn:intermediateCatchEvent id="task"><bpmn:signalEventDefinition /></bpmn:intermediateCatchEvent>')),
      ).toContainEqual(expect.objectContaining({ elementId: 'task', reason: 'Must reference a signal' }));
      const body = around(
        '<bpmn:intermediateCatchEvent id="task"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:intermediateCatchEvent>',
      );
      expect(problemsAll(body, '<bpmn:signal id="sig" />')).toContainEqual(
        expect.objectContaining({ elementId: 'sig', reason: 'Name must be present and not empty' }),
      );
    });

    it('keeps signal throw and end events unsupported (not part of engine part 2)', () => {
      const body = '<bpmn:startEvent id="s" /><bpmn:endEvent id="e"><bpmn:signalEventDefinition signalRef="sig" /></bpmn:endEvent>';
      expect(problemsAll(body, '<bpmn:signal id="sig" name="x" />')).toContainEqual(
        expect.objectContaining({ elementId: 'e', reason: 'Signal end event is not supported yet by the embedded engine' }),
      );
    });
  });

  describe('event sub-processes', () => {
    const esp = (start: string, rest = '', attrs = ''): string =>
      `<bpmn:startEvent id="s" /><bpmn:subProcess id="esp" triggeredByEvent="true"${attrs}>${start}${rest}</bpmn:subProcess>`;

    it('rejects a none start event', () => {
      expect(problemsAll(esp('<bpmn:startEvent id="es" />'))).toContainEqual(
        expect.objectContaining({
          elementId: 'esp',
          reason: 'Start events in event subprocesses must be one of: message, timer, error, signal',
        }),
      );
    });

    it('rejects two start events', () => {
      const timer = (id: string): string =>
        `<bpmn:startEvent id="${id}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>`;
      expect(problemsAll(esp(timer('a') + timer('b')))).toContainEqual(
        expect.objectContaining({ elementId: 'esp', reason: 'Must have exactly one start event' }),
      );
    });

    it('rejects incoming and outgoing flows', () => {
      const body = `${esp('<bpmn:startEvent id="es"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>')}<bpmn:sequenceFlow id="fx" sourceRef="s" targetRef="esp" />`;
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({ elementId: 'esp', reason: 'Event sub-processes must not have incoming or outgoing sequence flows' }),
      );
    });

    it('rejects a non-interrupting error start event', () => {
      const body = esp('<bpmn:startEvent id="es" isInterrupting="false"><bpmn:errorEventDefinition /></bpmn:startEvent>');
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({ elementId: 'esp', reason: 'Non-Interrupting event of this type is not allowed' }),
      );
    });

    it('rejects an interrupting timer cycle start event', () => {
      const body = esp(
        '<bpmn:startEvent id="es"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>',
      );
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({ elementId: 'es', reason: 'Interrupting timer event with time cycle is not allowed.' }),
      );
    });

    it('rejects an error start event outside an event sub-process', () => {
      expect(
        problemsAll('<bpmn:startEvent id="s" /><bpmn:startEvent id="e"><bpmn:errorEventDefinition /></bpmn:startEvent>'),
      ).toContainEqual(expect.objectContaining({ elementId: 'e', reason: 'Error start events are only allowed in event sub-processes' }));
    });

    it('rejects two event sub-processes of a scope catching the same message', () => {
      const start = (id: string, ref: string): string =>
        `<bpmn:subProcess id="${id}" triggeredByEvent="true"><bpmn:startEvent id="${id}-s"><bpmn:messageEventDefinition messageRef="${ref}" /></bpmn:startEvent></bpmn:subProcess>`;
      expect(
        problemsAll(`<bpmn:startEvent id="s" />${start('a', 'm1')}${start('b', 'm2')}`, message('m1', 'x') + message('m2', 'x')),
      ).toContainEqual(
        expect.objectContaining({ elementId: 'p', reason: "Multiple message event definitions with the same name 'x' are not allowed." }),
      );
    });

    it('needs the trigger feature as well as the event sub-process feature', () => {
      const body = esp(
        '<bpmn:startEvent id="es"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>',
      );
      expect(() => compileResources([resource('t.bpmn', processXml(body))], { features: new Set(['eventSubProcess']) })).toThrow(
        'Timer start event is not supported yet',
      );
    });
  });

  describe('multi-instance', () => {
    it('compiles a parallel multi-instance with only an input collection', () => {
      expect(compileAll(mi('inputCollection="=items"')).elements['task']?.multiInstance).toEqual({
        sequential: false,
        inputCollection: { feel: true, expression: 'items' },
      });
    });

    it('rejects a multi-instance without input collection', () => {
      expect(problemsAll(mi('inputElement="x"'))).toContainEqual({
        resourceName: 'test.bpmn',
        elementId: 'task',
        reason: "Attribute 'inputCollection' must be present and not empty",
      });
    });

    it('rejects a multi-instance without zeebe:loopCharacteristics', () => {
      expect(problemsAll(around('<bpmn:task id="task"><bpmn:multiInstanceLoopCharacteristics /></bpmn:task>'))).toContainEqual(
        expect.objectContaining({ elementId: 'task', reason: "Must have exactly one 'zeebe:loopCharacteristics' extension element" }),
      );
    });

    it('rejects a static input collection', () => {
      expect(problemsAll(mi('inputCollection="items"'))).toContainEqual(
        expect.objectContaining({ reason: expect.stringContaining("Expected expression but found static value 'items'") }),
      );
    });

    it('rejects an output collection without output element and vice versa', () => {
      expect(problemsAll(mi('inputCollection="=items" outputCollection="results"'))).toContainEqual(
        expect.objectContaining({ reason: "Attribute 'outputElement' must be present if the attribute 'outputCollection' is set" }),
      );
      expect(problemsAll(mi('inputCollection="=items" outputElement="=r"'))).toContainEqual(
        expect.objectContaining({ reason: "Attribute 'outputCollection' must be present if the attribute 'outputElement' is set" }),
      );
    });

    it('rejects a completion condition that does not parse', () => {
      expect(problemsAll(mi('inputCollection="=items"', '<bpmn:completionCondition>=done and</bpmn:completionCondition>'))).toContainEqual(
        expect.objectContaining({ reason: expect.stringMatching(/^failed to parse expression 'done and'/) }),
      );
    });

    it('still rejects standard loops', () => {
      expect(problemsAll(around('<bpmn:task id="task"><bpmn:standardLoopCharacteristics /></bpmn:task>'))).toContainEqual(
        expect.objectContaining({ reason: 'Loop activity (standardLoopCharacteristics) is not supported yet by the embedded engine' }),
      );
    });
  });

  describe('call activities', () => {
    it('rejects a call activity without processId', () => {
      expect(
        problemsAll(
          around(
            '<bpmn:callActivity id="task"><bpmn:extensionElements><zeebe:calledElement /></bpmn:extensionElements></bpmn:callActivity>',
          ),
        ),
      ).toContainEqual({
        resourceName: 'test.bpmn',
        elementId: 'task',
        reason: "Attribute 'processId' must be present and not empty",
      });
    });

    it('rejects a call activity without zeebe:calledElement', () => {
      expect(problemsAll(around('<bpmn:callActivity id="task" />'))).toContainEqual(
        expect.objectContaining({ reason: "Must have exactly one 'zeebe:calledElement' extension element" }),
      );
    });

    it('defaults both propagation flags to true', () => {
      const body = around(
        '<bpmn:callActivity id="task"><bpmn:extensionElements><zeebe:calledElement processId="child" /></bpmn:extensionElements></bpmn:callActivity>',
      );
      expect(compileAll(body).elements['task']?.calledElement).toEqual({
        processId: { feel: false, value: 'child' },
        propagateAllChildVariables: true,
        propagateAllParentVariables: true,
      });
    });
  });

  describe('business rule tasks calling a decision', () => {
    const brt = (attrs: string): string =>
      around(
        `<bpmn:businessRuleTask id="task"><bpmn:extensionElements><zeebe:calledDecision ${attrs} /></bpmn:extensionElements></bpmn:businessRuleTask>`,
      );

    it.each([
      ['decisionId', 'resultVariable="r"'],
      ['resultVariable', 'decisionId="d"'],
    ])('rejects a missing %s', (attribute, attrs) => {
      expect(problemsAll(brt(attrs))).toContainEqual({
        resourceName: 'test.bpmn',
        elementId: 'task',
        reason: `Attribute '${attribute}' must be present and not empty`,
      });
    });

    it('rejects both a called decision and a task definition', () => {
      const body = around(
        '<bpmn:businessRuleTask id="task"><bpmn:extensionElements><zeebe:calledDecision decisionId="d" resultVariable="r" /><zeebe:taskDefinition type="t" /></bpmn:extensionElements></bpmn:businessRuleTask>',
      );
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({ reason: "Must have either one 'zeebe:calledDecision' or one 'zeebe:taskDefinition' extension element" }),
      );
    });

    it('compiles a static decision id', () => {
      expect(compileAll(brt('decisionId="d" resultVariable="r"')).elements['task']?.calledDecision).toEqual({
        decisionId: { feel: false, value: 'd' },
        resultVariable: 'r',
      });
    });
  });

  describe('event-based gateways', () => {
    const gateway = (targets: string, flows: string): string =>
      `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g" /><bpmn:eventBasedGateway id="g" />${flows}${targets}`;

    it('rejects fewer than two outgoing flows', () => {
      expect(
        problemsAll(gateway(timerCatch('t1', 'timeDuration', 'PT1M'), '<bpmn:sequenceFlow id="a" sourceRef="g" targetRef="t1" />')),
      ).toContainEqual(
        expect.objectContaining({ elementId: 'g', reason: 'Event-based gateway must have at least 2 outgoing sequence flows.' }),
      );
    });

    it('rejects a target that is not a catch event', () => {
      const body = gateway(
        `${timerCatch('t1', 'timeDuration', 'PT1M')}<bpmn:task id="t2" />`,
        '<bpmn:sequenceFlow id="a" sourceRef="g" targetRef="t1" /><bpmn:sequenceFlow id="b" sourceRef="g" targetRef="t2" />',
      );
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({
          elementId: 'g',
          reason:
            'Event-based gateway must not have an outgoing sequence flow to other elements than message/timer/signal intermediate catch events.',
        }),
      );
    });

    it('rejects a target with another incoming flow', () => {
      const body = gateway(
        `${timerCatch('t1', 'timeDuration', 'PT1M')}${timerCatch('t2', 'timeDuration', 'PT2M')}`,
        '<bpmn:sequenceFlow id="a" sourceRef="g" targetRef="t1" /><bpmn:sequenceFlow id="b" sourceRef="g" targetRef="t2" /><bpmn:sequenceFlow id="c" sourceRef="t1" targetRef="t2" />',
      );
      expect(problemsAll(body)).toContainEqual(
        expect.objectContaining({
          elementId: 'g',
          reason: expect.stringContaining('must not have any additional incoming sequence flows'),
        }),
      );
    });

    it('rejects two targets waiting for the same message', () => {
      const catchMessage = (id: string, ref: string): string =>
        `<bpmn:intermediateCatchEvent id="${id}"><bpmn:messageEventDefinition messageRef="${ref}" /></bpmn:intermediateCatchEvent>`;
      const body = gateway(
        catchMessage('t1', 'm1') + catchMessage('t2', 'm2'),
        '<bpmn:sequenceFlow id="a" sourceRef="g" targetRef="t1" /><bpmn:sequenceFlow id="b" sourceRef="g" targetRef="t2" />',
      );
      expect(problemsAll(body, message('m1', 'same') + message('m2', 'same'))).toContainEqual(
        expect.objectContaining({
          elementId: 'g',
          reason: "Multiple message event definitions with the same name 'same' are not allowed.",
        }),
      );
    });
  });

  describe('inclusive gateways', () => {
    it('rejects a default flow that does not start at the gateway', () => {
      const body = `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g" />
        <bpmn:inclusiveGateway id="g" default="f0" /><bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e" /><bpmn:endEvent id="e" />`;
      expect(problemsAll(body)).toContainEqual(expect.objectContaining({ elementId: 'g', reason: 'Default flow must start at gateway' }));
    });
  });
});

describe('DMN resources', () => {
  const dmn = (drgId: string, decisionId: string): ResourceInput =>
    resource(
      `${drgId}.dmn`,
      `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${drgId}" name="DRG ${drgId}"><decision id="${decisionId}" name="D"><literalExpression><text>1</text></literalExpression></decision></definitions>`,
    );

  it('are rejected with the decision feature off', () => {
    expect(rejection([dmn('drg', 'd')], { features: new Set(['timer']) }).problems).toEqual([
      { resourceName: 'drg.dmn', reason: 'DMN resources are not supported yet by the embedded engine' },
    ]);
  });

  it('compile into a decision resource with the feature on', () => {
    const [compiled] = compileResources([dmn('drg', 'd')], ALL);
    expect(compiled).toMatchObject({
      kind: 'decision',
      resourceName: 'drg.dmn',
      decisionRequirementsId: 'drg',
      decisionRequirementsName: 'DRG drg',
      decisions: [{ decisionId: 'd', decisionType: 'LITERAL_EXPRESSION' }],
    });
    expect(compiled?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reject DMN that does not parse, naming the resource', () => {
    expect(() => compileResources([resource('bad.dmn', '<definitions')], ALL)).toThrow("'bad.dmn': unparsable content");
  });

  it('reject duplicate decision ids and DRG ids across resources', () => {
    let problems: readonly DeploymentProblem[] = [];
    try {
      compileResources([dmn('drg', 'd'), dmn('drg', 'd')], ALL);
    } catch (error: unknown) {
      problems = (error as { problems: DeploymentProblem[] }).problems;
    }
    expect(problems.map((p) => p.reason)).toEqual([
      "Expected the decision requirements ids to be unique within a deployment but found a duplicated id 'drg' in the resources 'drg.dmn' and 'drg.dmn'.",
      "Expected the decision ids to be unique within a deployment but found a duplicated id 'd' in the resources 'drg.dmn' and 'drg.dmn'.",
    ]);
  });

  it('deploy beside a process calling the decision', () => {
    const bpmn = resource(
      'p.bpmn',
      processXml(
        around(
          '<bpmn:businessRuleTask id="task"><bpmn:extensionElements><zeebe:calledDecision decisionId="d" resultVariable="r" /></bpmn:extensionElements></bpmn:businessRuleTask>',
        ),
      ),
    );
    expect(compileResources([bpmn, dmn('drg', 'd')], ALL).map((r) => r.kind)).toEqual(['process', 'decision']);
  });
});

describe('inclusive gateway flows (every feature on)', () => {
  it('rejects an unconditioned flow that is not the default among several', () => {
    const body = `<bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g" /><bpmn:inclusiveGateway id="g" />
      <bpmn:sequenceFlow id="a" sourceRef="g" targetRef="e1"><bpmn:conditionExpression>=x</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="b" sourceRef="g" targetRef="e2" /><bpmn:endEvent id="e1" /><bpmn:endEvent id="e2" />`;
    expect(problemsAll(body)).toEqual([{ resourceName: 'test.bpmn', elementId: 'b', reason: 'Must have a condition or be default flow' }]);
  });
});

describe('binding types (every feature on)', () => {
  it.each([
    [
      'call activity',
      '<bpmn:callActivity id="task"><bpmn:extensionElements><zeebe:calledElement processId="x" bindingType="deployment" /></bpmn:extensionElements></bpmn:callActivity>',
    ],
    [
      'business rule task',
      '<bpmn:businessRuleTask id="task"><bpmn:extensionElements><zeebe:calledDecision decisionId="d" resultVariable="r" bindingType="versionTag" /></bpmn:extensionElements></bpmn:businessRuleTask>',
    ],
  ])('rejects a non-latest binding on a %s as not supported yet', (_what, element) => {
    expect(problemsAll(around(element))).toContainEqual(
      expect.objectContaining({
        elementId: 'task',
        reason: expect.stringMatching(/^Binding type '(deployment|versionTag)' is not supported yet by the embedded engine$/),
      }),
    );
  });
});

describe('error event sub-processes (every feature on)', () => {
  const errorEsp = (id: string, ref?: string): string =>
    `<bpmn:subProcess id="${id}" triggeredByEvent="true"><bpmn:startEvent id="${id}-s"><bpmn:errorEventDefinition${ref !== undefined ? ` errorRef="${ref}"` : ''} /></bpmn:startEvent></bpmn:subProcess>`;

  it('rejects two catching the same error code in one scope', () => {
    const errors = '<bpmn:error id="e1" errorCode="X" /><bpmn:error id="e2" errorCode="X" />';
    expect(problemsAll(`<bpmn:startEvent id="s" />${errorEsp('a', 'e1')}${errorEsp('b', 'e2')}`, errors)).toContainEqual(
      expect.objectContaining({
        elementId: 'p',
        reason: "Multiple error catch events with the same error code 'X' are not supported on the same scope.",
      }),
    );
  });

  it('rejects two catch-all error event sub-processes in one scope', () => {
    expect(problemsAll(`<bpmn:startEvent id="s" />${errorEsp('a')}${errorEsp('b')}`)).toContainEqual(
      expect.objectContaining({
        elementId: 'p',
        reason: expect.stringMatching(/^The same scope can not contain more than one error catch event without error code/),
      }),
    );
  });

  it('accepts a catch-all error event sub-process', () => {
    expect(compileAll(`<bpmn:startEvent id="s" />${errorEsp('a')}`).elements['a-s']).toMatchObject({
      event: { kind: 'error' },
      interrupting: true,
    });
  });
});
