/**
 * `npm run bench:inbox`: the inbox at scale, on its own embedded PostgreSQL and server.
 *
 * 1. 1,000,000 task rows over 5,000 organisation units (generate_series), then one official's
 *    inbox page (GET /api/tasks, counts included) through HTTP, and the same for a
 *    community admin (subtree) — p50/p99.
 * 2. Engine creates a user task → the task is listed (its row committed by the projection
 *    worker): p50/p99, from the CreateProcessInstance call and from its acknowledgement.
 * 3. Claim + complete through HTTP: p50/p99 of the round trip, and the same without the
 *    engine's own CompleteJob time (measured around the gRPC call).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { ensureDatabase, startEmbeddedPostgres } from '@rp/postgres';
import { loadConfig } from '../src/config/app-config';
import { migrate } from '../src/database/open-database';
import { WorkflowEngineService } from '../src/engine/workflow-engine.service';
import { InboxProjectionWorker } from '../src/inbox/inbox-projection.worker';
import { InboxRepository, type TaskSearch } from '../src/inbox/inbox.repository';
import { JOB_STATE_PROBE, type JobStateProbe } from '../src/inbox/job-state-probe';
import { viewerOf } from '../src/inbox/visibility';
import { WORKFLOW_CLIENT, type WorkflowClient } from '@rp/workflow';
import { PasswordHasher } from '../src/users/password-hasher';
import { startServer } from '../src/server';

const ROWS = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const COMMUNITIES = 100;
const COMPOUNDS_PER_COMMUNITY = 49; // 100 + 4,900 = 5,000 units
const PAGE_SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 500);
const FLOW_SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 300);

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const report = (label: string, values: readonly number[]): void => {
  process.stdout.write(
    `${label}: p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms (n=${values.length})\n`,
  );
};
const now = (): number => Number(process.hrtime.bigint()) / 1e6;

async function main(): Promise<void> {
  const root = findRoot();
  const tmp = mkdtempSync(join(tmpdir(), 'rp-inbox-bench-'));
  const pg = await startEmbeddedPostgres({
    dataDir: join(tmp, 'pg'),
    port: 0,
    settings: {
      fsync: 'off',
      synchronous_commit: 'off',
      shared_buffers: '256MB',
      ...(process.env['BENCH_PG_LOG'] ? { log_min_duration_statement: process.env['BENCH_PG_LOG'] } : {}),
    },
    ...(process.env['BENCH_PG_LOG'] ? { onLog: (line: string) => process.stdout.write(`pg: ${line.slice(0, 600)}\n`) } : {}),
  });
  try {
    await ensureDatabase(pg.url(), 'bench');
    const url = pg.url('bench');
    await migrate(url, pino({ level: 'silent' }));
    const config = loadConfig({
      DATA_DIR: join(tmp, 'data'),
      PORT: '0',
      ENGINE_GRPC_PORT: '0',
      JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-signing',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'silent',
      PROCESSES_DIR: join(root, 'apps/server/test/fixtures/processes'),
      FORMS_DIR: join(root, 'apps/server/test/fixtures/forms'),
    });
    const server = await startServer(config, url);
    try {
      const db = server.app.get<DataSource>(getDataSourceToken());
      await generate(db, await server.app.get(PasswordHasher).hash('demo1234'));
      const http = async (method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: any }> => {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: response.status, body: await response.json() };
      };
      const login = async (username: string): Promise<string> => {
        const response = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'demo1234' }),
        });
        return ((await response.json()) as { accessToken: string }).accessToken;
      };

      // 1. Inbox pages, after a floor: the cheapest authenticated request on the same machine.
      const official = await login('bench-official');
      const admin = await login('bench-admin');
      const floor: number[] = [];
      for (let i = 0; i < PAGE_SAMPLES; i += 1) {
        const t0 = now();
        await http('GET', '/api/me', official);
        floor.push(now() - t0);
      }
      report('floor: GET /api/me (token check + user load), HTTP', floor);
      const repository = server.app.get(InboxRepository);
      // The page as the service asks for it: with the embedded engine's end-reason check inline.
      const endReasonSql = server.app.get<JobStateProbe>(JOB_STATE_PROBE).endReasonSql;
      const pageSearch = (): TaskSearch => ({
        filter: 'all',
        sort: '-createdAt',
        limit: 20,
        offset: 0,
        now: new Date(),
        ...(endReasonSql ? { endReasonSql } : {}),
      });
      const me = await http('GET', '/api/me', official);
      const viewer = viewerOf({
        userId: me.body.user.id,
        username: 'bench-official',
        memberships: [{ id: '', role: 'community-party', orgUnitId: 'bc1', orgUnitPath: '/anyang/wf/wf-dongda/bc1/' }],
      });
      const sql: number[] = [];
      for (let i = 0; i < PAGE_SAMPLES; i += 1) {
        const t0 = now();
        await Promise.all([repository.list(viewer, pageSearch()), repository.counts(viewer, { now: new Date() })]);
        sql.push(now() - t0);
      }
      report('inbox page, official, SQL only (page + counts)', sql);
      if (process.env['BENCH_EXPLAIN']) {
        const captured: [string, unknown[]][] = [];
        const original = db.query.bind(db);
        (db as unknown as { query: unknown }).query = (text: string, params: unknown[]) => (
          captured.push([text, params]),
          original(text, params)
        );
        const adminViewer = viewerOf({
          userId: me.body.user.id,
          username: 'bench-admin',
          memberships: [{ id: '', role: 'admin', orgUnitId: 'bc1', orgUnitPath: '/anyang/wf/wf-dongda/bc1/' }],
        });
        for (const v of [viewer, adminViewer]) {
          await repository.list(v, pageSearch());
          await repository.counts(v, { now: new Date() });
        }
        (db as unknown as { query: unknown }).query = original;
        for (const [text, params] of captured) {
          const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
          process.stdout.write(`${text.slice(0, 200)}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n\n`);
        }
      }
      for (const [label, token] of [
        ['inbox page, official (candidate group of one community)', official],
        ['inbox page, community admin (subtree of 50 units)', admin],
      ] as const) {
        const first = await http('GET', '/api/tasks?pageSize=20', token);
        if (first.status !== 200) throw new Error(`inbox page answered ${first.status}: ${JSON.stringify(first.body)}`);
        for (let i = 0; i < 20; i += 1) await http('GET', '/api/tasks?pageSize=20', token);
        const times: number[] = [];
        for (let i = 0; i < PAGE_SAMPLES; i += 1) {
          const t0 = now();
          await http('GET', `/api/tasks?pageSize=20&page=${1 + (i % 3)}`, token);
          times.push(now() - t0);
        }
        report(`${label}, ${first.body.counts.all} open tasks visible, HTTP`, times);
      }

      // 2. Creation → listed.
      const worker = server.app.get(InboxProjectionWorker);
      const zeebe = server.app.get(WorkflowEngineService).grpc();
      const projected = new Map<string, { at: number; jobKey: string }>();
      worker.listeners.add((job) => projected.set(job.processInstanceKey, { at: now(), jobKey: job.key }));
      const fromCall: number[] = [];
      const fromAck: number[] = [];
      const jobs: string[] = [];
      const branchId = (await db.query(`SELECT id FROM users WHERE username = 'branch'`))[0].id as string;
      for (let i = 0; i < FLOW_SAMPLES; i += 1) {
        const t0 = now();
        const created = await zeebe.createProcessInstance({
          bpmnProcessId: 'inbox-review',
          variables: {
            title: `事项 ${i}`,
            category: 'repair',
            compoundId: 'wf-dongda-nanying-jinxiu',
            communityId: 'wf-dongda-nanying',
            startedBy: branchId,
          },
        });
        const t1 = now();
        const key = String(created.processInstanceKey);
        while (!projected.has(key)) await new Promise((resolve) => setImmediate(resolve));
        const seen = projected.get(key)!;
        fromCall.push(seen.at - t0);
        fromAck.push(seen.at - t1);
        jobs.push(seen.jobKey);
      }
      report('user task created → listed, from CreateProcessInstance call', fromCall);
      report('user task created → listed, from its acknowledgement', fromAck);

      // 3. Claim + complete through HTTP.
      const community = await login('community');
      const client = server.app.get<() => WorkflowClient>(WORKFLOW_CLIENT)();
      const completeJob = client.completeJob.bind(client);
      let engineMs = 0;
      client.completeJob = async (request) => {
        const t0 = now();
        try {
          return await completeJob(request);
        } finally {
          engineMs = now() - t0;
        }
      };
      const roundTrips: number[] = [];
      const withoutEngine: number[] = [];
      for (const jobKey of jobs) {
        const t0 = now();
        const claim = await http('POST', `/api/tasks/${jobKey}/claim`, community);
        const done = await http('POST', `/api/tasks/${jobKey}/complete`, community, { data: { decision: 'approve', opinion: '同意办理' } });
        const total = now() - t0;
        if (claim.status !== 200 || done.status !== 200)
          throw new Error(`claim ${claim.status} / complete ${done.status}: ${JSON.stringify(done.body)}`);
        roundTrips.push(total);
        withoutEngine.push(total - engineMs);
      }
      report('claim + complete round trip, HTTP', roundTrips);
      report('claim + complete round trip, HTTP, without the engine’s CompleteJob', withoutEngine);
    } finally {
      await server.close();
    }
  } finally {
    await pg.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** 5,000 units under 东大街街道, their officials, and ROWS tasks spread over them. */
