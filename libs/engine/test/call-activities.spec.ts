/** Call activities through @camunda8/sdk: child instances, variable propagation, cancellation, incidents. */
import type { Harness } from './support/engine-harness';
import {
  bpmn,
  eventually,
  instanceState,
  rootVariables,
  startHarness,
  waitForIncident,
  waitForInstanceState,
} from './support/engine-harness';

describe('call activities', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.camunda.deployResources([{ name: 'call-activity.bpmn', process: bpmn('call-activity.bpmn') }]);
  });
  afterAll(async () => {
    await h.close();
  });

  const childWork = async () => {
    const jobs = await h.camunda.activateJobs({
      type: 'child-work',
      maxJobsToActivate: 1,
      timeout: 30_000,
      worker: 'spec',
      requestTimeout: 5_000,
    });
    expect(jobs).toHaveLength(1);
    return jobs[0];
  };
  const parentOf = async (pik: string) =>
    (
      await h.sql.query<{ ppik: string | null; peik: string | null }>(
        'SELECT parent_process_instance_key::text AS ppik, parent_element_instance_key::text AS peik FROM engine.process_instance WHERE key = $1',
        [pik],
      )
    ).rows[0];

  it('starts the latest version of the called process (FEEL id) with all parent variables; its completion completes the call activity', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({
      bpmnProcessId: 'call-parent',
      variables: { childId: 'call-child', a: 1 },
    });
    const job = await childWork();
    expect(job.processInstanceKey).not.toBe(processInstanceKey);
    expect(job.bpmnProcessId).toBe('call-child');
    expect(job.variables).toEqual({ childId: 'call-child', a: 1 });
    const callKey = (
      await h.sql.query<{ key: string }>(
        "SELECT key::text AS key FROM engine.element_instance WHERE process_instance_key = $1 AND element_id = 'call'",
        [processInstanceKey],
      )
    ).rows[0].key;
    expect(await parentOf(job.processInstanceKey)).toEqual({ ppik: processInstanceKey, peik: callKey });
    await h.camunda.completeJob({ jobKey: job.key, variables: { b: 2 } });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    expect(await instanceState(h.sql, job.processInstanceKey)).toBe('COMPLETED');
    expect(await rootVariables(h.sql, processInstanceKey)).toEqual({ childId: 'call-child', a: 1, b: 2 });
  });

  it('without propagation only input mappings go down and only output mappings come back', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({
      bpmnProcessId: 'call-parent-mapped',
      variables: { a: 7, other: true },
    });
    const job = await childWork();
    expect(job.variables).toEqual({ x: 7 });
    await h.camunda.completeJob({ jobKey: job.key, variables: { b: 5, c: 6 } });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    expect(await rootVariables(h.sql, processInstanceKey)).toEqual({ a: 7, other: true, mappedB: 5 });
  });

  it('cancelling the parent cancels the child', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({
      bpmnProcessId: 'call-parent',
      variables: { childId: 'call-child' },
    });
    const job = await childWork();
    await h.camunda.cancelProcessInstance(processInstanceKey);
    await waitForInstanceState(h.sql, job.processInstanceKey, 'TERMINATED');
    await expect(h.camunda.completeJob({ jobKey: job.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  it('an unknown called process raises CALLED_ELEMENT_ERROR; deploying it and resolving continues', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({
      bpmnProcessId: 'call-parent',
      variables: { childId: 'late-child' },
    });
    const incident = await waitForIncident(h.sql, processInstanceKey);
    expect(incident.error_type).toBe('CALLED_ELEMENT_ERROR');
    expect(incident.element_id).toBe('call');
    expect(incident.error_message).toBe("Expected process with BPMN process id 'late-child' to be deployed, but not found.");
    await h.camunda.deployResources([{ name: 'late-child.bpmn', process: bpmn('late-child.bpmn') }]);
    await h.camunda.resolveIncident({ incidentKey: incident.key });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    await eventually(async () => ((await instanceState(h.sql, processInstanceKey)) === 'COMPLETED' ? true : undefined));
  });
});
