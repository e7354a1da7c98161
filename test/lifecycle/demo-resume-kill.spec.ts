/**
 * `npm start`'s demo seed killed with SIGKILL half-way: the compiled server in its own
 * process is killed once some demo instances are set up and others are not; the next boot
 * finishes the rest, and every demo instance exists exactly once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@rp/testing';
import { DEMO_INSTANCES, DEMO_MARKER_VARIABLE } from '../../apps/server/src/seed/demo-instances.service';
import { freePort, repoRoot, startServerProcess, type ServerProcess } from '../support/server-process';

// Two boots of the compiled server and ten demo instances on a shared 2-core machine.
jest.setTimeout(400_000);

const WAIT_MS = 240_000;

describe('the demo seed after kill -9', () => {
  let database: TestDatabase;
  let client: Client;
  let dataDir: string;
  let env: Record<string, string>;
  let running: ServerProcess | undefined;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')]);
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    dataDir = mkdtempSync(join(tmpdir(), 'rp-demo-resume-'));
    env = {
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      SEED_DEMO: 'true',
      PORT: String(await freePort()),
      ENGINE_GRPC_PORT: String(await freePort()),
    };
  }, 120_000);
  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited();
    }
    await client?.end();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const progress = async (): Promise<{ planned: number; done: number }> => {
    const rows = await client.query<{ planned: number; done: number }>(
      'SELECT count(*)::int AS planned, (count(*) FILTER (WHERE completed_at IS NOT NULL))::int AS done FROM demo_instance_progress',
    );
    return rows.rows[0];
  };
  const waitForProgress = async (what: string, ok: (p: { planned: number; done: number }) => boolean, pollMs: number) => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const p = await progress();
      if (ok(p)) return p;
      if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(p)} after ${WAIT_MS} ms:\n${running?.output() ?? ''}`);
      await new Promise((done) => setTimeout(done, pollMs));
    }
  };
  const instancesPerDemo = async (): Promise<Record<string, number>> => {
    const rows = await client.query<{ demo: string; n: number }>(
      `SELECT variables->>'${DEMO_MARKER_VARIABLE}' AS demo, count(*)::int AS n FROM engine.process_instance
        WHERE variables ? '${DEMO_MARKER_VARIABLE}' GROUP BY 1`,
    );
    return Object.fromEntries(rows.rows.map((r) => [r.demo, r.n]));
  };

  it('continues where it stopped on the next boot, starting no demo twice', async () => {
    running = await startServerProcess(env, 120_000);
    // Killed as soon as a couple of demos are set up: the rest are still to come.
    await waitForProgress('first demos', (p) => p.done >= 2, 10);
    running.child.kill('SIGKILL');
    await running.exited();
    const atKill = await progress();
    expect(atKill.planned).toBe(DEMO_INSTANCES.length);
    expect(atKill.done).toBeLessThan(DEMO_INSTANCES.length);

    running = await startServerProcess(env, 120_000);
    await waitForProgress('all demos after the restart', (p) => p.done === DEMO_INSTANCES.length, 250);
    expect(await instancesPerDemo()).toEqual(Object.fromEntries(DEMO_INSTANCES.map((d) => [d.id, 1])));
    // Every step of every demo was completed once.
    const steps = await client.query<{ demo_id: string; completed: number }>(
      `SELECT p.demo_id, count(t.job_key)::int AS completed FROM demo_instance_progress p
         LEFT JOIN inbox_tasks t ON t.process_instance_key = p.process_instance_key AND t.state = 'completed' GROUP BY 1`,
    );
    expect(Object.fromEntries(steps.rows.map((r) => [r.demo_id, r.completed]))).toEqual(
      Object.fromEntries(DEMO_INSTANCES.map((d) => [d.id, d.steps.length])),
    );
  });
});
