/**
 * Timers through @camunda8/sdk, with the engine's controllable clock moving engine time:
 * intermediate catch (duration, date), boundary (interrupting, non-interrupting cycle),
 * timer start events (cycle, cron), and durability across an engine restart.
 */
import { startEngine } from '../src';
import type { Harness } from './support/engine-harness';
import { bpmn, elementStates, eventually, instanceState, sdkClient, startHarness, waitForInstanceState } from './support/engine-harness';

const HOUR = 3_600_000;
const PROCESSES = ['timer-catch.bpmn', 'timer-date.bpmn', 'timer-boundary.bpmn', 'timer-reminder.bpmn'];

async function timerRows(h: Harness, processInstanceKey: string): Promise<Array<{ element_id: string; due: string }>> {
  const r = await h.sql.query<{ element_id: string; due: string }>(
    'SELECT element_id, due::text AS due FROM engine.timer WHERE process_instance_key = $1 ORDER BY key',
    [processInstanceKey],
  );
  return r.rows;
}

async function countElements(h: Harness, processInstanceKey: string, elementId: string, state?: string): Promise<number> {
  return (await elementStates(h.sql, processInstanceKey)).filter((e) => e.element_id === elementId && (!state || e.state === state)).length;
}

describe('controllable clock', () => {
  it('is absent by default', async () => {
    const h = await startHarness();
    try {
      expect(h.engine.clock).toBeUndefined();
    } finally {
      await h.close();
    }
  });

  it('advances and sets engine time', async () => {
    const h = await startHarness({ controllableClock: true });
    try {
      const clock = h.engine.clock;
      if (!clock) throw new Error('no clock');
      const before = clock.now();
      expect(clock.advance(HOUR)).toBeGreaterThanOrEqual(before + HOUR);
      expect(() => clock.advance(-1)).toThrow(RangeError);
      const at = Date.UTC(2030, 0, 1);
      expect(Math.abs(clock.set(at) - at)).toBeLessThan(1000);
      expect(Math.abs(clock.reset() - Date.now())).toBeLessThan(1000);
    } finally {
      await h.close();
    }
  });
});

