/**
 * Engine benchmark (`npm run bench:engine`): start → 3 service tasks → end, instances
 * created concurrently over gRPC and worked by 3 workers over gRPC, every command durable
 * (PostgreSQL with fsync on). The same process runs in `bpmn-engine` (in-process, not
 * durable) as the peer. Prints instances/s, the ratio, job activation latency p50/p99
 * (polling and streaming) and peak RSS with 10,000 active instances.
 * Part 2 figures (`bench/part2.bpmn`): the firing lag of 10,000 timers that fall due at
 * once, messages correlated per second against 10,000 open subscriptions, and a parallel
 * multi-instance service task over 1,000 elements.
 * `BENCH_ONLY=timers,messages,multi-instance` runs only those parts (also `throughput`).
 * `BENCH_STATEMENTS=1` loads pg_stat_statements and prints, for the polling and the streaming
 * throughput runs (per instance) and the multi-instance run (per item), the SQL statements the
 * engine sent (round trips) and their time.
 */
import { Camunda8 } from '@camunda8/sdk';
import { ensureDatabase, startEmbeddedPostgres } from '@rp/postgres';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { type ClockControl, startEngine } from '../src';

type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

const BPMN = readFileSync(join(__dirname, 'three-tasks.bpmn'));
const PART2_BPMN = readFileSync(join(__dirname, 'part2.bpmn'));
const TYPES = ['bench-1', 'bench-2', 'bench-3'];
const N_THROUGHPUT = Number(process.env.BENCH_INSTANCES ?? 2000);
const CREATE_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const N_LATENCY = 300;
/** Steady rate for the latency phase: 40 instances/s (120 jobs/s), well below capacity. */
const LATENCY_PACE_MS = 25;
const N_ACTIVE = Number(process.env.BENCH_ACTIVE ?? 10_000);
const N_PEER = Number(process.env.BENCH_PEER_INSTANCES ?? 300);
const N_TIMERS = Number(process.env.BENCH_TIMERS ?? 10_000);
const N_SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 10_000);
const PUBLISHERS = Number(process.env.BENCH_PUBLISHERS ?? 16);
const N_MI_ELEMENTS = Number(process.env.BENCH_MI_ELEMENTS ?? 1_000);
const STATEMENTS = process.env.BENCH_STATEMENTS === '1';
const PARTS = new Set((process.env.BENCH_ONLY ?? 'throughput,timers,messages,multi-instance').split(',').map((p) => p.trim()));

let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

function client(port: number): ZeebeClient {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${port}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    // The SDK reads its gRPC log level from this sub-key only.
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
  }).getZeebeGrpcApiClient();
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

interface Workers {
  close(): Promise<void>;
}

/** Three workers, one per task type, completing every job; records when each job arrived. */
function startWorkers(zbc: ZeebeClient, mode: 'poll' | 'stream', arrivals: Map<string, number>, onDone: () => void): Workers {
  const closers: Array<() => Promise<unknown>> = [];
  for (const type of TYPES) {
    const handler = (job: { key: string; complete: (v?: Record<string, unknown>) => Promise<unknown> }) => {
      arrivals.set(job.key, Date.now());
      return job.complete().then((r) => {
        if (type === 'bench-3') onDone();
        return r;
      });
    };
    if (mode === 'poll') {
      const w = zbc.createWorker({
        taskType: type,
        worker: `bench-${type}`,
        maxJobsToActivate: 64,
        timeout: 30_000,
        pollInterval: 100,
        longPoll: 30_000,
        taskHandler: handler as never,
      } as never);
      closers.push(() => w.close());
    } else {
      const w = zbc.streamJobs({ type, worker: `bench-${type}`, timeout: 30_000, taskHandler: handler as never } as never);
      closers.push(async () => (await w).close());
    }
  }
  return {
    close: async () => {
      // The sdk logs the CANCELLED status of every stream it closes; that is expected here.
      const original = console.error;
      console.error = () => undefined;
      await Promise.all(closers.map((c) => c()));
      await new Promise((r) => setTimeout(r, 300));
      console.error = original;
    },
  };
}

