/**
 * The loader as an exporter: running facts follow the engine until they end, reloading is
 * idempotent, and rows committed late (older than the watermark, within the overlap) arrive.
 * After every load the rollups equal a fresh recomputation from the facts.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AnalyticsLoader } from '../../src/analytics/analytics-loader';
import { call, login, seedDemo } from '../identity/identity-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { RELATIVE_ACCURACY } from '../../src/analytics/sketch';
import { generate, PROCESS_ID, writeHistory } from './analytics-fixture';

const BASE = `/api/analytics/processes/${PROCESS_ID}`;

describe(AnalyticsLoader.name, () => {
  let server: TestServer;
  let db: Client;
  let analyst: string;
  const load = () => server.server.app.get(AnalyticsLoader).runOnce();
  const durations = async () => (await call(server, 'GET', `${BASE}/durations`, { token: analyst })).body;
  const rollups = async () =>
    (await db.query(`SELECT * FROM analytics_rollups ORDER BY bpmn_process_id, basis, grain, org_path, period, version, element_id`)).rows;
  /** The rollups as the loader left them must equal what a rebuild from the facts computes. */
  const expectRollupsRecomputable = async () => {
    const kept = await rollups();
    expect(kept.length).toBeGreaterThan(0);
    // Day rows for the city and its district only (what the partial months of wide ranges read).
    const dayDepths = [...new Set(kept.filter((r) => r.grain === 'day').map((r) => Number(r.org_depth)))].sort();
    expect(dayDepths).toEqual([1, 2]);
    await server.server.app.get(AnalyticsLoader).rebuildRollups();
    expect(kept).toEqual(await rollups());
  };
  const within = (actual: number, exact: number) => expect(Math.abs(actual - exact)).toBeLessThanOrEqual(RELATIVE_ACCURACY * exact);

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true' });
    await seedDemo(server);
    // Loads only when the spec asks, so each step sees exactly its own changes.
    server.server.app.get(AnalyticsLoader).stopSchedule();
    analyst = await login(server, 'city-analyst');
    db = new Client({ connectionString: server.database.url });
    await db.connect();
    // One running instance in 锦绣花园 whose `accept` task is open and unclaimed.
    const instance = generate(200).find(
      (i) => i.state === 'ACTIVE' && i.elements.at(-1)?.elementId === 'accept' && i.elements.at(-1)?.task,
    );
    if (!instance) throw new Error('the generator made no running instance waiting at accept');
    await writeHistory(server.database.url, [{ ...instance, variables: { orgUnitId: 'wf-dongda-nanying-jinxiu' } }], randomUUID());
  }, 180_000);
  afterAll(async () => {
    await db.end();
    await server.close();
  });

  it('loads a running instance, then its completion and the task’s claim', async () => {
    expect(await load()).toMatchObject({ sourcePresent: true, instances: 1 });
    expect(await durations()).toMatchObject({ count: 1, running: 1, completed: 0 });
    await expectRollupsRecomputable();

    const { rows } = await db.query(
      `SELECT e.key::text AS key, e.activated_at, t.job_key::text AS job FROM engine.element_instance e
       JOIN inbox_tasks t ON t.element_instance_key = e.key WHERE e.element_id = 'accept' AND e.bpmn_process_id = $1`,
      [PROCESS_ID],
    );
    const activated: Date = rows[0].activated_at;
    const claimAt = new Date(activated.getTime() + 3_600_000);
    const doneAt = new Date(activated.getTime() + 5 * 3_600_000);
    await db.query(`UPDATE inbox_tasks SET assignee = NULL WHERE job_key = $1`, [rows[0].job]);
    await db.query(`DELETE FROM audit_log WHERE task_key = $1`, [rows[0].job]);
    await db.query(`INSERT INTO audit_log (at, user_id, username, action, task_key) VALUES ($1, $2, 'x', 'claim', $3)`, [
      claimAt,
      randomUUID(),
      rows[0].job,
    ]);
    await db.query(`UPDATE engine.element_instance SET state = 'COMPLETED', completed_at = $2 WHERE key = $1`, [rows[0].key, doneAt]);
    await db.query(`UPDATE engine.process_instance SET state = 'COMPLETED', ended_at = $1 WHERE bpmn_process_id = $2`, [
      doneAt,
      PROCESS_ID,
    ]);

    expect(await load()).toMatchObject({ instances: 1, elements: 1 });
    const body = await durations();
    expect(body).toMatchObject({ count: 1, running: 0, completed: 1 });
    const accept = body.byElement.find((e: { elementId: string }) => e.elementId === 'accept');
    expect(accept).toMatchObject({
      count: 1,
      active: 0,
      mean: 5 * 3_600_000,
      p50: 5 * 3_600_000,
      waiting: { count: 1, mean: 3_600_000 },
      working: { count: 1, mean: 4 * 3_600_000 },
    });
    // Split percentiles come from histograms alone (no min/max kept): within the stated accuracy.
    within(accept.waiting.p50, 3_600_000);
    within(accept.working.p50, 4 * 3_600_000);
    await expectRollupsRecomputable();
  });

  it('changes nothing when loading again', async () => {
    expect(await load()).toEqual({ sourcePresent: true, instances: 0, elements: 0 });
  });

  it('picks up rows committed late with a start time inside the overlap', async () => {
    const { rows } = await db.query(`SELECT value FROM analytics_watermarks WHERE source = 'engine.process_instance'`);
    const watermark: Date = rows[0].value;
    const [late] = generate(5, 99).filter((i) => i.state === 'COMPLETED');
    const shift = watermark.getTime() - 5 * 60_000 - late.start;
    await writeHistory(
      server.database.url,
      [
        {
          ...late,
          key: '8100000000000000',
          start: late.start + shift,
          end: (late.end as number) + shift,
          variables: { orgUnitId: 'bg' },
          elements: late.elements.map((e, i) => ({
            ...e,
            key: String(8100000000000001n + BigInt(i)),
            start: e.start + shift,
            end: (e.end as number) + shift,
            task: undefined,
          })),
        },
      ],
      randomUUID(),
    );
    expect(await load()).toMatchObject({ instances: 1 });
    expect(await durations()).toMatchObject({ count: 2, completed: 2 });
    await expectRollupsRecomputable();
  });

  it('moves a completed instance’s contribution when its unit changes', async () => {
    const byDistrict = async () =>
      Object.fromEntries(
        (await call(server, 'GET', `${BASE}/by-org-unit?level=district`, { token: analyst })).body.units.map(
          (u: { orgUnitId: string; completed: number }) => [u.orgUnitId, u.completed],
        ),
      );
    expect(await byDistrict()).toEqual({ wf: 1, bg: 1 });
    await db.query(`UPDATE engine.process_instance SET variables = '{"orgUnitId": "wf-ziwei"}' WHERE key = 8100000000000000`);
    const moved = await load();
    expect(moved.instances).toBe(1);
    expect(moved.elements).toBeGreaterThan(0);
    expect(await byDistrict()).toEqual({ wf: 2 });
    // Element facts follow only while they are re-read (open or inside the overlap); the instance rows moved.
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM analytics_rollups WHERE org_path LIKE '/anyang/bg/%' AND element_id = ''`,
    );
    expect(rows[0].n).toBe(0);
    await expectRollupsRecomputable();
  });
});
