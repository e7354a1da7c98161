/**
 * Messages through @camunda8/sdk: PublishMessage (TTL buffering, message id uniqueness),
 * intermediate catch events, receive tasks, message boundary events (both kinds), message
 * start events (one active instance per correlation key).
 */
import type { Harness } from './support/engine-harness';
import {
  bpmn,
  elementStates,
  eventually,
  rootVariables,
  startHarness,
  waitForIncident,
  waitForInstanceState,
} from './support/engine-harness';

const PROCESSES = ['message-catch.bpmn', 'message-boundary.bpmn', 'message-start.bpmn'];

describe('messages', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ controllableClock: true });
    await h.camunda.deployResources(PROCESSES.map((name) => ({ name, process: bpmn(name) })));
  });
  afterAll(async () => {
    await h.close();
  });

  const count = async (pik: string, elementId: string, state?: string) =>
    (await elementStates(h.sql, pik)).filter((e) => e.element_id === elementId && (!state || e.state === state)).length;
  const waitCount = (pik: string, elementId: string, n: number, state?: string) =>
    eventually(async () => ((await count(pik, elementId, state)) === n ? true : undefined));
  const publish = (
    name: string,
    correlationKey: string,
    variables: Record<string, string | number | boolean> = {},
    extra: { timeToLive?: number; messageId?: string } = {},
  ) => h.camunda.publishMessage({ name, correlationKey, variables, ...extra });

  it('a catch event and a receive task wait for their messages; variables are merged', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'message-catch', variables: { orderId: 'o-1' } });
    await publish('paid', 'o-other', { amount: 1 });
    await new Promise((r) => setTimeout(r, 300));
    expect(await count(processInstanceKey, 'waitPaid', 'ACTIVATED')).toBe(1);
    const published = await publish('paid', 'o-1', { amount: 42 });
    expect(published.key).toMatch(/^\d+$/);
    await waitCount(processInstanceKey, 'waitShipped', 1, 'ACTIVATED');
    await publish('shipped', 'o-1', { carrier: 'dhl' });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    expect(await rootVariables(h.sql, processInstanceKey)).toEqual({ orderId: 'o-1', amount: 42, carrier: 'dhl' });
  });

  it('a numeric correlation key matches its string form', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'message-catch', variables: { orderId: 7 } });
    await publish('paid', '7');
    await waitCount(processInstanceKey, 'waitShipped', 1, 'ACTIVATED');
  });

  it('a buffered message (TTL) correlates to a subscription opened later; without TTL it is discarded', async () => {
    await publish('paid', 'o-2', { early: true }, { timeToLive: 60_000 });
    await publish('shipped', 'o-2', {}, { timeToLive: 0 });
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'message-catch', variables: { orderId: 'o-2' } });
    await waitCount(processInstanceKey, 'waitShipped', 1, 'ACTIVATED');
    await new Promise((r) => setTimeout(r, 300));
    expect(await count(processInstanceKey, 'waitShipped', 'ACTIVATED')).toBe(1);
    expect((await rootVariables(h.sql, processInstanceKey)).early).toBe(true);
  });

  it('a buffered message expires with its TTL (engine time)', async () => {
    await publish('paid', 'o-3', {}, { timeToLive: 60_000 });
    h.engine.clock?.advance(120_000);
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'message-catch', variables: { orderId: 'o-3' } });
    await new Promise((r) => setTimeout(r, 400));
    expect(await count(processInstanceKey, 'waitPaid', 'ACTIVATED')).toBe(1);
  });

  it('a message correlates once per process: of two instances waiting for it, one moves on (Zeebe message cardinality)', async () => {
    const first = await h.camunda.createProcessInstance({ bpmnProcessId: 'message-catch', variables: { orderId: 'o-twice' } });
    const second = await h.camunda.createProcessInstance({ bpmnProcessId: 'message-catch', variables: { orderId: 'o-twice' } });
    await waitCount(first.processInstanceKey, 'waitPaid', 1, 'ACTIVATED');
    await waitCount(second.processInstanceKey, 'waitPaid', 1, 'ACTIVATED');
    await publish('paid', 'o-twice', { amount: 1 }, { timeToLive: 60_000 });
    const moved = async () =>
      (await count(first.processInstanceKey, 'waitShipped', 'ACTIVATED')) +
      (await count(second.processInstanceKey, 'waitShipped', 'ACTIVATED'));
    await eventually(async () => ((await moved()) === 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 400));
    expect(await moved()).toBe(1); // buffered for a minute, yet it does not reach the other instance
    await publish('paid', 'o-twice', { amount: 2 });
    await eventually(async () => ((await moved()) === 2 ? true : undefined));
  });

  it('a message correlates at most once per process instance', async () => {
    // both catch events listen for "paid"-like names; one buffered message must not complete two subscriptions
    const { processInstanceKey } = await h.camunda.createProcessInstance({
      bpmnProcessId: 'message-boundary',
      variables: { orderId: 'o-4' },
    });
    await publish('note', 'o-4', { n: 1 }, { timeToLive: 60_000 });
    await waitCount(processInstanceKey, 'noted', 1);
    await new Promise((r) => setTimeout(r, 400));
    expect(await count(processInstanceKey, 'noted')).toBe(1);
    await publish('note', 'o-4', { n: 2 });
    await waitCount(processInstanceKey, 'noted', 2);
    expect(await count(processInstanceKey, 'work', 'ACTIVATED')).toBe(1);
    expect((await rootVariables(h.sql, processInstanceKey)).n).toBe(2);
  });

  it('an interrupting message boundary event cancels the task: its job answers NOT_FOUND', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({
      bpmnProcessId: 'message-boundary',
      variables: { orderId: 'o-5' },
    });
    const jobs = await h.camunda.activateJobs({
      type: 'order-work',
      maxJobsToActivate: 10,
      timeout: 30_000,
      worker: 'spec',
      requestTimeout: 5_000,
    });
    const job = jobs.find((j) => j.processInstanceKey === processInstanceKey);
    if (!job) throw new Error('no job');
    await publish('cancelOrder', 'o-5', { reason: 'customer' });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    expect(await count(processInstanceKey, 'work', 'TERMINATED')).toBe(1);
    expect(await count(processInstanceKey, 'cancelled', 'COMPLETED')).toBe(1);
    expect((await rootVariables(h.sql, processInstanceKey)).reason).toBe('customer');
    await expect(h.camunda.completeJob({ jobKey: job.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
    const subs = await h.sql.query('SELECT 1 FROM engine.message_subscription WHERE process_instance_key = $1', [processInstanceKey]);
    expect(subs.rows).toEqual([]);
  });

  it('a duplicate message id answers ALREADY_EXISTS while the first is buffered', async () => {
    await publish('paid', 'o-6', {}, { timeToLive: 60_000, messageId: 'm-1' });
    await expect(publish('paid', 'o-6', {}, { timeToLive: 60_000, messageId: 'm-1' })).rejects.toThrow(/ALREADY_EXISTS/);
    await publish('shipped', 'o-6', {}, { timeToLive: 60_000, messageId: 'm-1' });
  });

  it('a missing correlation key raises an incident', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'message-catch', variables: {} });
    const incident = await waitForIncident(h.sql, processInstanceKey);
    expect(incident.error_type).toBe('EXTRACT_VALUE_ERROR');
    expect(incident.error_message).toContain("Failed to extract the correlation key for 'orderId'");
  });

  it('a message start event creates instances, at most one active per correlation key', async () => {
    const instances = async () =>
      (
        await h.sql.query<{ key: string; state: string; variables: Record<string, unknown> }>(
          "SELECT key::text AS key, state, variables FROM engine.process_instance WHERE bpmn_process_id = 'message-start' ORDER BY key",
        )
      ).rows;
    await publish('orderPlaced', 'c-1', { n: 1 }, { timeToLive: 60_000 });
    await eventually(async () => ((await instances()).length === 1 ? true : undefined));
    await publish('orderPlaced', 'c-1', { n: 2 }, { timeToLive: 60_000 });
    await publish('orderPlaced', 'c-2', { n: 3 });
    await eventually(async () => ((await instances()).length === 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 400));
    expect((await instances()).map((i) => i.variables.n)).toEqual([1, 3]);
    // completing the c-1 instance lets the buffered second c-1 message start the next one
    const jobs = await h.camunda.activateJobs({
      type: 'handle-order',
      maxJobsToActivate: 10,
      timeout: 30_000,
      worker: 'spec',
      requestTimeout: 5_000,
    });
    const first = jobs.find((j) => j.variables.n === 1);
    if (!first) throw new Error('no job');
    await h.camunda.completeJob({ jobKey: first.key, variables: {} });
    await eventually(async () => ((await instances()).length === 3 ? true : undefined));
    expect((await instances()).map((i) => i.variables.n)).toEqual([1, 3, 2]);
  });
});