interface StatementCount {
  /** Sent by the engine (a round trip), or run inside a function such as `engine.apply_changes_batch`. */
  toplevel: boolean;
  calls: number;
  ms: number;
  rows: number;
  query: string;
}

/** The engine's statements since `pg_stat_statements_reset()` (this database, not the bench's own reads). */
async function statementCounts(sql: Pool): Promise<StatementCount[]> {
  const r = await sql.query<StatementCount>(
    `SELECT toplevel, calls::float8 AS calls, total_exec_time AS ms, rows::float8 AS rows, regexp_replace(query, '\\s+', ' ', 'g') AS query
     FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat_statements%'
       AND query NOT LIKE '%FROM engine.job WHERE key = ANY%' AND query NOT LIKE '%count(*)::text AS n%'
     ORDER BY calls DESC`,
  );
  return r.rows;
}

function formatStatements(mode: string, instances: number, counts: StatementCount[], unit = 'instance'): string {
  const top = counts.filter((c) => c.toplevel);
  const nested = counts.filter((c) => !c.toplevel).sort((a, b) => b.ms - a.ms);
  const calls = top.reduce((n, c) => n + c.calls, 0);
  const ms = top.reduce((n, c) => n + c.ms, 0);
  const line = (c: StatementCount) =>
    `  ${(c.calls / instances).toFixed(2).padStart(6)} calls/${unit} ${(c.ms / instances).toFixed(2).padStart(6)} ms/${unit} ${(c.rows / Math.max(c.calls, 1)).toFixed(1).padStart(6)} rows/call  ${c.query.slice(0, 110)}`;
  return [
    `statements, ${mode}: ${(calls / instances).toFixed(2)} round trips per ${unit}, ${(ms / instances).toFixed(2)} ms of PostgreSQL execution per ${unit}`,
    ...top.slice(0, 8).map(line),
    `  inside functions, most time first:`,
    ...nested.slice(0, 6).map(line),
  ].join('\n');
}

/** `concurrency` creators as fast as they can, or with `paceMs` one creation every paceMs (a steady rate). */
async function runEngineThroughput(zbc: ZeebeClient, mode: 'poll' | 'stream', count: number, concurrency: number, sql: Pool, paceMs = 0) {
  const arrivals = new Map<string, number>();
  let completed = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((r) => (resolveDone = r));
  const workers = startWorkers(zbc, mode, arrivals, () => {
    completed += 1;
    if (completed === count) resolveDone();
  });
  await new Promise((r) => setTimeout(r, 500)); // workers connected
  if (STATEMENTS) await sql.query('SELECT pg_stat_statements_reset()');
  const t0 = Date.now();
  const create = () => zbc.createProcessInstance({ bpmnProcessId: 'three-tasks', variables: { n: 1 } });
  if (paceMs > 0) {
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < count; i++) {
      pending.push(create());
      await new Promise((r) => setTimeout(r, paceMs));
    }
    await Promise.all(pending);
  } else {
    await pool(count, concurrency, create);
  }
  await done;
  const seconds = (Date.now() - t0) / 1000;
  const statements = STATEMENTS ? await statementCounts(sql) : [];
  await workers.close();
  const keys = [...arrivals.keys()];
  const created = await sql.query<{ key: string; at: number }>(
    'SELECT key::text AS key, (extract(epoch FROM created_at) * 1000)::float8 AS at FROM engine.job WHERE key = ANY($1::bigint[])',
    [keys],
  );
  const latencies = created.rows.map((r) => (arrivals.get(r.key) ?? r.at) - r.at);
  return { perSecond: count / seconds, seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), statements };
}

