/** Event-based gateways: the first of the target events (message or timer) wins and closes the others. */
import type { Harness } from './support/engine-harness';
import { bpmn, elementStates, rootVariables, startHarness, waitForInstanceState } from './support/engine-harness';

describe('event-based gateway', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ controllableClock: true });
    await h.camunda.deployResources([{ name: 'event-gateway.bpmn', process: bpmn('event-gateway.bpmn') }]);
  });
  afterAll(async () => {
    await h.close();
  });

  const pending = async (pik: string) => {
    const timers = await h.sql.query('SELECT 1 FROM engine.timer WHERE process_instance_key = $1', [pik]);
    const subs = await h.sql.query('SELECT 1 FROM engine.message_subscription WHERE process_instance_key = $1', [pik]);
    return { timers: timers.rows.length, subscriptions: subs.rows.length };
  };

  it('a message arriving first takes its path and cancels the timer', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({
      bpmnProcessId: 'event-gateway',
      variables: { requestId: 'r-1' },
    });
    expect(await pending(processInstanceKey)).toEqual({ timers: 1, subscriptions: 1 });
    await h.camunda.publishMessage({ name: 'answer', correlationKey: 'r-1', variables: { answer: 'yes' } });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    const states = await elementStates(h.sql, processInstanceKey);
    expect(states.map((e) => `${e.element_id}:${e.state}`)).toEqual([
      'event-gateway:COMPLETED',
      'start:COMPLETED',
      'gw:COMPLETED',
      'answered:COMPLETED',
      'endAnswered:COMPLETED',
    ]);
    expect((await rootVariables(h.sql, processInstanceKey)).answer).toBe('yes');
    expect(await pending(processInstanceKey)).toEqual({ timers: 0, subscriptions: 0 });
  });

  it('the timer firing first takes its path and closes the subscription', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({
      bpmnProcessId: 'event-gateway',
      variables: { requestId: 'r-2' },
    });
    h.engine.clock?.advance(3_600_000);
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    const ids = (await elementStates(h.sql, processInstanceKey)).map((e) => e.element_id);
    expect(ids).toContain('endTimeout');
    expect(ids).not.toContain('answered');
    expect(await pending(processInstanceKey)).toEqual({ timers: 0, subscriptions: 0 });
  });
});
