/**
 * `npm run bench:analytics [-- <instances>]`: process-duration analytics at scale, on its own
 * embedded PostgreSQL and server.
 *
 * 1. Generates <instances> completed instances (default 1,000,000) of one 10-step process,
 *    each with 10 element instances (3 user tasks with inbox rows, half of them claimed),
 *    over 5,024 generated organisation units, straight into the engine's history tables with
 *    generate_series — rows per second.
 * 2. Runs the analytics loader over all of it (the exporter-equivalent), which also builds the
 *    rollups (monthly/weekly log histograms per unit and its ancestors) — rows per second.
 * 3. Times every endpoint through HTTP for a city analyst (all units) and a community analyst
 *    (one community): p50/p99.
 * 4. Database size per instance (engine history + inbox + analytics facts and rollups).
 *
 * BENCH_DATA_DIR=<dir> keeps the database there: a later run with the same folder skips steps
 * 1–2 (printing their figures as first measured) and times the endpoints again — the HTTP
 * figures want a quiet machine, the hour of generating and loading does not.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { ensureDatabase, startEmbeddedPostgres } from '@rp/postgres';
import { AnalyticsLoader } from '../src/analytics/analytics-loader';
import { loadConfig } from '../src/config/app-config';
import { migrate } from '../src/database/open-database';
import { startServer } from '../src/server';
import { PasswordHasher } from '../src/users/password-hasher';

const INSTANCES = Number(process.argv[2] ?? process.env['BENCH_INSTANCES'] ?? 1_000_000);
const BATCH = 50_000;
const STREETS_PER_DISTRICT = 8;
const COMMUNITIES_PER_STREET = 12;
const COMPOUNDS_PER_COMMUNITY = 12; // 4 districts: 32 + 384 + 4,608 = 5,024 units
const PROCESS = 'bench-report';
/** Element id, type, name, and the fraction of the instance's duration at which it starts. */
const STEPS: readonly [string, string, string, number][] = [
  ['start', 'START_EVENT', '上报', 0],
  ['dispatch', 'USER_TASK', '派单', 0.001],
  ['route', 'EXCLUSIVE_GATEWAY', '是否受理', 0.15],
  ['accept', 'USER_TASK', '受理', 0.1501],
  ['notifyOwner', 'SERVICE_TASK', '通知业主', 0.3],
  ['repair', 'USER_TASK', '维修', 0.32],
  ['record', 'SERVICE_TASK', '登记结果', 0.85],
  ['rate', 'SERVICE_TASK', '居民评价', 0.87],
  ['publish', 'SERVICE_TASK', '结果公开', 0.95],
  ['end', 'END_EVENT', '结束', 0.9999],
];
const SAMPLE_BUDGET_MS = 20_000;
const MAX_SAMPLES = 50;