async function runPeer(count: number): Promise<{ perSecond: number; concurrency: number }> {
  // bpmn-engine is an ES module with a CommonJS build; loaded lazily so a failure names it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Engine } = require('bpmn-engine') as {
    Engine: new (o: object) => {
      execute(cb: (err?: Error) => void): void;
      once(ev: string, cb: (x?: unknown) => void): void;
    };
  };
  const task = (i: number) =>
    `<bpmn:serviceTask id="t${i}" implementation="\${environment.services.work}"><bpmn:incoming>f${i - 1}</bpmn:incoming><bpmn:outgoing>f${i}</bpmn:outgoing></bpmn:serviceTask>` +
    `<bpmn:sequenceFlow id="f${i}" sourceRef="t${i}" targetRef="${i === 3 ? 'end' : `t${i + 1}`}" />`;
  const source =
    `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="peer" targetNamespace="x">` +
    `<bpmn:process id="three-tasks" isExecutable="true"><bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>` +
    `<bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="t1" />${task(1)}${task(2)}${task(3)}` +
    `<bpmn:endEvent id="end"><bpmn:incoming>f3</bpmn:incoming></bpmn:endEvent></bpmn:process></bpmn:definitions>`;
  const services = {
    work: (_ctx: unknown, next: (err: Error | null, r?: unknown) => void) => setImmediate(() => next(null, { ok: true })),
  };
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const engine = new Engine({ name: 'peer', source, services });
      engine.once('end', () => resolve());
      engine.once('error', (err) => reject(err instanceof Error ? err : new Error(String(err))));
      engine.execute((err) => err && reject(err));
    });
  let best = { perSecond: 0, concurrency: 1 };
  for (const concurrency of [1, 8]) {
    const t0 = Date.now();
    await pool(count, concurrency, one);
    const perSecond = count / ((Date.now() - t0) / 1000);
    if (perSecond > best.perSecond) best = { perSecond, concurrency };
  }
  return best;
}

const HOUR = 3_600_000;

/** Polls `check` every 50 ms until it is true (at most `timeoutMs`). */
async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function countOf(sql: Pool, query: string, params: unknown[] = []): Promise<number> {
  return Number((await sql.query<{ n: string }>(query, params)).rows[0].n);
}

/**
 * 10,000 instances wait on a timer catch with the same due date (a day ahead); the
 * controllable clock is then set to that date, so all fall due at one instant. Each firing's
 * lag is its completion time (engine time, which runs at wall-clock rate after the move)
 * minus the due date. History must show exactly one completion per timer.
 */
async function runTimerLag(zbc: ZeebeClient, clock: ClockControl, sql: Pool) {
  const due = Math.ceil((clock.now() + 24 * HOUR) / 1000) * 1000;
  const dueAt = new Date(due).toISOString();
  const createdStart = Date.now();
  await pool(N_TIMERS, CREATE_CONCURRENCY, () => zbc.createProcessInstance({ bpmnProcessId: 'bench-timer', variables: { dueAt } }));
  const createSeconds = (Date.now() - createdStart) / 1000;
  const pending = await countOf(sql, "SELECT count(*)::text AS n FROM engine.timer WHERE bpmn_process_id = 'bench-timer'");
  clock.set(due);
  const movedAt = Date.now();
  await until(
    async () => (await countOf(sql, "SELECT count(*)::text AS n FROM engine.timer WHERE bpmn_process_id = 'bench-timer'")) === 0,
    600_000,
    'firing every bench timer',
  );
  const drainedSeconds = (Date.now() - movedAt) / 1000;
  const fired = await sql.query<{ lag: number }>(
    `SELECT (extract(epoch FROM completed_at) * 1000)::float8 - $1 AS lag FROM engine.element_instance
     WHERE bpmn_process_id = 'bench-timer' AND element_id = 'wait' AND state = 'COMPLETED'`,
    [due],
  );
  const lags = fired.rows.map((r) => r.lag);
  const firedTwice = await countOf(
    sql,
    `SELECT count(*)::text AS n FROM (SELECT process_instance_key FROM engine.element_instance
     WHERE bpmn_process_id = 'bench-timer' AND element_id = 'wait' AND state = 'COMPLETED'
     GROUP BY process_instance_key HAVING count(*) > 1) twice`,
  );
  const completed = await countOf(
    sql,
    "SELECT count(*)::text AS n FROM engine.process_instance WHERE bpmn_process_id = 'bench-timer' AND state = 'COMPLETED'",
  );
  return {
    pending,
    createSeconds,
    drainedSeconds,
    fired: lags.length,
    maxLag: lags.length > 0 ? Math.max(...lags) : NaN,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    firedTwice,
    completed,
  };
}

