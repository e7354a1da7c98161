/** Event sub-processes through @camunda8/sdk: non-interrupting timer, interrupting message, error. */
import type { Harness } from './support/engine-harness';
import { bpmn, elementStates, eventually, rootVariables, startHarness, waitForInstanceState } from './support/engine-harness';

describe('event sub-processes', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ controllableClock: true });
    await h.camunda.deployResources([{ name: 'event-sub-process.bpmn', process: bpmn('event-sub-process.bpmn') }]);
  });
  afterAll(async () => {
    await h.close();
  });

  const activate = (type: string, requestTimeout = 2_000) =>
    h.camunda.activateJobs({ type, maxJobsToActivate: 10, timeout: 30_000, worker: 'spec', requestTimeout });
  const start = async (orderId: string) =>
    (await h.camunda.createProcessInstance({ bpmnProcessId: 'esp', variables: { orderId } })).processInstanceKey;
  const states = async (pik: string) => (await elementStates(h.sql, pik)).map((e) => `${e.element_id}:${e.state}`);

  it('a non-interrupting timer event sub-process runs beside the main flow', async () => {
    const pik = await start('o-1');
    const [work] = await activate('esp-work');
    h.engine.clock?.advance(60 * 60 * 1000 + 1000);
    const remind = await eventually(async () => {
      const jobs = await activate('esp-remind', -1);
      return jobs.length > 0 ? jobs : undefined;
    });
    expect(remind.map((j) => j.processInstanceKey)).toEqual([pik]);
    await h.camunda.completeJob({ jobKey: remind[0].key, variables: {} });
    expect(await states(pik)).toContain('work:ACTIVATED');
    await h.camunda.completeJob({ jobKey: work.key, variables: {} });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    expect(await states(pik)).toEqual(expect.arrayContaining(['remind:COMPLETED', 'remindTask:COMPLETED', 'end:COMPLETED']));
  });

  it('an interrupting message event sub-process terminates the main flow', async () => {
    const pik = await start('o-2');
    const [work] = await activate('esp-work');
    await h.camunda.publishMessage({ name: 'esp-abort', correlationKey: 'o-2', variables: { reason: 'customer' } });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    expect(await states(pik)).toEqual(expect.arrayContaining(['work:TERMINATED', 'onAbort:COMPLETED', 'aborted:COMPLETED']));
    expect((await rootVariables(h.sql, pik)).reason).toBe('customer');
    await expect(h.camunda.completeJob({ jobKey: work.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
    const timers = await h.sql.query('SELECT 1 FROM engine.timer WHERE process_instance_key = $1', [pik]);
    expect(timers.rows).toEqual([]);
  });

  it('an error event sub-process catches an error thrown by a job', async () => {
    const pik = await start('o-3');
    const [work] = await activate('esp-work');
    await h.camunda.throwError({ jobKey: work.key, errorCode: 'FAIL', errorMessage: 'boom' });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    expect(await states(pik)).toEqual(expect.arrayContaining(['onFail:COMPLETED', 'failed:COMPLETED']));
    expect(await states(pik)).not.toContain('end:COMPLETED');
  });
});