const percentile = (values: readonly number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const say = (line: string): boolean => process.stdout.write(`${line}\n`);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  if (!Number.isInteger(INSTANCES) || INSTANCES < 1000) throw new Error('usage: analytics-bench [instances ≥ 1000]');
  const root = findRoot();
  const kept = process.env['BENCH_DATA_DIR'];
  const tmp = kept ?? mkdtempSync(join(tmpdir(), 'rp-analytics-bench-'));
  if (kept) mkdirSync(kept, { recursive: true });
  /** Written once the history is generated and loaded: the figures of steps 1–2 for a later run on the same folder. */
  const readyFile = join(tmp, 'ready.json');
  const ready = existsSync(readyFile) ? (JSON.parse(readFileSync(readyFile, 'utf8')) as Ready) : null;
  if (ready && ready.instances !== INSTANCES) throw new Error(`${tmp} holds ${ready.instances} instances, not ${INSTANCES}`);
  say(`analytics bench: ${fmt(INSTANCES)} completed instances, ${fmt(INSTANCES * STEPS.length)} element instances`);
  const pg = await startEmbeddedPostgres({
    dataDir: join(tmp, 'pg'),
    port: 0,
    settings: {
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      shared_buffers: '1GB',
      work_mem: '64MB',
      maintenance_work_mem: '512MB',
      max_wal_size: '4GB',
    },
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
      // No background loads while generating (each would load a 50,000-instance batch incrementally): time one load from scratch, alone.
      server.app.get(AnalyticsLoader).stopSchedule();
      let community: string;
      if (ready) {
        community = ready.community;
        say(`reusing ${tmp}; as first measured there:\n${ready.lines.join('\n')}`);
      } else {
        await server.app.get(AnalyticsLoader).runOnce();
        const lines: string[] = [];
        const note = (line: string): void => {
          lines.push(line);
          say(line);
        };
        community = await generate(db, note);
        await db.query('TRUNCATE analytics_instances, analytics_element_instances, analytics_watermarks, analytics_rollups');
        const t0 = now();
        const loaded = await server.app.get(AnalyticsLoader).runOnce();
        const loadMs = now() - t0;
        await db.query('ANALYZE analytics_instances');
        await db.query('ANALYZE analytics_element_instances');
        await db.query('ANALYZE analytics_rollups');
        const [{ rollups }] = await db.query<{ rollups: number }[]>('SELECT count(*)::int AS rollups FROM analytics_rollups');
        note(`rollups: ${fmt(rollups)} rows`);
        note(
          `loader: ${fmt(loaded.instances)} instance + ${fmt(loaded.elements)} element facts in ${(loadMs / 1000).toFixed(1)} s = ${fmt(((loaded.instances + loaded.elements) / loadMs) * 1000)} rows/s`,
        );
        if (kept) writeFileSync(readyFile, JSON.stringify({ instances: INSTANCES, community, lines } satisfies Ready));
      }
      const t1 = now();
      const again = await server.app.get(AnalyticsLoader).runOnce();
      say(`loader, nothing new: ${(now() - t1).toFixed(0)} ms (${again.instances + again.elements} rows changed)`);

      if (process.env['BENCH_EXPLAIN']) {
        const [{ jit }] = await db.query<{ jit: string }[]>('SHOW jit');
        say(`jit: ${jit}`);
        const plan = await db.query<{ 'QUERY PLAN': string }[]>(
          `EXPLAIN (ANALYZE, BUFFERS) SELECT e.element_id, count(*), percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY e.duration_ms) FILTER (WHERE e.state = 'COMPLETED'),
             percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY e.waiting_ms) FILTER (WHERE e.state = 'COMPLETED')
           FROM analytics_element_instances e WHERE e.bpmn_process_id = $1 AND (e.org_path LIKE '/anyang/%') GROUP BY e.element_id`,
          [PROCESS],
        );
        for (const row of plan) say(row['QUERY PLAN']);
      }
      const login = async (username: string): Promise<string> => {
        const response = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'demo1234' }),
        });
        return ((await response.json()) as { accessToken: string }).accessToken;
      };
      const cityAdmin = await login('city-admin');
      for (const [elementId, targetMs] of [
        [PROCESS, 10 * 86_400_000],
        ['accept', 86_400_000],
      ] as const) {
        await fetch(`${server.url}/api/analytics/processes/${PROCESS}/targets/${elementId}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${cityAdmin}`, 'content-type': 'application/json' },
          body: JSON.stringify({ targetMs }),
        });
      }
      const callers = [
        ['city analyst (all 5,024 units)', await login('city-analyst')],
        [`community analyst (${community})`, await login('bench-analyst')],
      ] as const;
      const endpoints = [
        'durations',
        'durations?from=2026-03-01&to=2026-04-01',
        'durations?from=2026-03-10&to=2026-05-20',
        'trend?bucket=month',
        'trend?bucket=week',
        'by-org-unit?level=district',
        'by-org-unit?level=community',
        'breaches',
        'breaches?format=csv',
        'histogram',
        'histogram?elementId=accept',
        'slowest',
        'slowest?elementId=repair',
        'targets',
      ];
      for (const [who, token] of callers) {
        say(`\n${who}:`);
        for (const endpoint of endpoints) {
          const samples: number[] = [];
          const started = now();
          let status = 0;
          let bytes = 0;
          while (samples.length < MAX_SAMPLES && (samples.length < 5 || now() - started < SAMPLE_BUDGET_MS)) {
            const t = now();
            const response = await fetch(`${server.url}/api/analytics/processes/${PROCESS}/${endpoint}`, {
              headers: { authorization: `Bearer ${token}` },
            });
            bytes = (await response.arrayBuffer()).byteLength;
            samples.push(now() - t);
            status = response.status;
          }
          // With n = 50, p99 is the slowest sample; `first` shows whether that was the first request (cold caches).
          say(
            `  GET …/${endpoint.padEnd(42)} ${status} p50 ${percentile(samples, 50).toFixed(1).padStart(8)} ms  p99 ${percentile(samples, 99).toFixed(1).padStart(8)} ms  (n=${samples.length}, first ${samples[0].toFixed(1)} ms, ${fmt(bytes)} bytes)`,
          );
        }
      }

      const sizes = await db.query<{ relation: string; bytes: string }[]>(
        `SELECT CASE WHEN n.nspname = 'engine' THEN 'engine history (' || c.relname || ')' ELSE c.relname END AS relation,
                pg_total_relation_size(c.oid)::text AS bytes
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND (n.nspname = 'engine' OR c.relname IN ('inbox_tasks', 'audit_log', 'analytics_instances', 'analytics_element_instances', 'analytics_rollups'))
         ORDER BY pg_total_relation_size(c.oid) DESC`,
      );
      const [{ total }] = await db.query<{ total: string }[]>('SELECT pg_database_size(current_database())::text AS total');
      say('\ndatabase size (tables with their indexes and TOAST):');
      let analytics = 0;
      for (const row of sizes) {
        if (Number(row.bytes) < 1_000_000) continue;
        if (row.relation.startsWith('analytics_')) analytics += Number(row.bytes);
        say(
          `  ${row.relation.padEnd(40)} ${(Number(row.bytes) / 1e6).toFixed(1).padStart(9)} MB  ${(Number(row.bytes) / INSTANCES / 1000).toFixed(2)} kB/instance`,
        );
      }
      say(
        `  whole database: ${(Number(total) / 1e6).toFixed(1)} MB = ${(Number(total) / INSTANCES / 1000).toFixed(2)} kB per instance (analytics facts and rollups ${(analytics / INSTANCES / 1000).toFixed(2)} kB); Camunda 8 (Zeebe + Elasticsearch + Optimize) ≈ 174 kB`,
      );
    } finally {
      await server.close();
    }
  } finally {
    await pg.stop();
    if (!kept) rmSync(tmp, { recursive: true, force: true });
  }
}