/**
 * 10,000 instances wait on a message catch, each with its own correlation key; then
 * `PUBLISHERS` concurrent publishers send one message per key (TTL 0: only the open
 * subscriptions can take it). Measured from the first publish until every instance moved on.
 */
async function runMessageRate(zbc: ZeebeClient, sql: Pool) {
  const createdStart = Date.now();
  await pool(N_SUBSCRIPTIONS, CREATE_CONCURRENCY, (i) =>
    zbc.createProcessInstance({ bpmnProcessId: 'bench-message', variables: { key: `order-${i}` } }),
  );
  const createSeconds = (Date.now() - createdStart) / 1000;
  const open = await countOf(sql, "SELECT count(*)::text AS n FROM engine.message_subscription WHERE bpmn_process_id = 'bench-message'");
  const t0 = Date.now();
  await pool(N_SUBSCRIPTIONS, PUBLISHERS, (i) =>
    zbc.publishMessage({ name: 'bench-msg', correlationKey: `order-${i}`, variables: { paid: i }, timeToLive: 0 }),
  );
  const publishedSeconds = (Date.now() - t0) / 1000;
  const activeQuery =
    "SELECT count(*)::text AS n FROM engine.process_instance WHERE bpmn_process_id = 'bench-message' AND state = 'ACTIVE'";
  await until(async () => (await countOf(sql, activeQuery)) === 0, 600_000, 'correlating every bench message');
  const seconds = (Date.now() - t0) / 1000;
  const correlatedTwice = await countOf(
    sql,
    `SELECT count(*)::text AS n FROM (SELECT process_instance_key FROM engine.element_instance
     WHERE bpmn_process_id = 'bench-message' AND element_id = 'receive' AND state = 'COMPLETED'
     GROUP BY process_instance_key HAVING count(*) > 1) twice`,
  );
  return { open, createSeconds, publishedSeconds, seconds, perSecond: N_SUBSCRIPTIONS / seconds, correlatedTwice };
}

/** One instance, a parallel multi-instance service task over 1,000 items, a streaming worker. */
async function runMultiInstance(zbc: ZeebeClient, sql: Pool) {
  const items = Array.from({ length: N_MI_ELEMENTS }, (_, i) => i);
  const worker = zbc.streamJobs({
    type: 'bench-mi',
    worker: 'bench-mi',
    timeout: 60_000,
    taskHandler: ((job: { complete: (v?: Record<string, unknown>) => Promise<unknown> }) => job.complete({ done: true })) as never,
  } as never);
  await new Promise((r) => setTimeout(r, 500)); // stream open
  if (STATEMENTS) await sql.query('SELECT pg_stat_statements_reset()');
  const t0 = Date.now();
  const { processInstanceKey } = await zbc.createProcessInstance({ bpmnProcessId: 'bench-mi', variables: { items } });
  await until(
    async () =>
      (await countOf(sql, "SELECT count(*)::text AS n FROM engine.process_instance WHERE key = $1 AND state = 'COMPLETED'", [
        processInstanceKey,
      ])) === 1,
    600_000,
    'completing the multi-instance',
  );
  const seconds = (Date.now() - t0) / 1000;
  const statements = STATEMENTS ? await statementCounts(sql) : [];
  const original = console.error;
  console.error = () => undefined; // the sdk logs the CANCELLED status of the stream it closes
  (await worker).close();
  await new Promise((r) => setTimeout(r, 300));
  console.error = original;
  const results = (
    await sql.query<{ results: unknown[] }>("SELECT variables->'results' AS results FROM engine.process_instance WHERE key = $1", [
      processInstanceKey,
    ])
  ).rows[0].results;
  return { seconds, collected: Array.isArray(results) ? results.filter((r) => r === true).length : 0, statements };
}