async function generate(db: DataSource, hash: string): Promise<void> {
  const t0 = now();
  // The demo chain the fixture process runs in (the bench does not depend on the demo seed).
  for (const [id, level, parent] of [
    ['anyang', 'city', null],
    ['wf', 'district', 'anyang'],
    ['wf-dongda', 'street', 'wf'],
    ['wf-dongda-nanying', 'community', 'wf-dongda'],
    ['wf-dongda-nanying-jinxiu', 'compound', 'wf-dongda-nanying'],
  ] as const) {
    const parentPath = parent === null ? '/' : ((await db.query('SELECT path FROM org_units WHERE id = $1', [parent]))[0].path as string);
    await db.query('INSERT INTO org_units (id, name, level, parent_id, path) VALUES ($1, $1, $2, $3, $4)', [
      id,
      level,
      parent,
      `${parentPath}${id}/`,
    ]);
  }
  await db.query(`INSERT INTO org_units (id, name, level, parent_id, path)
    SELECT 'bc' || c, '基准社区' || c, 'community', 'wf-dongda', '/anyang/wf/wf-dongda/bc' || c || '/' FROM generate_series(1, ${COMMUNITIES}) c`);
  await db.query(`INSERT INTO org_units (id, name, level, parent_id, path)
    SELECT 'bc' || c || '-k' || k, '基准小区' || c || '-' || k, 'compound', 'bc' || c, '/anyang/wf/wf-dongda/bc' || c || '/bc' || c || '-k' || k || '/'
      FROM generate_series(1, ${COMMUNITIES}) c, generate_series(1, ${COMPOUNDS_PER_COMMUNITY}) k`);
  for (const [username, role, unit] of [
    ['bench-official', 'community-party', 'bc1'],
    ['bench-admin', 'admin', 'bc1'],
    ['community', 'community-party', 'wf-dongda-nanying'],
    ['branch', 'compound-branch', 'wf-dongda-nanying-jinxiu'],
  ] as const) {
    const id = crypto.randomUUID();
    await db.query(`INSERT INTO users (id, username, display_name, password_hash, active) VALUES ($1, $2, $2, $3, true)`, [
      id,
      username,
      hash,
    ]);
    await db.query(`INSERT INTO memberships (id, user_id, org_unit_id, role) VALUES ($1, $2, $3, $4)`, [
      crypto.randomUUID(),
      id,
      unit,
      role,
    ]);
  }
  // Unit n (0..4999): communities are n < 100, compounds after; roles by level; 80% open.
  await db.query(`
    INSERT INTO inbox_tasks (job_key, process_instance_key, process_definition_key, bpmn_process_id, process_name, process_version,
      element_id, element_instance_key, name, form_key, form_id, assignee, candidate_groups, candidate_users, due_date,
      org_unit_id, org_path, variables, state, end_reason, created_at, completed_at, updated_at)
    SELECT 9000000000000000 + i, 8000000000000000 + i, 1, 'resident-report', '三单一访（报事报修）', 1,
      'Task_step', 7000000000000000 + i, '基准任务 ' || i, NULL, NULL, NULL,
      ARRAY[(CASE WHEN u.n < ${COMMUNITIES} THEN 'community-party:' ELSE (ARRAY['property-company:', 'compound-branch:', 'grid-worker:', 'owners-committee:'])[1 + i % 4] END) || u.id],
      '{}', now() + (i % 240) * interval '1 hour', u.id, u.path, '{}'::jsonb,
      CASE WHEN (i / 7) % 5 = 0 THEN 'completed' ELSE 'open' END, CASE WHEN (i / 7) % 5 = 0 THEN 'completed' END,
      now() - (i % 129600) * interval '1 minute', CASE WHEN (i / 7) % 5 = 0 THEN now() END, now()
    FROM generate_series(1, ${ROWS}) i
    JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, path FROM org_units WHERE id LIKE 'bc%') u ON u.n = i % ${COMMUNITIES * (COMPOUNDS_PER_COMMUNITY + 1)}`);
  await db.query('VACUUM ANALYZE inbox_tasks');
  await db.query('ANALYZE org_units');
  process.stdout.write(
    `generated ${ROWS} task rows over ${COMMUNITIES * (COMPOUNDS_PER_COMMUNITY + 1)} units in ${((now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

function findRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) dir = join(dir, '..');
  return dir;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
