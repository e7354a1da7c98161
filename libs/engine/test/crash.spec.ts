/**
 * Durability: the engine runs as its own process (dist/libs/engine/src/cli.js), is killed
 * with SIGKILL in the middle of a load of creations and job completions, and restarted.
 * Everything a client saw acknowledged is still there, nothing is done twice, and jobs
 * held by the dead worker come back after their timeout.
 */
import { createTestDatabase, type TestDatabase } from '@rp/testing';
import { rmSync } from 'node:fs';
import { Pool } from 'pg';
import { bpmnPath, eventually, rawGateway, sdkClient } from './support/engine-harness';
import { buildPrivateCopy, type EngineProcess, freePort, startEngineProcess } from './support/engine-process';

const TYPES = ['bench-1', 'bench-2', 'bench-3'];

describe('crash recovery', () => {
  let db: TestDatabase;
  let sql: Pool;
  let engine: EngineProcess | undefined;
  let buildDir = '';

  beforeAll(() => {
    buildDir = buildPrivateCopy('engine-crash-build');
  }, 60_000);

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new Pool({ connectionString: db.url, max: 2 });
  });

  afterAll(async () => {
    await engine?.kill9();
    await sql.end();
    await db.drop();
    rmSync(buildDir, { recursive: true, force: true });
  });

  it('after kill -9 mid-load and a restart, no acknowledged command is lost or applied twice', async () => {
    const port = await freePort();
    engine = await startEngineProcess(buildDir, db.url, port);
    const zbc = sdkClient(port);
    await zbc.deployResource({ processFilename: bpmnPath('three-tasks.bpmn') });
    await zbc.close();
    // A bare gRPC client: no retries, so a call either got its answer before the crash or failed.
    const raw = rawGateway(`127.0.0.1:${port}`);

    const created = new Set<string>();
    const completedJobs = new Map<string, { pik: string; elementId: string }>();
    let running = true;
    const creators = Array.from({ length: 4 }, async () => {
      while (running) {
        try {
          const pi = await raw.call<{ processInstanceKey: string }>('CreateProcessInstance', {
            bpmnProcessId: 'three-tasks',
            version: -1,
            variables: '{"n":1}',
          });
          created.add(pi.processInstanceKey);
        } catch {
          return; // the engine died: this call was never acknowledged
        }
      }
    });
    const workers = TYPES.map(async (type) => {
      while (running) {
        try {
          const jobs = await raw.activate({ type, worker: `crash-${type}`, maxJobsToActivate: 8, timeout: 2_000, requestTimeout: 500 });
          await Promise.all(
            jobs.map(async (job) => {
              await raw.call('CompleteJob', { jobKey: job.key, variables: JSON.stringify({ [job.elementId]: true }) });
              completedJobs.set(job.key, { pik: job.processInstanceKey, elementId: job.elementId });
            }),
          );
        } catch {
          return;
        }
      }
    });

    await eventually(async () => (created.size >= 150 && completedJobs.size >= 100 ? true : undefined), 20_000);
    await engine.kill9();
    running = false;
    await Promise.all([...creators, ...workers]);
    raw.close();

    // Every acknowledged creation and completion survived the crash.
    const instanceRows = await sql.query<{ key: string }>(
      'SELECT key::text AS key FROM engine.process_instance WHERE key = ANY($1::bigint[])',
      [[...created]],
    );
    expect(instanceRows.rowCount).toBe(created.size);
    const jobRows = await sql.query<{ key: string; state: string }>(
      'SELECT key::text AS key, state FROM engine.job WHERE key = ANY($1::bigint[])',
      [[...completedJobs.keys()]],
    );
    expect(jobRows.rows.every((r) => r.state === 'COMPLETED')).toBe(true);
    expect(jobRows.rowCount).toBe(completedJobs.size);

    engine = await startEngineProcess(buildDir, db.url, port);
    const after = rawGateway(`127.0.0.1:${port}`);

    // A job completed before the crash cannot be completed again.
    const [someJob] = [...completedJobs.keys()];
    await expect(after.call('CompleteJob', { jobKey: someJob, variables: '{}' })).rejects.toThrow(/5 NOT_FOUND/);

    // Drain: jobs the dead worker held come back after their 2 s timeout; every instance completes.
    let draining = true;
    const drainers = TYPES.map(async (type) => {
      while (draining) {
        const jobs = await after.activate({ type, worker: `drain-${type}`, maxJobsToActivate: 32, timeout: 30_000, requestTimeout: 500 });
        await Promise.all(
          jobs.map((job) => after.call('CompleteJob', { jobKey: job.key, variables: JSON.stringify({ [job.elementId]: true }) })),
        );
      }
    });
    await eventually(async () => {
      const r = await sql.query<{ n: string }>("SELECT count(*)::text AS n FROM engine.process_instance WHERE state <> 'COMPLETED'");
      return r.rows[0].n === '0' ? true : undefined;
    }, 30_000);
    draining = false;
    await Promise.all(drainers);
    after.close();

    // Each task ran to completion exactly once per instance, and every instance got all three task results.
    const twice = await sql.query(
      `SELECT process_instance_key, element_id, count(*) FROM engine.element_instance
       WHERE state = 'COMPLETED' GROUP BY process_instance_key, element_id HAVING count(*) > 1`,
    );
    expect(twice.rows).toEqual([]);
    const completedTasks = await sql.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM engine.element_instance WHERE element_type = 'SERVICE_TASK' AND state = 'COMPLETED' AND process_instance_key = ANY($1::bigint[])",
      [[...created]],
    );
    expect(Number(completedTasks.rows[0].n)).toBe(created.size * 3);
    const vars = await sql.query<{ variables: Record<string, unknown> }>(
      'SELECT variables FROM engine.process_instance WHERE key = ANY($1::bigint[])',
      [[...created]],
    );
    expect(vars.rows.every((r) => r.variables.t1 === true && r.variables.t2 === true && r.variables.t3 === true)).toBe(true);
  }, 90_000);
});