describe('timers', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ controllableClock: true });
    await h.camunda.deployResources(PROCESSES.map((name) => ({ name, process: bpmn(name) })));
  });
  afterAll(async () => {
    await h.close();
  });

  const advance = (ms: number) => {
    if (!h.engine.clock) throw new Error('no clock');
    h.engine.clock.advance(ms);
  };

  it('an intermediate catch event waits for its (FEEL) duration, then the instance continues', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'timer-catch', variables: { waitFor: 'PT1H' } });
    const rows = await timerRows(h, processInstanceKey);
    expect(rows).toHaveLength(1);
    expect(rows[0].element_id).toBe('wait');
    await new Promise((r) => setTimeout(r, 400));
    expect(await countElements(h, processInstanceKey, 'wait', 'ACTIVATED')).toBe(1);
    expect(await countElements(h, processInstanceKey, 'after')).toBe(0);

    advance(HOUR);
    await eventually(async () => ((await countElements(h, processInstanceKey, 'after')) === 1 ? true : undefined));
    expect(await countElements(h, processInstanceKey, 'wait', 'COMPLETED')).toBe(1);
    expect(await timerRows(h, processInstanceKey)).toEqual([]);
    const [job] = await h.camunda.activateJobs({
      type: 'after-timer',
      maxJobsToActivate: 1,
      timeout: 30_000,
      worker: 'spec',
      requestTimeout: 5_000,
    });
    expect(job.processInstanceKey).toBe(processInstanceKey);
    await h.camunda.completeJob({ jobKey: job.key, variables: {} });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
  });

  it('a timeDate in the past fires at once; an invalid FEEL timer raises an incident', async () => {
    const past = await h.camunda.createProcessInstance({ bpmnProcessId: 'timer-date', variables: { dueAt: '2020-01-01T00:00:00Z' } });
    await waitForInstanceState(h.sql, past.processInstanceKey, 'COMPLETED');
    const bad = await h.camunda.createProcessInstance({ bpmnProcessId: 'timer-date', variables: { dueAt: 'tomorrow' } });
    const r = await h.sql.query<{ error_type: string; error_message: string }>(
      'SELECT error_type, error_message FROM engine.incident WHERE process_instance_key = $1',
      [bad.processInstanceKey],
    );
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0].error_type).toBe('EXTRACT_VALUE_ERROR');
    expect(r.rows[0].error_message).toContain('Invalid timer date expression');
  });

  it('an interrupting boundary timer cancels the task: completing its job answers NOT_FOUND', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'timer-boundary', variables: {} });
    const [job] = await h.camunda.activateJobs({
      type: 'slow-task',
      maxJobsToActivate: 1,
      timeout: 30_000,
      worker: 'spec',
      requestTimeout: 5_000,
    });
    expect(job.processInstanceKey).toBe(processInstanceKey);
    advance(10 * 60_000);
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    const states = await elementStates(h.sql, processInstanceKey);
    expect(states.find((e) => e.element_id === 'slow')?.state).toBe('TERMINATED');
    expect(states.find((e) => e.element_id === 'timeout')?.state).toBe('COMPLETED');
    expect(states.find((e) => e.element_id === 'timedOut')?.state).toBe('COMPLETED');
    expect(states.find((e) => e.element_id === 'done')).toBeUndefined();
    await expect(h.camunda.completeJob({ jobKey: job.key, variables: {} })).rejects.toThrow(/NOT_FOUND/);
  });

  it('a boundary timer is cancelled when the task completes first', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'timer-boundary', variables: {} });
    expect(await timerRows(h, processInstanceKey)).toHaveLength(1);
    const [job] = await h.camunda.activateJobs({
      type: 'slow-task',
      maxJobsToActivate: 1,
      timeout: 30_000,
      worker: 'spec',
      requestTimeout: 5_000,
    });
    await h.camunda.completeJob({ jobKey: job.key, variables: {} });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
    expect(await timerRows(h, processInstanceKey)).toEqual([]);
    expect(await countElements(h, processInstanceKey, 'timeout')).toBe(0);
  });

  it('a non-interrupting cycle (R3/PT1H) fires three times while the task stays active', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'timer-reminder', variables: {} });
    for (let i = 1; i <= 4; i++) {
      advance(HOUR);
      const expected = Math.min(i, 3);
      await eventually(async () => ((await countElements(h, processInstanceKey, 'reminded', 'COMPLETED')) === expected ? true : undefined));
    }
    await new Promise((r) => setTimeout(r, 400));
    expect(await countElements(h, processInstanceKey, 'remind')).toBe(3);
    expect(await timerRows(h, processInstanceKey)).toEqual([]);
    expect(await countElements(h, processInstanceKey, 'review', 'ACTIVATED')).toBe(1);
    const [job] = await h.camunda.activateJobs({
      type: 'review-task',
      maxJobsToActivate: 1,
      timeout: 30_000,
      worker: 'spec',
      requestTimeout: 5_000,
    });
    await h.camunda.completeJob({ jobKey: job.key, variables: {} });
    await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
  });

  it('cancelling the instance removes its timers', async () => {
    const { processInstanceKey } = await h.camunda.createProcessInstance({ bpmnProcessId: 'timer-reminder', variables: {} });
    expect(await timerRows(h, processInstanceKey)).toHaveLength(1);
    await h.camunda.cancelProcessInstance(processInstanceKey);
    expect(await timerRows(h, processInstanceKey)).toEqual([]);
  });

  it('a timer start event (R2/PT1H) creates an instance per firing; a new version replaces its timers', async () => {
    const instances = async (id: string) =>
      Number(
        (await h.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM engine.process_instance WHERE bpmn_process_id = $1', [id]))
          .rows[0].n,
      );
    await h.camunda.deployResources([{ name: 'timer-start.bpmn', process: bpmn('timer-start.bpmn') }]);
    await new Promise((r) => setTimeout(r, 400));
    expect(await instances('timer-start')).toBe(0);
    advance(HOUR);
    await eventually(async () => ((await instances('timer-start')) === 1 ? true : undefined));
    advance(HOUR);
    await eventually(async () => ((await instances('timer-start')) === 2 ? true : undefined));
    advance(HOUR);
    await new Promise((r) => setTimeout(r, 500));
    expect(await instances('timer-start')).toBe(2);
    const ended = await h.sql.query<{ state: string }>("SELECT state FROM engine.process_instance WHERE bpmn_process_id = 'timer-start'");
    expect(ended.rows.every((r) => r.state === 'COMPLETED')).toBe(true);

    // cron: one per day at 09:00 UTC; redeploying another version keeps one pending timer
    await h.camunda.deployResources([{ name: 'timer-cron.bpmn', process: bpmn('timer-cron.bpmn') }]);
    const pending = async () =>
      (await h.sql.query<{ due: string }>("SELECT due::text AS due FROM engine.timer WHERE bpmn_process_id = 'timer-cron'")).rows;
    const [first] = await pending();
    expect(new Date(Number(first.due)).getUTCHours()).toBe(9);
    advance(24 * HOUR);
    await eventually(async () => ((await instances('timer-cron')) === 1 ? true : undefined));
    const [next] = await pending();
    expect(Number(next.due) - Number(first.due)).toBe(24 * HOUR);
    const changed = bpmn('timer-cron.bpmn').toString().replace('id="end"', 'id="end2"').replace('targetRef="end"', 'targetRef="end2"');
    await h.camunda.deployResources([{ name: 'timer-cron.bpmn', process: Buffer.from(changed) }]);
    const after = await h.sql.query<{ version: number }>(
      "SELECT d.version FROM engine.timer t JOIN engine.process_definition d ON d.key = t.process_definition_key WHERE t.bpmn_process_id = 'timer-cron'",
    );
    expect(after.rows).toEqual([{ version: 2 }]);
  });
});

