/**
 * BPMN element behaviour, element by element, observed through the @camunda8/sdk gRPC
 * client (jobs, variables) and the history tables the monitor reads.
 */
import type { JSONDoc } from '@camunda8/sdk/dist/zeebe/lib/interfaces-1.0';
import type { Harness } from './support/engine-harness';
import {
  bpmn,
  bpmnPath,
  elementStates,
  incidents,
  rootVariables,
  startHarness,
  waitForIncident,
  waitForInstanceState,
} from './support/engine-harness';

const PROCESSES = [
  'exclusive-gateway.bpmn',
  'exclusive-no-default.bpmn',
  'parallel.bpmn',
  'sub-process-error.bpmn',
  'terminate.bpmn',
  'script-and-mappings.bpmn',
  'user-task.bpmn',
  'uncaught-error.bpmn',
];

describe('BPMN elements', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.camunda.deployResources([
      ...PROCESSES.map((name) => ({ name, process: bpmn(name) })),
      { name: 'review-form.form', form: bpmn('review-form.form') },
    ]);
  });
  afterAll(async () => {
    await h.close();
  });

  async function start(bpmnProcessId: string, variables: JSONDoc = {}): Promise<string> {
    const pi = await h.camunda.createProcessInstance({ bpmnProcessId, variables });
    return pi.processInstanceKey;
  }

  async function activateOne(type: string) {
    const jobs = await h.camunda.activateJobs({ type, maxJobsToActivate: 1, timeout: 30_000, worker: 'spec', requestTimeout: 5_000 });
    expect(jobs).toHaveLength(1);
    return jobs[0];
  }

  describe('exclusive gateway', () => {
    it('given amount 500, when the instance starts, then the flow whose condition is true is taken', async () => {
      const pik = await start('exclusive-gateway', { amount: 500 });
      const job = await activateOne('xgw-high');
      expect(job.processInstanceKey).toBe(pik);
    });

    it('given no condition is true, when the instance starts, then the default flow is taken', async () => {
      const pik = await start('exclusive-gateway', { amount: -1 });
      const job = await activateOne('xgw-other');
      expect(job.processInstanceKey).toBe(pik);
    });

    it('given no condition is true and no default flow, then an incident is raised on the gateway', async () => {
      const pik = await start('exclusive-no-default', { decision: 'maybe' });
      const incident = await waitForIncident(h.sql, pik);
      expect(incident.element_id).toBe('decide');
      expect(incident.error_type).toBe('CONDITION_ERROR');
    });

    it('given the incident, when the variable is fixed and the incident resolved, then the instance completes', async () => {
      const pik = await start('exclusive-no-default', {});
      const incident = await waitForIncident(h.sql, pik);
      await h.camunda.setVariables({ elementInstanceKey: pik, variables: { decision: 'yes' }, local: false });
      await h.camunda.resolveIncident({ incidentKey: incident.key });
      await waitForInstanceState(h.sql, pik, 'COMPLETED');
      const history = await elementStates(h.sql, pik);
      expect(history.filter((e) => e.element_id === 'yes').map((e) => e.state)).toEqual(['COMPLETED']);
    });
  });

  describe('parallel gateway', () => {
    it('forks into both branches and joins only when both are complete', async () => {
      const pik = await start('parallel', { x: 1 });
      const a = await activateOne('par-a');
      const b = await activateOne('par-b');
      await h.camunda.completeJob({ jobKey: a.key, variables: { fromA: true } });
      const early = await h.camunda.activateJobs({
        type: 'par-after',
        maxJobsToActivate: 1,
        timeout: 1000,
        worker: 'spec',
        requestTimeout: -1,
      });
      expect(early).toHaveLength(0);
      await h.camunda.completeJob({ jobKey: b.key, variables: { fromB: true } });
      const after = await activateOne('par-after');
      expect(after.processInstanceKey).toBe(pik);
      expect(after.variables).toEqual({ x: 1, fromA: true, fromB: true });
      await h.camunda.completeJob({ jobKey: after.key, variables: {} });
      await waitForInstanceState(h.sql, pik, 'COMPLETED');
      const joins = (await elementStates(h.sql, pik)).filter((e) => e.element_id === 'join');
      expect(joins).toEqual([{ element_id: 'join', element_type: 'PARALLEL_GATEWAY', state: 'COMPLETED' }]);
    });
  });

  describe('embedded sub-process and error boundary events', () => {
    it('sees the sub-process input mapping as a local variable, and completes normally', async () => {
      const pik = await start('sub-process-error', { order: { id: 'o-1' } });
      const job = await activateOne('sub-check');
      expect(job.variables).toMatchObject({ orderId: 'o-1', order: { id: 'o-1' } });
      await h.camunda.completeJob({ jobKey: job.key, variables: { valid: true } });
      await waitForInstanceState(h.sql, pik, 'COMPLETED');
      const vars = await rootVariables(h.sql, pik);
      expect(vars).toEqual({ order: { id: 'o-1' }, valid: true });
    });

    it('catches an error thrown by a job with the boundary event of the matching errorCode', async () => {
      const pik = await start('sub-process-error', { order: { id: 'o-2' } });
      const job = await activateOne('sub-check');
      await h.camunda.throwError({ jobKey: job.key, errorCode: 'REJECTED', errorMessage: 'no', variables: { reason: 'stock' } });
      const next = await activateOne('sub-rejected');
      expect(next.processInstanceKey).toBe(pik);
      expect(next.variables).toMatchObject({ reason: 'stock' });
      const sub = (await elementStates(h.sql, pik)).filter((e) => e.element_id === 'sub' || e.element_id === 'check');
      expect(sub.map((e) => e.state)).toEqual(['TERMINATED', 'TERMINATED']);
    });

    it('catches an error end event inside the sub-process with the catch-all boundary event', async () => {
      const pik = await start('sub-process-error', { order: { id: 'o-3' } });
      const job = await activateOne('sub-check');
      await h.camunda.completeJob({ jobKey: job.key, variables: { valid: false } });
      await waitForInstanceState(h.sql, pik, 'COMPLETED');
      const ended = (await elementStates(h.sql, pik)).filter((e) => e.element_id === 'failed' || e.element_id === 'onAnyError');
      expect(ended.map((e) => [e.element_id, e.state])).toEqual([
        ['onAnyError', 'COMPLETED'],
        ['failed', 'COMPLETED'],
      ]);
    });

    it('raises an incident when no boundary event catches the error code', async () => {
      const pik = await start('uncaught-error');
      const job = await activateOne('unc-work');
      await h.camunda.throwError({ jobKey: job.key, errorCode: 'NOPE', errorMessage: 'boom' });
      const incident = await waitForIncident(h.sql, pik);
      expect(incident.error_type).toBe('UNHANDLED_ERROR_EVENT');
      expect(incident.error_message).toContain("'NOPE'");
    });
  });

  describe('terminate end event', () => {
    it('terminates the other active branch and completes the instance', async () => {
      const pik = await start('terminate');
      const slow = await activateOne('term-slow');
      const fast = await activateOne('term-fast');
      await h.camunda.completeJob({ jobKey: fast.key, variables: {} });
      await waitForInstanceState(h.sql, pik, 'COMPLETED');
      const slowRows = (await elementStates(h.sql, pik)).filter((e) => e.element_id === 'slow');
      expect(slowRows[0].state).toBe('TERMINATED');
      await expect(h.camunda.completeJob({ jobKey: slow.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
    });
  });

  describe('script task, FEEL job definition and io mappings', () => {
    it('computes the script result, maps inputs for the job and outputs back to the process', async () => {
      const pik = await start('script-and-mappings', { items: [1, 2, 3.5], channel: 'card', retriesWanted: 5, customer: { name: 'Li' } });
      const job = await activateOne('charge-card');
      expect(job.retries).toBe(5);
      expect(job.variables).toMatchObject({ total: 6.5, cents: 650, payer: { name: 'Li' } });
      await h.camunda.completeJob({ jobKey: job.key, variables: { receipt: { id: 'r-9' }, notPropagated: 1 } });
      const notify = await activateOne('script-notify');
      expect(notify.variables).toMatchObject({ receiptId: 'r-9', charged: { cents: 650 }, total: 6.5 });
      expect(notify.variables).not.toHaveProperty('notPropagated');
      expect(notify.variables).not.toHaveProperty('cents');
      expect(pik).toBe(notify.processInstanceKey);
    });

    it('raises an incident naming the element and the expression when a FEEL expression fails, and retries it when resolved', async () => {
      const pik = await start('script-and-mappings', { items: [1], channel: 'card', retriesWanted: 'many', customer: { name: 'Li' } });
      const incident = await waitForIncident(h.sql, pik);
      expect(incident.element_id).toBe('charge');
      expect(incident.error_type).toBe('EXTRACT_VALUE_ERROR');
      expect(incident.error_message).toContain("'retriesWanted'");
      expect(incident.error_message).toContain("'charge'");
      await h.camunda.setVariables({ elementInstanceKey: pik, variables: { retriesWanted: 2 }, local: false });
      await h.camunda.resolveIncident({ incidentKey: incident.key });
      const job = await activateOne('charge-card');
      expect(job.processInstanceKey).toBe(pik);
      expect(job.retries).toBe(2);
    });

    it('raises an incident when the job type expression does not give a string', async () => {
      const pik = await start('script-and-mappings', { items: [1], retriesWanted: 1, customer: { name: 'Li' } });
      const incident = await waitForIncident(h.sql, pik);
      expect(incident.element_id).toBe('charge');
      expect(incident.error_type).toBe('EXTRACT_VALUE_ERROR');
    });
  });

  describe('user task', () => {
    it('creates an io.camunda.zeebe:userTask job with the form key and assignment headers', async () => {
      const pik = await start('user-task', { reviewer: 'wang', orgUnit: 'c-12', dueAt: '2026-12-24T18:00:00+08:00' });
      const job = await activateOne('io.camunda.zeebe:userTask');
      expect(job.processInstanceKey).toBe(pik);
      expect(job.elementId).toBe('review');
      const headers = job.customHeaders as Record<string, string>;
      expect(headers['io.camunda.zeebe:formKey']).toMatch(/^\d+$/);
      expect(headers['io.camunda.zeebe:assignee']).toBe('wang');
      expect(JSON.parse(headers['io.camunda.zeebe:candidateGroups'])).toEqual(['committee:c-12', 'admin']);
      expect(JSON.parse(headers['io.camunda.zeebe:candidateUsers'])).toEqual(['alice', 'bob']);
      expect(headers['io.camunda.zeebe:dueDate']).toBe('2026-12-24T18:00:00+08:00');
      expect(headers['io.camunda.zeebe:followUpDate']).toBe('2026-12-01T09:00:00+08:00');
      await h.camunda.completeJob({ jobKey: job.key, variables: { approved: true } });
      await waitForInstanceState(h.sql, pik, 'COMPLETED');
      expect(await rootVariables(h.sql, pik)).toMatchObject({ approved: true });
    });
  });

  describe('variables', () => {
    it('SetVariables local keeps the variable in the element scope; propagated goes to the process', async () => {
      const pik = await start('parallel', { shared: 0 });
      const a = await activateOne('par-a');
      await h.camunda.setVariables({ elementInstanceKey: a.elementInstanceKey, variables: { onlyA: 1 }, local: true });
      await h.camunda.setVariables({ elementInstanceKey: a.elementInstanceKey, variables: { shared: 2 }, local: false });
      const b = await activateOne('par-b');
      expect(b.variables).toEqual({ shared: 2 });
      expect(await rootVariables(h.sql, pik)).toEqual({ shared: 2 });
    });

    it('rejects SetVariables for an unknown element instance with NOT_FOUND', async () => {
      await expect(h.camunda.setVariables({ elementInstanceKey: '2251799813685000', variables: { a: 1 }, local: false })).rejects.toThrow(
        /NOT_FOUND.*Expected to update variables for element with key '2251799813685000', but no such element was found/,
      );
    });
  });

  describe('cancel', () => {
    it('terminates the instance and its job; the job can no longer be completed', async () => {
      const pik = await start('parallel');
      const a = await activateOne('par-a');
      await h.camunda.cancelProcessInstance(pik);
      await waitForInstanceState(h.sql, pik, 'TERMINATED');
      await expect(h.camunda.completeJob({ jobKey: a.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
      await expect(h.camunda.cancelProcessInstance(pik)).rejects.toThrow(/NOT_FOUND/);
      expect(await incidents(h.sql, pik)).toEqual([]);
    });
  });

  describe('create with result', () => {
    it('answers when the instance completes, with the fetched variables', async () => {
      const pending = h.camunda.createProcessInstanceWithResult({
        bpmnProcessId: 'user-task',
        variables: { reviewer: 'li', orgUnit: 'x', dueAt: '2026-12-24T18:00:00+08:00' },
        requestTimeout: 20_000,
        fetchVariables: ['decision'],
      });
      const job = await activateOne('io.camunda.zeebe:userTask');
      await h.camunda.completeJob({ jobKey: job.key, variables: { decision: 'ok', other: 1 } });
      const result = await pending;
      expect(result.variables).toEqual({ decision: 'ok' });
    });
  });

  it('keeps the process files under test', () => {
    expect(bpmnPath('parallel.bpmn')).toMatch(/parallel\.bpmn$/);
  });
});
