/**
 * Durability of what waits on time: the engine runs as its own process with a controllable
 * clock (moved over stdin), is killed with SIGKILL while timers are pending and messages are
 * buffered, and restarted on the same database. Pending timers fire exactly once when engine
 * time passes their due date, a timer that fell due during the downtime fires late, once; a
 * buffered message correlates to a subscription opened after the restart within its TTL,
 * once, one that expired during the downtime does not; a message id stays taken.
 */
import { createTestDatabase, type TestDatabase } from '@rp/testing';
import { rmSync } from 'node:fs';
import { Pool } from 'pg';
import { bpmn, elementStates, eventually, instanceState, rootVariables, sdkClient, waitForInstanceState } from './support/engine-harness';
import { buildPrivateCopy, type EngineProcess, freePort, startEngineProcess } from './support/engine-process';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PROCESSES = ['timer-catch.bpmn', 'timer-boundary.bpmn', 'message-catch.bpmn'];
/** Long enough that the engine is surely killed before it is due, short enough to wait out. */
const SHORT_MS = 4_000;

type Client = ReturnType<typeof sdkClient>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('crash recovery of timers and messages', () => {
  let buildDir = '';
  const dbs: TestDatabase[] = [];
  const pools: Pool[] = [];
  const engines: EngineProcess[] = [];
  const clients: Client[] = [];

  beforeAll(() => {
    buildDir = buildPrivateCopy('engine-crash-timers-build');
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) await c.close().catch(() => undefined);
    for (const e of engines) await e.kill9();
    for (const p of pools) await p.end();
    for (const d of dbs) await d.drop();
    rmSync(buildDir, { recursive: true, force: true });
  });

  async function database(): Promise<{ url: string; sql: Pool }> {
    const db = await createTestDatabase();
    dbs.push(db);
    const sql = new Pool({ connectionString: db.url, max: 2 });
    pools.push(sql);
    return { url: db.url, sql };
  }

  async function start(url: string, port: number): Promise<{ engine: EngineProcess; zbc: Client }> {
    const engine = await startEngineProcess(buildDir, url, port, true);
    engines.push(engine);
    const zbc = sdkClient(port);
    clients.push(zbc);
    return { engine, zbc };
  }

  const count = async (sql: Pool, pik: string, elementId: string, state?: string) =>
    (await elementStates(sql, pik)).filter((e) => e.element_id === elementId && (!state || e.state === state)).length;

  const timerRowCount = async (sql: Pool, piks: string[]) =>
    Number(
      (
        await sql.query<{ n: string }>('SELECT count(*)::text AS n FROM engine.timer WHERE process_instance_key = ANY($1::bigint[])', [
          piks,
        ])
      ).rows[0].n,
    );

  it('pending timers fire once after a restart, a timer due during the downtime fires late; buffered messages keep their TTL and id', async () => {
    const { url, sql } = await database();
    const port = await freePort();
    const first = await start(url, port);
    await first.zbc.deployResources(PROCESSES.map((name) => ({ name, process: bpmn(name) })));

    const catches = await Promise.all(
      Array.from({ length: 5 }, () => first.zbc.createProcessInstance({ bpmnProcessId: 'timer-catch', variables: { waitFor: 'PT1H' } })),
    );
    const boundaries = await Promise.all(
      Array.from({ length: 5 }, () => first.zbc.createProcessInstance({ bpmnProcessId: 'timer-boundary', variables: {} })),
    );
    // Buffered for an hour; nobody subscribes before the crash.
    await first.zbc.publishMessage({
      name: 'paid',
      correlationKey: 'after-restart',
      variables: { amount: 42 },
      timeToLive: HOUR,
      messageId: 'payment-1',
    });
    // These come due / expire while the engine is down.
    const late = await first.zbc.createProcessInstance({ bpmnProcessId: 'timer-catch', variables: { waitFor: `PT${SHORT_MS / 1000}S` } });
    const expiring = await first.zbc.publishMessage({
      name: 'paid',
      correlationKey: 'expired',
      variables: { amount: 1 },
      timeToLive: SHORT_MS,
    });
    await first.engine.kill9();

    // At the crash every timer was pending and no message had correlated.
    const catchKeys = catches.map((c) => c.processInstanceKey);
    const boundaryKeys = boundaries.map((b) => b.processInstanceKey);
    expect(await timerRowCount(sql, [...catchKeys, ...boundaryKeys, late.processInstanceKey])).toBe(11);
    expect(await count(sql, late.processInstanceKey, 'after')).toBe(0);
    const stored = await sql.query<{ key: string; expires_at: string }>(
      'SELECT key::text AS key, expires_at::text AS expires_at FROM engine.message ORDER BY key',
    );
    expect(stored.rows).toHaveLength(2);
    expect((await sql.query('SELECT 1 FROM engine.message_correlation')).rowCount).toBe(0);

    // Stay down until the short timer is due and the short message has expired (engine time is the wall clock again after a restart).
    const lateDue = Number(
      (
        await sql.query<{ due: string }>('SELECT due::text AS due FROM engine.timer WHERE process_instance_key = $1', [
          late.processInstanceKey,
        ])
      ).rows[0].due,
    );
    const expiredAt = Number(stored.rows.find((r) => r.key === expiring.key)?.expires_at);
    while (Date.now() < Math.max(lateDue, expiredAt) + 500) await sleep(100);
    const restartedAt = Date.now();
    const second = await start(url, port);

    // The timer that fell due while no engine ran fires at the restart, once.
    await eventually(async () => ((await count(sql, late.processInstanceKey, 'after')) === 1 ? true : undefined), 20_000);
    expect(await count(sql, late.processInstanceKey, 'wait', 'COMPLETED')).toBe(1);
    const firedAt = await sql.query<{ at: number }>(
      `SELECT (extract(epoch FROM completed_at) * 1000)::float8 AS at FROM engine.element_instance
       WHERE process_instance_key = $1 AND element_id = 'wait'`,
      [late.processInstanceKey],
    );
    expect(firedAt.rows[0].at).toBeGreaterThanOrEqual(restartedAt);

    // The message id is still taken within the TTL.
    await expect(
      second.zbc.publishMessage({ name: 'paid', correlationKey: 'after-restart', variables: {}, timeToLive: HOUR, messageId: 'payment-1' }),
    ).rejects.toThrow(/ALREADY_EXISTS/);

    // A subscription opened after the restart takes the buffered message, once; the expired one is not taken.
    const waitsForExpired = await second.zbc.createProcessInstance({ bpmnProcessId: 'message-catch', variables: { orderId: 'expired' } });
    const takesBuffered = await second.zbc.createProcessInstance({
      bpmnProcessId: 'message-catch',
      variables: { orderId: 'after-restart' },
    });
    await eventually(async () =>
      (await count(sql, takesBuffered.processInstanceKey, 'waitShipped', 'ACTIVATED')) === 1 ? true : undefined,
    );
    expect(await rootVariables(sql, takesBuffered.processInstanceKey)).toEqual({ orderId: 'after-restart', amount: 42 });
    expect(await count(sql, takesBuffered.processInstanceKey, 'waitPaid', 'COMPLETED')).toBe(1);
    const bufferedKey = stored.rows.find((r) => r.key !== expiring.key)?.key;
    const correlations = await sql.query<{ message_key: string; process_instance_key: string }>(
      'SELECT message_key::text AS message_key, process_instance_key::text AS process_instance_key FROM engine.message_correlation',
    );
    expect(correlations.rows).toEqual([{ message_key: bufferedKey, process_instance_key: takesBuffered.processInstanceKey }]);
    await sleep(600); // a couple more correlation sweeps
    expect(await count(sql, waitsForExpired.processInstanceKey, 'waitPaid', 'ACTIVATED')).toBe(1);
    await second.zbc.publishMessage({ name: 'paid', correlationKey: 'expired', variables: { amount: 2 }, timeToLive: 0 });
    await eventually(async () =>
      (await count(sql, waitsForExpired.processInstanceKey, 'waitShipped', 'ACTIVATED')) === 1 ? true : undefined,
    );
    expect(await rootVariables(sql, waitsForExpired.processInstanceKey)).toEqual({ orderId: 'expired', amount: 2 });
    expect((await sql.query('SELECT 1 FROM engine.message_correlation WHERE message_key = $1', [expiring.key])).rowCount).toBe(0);

    // Timers pending at the crash fire once engine time passes their due date.
    expect(await timerRowCount(sql, [...catchKeys, ...boundaryKeys])).toBe(10);
    await second.engine.clock({ advance: HOUR + MINUTE });
    await eventually(async () => {
      for (const pik of catchKeys) if ((await count(sql, pik, 'after')) !== 1) return undefined;
      for (const pik of boundaryKeys) if ((await instanceState(sql, pik)) !== 'COMPLETED') return undefined;
      return true;
    }, 20_000);
    // Engine time moves on again: nothing fires a second time.
    await second.engine.clock({ advance: HOUR });
    await sleep(800);
    for (const pik of catchKeys) {
      expect(await count(sql, pik, 'wait', 'COMPLETED')).toBe(1);
      expect(await count(sql, pik, 'after')).toBe(1);
    }
    for (const pik of boundaryKeys) {
      expect(await count(sql, pik, 'timeout', 'COMPLETED')).toBe(1);
      expect(await count(sql, pik, 'timedOut', 'COMPLETED')).toBe(1);
      expect(await count(sql, pik, 'slow', 'TERMINATED')).toBe(1);
      expect(await count(sql, pik, 'done')).toBe(0);
    }
    expect(await timerRowCount(sql, [...catchKeys, ...boundaryKeys, late.processInstanceKey])).toBe(0);

    // The flow after each timer goes on: its job is there to work, and the instances complete.
    const afterKeys = [...catchKeys, late.processInstanceKey];
    const jobs = await second.zbc.activateJobs({
      type: 'after-timer',
      maxJobsToActivate: 10,
      timeout: 30_000,
      worker: 'spec',
      requestTimeout: 5_000,
    });
    expect(jobs.map((j) => j.processInstanceKey).sort()).toEqual([...afterKeys].sort());
    for (const job of jobs) await second.zbc.completeJob({ jobKey: job.key, variables: {} });
    for (const pik of afterKeys) await waitForInstanceState(sql, pik, 'COMPLETED');
  }, 120_000);

  it('kill -9 just after 300 timers fell due: after a restart each fires exactly once', async () => {
    const { url, sql } = await database();
    const port = await freePort();
    const first = await start(url, port);
    await first.zbc.deployResources([{ name: 'timer-catch.bpmn', process: bpmn('timer-catch.bpmn') }]);
    const keys: string[] = [];
    for (let i = 0; i < 300; i += 30) {
      const batch = await Promise.all(
        Array.from({ length: 30 }, () => first.zbc.createProcessInstance({ bpmnProcessId: 'timer-catch', variables: { waitFor: 'PT1H' } })),
      );
      keys.push(...batch.map((b) => b.processInstanceKey));
    }
    expect(await timerRowCount(sql, keys)).toBe(300);

    // All due at once, and the engine killed a moment later, while its batches of firings run
    // (how many committed before the kill varies from run to run; the outcome must not).
    await first.engine.clock({ advance: HOUR + MINUTE });
    await sleep(150);
    await first.engine.kill9();
    const second = await start(url, port);
    await second.engine.clock({ advance: HOUR + MINUTE });
    await eventually(async () => ((await timerRowCount(sql, keys)) === 0 ? true : undefined), 30_000);

    const fired = await sql.query<{ pik: string; n: string }>(
      `SELECT process_instance_key::text AS pik, count(*)::text AS n FROM engine.element_instance
       WHERE process_instance_key = ANY($1::bigint[]) AND element_id = 'wait' AND state = 'COMPLETED' GROUP BY process_instance_key`,
      [keys],
    );
    expect(fired.rows).toHaveLength(300);
    expect(fired.rows.every((r) => r.n === '1')).toBe(true);
    const after = await sql.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM engine.element_instance WHERE process_instance_key = ANY($1::bigint[]) AND element_id = 'after'",
      [keys],
    );
    expect(after.rows[0].n).toBe('300');
    const jobs = await sql.query<{ n: string }>(
      "SELECT count(DISTINCT process_instance_key)::text AS n, count(*)::text AS total FROM engine.job WHERE process_instance_key = ANY($1::bigint[]) AND type = 'after-timer'",
      [keys],
    );
    expect(jobs.rows[0]).toEqual({ n: '300', total: '300' });
  }, 120_000);
});