async function main(): Promise<void> {
  const dataDir = join(tmpdir(), `rp-engine-bench-${process.pid}`);
  const t0 = Date.now();
  const pg = await startEmbeddedPostgres({
    dataDir,
    port: 54410,
    settings: STATEMENTS ? { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'all' } : undefined,
  });
  await ensureDatabase(pg.url(), 'engine_bench');
  const databaseUrl = pg.url('engine_bench');
  if (STATEMENTS) {
    const setup = new Pool({ connectionString: databaseUrl, max: 1 });
    await setup.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await setup.end();
  }
  // The controllable clock only matters to the timer part (all timers due at one instant);
  // until then engine time is the system clock.
  const engine = await startEngine({ databaseUrl, port: 0, controllableClock: true });
  const sql = new Pool({ connectionString: databaseUrl, max: 2 });
  sql.on('error', () => undefined);
  const zbc = client(engine.port);
  const out: string[] = [];
  try {
    await zbc.deployResource({ process: BPMN, name: 'three-tasks.bpmn' });
    const fsync = (
      await sql.query<{ fsync: string; synchronous_commit: string }>(
        'SELECT current_setting($1) AS fsync, current_setting($2) AS synchronous_commit',
        ['fsync', 'synchronous_commit'],
      )
    ).rows[0];
    out.push(`PostgreSQL fsync=${fsync.fsync} synchronous_commit=${fsync.synchronous_commit} (durable commits)`);

    const f = (n: number) => n.toFixed(1);
    if (PARTS.has('throughput')) {
      // The peer runs before and after the engine phases and is averaged: on a shared machine
      // the load changes during a run, and the ratio should compare like with like.
      process.stdout.write('peer: bpmn-engine …\n');
      const peerBefore = await runPeer(N_PEER);

      process.stdout.write('engine: warm-up …\n');
      await runEngineThroughput(zbc, 'stream', 300, CREATE_CONCURRENCY, sql);

      process.stdout.write(`engine: ${N_THROUGHPUT} instances, polling workers …\n`);
      const polled = await runEngineThroughput(zbc, 'poll', N_THROUGHPUT, CREATE_CONCURRENCY, sql);
      process.stdout.write(`engine: ${N_THROUGHPUT} instances, streaming workers …\n`);
      const streamed = await runEngineThroughput(zbc, 'stream', N_THROUGHPUT, CREATE_CONCURRENCY, sql);

      process.stdout.write('engine: activation latency at a steady rate …\n');
      const latPoll = await runEngineThroughput(zbc, 'poll', N_LATENCY, 1, sql, LATENCY_PACE_MS);
      const latStream = await runEngineThroughput(zbc, 'stream', N_LATENCY, 1, sql, LATENCY_PACE_MS);

      process.stdout.write('peer: bpmn-engine again …\n');
      const peerAfter = await runPeer(N_PEER);
      const peer = { perSecond: (peerBefore.perSecond + peerAfter.perSecond) / 2 };

      process.stdout.write(`engine: ${N_ACTIVE} active instances …\n`);
      peakRss = 0;
      const activeStart = Date.now();
      await pool(N_ACTIVE, CREATE_CONCURRENCY, () =>
        zbc.createProcessInstance({ bpmnProcessId: 'three-tasks', variables: { n: 1, note: 'waiting at t1' } }),
      );
      const active = (await sql.query<{ n: string }>("SELECT count(*)::text AS n FROM engine.process_instance WHERE state = 'ACTIVE'"))
        .rows[0].n;
      const activeSeconds = (Date.now() - activeStart) / 1000;
      const rssActive = Math.max(peakRss, process.memoryUsage().rss);

      const best = Math.max(polled.perSecond, streamed.perSecond);
      out.push(
        `bpmn-engine (in-process, not durable): ${f(peer.perSecond)} instances/s (mean of a run before and after the engine: ${f(peerBefore.perSecond)} / ${f(peerAfter.perSecond)}; best of concurrency 1/8)`,
        `engine, polling workers:   ${f(polled.perSecond)} instances/s (${N_THROUGHPUT} instances in ${f(polled.seconds)} s, ${CREATE_CONCURRENCY} concurrent creators)`,
        `engine, streaming workers: ${f(streamed.perSecond)} instances/s (${N_THROUGHPUT} instances in ${f(streamed.seconds)} s)`,
        `ratio engine / bpmn-engine: ${(best / peer.perSecond).toFixed(2)}x (aim ≥ 2x)`,
        ...(STATEMENTS
          ? [formatStatements('polling', N_THROUGHPUT, polled.statements), formatStatements('streaming', N_THROUGHPUT, streamed.statements)]
          : []),
        `activation latency under full load: polling p50 ${f(polled.p50)} ms p99 ${f(polled.p99)} ms; streaming p50 ${f(streamed.p50)} ms p99 ${f(streamed.p99)} ms`,
        `activation latency at a steady 40 instances/s (120 jobs/s): polling p50 ${f(latPoll.p50)} ms p99 ${f(latPoll.p99)} ms; streaming p50 ${f(latStream.p50)} ms p99 ${f(latStream.p99)} ms (aim streaming p99 ≤ 50 ms)`,
        `peak RSS with ${active} active instances: ${(rssActive / 1024 / 1024).toFixed(0)} MB (engine + gRPC clients in one process; created in ${f(activeSeconds)} s; aim ≤ 400 MB)`,
      );
    }

    if (PARTS.has('timers') || PARTS.has('messages') || PARTS.has('multi-instance')) {
      await zbc.deployResource({ process: PART2_BPMN, name: 'part2.bpmn' });
    }
    if (PARTS.has('timers')) {
      process.stdout.write(`engine: ${N_TIMERS} timers due at once …\n`);
      if (!engine.clock) throw new Error('bench: the engine was started without a controllable clock');
      const t = await runTimerLag(zbc, engine.clock, sql);
      out.push(
        `timers: ${t.pending} pending timers (created in ${f(t.createSeconds)} s), all due at one instant (controllable clock set to their due date): ` +
          `${t.fired} fired, lag after due p50 ${f(t.p50)} ms p99 ${f(t.p99)} ms max ${f(t.maxLag)} ms (aim all within 2000 ms); ` +
          `all fired ${f(t.drainedSeconds)} s after the clock move (seen by polling); instances fired twice: ${t.firedTwice}; completed ${t.completed}`,
      );
    }
    if (PARTS.has('messages')) {
      process.stdout.write(`engine: ${N_SUBSCRIPTIONS} messages against ${N_SUBSCRIPTIONS} open subscriptions …\n`);
      const m = await runMessageRate(zbc, sql);
      out.push(
        `messages: ${N_SUBSCRIPTIONS} published by ${PUBLISHERS} concurrent publishers against ${m.open} open subscriptions (distinct correlation keys; instances created in ${f(m.createSeconds)} s): ` +
          `${f(m.perSecond)} messages/s published and correlated (all instances moved on after ${f(m.seconds)} s; publishing alone took ${f(m.publishedSeconds)} s; aim ≥ 1000/s); ` +
          `instances correlated twice: ${m.correlatedTwice}`,
      );
    }
    if (PARTS.has('multi-instance')) {
      process.stdout.write(`engine: parallel multi-instance over ${N_MI_ELEMENTS} elements …\n`);
      const mi = await runMultiInstance(zbc, sql);
      out.push(
        `multi-instance: one parallel service task over ${N_MI_ELEMENTS} elements, one streaming worker: start to instance completed in ${f(mi.seconds)} s (${mi.collected} results collected; no aim)`,
        ...(STATEMENTS ? [formatStatements('multi-instance', N_MI_ELEMENTS, mi.statements, 'item')] : []),
      );
    }
    out.push(`total bench time: ${f((Date.now() - t0) / 1000)} s`);
    process.stdout.write(`\n=== engine bench ===\n${out.join('\n')}\n`);
  } finally {
    clearInterval(rssTimer);
    const quietly = async (step: () => Promise<unknown>) => {
      try {
        await step();
      } catch {
        // shutting down: nothing left to report
      }
    };
    await quietly(() => zbc.close());
    await quietly(() => engine.stop());
    await quietly(() => sql.end());
    await quietly(() => pg.stop());
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
