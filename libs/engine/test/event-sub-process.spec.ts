/**
 * Event sub-processes through @camunda8/sdk: non-interrupting timer, interrupting message, error;
 * an interrupting one closes the scope's other event sub-process triggers.
 */
import type { Harness } from './support/engine-harness';
import { bpmn, elementStates, eventually, rootVariables, startHarness, waitForInstanceState } from './support/engine-harness';

describe('event sub-processes', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ controllableClock: true });
    await h.camunda.deployResources(
      ['event-sub-process.bpmn', 'event-sub-process-interrupting.bpmn'].map((name) => ({ name, process: bpmn(name) })),
    );
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

  it("an interrupting event sub-process closes the scope's other event sub-process triggers", async () => {
    const pik = (await h.camunda.createProcessInstance({ bpmnProcessId: 'espi', variables: { caseId: 'c-1' } })).processInstanceKey;
    const count = async (elementId: string) => (await states(pik)).filter((s) => s.startsWith(`${elementId}:`)).length;
    const triggers = async () => {
      const r = await h.sql.query<{ n: string }>(
        `SELECT ((SELECT count(*) FROM engine.timer WHERE process_instance_key = $1)
               + (SELECT count(*) FROM engine.message_subscription WHERE process_instance_key = $1)
               + (SELECT count(*) FROM engine.signal_subscription WHERE process_instance_key = $1))::text AS n`,
        [pik],
      );
      return Number(r.rows[0].n);
    };
    // Open: the reminder cycle, both messages, the signal.
    expect(await triggers()).toBe(4);
    h.engine.clock?.advance(60 * 60 * 1000 + 1000);
    await eventually(async () => ((await count('reminded')) === 1 ? true : undefined));

    await h.camunda.publishMessage({ name: 'espi-escalate', correlationKey: 'c-1', variables: {} });
    const [handle] = await eventually(async () => {
      const jobs = await activate('espi-handle', -1);
      return jobs.length > 0 ? jobs : undefined;
    });
    expect(await states(pik)).toContain('work:TERMINATED');
    expect(await triggers()).toBe(0);

    // None of the closed triggers fires any more.
    h.engine.clock?.advance(3 * 60 * 60 * 1000);
    await h.camunda.publishMessage({ name: 'espi-withdraw', correlationKey: 'c-1', variables: {} });
    await h.camunda.broadcastSignal({ signalName: 'espi-freeze', variables: {} });
    await new Promise((r) => setTimeout(r, 800));
    expect(await count('reminded')).toBe(1);
    expect(await count('withdrawn')).toBe(0);
    expect(await count('frozen')).toBe(0);
    expect(await states(pik)).toContain('handle:ACTIVATED');

    await h.camunda.completeJob({ jobKey: handle.key, variables: {} });
    await waitForInstanceState(h.sql, pik, 'COMPLETED');
    expect(await states(pik)).toEqual(expect.arrayContaining(['onEscalate:COMPLETED', 'escalated:COMPLETED']));
    expect(await states(pik)).not.toContain('end:COMPLETED');
  });
});
