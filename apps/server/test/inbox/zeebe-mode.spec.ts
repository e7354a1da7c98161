/**
 * ENGINE=zeebe: the server talks to a separately started engine only through the Zeebe
 * gateway gRPC API (its own database, no shared tables), as it would to a Zeebe cluster.
 * Tasks whose jobs ended there — instance cancelled, element terminated by a boundary
 * event — must leave the inbox, found through UpdateJobTimeout's NOT_FOUND.
 */
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { USER_TASK_LOCK_MS } from '../../src/inbox/inbox-projection.worker';
import { call, login, seedDemo, type Json } from '../identity/identity-client';
import type { TestServer } from '../support/test-server';
import { startZeebeModeServer, type ZeebeClient, type ZeebeModeServer } from '../support/zeebe-mode-engine';
import { FIXTURE_ENV, waitFor, waitForTask } from './inbox-client';

jest.setTimeout(120_000);

describe('the inbox on ENGINE=zeebe (gateway gRPC only)', () => {
  let zeebeMode: ZeebeModeServer;
  let server: TestServer;
  let zeebe: ZeebeClient;
  let db: DataSource;
  /** The engine's own database: read only to check what the engine did. */
  let engineSql: Pool;
  let community: string;

  const startTerminate = async (): Promise<string> => {
    const response = await call(server, 'POST', '/api/processes/inbox-terminate/instances', { token: community, body: { data: {} } });
    expect(response.status).toBe(201);
    return response.body.processInstanceKey as string;
  };
  const row = async (jobKey: string): Promise<{ state: string; end_reason: string | null }> =>
    (await db.query('SELECT state, end_reason FROM inbox_tasks WHERE job_key = $1', [jobKey]))[0];
  const engineJob = async (jobKey: string): Promise<{ state: string; deadline: string | null } | undefined> =>
    (await engineSql.query('SELECT state, deadline::text AS deadline FROM engine.job WHERE key = $1', [jobKey])).rows[0];

  beforeAll(async () => {
    zeebeMode = await startZeebeModeServer({ ...FIXTURE_ENV, INBOX_JOB_CHECKS_PER_SECOND: '100' });
    ({ server, zeebe, engineSql } = zeebeMode);
    db = server.server.app.get<DataSource>(getDataSourceToken());
    await seedDemo(server);
    community = await login(server, 'community');
  });
  afterAll(async () => {
    await zeebeMode?.close();
  });

  it('runs without the engine’s tables: the server’s database has no engine schema', async () => {
    const [present] = await db.query(`SELECT to_regclass('engine.job') IS NOT NULL AS present`);
    expect(present.present).toBe(false);
    const health = await call(server, 'GET', '/api/health');
    expect(health.body.engine).toMatchObject({ status: 'up', mode: 'zeebe' });
  });

  it('drops the task of an instance cancelled through gRPC, with reason job-ended', async () => {
    const instance = await startTerminate();
    const task = await waitForTask(server, community, instance, 'Task_handle');
    expect(task.state).toBe('open');
    await zeebe.cancelProcessInstance(instance);

    const gone = await waitFor('the task to leave the open inbox', async () => {
      const list = await call(server, 'GET', '/api/tasks?pageSize=100', { token: community });
      return list.body.items.some((t: Json) => t.id === task.id) ? undefined : list;
    });
    expect(gone.status).toBe(200);
    const detail = await call(server, 'GET', `/api/tasks/${task.id}`, { token: community });
    expect(detail.body).toMatchObject({ state: 'canceled', endReason: 'job-ended', canClaim: false, canComplete: false });
    const complete = await call(server, 'POST', `/api/tasks/${task.id}/complete`, { token: community, body: { data: {} } });
    expect(complete.status).toBe(409);
    expect(complete.body.endReason).toBe('job-ended');
  });

  it('closes a task whose element a boundary event terminated, in the background sweep alone', async () => {
    const instance = await startTerminate();
    const task = await waitForTask(server, community, instance, 'Task_handle');
    const watch = await waitFor('the watch job', async () => {
      const jobs = await zeebe.activateJobs({
        type: 'inbox-test.watch',
        worker: 'spec',
        timeout: 60_000,
        maxJobsToActivate: 10,
        requestTimeout: 500,
      });
      return jobs.find((j) => j.processInstanceKey === instance);
    });
    await zeebe.throwError({ jobKey: watch.key, errorCode: 'abort', errorMessage: 'aborted by the spec' });
    expect((await engineJob(task.id))?.state).toBe('CANCELED');
    // No list or task request here: only the sweeper can notice.
    const closed = await waitFor('the sweeper to close the task', async () => {
      const current = await row(task.id);
      return current.state === 'open' ? undefined : current;
    });
    expect(closed).toEqual({ state: 'canceled', end_reason: 'job-ended' });
  });

  it('keeps open tasks held: each check renews the job’s lock and leaves the task open', async () => {
    const instance = await startTerminate();
    const task = await waitForTask(server, community, instance, 'Task_handle');
    const before = Number((await engineJob(task.id))?.deadline);
    // The sweeper renews the lock to a full USER_TASK_LOCK_MS from the moment of its check.
    const renewed = await waitFor('the lock to be renewed', async () => {
      const deadline = Number((await engineJob(task.id))?.deadline);
      return deadline > before ? deadline : undefined;
    });
    expect(renewed - Date.now()).toBeGreaterThan(USER_TASK_LOCK_MS - 60_000);
    expect(await row(task.id)).toEqual({ state: 'open', end_reason: null });
    const done = await call(server, 'POST', `/api/tasks/${task.id}/complete`, { token: community, body: { data: {} } });
    expect(done.status).toBe(200);
    expect((await engineJob(task.id))?.state).toBe('COMPLETED');
  });
});
