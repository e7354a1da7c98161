/**
 * History as the instance monitor and analytics read it: element instances, jobs and
 * incidents queryable by process, version and instance with plain SQL.
 */
import { bpmnPath, startHarness, waitForIncident, waitForInstanceState, type Harness } from './support/engine-harness';

describe('history tables', () => {
  let h: Harness;
  let pdk: string;
  beforeAll(async () => {
    h = await startHarness();
    pdk = (await h.camunda.deployResource({ processFilename: bpmnPath('one-task.bpmn') })).deployments[0].process.processDefinitionKey;
    await h.camunda.deployResource({ processFilename: bpmnPath('uncaught-error.bpmn') });
  });
  afterAll(async () => {
    await h.close();
  });

  it('records every element instance of a completed instance with its definition, type and times', async () => {
    const pi = await h.camunda.createProcessInstance({ bpmnProcessId: 'one-task', variables: {} });
    const [job] = await h.camunda.activateJobs({
      type: 'one-task-work',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 10_000,
      requestTimeout: 5_000,
    });
    await h.camunda.completeJob({ jobKey: job.key, variables: {} });
    await waitForInstanceState(h.sql, pi.processInstanceKey, 'COMPLETED');
    const rows = await h.sql.query<{
      element_id: string;
      element_type: string;
      state: string;
      pdk: string;
      bpmn_process_id: string;
      version: number;
      took_ms: number;
      ordered: boolean;
    }>(
      `SELECT element_id, element_type, state, process_definition_key::text AS pdk, bpmn_process_id, version,
              extract(epoch FROM completed_at - activated_at) * 1000 AS took_ms, completed_at >= activated_at AS ordered
       FROM engine.element_instance WHERE bpmn_process_id = $1 AND version = $2 AND process_instance_key = $3 ORDER BY key`,
      ['one-task', pi.version, pi.processInstanceKey],
    );
    expect(rows.rows.map((r) => [r.element_id, r.element_type, r.state])).toEqual([
      ['one-task', 'PROCESS', 'COMPLETED'],
      ['start', 'START_EVENT', 'COMPLETED'],
      ['work', 'SERVICE_TASK', 'COMPLETED'],
      ['end', 'END_EVENT', 'COMPLETED'],
    ]);
    expect(rows.rows.every((r) => r.pdk === pdk && r.ordered)).toBe(true);
    const jobs = await h.sql.query('SELECT state, worker, element_id FROM engine.job WHERE process_instance_key = $1', [
      pi.processInstanceKey,
    ]);
    expect(jobs.rows).toEqual([{ state: 'COMPLETED', worker: 'w', element_id: 'work' }]);
  });

  it('records an active element and an incident while the instance waits, and the termination when cancelled', async () => {
    const pi = await h.camunda.createProcessInstance({ bpmnProcessId: 'uncaught-error', variables: {} });
    const [job] = await h.camunda.activateJobs({
      type: 'unc-work',
      worker: 'w',
      maxJobsToActivate: 1,
      timeout: 10_000,
      requestTimeout: 5_000,
    });
    await h.camunda.failJob({ jobKey: job.key, retries: 0, errorMessage: 'no more', retryBackOff: 0 });
    const incident = await waitForIncident(h.sql, pi.processInstanceKey);
    const active = await h.sql.query(
      "SELECT element_id FROM engine.element_instance WHERE process_definition_key = $1 AND state = 'ACTIVATED' ORDER BY key",
      [pi.processDefinitionKey],
    );
    expect(active.rows.map((r) => r.element_id)).toEqual(['uncaught-error', 'work']);
    await h.camunda.cancelProcessInstance(pi.processInstanceKey);
    await waitForInstanceState(h.sql, pi.processInstanceKey, 'TERMINATED');
    const ended = await h.sql.query(
      "SELECT element_id FROM engine.element_instance WHERE process_instance_key = $1 AND state = 'TERMINATED' AND terminated_at IS NOT NULL ORDER BY key",
      [pi.processInstanceKey],
    );
    expect(ended.rows.map((r) => r.element_id)).toEqual(['uncaught-error', 'work']);
    const resolved = await h.sql.query('SELECT state, resolved_at IS NOT NULL AS has_time FROM engine.incident WHERE key = $1', [
      incident.key,
    ]);
    expect(resolved.rows).toEqual([{ state: 'RESOLVED', has_time: true }]);
  });
});
