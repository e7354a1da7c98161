/** Multi-instance activities through @camunda8/sdk: parallel, sequential, completion condition, sub-processes. */
import type { Harness } from './support/engine-harness';
import { bpmn, elementStates, rootVariables, startHarness, waitForIncident, waitForInstanceState } from './support/engine-harness';

describe('multi-instance', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.camunda.deployResources(
      ['multi-instance.bpmn', 'multi-instance-after-task.bpmn'].map((name) => ({ name, process: bpmn(name) })),
    );
  });
  afterAll(async () => {
    await h.close();
  });

  const activate = (type: string, max: number) =>
    h.camunda.activateJobs({ type, maxJobsToActivate: max, timeout: 30_000, worker: 'spec', requestTimeout: 2_000 });
  const start = async (bpmnProcessId: string, variables: Record<string, unknown>) =>
    (await h.camunda.createProcessInstance({ bpmnProcessId, variables: variables as never })).processInstanceKey;

  it('parallel over 3 items: one job per item with its local item and loopCounter; the output collection keeps item order', async () => {
    const pik = await start('mi-parallel', { items: ['a', 'b', 'c'] });
    const jobs = await activate('mi-parallel-work', 10);
    expect(jobs.map((j) => [j.variables.item, j.variables.loopCounter]).sort()).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    // complete in reverse order: results still follow the input order
    for (const job of [...jobs].sort((x, y) => Number(y.variables.loopCounter) - Number(x.variables.loopCounter))) {
      await h.camunda.completeJob({ jobKey: job.key, variables: { result: `${job.variables.item as string}-done` } });
    }
    const [after] = await activate('mi-after', 1);
    expect(after.variables.results).toEqual(['a-done', 'b-done', 'c-done']);
    expect(after.variables).not.toHaveProperty('item');
    expect(after.variables).not.toHaveProperty('loopCounter');
    await h.camunda.completeJob({ jobKey: after.key, variables: {} });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    const types = (await elementStates(h.sql, pik)).filter((e) => e.element_id === 'work').map((e) => e.element_type);
    expect(types.sort()).toEqual(['MULTI_INSTANCE_BODY', 'SERVICE_TASK', 'SERVICE_TASK', 'SERVICE_TASK']);
  });

  it('sequential: one instance at a time, in order', async () => {
    const pik = await start('mi-sequential', { items: ['x', 'y', 'z'] });
    const seen: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const jobs = await activate('io.camunda.zeebe:userTask', 10);
      expect(jobs).toHaveLength(1);
      seen.push([jobs[0].variables.item, jobs[0].variables.loopCounter]);
      await h.camunda.completeJob({ jobKey: jobs[0].key, variables: {} });
    }
    expect(seen).toEqual([
      ['x', 1],
      ['y', 2],
      ['z', 3],
    ]);
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    expect((await rootVariables(h.sql, pik)).results).toEqual(['x!', 'y!', 'z!']);
  });

  it('the completion condition ends the body early and cancels the remaining instances', async () => {
    const pik = await start('mi-condition', { items: [1, 2, 3, 4] });
    const jobs = await activate('mi-condition-work', 10);
    expect(jobs).toHaveLength(4);
    await h.camunda.completeJob({ jobKey: jobs[0].key, variables: {} });
    await h.camunda.completeJob({ jobKey: jobs[1].key, variables: {} });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    await expect(h.camunda.completeJob({ jobKey: jobs[2].key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
    const states = (await elementStates(h.sql, pik)).filter((e) => e.element_type === 'SERVICE_TASK').map((e) => e.state);
    expect(states.sort()).toEqual(['COMPLETED', 'COMPLETED', 'TERMINATED', 'TERMINATED']);
  });

  it('a multi-instance sub-process with inner locals; an empty collection completes at once', async () => {
    const pik = await start('mi-sub', { items: [1, 2, 3] });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    expect(await rootVariables(h.sql, pik)).toEqual({ items: [1, 2, 3], tens: [10, 20, 30] });
    const empty = await start('mi-sub', { items: [] });
    await waitForInstanceState(h.sql, empty, 'COMPLETED');
    expect((await rootVariables(h.sql, empty)).tens).toEqual([]);
  });

  it('a non-list input collection raises an incident; fixing the variable and resolving continues', async () => {
    const pik = await start('mi-sub', { items: 'nope' });
    const incident = await waitForIncident(h.sql, pik);
    expect(incident.error_type).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.element_id).toBe('p-sub');
    expect(incident.error_message).toContain("'ARRAY'");
    await h.camunda.setVariables({ elementInstanceKey: pik, variables: { items: [5] }, local: false });
    await h.camunda.resolveIncident({ incidentKey: incident.key });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    expect((await rootVariables(h.sql, pik)).tens).toEqual([50]);
  });

  it('a parallel body over 600 items right after the start gets its 600 jobs (more keys than one command reserves)', async () => {
    const items = Array.from({ length: 600 }, (_, i) => i);
    const pik = await start('mi-parallel', { items });
    const jobs = await h.sql.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM engine.job WHERE process_instance_key = $1 AND type = 'mi-parallel-work' AND state = 'ACTIVATABLE'",
      [pik],
    );
    expect(jobs.rows[0].n).toBe('600');
    await h.camunda.cancelProcessInstance(pik);
    await waitForInstanceState(h.sql, pik, 'TERMINATED');
  });

  it('completing the task before a parallel body over 600 items gives the body its 600 jobs', async () => {
    const pik = await start('mi-after-task', {});
    const [prepare] = await activate('mi-prepare', 1);
    await h.camunda.completeJob({ jobKey: prepare.key, variables: { items: Array.from({ length: 600 }, (_, i) => i) } });
    const jobs = await h.sql.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM engine.job WHERE process_instance_key = $1 AND type = 'mi-each' AND state = 'ACTIVATABLE'",
      [pik],
    );
    expect(jobs.rows[0].n).toBe('600');
    await h.camunda.cancelProcessInstance(pik);
    await waitForInstanceState(h.sql, pik, 'TERMINATED');
  });
});
