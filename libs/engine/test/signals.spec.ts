/** Signals through @camunda8/sdk: BroadcastSignal to catch events, boundary events and start events. */
import type { Harness } from './support/engine-harness';
import { bpmn, elementStates, eventually, rootVariables, startHarness, waitForInstanceState } from './support/engine-harness';

describe('signals', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
    await h.camunda.deployResources(['signal-catch.bpmn', 'signal-start.bpmn'].map((name) => ({ name, process: bpmn(name) })));
  });
  afterAll(async () => {
    await h.close();
  });

  const states = async (pik: string) => (await elementStates(h.sql, pik)).map((e) => `${e.element_id}:${e.state}`);

  it('a broadcast reaches every waiting catch event; a signal is not buffered', async () => {
    await h.camunda.broadcastSignal({ signalName: 'go', variables: {} });
    const a = await h.camunda.createProcessInstance({ bpmnProcessId: 'signal-catch', variables: {} });
    const b = await h.camunda.createProcessInstance({ bpmnProcessId: 'signal-catch', variables: {} });
    await new Promise((r) => setTimeout(r, 200));
    expect(await states(a.processInstanceKey)).toContain('waitGo:ACTIVATED');
    const res = await h.camunda.broadcastSignal({ signalName: 'go', variables: { go: 1 } });
    expect(res.key).toMatch(/^\d+$/);
    for (const pik of [a.processInstanceKey, b.processInstanceKey]) {
      expect(await states(pik)).toContain('work:ACTIVATED');
      expect((await rootVariables(h.sql, pik)).go).toBe(1);
    }
  });

  it('an interrupting signal boundary event cancels the task', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'signal-catch', variables: {} });
    await h.camunda.broadcastSignal({ signalName: 'go', variables: {} });
    await eventually(async () => ((await states(processInstanceKey)).includes('work:ACTIVATED') ? true : undefined));
    await h.camunda.broadcastSignal({ signalName: 'abort', variables: {} });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    expect(await states(processInstanceKey)).toEqual(expect.arrayContaining(['work:TERMINATED', 'onAbort:COMPLETED', 'aborted:COMPLETED']));
    const subs = await h.sql.query('SELECT 1 FROM engine.signal_subscription WHERE process_instance_key = $1', [processInstanceKey]);
    expect(subs.rows).toEqual([]);
  });

  it('a signal start event creates an instance per broadcast with the signal variables', async () => {
    await h.camunda.broadcastSignal({ signalName: 'startAll', variables: { n: 1 } });
    await h.camunda.broadcastSignal({ signalName: 'startAll', variables: { n: 2 } });
    const rows = await h.sql.query<{ state: string; variables: Record<string, unknown> }>(
      "SELECT state, variables FROM engine.process_instance WHERE bpmn_process_id = 'signal-start' ORDER BY key",
    );
    expect(rows.rows).toEqual([
      { state: 'COMPLETED', variables: { n: 1 } },
      { state: 'COMPLETED', variables: { n: 2 } },
    ]);
  });
});