interface Ready {
  readonly instances: number;
  readonly community: string;
  readonly lines: readonly string[];
}

/** Units, a community analyst, the definition, then history in batches. Returns the analyst's community. */
async function generate(db: DataSource, note: (line: string) => void): Promise<string> {
  const t0 = now();
  // Its own city and districts (not the demo seed: the bench needs only these).
  await db.query(`INSERT INTO org_units (id, name, level, parent_id, path) VALUES ('anyang', '安阳市', 'city', NULL, '/anyang/'),
    ('wf', '文峰区', 'district', 'anyang', '/anyang/wf/'), ('bg', '北关区', 'district', 'anyang', '/anyang/bg/'),
    ('yd', '殷都区', 'district', 'anyang', '/anyang/yd/'), ('la', '龙安区', 'district', 'anyang', '/anyang/la/')`);
  await db.query(`INSERT INTO org_units (id, name, level, parent_id, path)
    SELECT d || '-bs' || s, '基准街道' || d || s, 'street', d, '/anyang/' || d || '/' || d || '-bs' || s || '/'
    FROM unnest(ARRAY['wf', 'bg', 'yd', 'la']) d, generate_series(1, ${STREETS_PER_DISTRICT}) s`);
  await db.query(`INSERT INTO org_units (id, name, level, parent_id, path)
    SELECT u.id || '-c' || c, '基准社区' || u.id || '-' || c, 'community', u.id, u.path || u.id || '-c' || c || '/'
    FROM org_units u, generate_series(1, ${COMMUNITIES_PER_STREET}) c WHERE u.id LIKE '%-bs%' AND u.level = 'street'`);
  await db.query(`INSERT INTO org_units (id, name, level, parent_id, path)
    SELECT u.id || '-k' || k, '基准小区' || u.id || '-' || k, 'compound', u.id, u.path || u.id || '-k' || k || '/'
    FROM org_units u, generate_series(1, ${COMPOUNDS_PER_COMMUNITY}) k WHERE u.id LIKE '%-bs%' AND u.level = 'community'`);
  await db.query(`CREATE TABLE bench_units AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM org_units WHERE id LIKE '%-bs%'`);
  const [{ units }] = await db.query<{ units: number }[]>('SELECT count(*)::int AS units FROM bench_units');
  const community = 'wf-bs1-c1';
  const hash = await new PasswordHasher().hash('demo1234');
  let userId = '';
  for (const [username, role, unit] of [
    ['city-admin', 'admin', 'anyang'],
    ['city-analyst', 'analyst', 'anyang'],
    ['bench-analyst', 'analyst', community],
  ] as const) {
    userId = randomUUID();
    await db.query(`INSERT INTO users (id, username, display_name, password_hash, active) VALUES ($1, $2, $2, $3, true)`, [
      userId,
      username,
      hash,
    ]);
    await db.query(`INSERT INTO memberships (id, user_id, org_unit_id, role) VALUES ($1, $2, $3, $4)`, [randomUUID(), userId, unit, role]);
  }

  const model = {
    bpmnProcessId: PROCESS,
    name: '报事报修（基准）',
    elements: Object.fromEntries(STEPS.map(([id, , name]) => [id, { id, name }])),
  };
  await db.query(`INSERT INTO engine.deployment (key, deployed_at) VALUES (4000000000000000, now())`);
  await db.query(
    `INSERT INTO engine.process_definition (key, bpmn_process_id, version, name, resource_name, checksum, deployment_key, model, xml, deployed_at)
     VALUES (4000000000000001, $1, 1, $2, 'bench.bpmn', 'x', 4000000000000000, $3, '<xml/>', now())`,
    [PROCESS, model.name, JSON.stringify(model)],
  );
  say(`generated ${units} organisation units; writing history…`);

  const ids = `ARRAY[${STEPS.map(([id]) => `'${id}'`).join(',')}]`;
  const types = `ARRAY[${STEPS.map(([, type]) => `'${type}'`).join(',')}]`;
  const at = `ARRAY[${STEPS.map(([, , , f]) => f).join(',')}, 1]::float8[]`;
  const userTasks = STEPS.map(([, type], j) => (type === 'USER_TASK' ? j : -1)).filter((j) => j >= 0);
  let rows = 0;
  const tg = now();
  for (let from = 1; from <= INSTANCES; from += BATCH) {
    const to = Math.min(INSTANCES, from + BATCH - 1);
    // One instance per i: started across 2026-01-01 … 2026-12-31, duration 1 h … ~30 days (skewed).
    await db.query(`CREATE TEMP TABLE IF NOT EXISTS bench_batch (i bigint, unit text, started timestamptz, dur float8)`);
    await db.query(`TRUNCATE bench_batch`);
    await db.query(`INSERT INTO bench_batch
      SELECT i, u.id, timestamptz '2026-01-01 00:00:00+08' + (i::float8 / ${INSTANCES}) * interval '364 days',
             3600000 * exp(random() * 6.5)
      FROM generate_series(${from}, ${to}) i JOIN bench_units u ON u.n = i % ${units}`);
    await db.query(`INSERT INTO engine.process_instance (key, process_definition_key, bpmn_process_id, version, state, started_at, ended_at, variables, doc)
      SELECT 5000000000000000 + i * 16, 4000000000000001, '${PROCESS}', 1, 'COMPLETED', started, started + dur * interval '1 millisecond',
             jsonb_build_object('orgUnitId', unit, 'title', '报修 ' || i), '{}'::jsonb
      FROM bench_batch`);
    await db.query(`INSERT INTO engine.element_instance (key, process_instance_key, process_definition_key, bpmn_process_id, version, element_id, element_type, flow_scope_key, state, activated_at, completed_at)
      SELECT 5000000000000000 + i * 16 + 1 + j, 5000000000000000 + i * 16, 4000000000000001, '${PROCESS}', 1, (${ids})[j + 1], (${types})[j + 1],
             5000000000000000 + i * 16, 'COMPLETED',
             started + round(dur * (${at})[j + 1]) * interval '1 millisecond', started + round(dur * (${at})[j + 2]) * interval '1 millisecond'
      FROM bench_batch, generate_series(0, ${STEPS.length - 1}) j`);
    // Inbox rows for the user tasks; the acceptance due 24 h after activation; half claimed (audit_log) a third of the way in.
    await db.query(`INSERT INTO inbox_tasks (job_key, process_instance_key, process_definition_key, bpmn_process_id, process_name, process_version, element_id,
        element_instance_key, name, assignee, candidate_groups, due_date, org_unit_id, org_path, variables, state, end_reason, created_at, completed_at, completed_by, updated_at)
      SELECT 6000000000000000 + i * 16 + j, 5000000000000000 + i * 16, 4000000000000001, '${PROCESS}', '报事报修（基准）', 1, (${ids})[j + 1],
             5000000000000000 + i * 16 + 1 + j, (${ids})[j + 1], CASE WHEN i % 2 = 0 THEN 'u' END, ARRAY['grid-worker:' || unit],
             CASE WHEN j = 3 THEN started + round(dur * (${at})[j + 1]) * interval '1 millisecond' + interval '24 hours' END,
             unit, NULL, '{}'::jsonb, 'completed', 'completed',
             started + round(dur * (${at})[j + 1]) * interval '1 millisecond', started + round(dur * (${at})[j + 2]) * interval '1 millisecond', 'u', now()
      FROM bench_batch, unnest(ARRAY[${userTasks.join(',')}]) j`);
    await db.query(`INSERT INTO audit_log (at, user_id, username, action, task_key, process_instance_key, bpmn_process_id)
      SELECT started + round(dur * ((${at})[j + 1] * 2 + (${at})[j + 2]) / 3) * interval '1 millisecond', '${userId}', 'u', 'claim',
             6000000000000000 + i * 16 + j, 5000000000000000 + i * 16, '${PROCESS}'
      FROM bench_batch, unnest(ARRAY[${userTasks.join(',')}]) j WHERE i % 2 = 0`);
    rows += (to - from + 1) * (1 + STEPS.length + userTasks.length + userTasks.length / 2);
    const secs = (now() - tg) / 1000;
    say(`  ${fmt(to)} / ${fmt(INSTANCES)} instances, ${fmt(rows)} rows, ${secs.toFixed(0)} s, ${fmt(rows / secs)} rows/s`);
  }
  await db.query('DROP TABLE bench_units');
  await db.query('ANALYZE');
  const secs = (now() - t0) / 1000;
  note(
    `generator: ${fmt(rows)} rows (instances, element instances, inbox tasks, claims) in ${secs.toFixed(1)} s = ${fmt(rows / secs)} rows/s`,
  );
  return community;
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