describe('timer durability', () => {
  it('a timer survives an engine restart and fires once on the new engine', async () => {
    const h = await startHarness({ controllableClock: true });
    try {
      await h.camunda.deployResources([{ name: 'timer-catch.bpmn', process: bpmn('timer-catch.bpmn') }]);
      const { processInstanceKey } = await h.camunda.createProcessInstance({
        bpmnProcessId: 'timer-catch',
        variables: { waitFor: 'PT2H' },
      });
      await h.camunda.close();
      await h.engine.stop();

      const second = await startEngine({ databaseUrl: h.db.url, port: 0, controllableClock: true });
      const client = sdkClient(second.port);
      try {
        await new Promise((r) => setTimeout(r, 400));
        expect(await countElements(h, processInstanceKey, 'after')).toBe(0);
        second.clock?.advance(2 * HOUR);
        await eventually(async () => ((await countElements(h, processInstanceKey, 'after')) === 1 ? true : undefined), 30_000);
        await new Promise((r) => setTimeout(r, 500));
        expect(await countElements(h, processInstanceKey, 'wait')).toBe(1);
        expect(await countElements(h, processInstanceKey, 'after')).toBe(1);
        expect(await instanceState(h.sql, processInstanceKey)).toBe('ACTIVE');
        const job = await eventually(async () => {
          const jobs = await client.activateJobs({
            type: 'after-timer',
            maxJobsToActivate: 1,
            timeout: 30_000,
            worker: 'spec',
            requestTimeout: 2_000,
          });
          return jobs[0];
        }, 30_000);
        await client.completeJob({ jobKey: job.key, variables: {} });
        await waitForInstanceState(h.sql, processInstanceKey, 'COMPLETED');
      } finally {
        await client.close();
        await second.stop();
      }
    } finally {
      await h.close();
    }
  }, 90_000);
});
