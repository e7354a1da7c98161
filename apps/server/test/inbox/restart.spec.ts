import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@rp/testing';
import { loadConfig } from '../../src/config/app-config';
import { WorkflowEngineService } from '../../src/engine/workflow-engine.service';
import { startServer, type RunningServer } from '../../src/server';
import { call, login, seedDemo, type Json } from '../identity/identity-client';
import type { TestServer } from '../support/test-server';
import { FIXTURE_ENV, waitFor, waitForTask } from './inbox-client';

// Generous: the machine is shared, and a server start can take long under load.
jest.setTimeout(120_000);

/** Two server processes in turn on one database, as after a restart. */
describe('the inbox across a server restart', () => {
  let database: TestDatabase;
  let dataDir: string;
  let running: RunningServer | undefined;

  const start = async (): Promise<TestServer> => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: '0',
      ENGINE_GRPC_PORT: '0',
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      ...FIXTURE_ENV,
    });
    running = await startServer(config, database.url);
    return { url: running.url, config, database, server: running, close: () => running?.close() ?? Promise.resolve() };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'rp-inbox-restart-'));
  });
  afterAll(async () => {
    await running?.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps a claimed task once, re-projects it idempotently when the job comes back, and completes it once', async () => {
    const first = await start();
    await seedDemo(first);
    const branch = await login(first, 'branch');
    let community = await login(first, 'community');
    const started = await call(first, 'POST', '/api/processes/inbox-review/instances', {
      token: branch,
      body: { data: { title: '重启前发起', category: 'repair', compoundId: 'wf-dongda-nanying-jinxiu' } },
    });
    expect(started.status).toBe(201);
    const instance = started.body.processInstanceKey as string;
    const task = await waitForTask(first, community, instance, 'Task_review');
    expect((await call(first, 'POST', `/api/tasks/${task.id}/claim`, { token: community })).status).toBe(200);
    expect(
      (await call(first, 'PUT', `/api/tasks/${task.id}/draft`, { token: community, body: { data: { opinion: '重启前的草稿' } } })).status,
    ).toBe(200);
    await first.close();

    const second = await start();
    community = await login(second, 'community');
    // Hand the job back to the engine as a lock timeout would (retries unchanged): the new
    // server's worker activates it again and must refresh the same row, keeping the claim.
    const zeebe = second.server.app.get(WorkflowEngineService).grpc();
    const db = second.server.app.get<DataSource>(getDataSourceToken());
    const [before]: Json[] = await db.query('SELECT job_deadline FROM inbox_tasks WHERE job_key = $1', [task.id]);
    await zeebe.failJob({ jobKey: task.id, retries: 3, errorMessage: 'simulated lock timeout', retryBackOff: 0 });
    const rows = await waitFor('the job to be activated again', async () => {
      const found: Json[] = await db.query('SELECT job_deadline FROM inbox_tasks WHERE job_key = $1', [task.id]);
      return found[0].job_deadline !== before.job_deadline ? found : undefined;
    });
    expect(rows).toHaveLength(1);

    const mine = await call(second, 'GET', '/api/tasks?filter=mine', { token: community });
    expect(mine.body.items.filter((t: Json) => t.id === task.id)).toHaveLength(1);
    const detail = await call(second, 'GET', `/api/tasks/${task.id}`, { token: community });
    expect(detail.body).toMatchObject({ state: 'open', assignee: { displayName: '南营社区党委 李秀兰' } });
    expect(detail.body.data.opinion).toBe('重启前的草稿');

    const done = await call(second, 'POST', `/api/tasks/${task.id}/complete`, {
      token: community,
      body: { data: { decision: 'approve', opinion: '重启后办结' } },
    });
    expect(done.status).toBe(200);
    const [job]: Json[] = await second.server.app
      .get<DataSource>(getDataSourceToken())
      .query('SELECT state FROM engine.job WHERE key = $1', [task.id]);
    expect(job.state).toBe('COMPLETED');
    await waitForTask(second, branch, instance, 'Task_confirm');
    const reviews: Json[] = await second.server.app
      .get<DataSource>(getDataSourceToken())
      .query(`SELECT count(*)::int AS n FROM engine.job WHERE process_instance_key = $1 AND element_id = 'Task_review'`, [instance]);
    expect(reviews[0].n).toBe(1);
  });
});
