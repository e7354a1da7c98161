import { createHash } from 'node:crypto';
import { compileResources } from '../../src/model/compile';
import type { CompiledProcess } from '../../src/model/types';
import { around, compileProcess, fixture } from './support';

describe(compileResources.name, () => {
  describe('given the order fixture using every supported element', () => {
    const input = fixture('zeebe/order.bpmn');
    const [resource] = compileResources([input]);
    const process = (resource?.kind === 'process' ? resource.processes[0] : undefined) as CompiledProcess;

    it('returns a process resource with the sha256 checksum of the content', () => {
      expect(resource).toMatchObject({ kind: 'process', resourceName: 'order.bpmn' });
      expect(resource?.checksum).toBe(createHash('sha256').update(input.content).digest('hex'));
    });

    it('keeps the XML', () => {
      expect(resource?.kind === 'process' && resource.xml).toContain('<bpmn:process id="order"');
    });

    it('names the process and its none start event', () => {
      expect(process).toMatchObject({ bpmnProcessId: 'order', name: 'Order', noneStartEventId: 'start' });
    });

    it('lists top-level children in document order', () => {
      expect(process.children).toEqual([
        'start',
        'pay',
        'payment-failed',
        'end-failed',
        'check',
        'approve',
        'reject-check',
        'end-rejected',
        'fork',
        'score',
        'notify',
        'ship',
        'join',
        'archive',
        'end',
      ]);
    });

    it('compiles a service task into a job with FEEL type, static retries and headers', () => {
      expect(process.elements['pay']?.job).toEqual({
        type: { feel: true, expression: '"payment-" + provider' },
        retries: { feel: false, value: '5' },
        headers: { method: 'card' },
      });
    });

    it('compiles io mappings with static and FEEL sources', () => {
      expect(process.elements['pay']?.io).toEqual({
        inputs: [
          { source: { feel: true, expression: 'order.total' }, target: 'amount' },
          { source: { feel: false, value: 'EUR' }, target: 'payment.currency' },
        ],
        outputs: [{ source: { feel: true, expression: 'transactionId' }, target: 'order.transactionId' }],
      });
    });

    it('derives incoming and outgoing flows', () => {
      expect(process.elements['check']).toMatchObject({ incoming: ['f2'], outgoing: ['f-large', 'f-small'] });
    });

    it('compiles an interrupting error boundary event with its error code', () => {
      expect(process.elements['payment-failed']).toMatchObject({
        kind: 'boundaryEvent',
        attachedToRef: 'pay',
        cancelActivity: true,
        event: { kind: 'error', errorCode: { feel: false, value: 'PAYMENT_FAILED' } },
      });
    });

    it('compiles a terminate end event', () => {
      expect(process.elements['end-failed']?.event).toEqual({ kind: 'terminate' });
    });

    it('compiles an error end event whose error code is an expression', () => {
      expect(process.elements['end-rejected']?.event).toEqual({ kind: 'error', errorCode: { feel: true, expression: 'rejectionCode' } });
    });

    it('records the default flow of an exclusive gateway', () => {
      expect(process.elements['check']?.defaultFlow).toBe('f-small');
    });

    it('strips the leading = from sequence flow conditions', () => {
      expect(process.flows['f-large']).toEqual({
        id: 'f-large',
        name: 'large',
        sourceRef: 'check',
        targetRef: 'approve',
        condition: 'order.total > 1000',
      });
    });

    it('compiles a user task with form, assignment and schedule', () => {
      expect(process.elements['approve']?.userTask).toEqual({
        formId: 'approve-order',
        assignee: { feel: true, expression: 'manager' },
        candidateGroups: { feel: false, value: 'finance:1, audit:1' },
        candidateUsers: { feel: true, expression: '["alice"]' },
        dueDate: { feel: false, value: '2030-01-01T12:00:00+08:00' },
        followUpDate: { feel: true, expression: 'now() + duration("P1D")' },
      });
    });

    it('compiles a script task with zeebe:script', () => {
      expect(process.elements['score']?.script).toEqual({ expression: 'order.total * 0.1', resultVariable: 'score' });
    });

    it('compiles a send task with the default retries', () => {
      expect(process.elements['notify']?.job).toEqual({
        type: { feel: false, value: 'notify' },
        retries: { feel: false, value: '3' },
        headers: {},
      });
    });

    it('compiles an embedded sub-process with its children scoped to it', () => {
      expect(process.elements['ship']).toMatchObject({ kind: 'subProcess', children: ['ship-start', 'pack', 'label', 'ship-end'] });
      expect(process.elements['pack']).toMatchObject({ kind: 'manualTask', parentId: 'ship' });
    });

    it('compiles a business rule task with a task definition and FEEL retries', () => {
      expect(process.elements['label']).toMatchObject({
        kind: 'businessRuleTask',
        job: { retries: { feel: true, expression: 'retryBudget' } },
      });
    });

    it('compiles parallel gateways and an undefined task', () => {
      expect(process.elements['fork']).toMatchObject({ kind: 'parallelGateway', outgoing: ['f4', 'f5', 'f6'] });
      expect(process.elements['join']).toMatchObject({ kind: 'parallelGateway', incoming: ['f7', 'f8', 'f9'] });
      expect(process.elements['archive']).toMatchObject({ kind: 'task' });
    });

    it('maps error ids to error codes', () => {
      expect(process.errors).toEqual({ 'err-payment': 'PAYMENT_FAILED', 'err-rejected': '=rejectionCode' });
    });

    it('ignores text annotations and associations', () => {
      expect(process.elements['note']).toBeUndefined();
    });
  });

  describe('given small processes', () => {
    it('compiles a script task that runs as a job', () => {
      const process = compileProcess(
        around(
          `<bpmn:scriptTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="script-worker" /></bpmn:extensionElements></bpmn:scriptTask>`,
        ),
      );
      expect(process.elements['task']?.job?.type).toEqual({ feel: false, value: 'script-worker' });
    });

    it('compiles a user task with a legacy form key', () => {
      const process = compileProcess(
        around(
          `<bpmn:userTask id="task"><bpmn:extensionElements><zeebe:formDefinition formKey="camunda-forms:bpmn:form1" /></bpmn:extensionElements></bpmn:userTask>`,
        ),
      );
      expect(process.elements['task']?.userTask).toEqual({ formKey: 'camunda-forms:bpmn:form1' });
    });

    it('compiles a user task without any extension', () => {
      expect(compileProcess(around('<bpmn:userTask id="task" />')).elements['task']?.userTask).toEqual({});
    });

    it('compiles an error boundary event without errorRef as catch-all', () => {
      const process = compileProcess(
        around(`<bpmn:task id="task" />
          <bpmn:boundaryEvent id="catch" attachedToRef="task"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>`),
      );
      expect(process.elements['catch']?.event).toEqual({ kind: 'error' });
    });

    it('compiles the executable process of a collaboration participant', () => {
      const [compiled] = compileResources([fixture('zeebe/collaboration.bpmn')]);
      expect(compiled?.kind === 'process' && compiled.processes.map((p) => p.bpmnProcessId)).toEqual(['handle-request']);
    });

    it('compiles a Camunda Modeler export with diagram, colours, data objects, annotations and groups', () => {
      const [compiled] = compileResources([fixture('zeebe/modeler-export.bpmn')]);
      const process = compiled?.kind === 'process' ? compiled.processes[0] : undefined;
      expect(process).toMatchObject({
        bpmnProcessId: 'repair-request',
        name: '报修',
        children: ['StartEvent_1', 'Activity_review', 'Event_end'],
      });
      expect(process?.elements['Activity_review']?.userTask).toEqual({
        formId: 'repair-review',
        candidateGroups: { feel: true, expression: '["grid-worker:" + orgUnitId]' },
      });
    });

    it('does not check task header values as expressions', () => {
      const process = compileProcess(
        around(
          `<bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="a" /><zeebe:taskHeaders><zeebe:header key="k" value="=not feel (" /></zeebe:taskHeaders></bpmn:extensionElements></bpmn:serviceTask>`,
        ),
      );
      expect(process.elements['task']?.job?.headers).toEqual({ k: '=not feel (' });
    });

    it('accepts a .xml resource as BPMN', () => {
      const [compiled] = compileResources([fixture('zeebe/order.bpmn', 'order.xml')]);
      expect(compiled?.kind).toBe('process');
    });

    it('accepts an element without incoming flow, as Zeebe does', () => {
      const process = compileProcess(`${around('<bpmn:task id="task" />')}<bpmn:task id="orphan" />`);
      expect(process.elements['orphan']).toMatchObject({ incoming: [], outgoing: [] });
    });
  });
});
