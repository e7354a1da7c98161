/**
 * The analytics loader: copies the embedded engine's history (engine.process_instance,
 * engine.element_instance) and the inbox's user-task history (inbox_tasks, claim/assign
 * entries of audit_log) into the analytics fact tables. It plays the part a Zeebe exporter
 * plays for Optimize: with a Zeebe cluster, an exporter (e.g. a PostgreSQL/JDBC exporter)
 * would write the same engine.* history rows and this loader would run unchanged.
 *
 * Incremental: each run re-reads (a) rows that started at or after the source's watermark
 * minus an overlap (commits that landed late with older timestamps), and (b) every fact
 * still open (a partial index keeps that set cheap), then advances the watermark to the
 * newest start time it wrote. Each run is one transaction under an advisory lock, so two
 * servers on one database never load concurrently and a crash loses nothing (the watermark
 * commits with the rows). The upsert is idempotent: reloading a row rewrites the same values.
 *
 * Rollups (analytics_rollups) move in the same transaction: every fact the upsert inserts or
 * changes is logged to a temporary delta table — its old version with sign −1, its new one
 * with +1 — and the delta is added to the rollup rows of its unit and every unit above it.
 * The first load (or one after `TRUNCATE … analytics_watermarks`) builds them from the facts.
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { bucketIndexSql } from './sketch';

/** How often the loader runs in the background. */
export const LOAD_INTERVAL_MS = 5_000;
/** Rows started this long before the watermark are read again (commits that landed late). */
export const WATERMARK_OVERLAP = '10 minutes';
/** Advisory lock id: one loader at a time per database. */
const LOCK_ID = 0x616e6c74;
/** Watermark row recording that the rollups hold every fact (absent: the next load rebuilds them). */
export const ROLLUPS_BUILT = 'analytics_rollups';
const TIME_ZONE = 'Asia/Shanghai';
/** Day rollups are kept for units this deep or shallower (1 = the city, 2 = its districts): see docs/analytics.md. */
export const DAY_ROLLUP_MAX_DEPTH = 2;
/** Columns of a delta row; `element_id` '' is a whole instance. */
const DELTA_COLUMNS =
  'sign, bpmn_process_id, version, element_id, org_path, state, started_at, ended_at, duration_ms, waiting_ms, working_ms, due_at';
const ROLLUP_KEY = 'bpmn_process_id, basis, grain, org_depth, org_path, element_id, period, version';
/** Every fact as a +1 delta: what a rebuild adds up. */
const FACTS_AS_DELTA = `
  SELECT 1 AS sign, bpmn_process_id, version, ''::varchar AS element_id, org_path, state, started_at, ended_at, duration_ms,
         NULL::bigint AS waiting_ms, NULL::bigint AS working_ms, NULL::timestamptz AS due_at
  FROM analytics_instances WHERE org_path IS NOT NULL
  UNION ALL
  SELECT 1, bpmn_process_id, version, element_id, org_path, state, started_at, ended_at, duration_ms, waiting_ms, working_ms, due_at
  FROM analytics_element_instances WHERE org_path IS NOT NULL`;

/** Adds two sparse histograms (jsonb bucket → count), dropping buckets that reach zero. */
const mergeHistograms = (a: string, b: string): string =>
  `(SELECT COALESCE(jsonb_object_agg(key, n), '{}'::jsonb) FROM (
     SELECT key, sum(value::bigint) AS n FROM (SELECT * FROM jsonb_each_text(${a}) UNION ALL SELECT * FROM jsonb_each_text(${b})) x
     GROUP BY key HAVING sum(value::bigint) <> 0) y)`;

/** Instance variables naming the unit, deepest first (see processes/org-variables.ts). */
const UNIT_EXPRESSION =
  "COALESCE(p.variables->>'orgUnitId', p.variables->>'compoundId', p.variables->>'gridId', p.variables->>'communityId', p.variables->>'streetId', p.variables->>'districtId', p.variables->>'cityId')";

const ms = (to: string, from: string): string => `round(extract(epoch FROM (${to} - ${from})) * 1000)::bigint`;

export interface LoadResult {
  readonly instances: number;
  readonly elements: number;
  /** False when the engine's history tables do not exist (ENGINE=zeebe without an exporter). */
  readonly sourcePresent: boolean;
}

@Injectable()
export class AnalyticsLoader implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AnalyticsLoader.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<LoadResult> | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.runOnce().catch((error: unknown) => this.logger.warn({ msg: 'analytics load failed', error: String(error) }));
    }, LOAD_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopSchedule();
    await this.running?.catch(() => undefined);
  }

  /** Stops the background runs (benchmarks time `runOnce` alone); `runOnce` still works. */
  stopSchedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One load, after any load in progress (so a caller always sees rows committed before the call). */
  async runOnce(): Promise<LoadResult> {
    while (this.running) await this.running.catch(() => undefined);
    const run = this.load();
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
    }
  }

  /** Recomputes the rollups from the facts (what the loader keeps them equal to); under the loader's lock. */
  async rebuildRollups(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
      await this.rebuild(manager);
    });
  }

  private async load(): Promise<LoadResult> {
    return this.dataSource.transaction(async (manager) => {
      const [{ present }] = await manager.query<{ present: boolean }[]>(
        "SELECT to_regclass('engine.element_instance') IS NOT NULL AND to_regclass('engine.process_instance') IS NOT NULL AS present",
      );
      if (!present) return { instances: 0, elements: 0, sourcePresent: false };
      await manager.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
      // Without built rollups the facts load unlogged and the rollups are built from all of them afterwards.
      const incremental = (await this.watermark(manager, ROLLUPS_BUILT)) !== null;
      if (incremental) {
        await manager.query(
          `CREATE TEMP TABLE analytics_delta (sign smallint, bpmn_process_id varchar, version int, element_id varchar, org_path text COLLATE "C",
             state varchar, started_at timestamptz, ended_at timestamptz, duration_ms bigint, waiting_ms bigint, working_ms bigint,
             due_at timestamptz) ON COMMIT DROP`,
        );
      }
      const instances = await this.loadInstances(manager, incremental);
      const elements = await this.loadElements(manager, incremental);
      if (!incremental) await this.rebuild(manager);
      else if (instances + elements > 0) await this.applyDelta(manager, 'SELECT * FROM analytics_delta');
      return { instances, elements, sourcePresent: true };
    });
  }

  private async rebuild(manager: EntityManager): Promise<void> {
    await manager.query('TRUNCATE analytics_rollups');
    await this.applyDelta(manager, FACTS_AS_DELTA);
    await this.advance(manager, ROLLUPS_BUILT, new Date());
  }

  /**
   * Adds signed fact versions (`source` yields DELTA_COLUMNS) to the rollups: each fact counts
   * in its unit's row and in the row of every unit above it, under its start month (and, for
   * instances, start week, end month and end week once completed), and for the city and its
   * districts under its start day (and, for instances, end day). Rows that reach zero facts
   * are deleted; where a completed fact left a row, its min/max are recomputed from the facts
   * (a minimum cannot be subtracted).
   */
  private async applyDelta(manager: EntityManager, source: string): Promise<void> {
    const bucket = (column: string): string => bucketIndexSql(`d.${column}`);
    await manager.query(
      `CREATE TEMP TABLE analytics_rollup_delta ON COMMIT DROP AS
       WITH d AS (${source}),
       ancestors AS (
         SELECT p.org_path, '/' || array_to_string(p.s[1:n], '/') || '/' AS path, n AS depth
         FROM (SELECT DISTINCT org_path, string_to_array(trim(both '/' FROM org_path), '/') AS s FROM d WHERE org_path IS NOT NULL) p,
              generate_series(1, cardinality(p.s)) n
       ),
       contributions AS (
         SELECT d.sign, d.bpmn_process_id, k.basis, k.grain, a.path AS org_path, a.depth AS org_depth,
                date_trunc(k.grain, (CASE WHEN k.basis = 'started' THEN d.started_at ELSE d.ended_at END) AT TIME ZONE '${TIME_ZONE}')::date
                  AS period,
                d.version, d.element_id, v.which, v.bucket, v.ms
         FROM d
         JOIN ancestors a ON a.org_path = d.org_path
         JOIN (VALUES ('started', 'month'), ('started', 'week'), ('started', 'day'), ('ended', 'month'), ('ended', 'week'), ('ended', 'day'))
           k(basis, grain)
           ON (k.basis = 'started' OR d.state = 'COMPLETED') AND (d.element_id = '' OR (k.basis = 'started' AND k.grain <> 'week'))
           AND (k.grain <> 'day' OR a.depth <= ${DAY_ROLLUP_MAX_DEPTH})
         CROSS JOIN LATERAL (VALUES
           -- d: completed, t: terminated (both with their duration's bucket), o: open
           (CASE d.state WHEN 'COMPLETED' THEN 'd' WHEN 'TERMINATED' THEN 't' ELSE 'o' END,
            CASE WHEN d.state IN ('COMPLETED', 'TERMINATED') AND d.duration_ms IS NOT NULL THEN ${bucket('duration_ms')} ELSE 0 END,
            CASE WHEN d.state = 'COMPLETED' THEN d.duration_ms END),
           ('w', ${bucket('waiting_ms')}, d.waiting_ms),
           ('k', ${bucket('working_ms')}, d.working_ms),
           -- b: ended after its due date (fixed once ended; running ones are counted from the facts)
           ('b', 0, NULL)
         ) v(which, bucket, ms)
         WHERE CASE v.which
           WHEN 'w' THEN d.state = 'COMPLETED' AND d.waiting_ms IS NOT NULL
           WHEN 'k' THEN d.state = 'COMPLETED' AND d.waiting_ms IS NOT NULL
           WHEN 'b' THEN d.ended_at IS NOT NULL AND d.due_at IS NOT NULL AND d.ended_at > d.due_at
           ELSE true END
       ),
       grouped AS (
         SELECT ${ROLLUP_KEY}, which, bucket, sum(sign) AS n, sum(sign * ms) AS total,
                min(ms) FILTER (WHERE sign > 0) AS lo, max(ms) FILTER (WHERE sign > 0) AS hi, bool_or(sign < 0) AS removed
         FROM contributions GROUP BY ${ROLLUP_KEY}, which, bucket
       )
       SELECT ${ROLLUP_KEY},
              COALESCE(sum(n) FILTER (WHERE which IN ('d', 'o', 't')), 0)::int AS started,
              COALESCE(sum(n) FILTER (WHERE which = 'o'), 0)::int AS open,
              COALESCE(sum(n) FILTER (WHERE which = 't'), 0)::int AS terminated,
              COALESCE(sum(n) FILTER (WHERE which = 'd'), 0)::int AS completed,
              COALESCE(sum(total) FILTER (WHERE which = 'd'), 0)::bigint AS duration_sum,
              min(lo) FILTER (WHERE which = 'd') AS duration_min,
              max(hi) FILTER (WHERE which = 'd') AS duration_max,
              COALESCE(jsonb_object_agg(bucket, n) FILTER (WHERE which = 'd' AND n <> 0), '{}'::jsonb) AS duration_hist,
              COALESCE(jsonb_object_agg(bucket, n) FILTER (WHERE which = 't' AND n <> 0), '{}'::jsonb) AS terminated_hist,
              COALESCE(sum(n) FILTER (WHERE which = 'b'), 0)::int AS due_breached,
              COALESCE(sum(n) FILTER (WHERE which = 'w'), 0)::int AS split_count,
              COALESCE(sum(total) FILTER (WHERE which = 'w'), 0)::bigint AS waiting_sum,
              COALESCE(jsonb_object_agg(bucket, n) FILTER (WHERE which = 'w' AND n <> 0), '{}'::jsonb) AS waiting_hist,
              COALESCE(sum(total) FILTER (WHERE which = 'k'), 0)::bigint AS working_sum,
              COALESCE(jsonb_object_agg(bucket, n) FILTER (WHERE which = 'k' AND n <> 0), '{}'::jsonb) AS working_hist,
              COALESCE(bool_or(removed) FILTER (WHERE which = 'd'), false) AS repair
       FROM grouped GROUP BY ${ROLLUP_KEY}`,
    );
    const columns = `${ROLLUP_KEY}, started, open, terminated, completed, duration_sum, duration_min, duration_max, duration_hist,
      terminated_hist, due_breached, split_count, waiting_sum, waiting_hist, working_sum, working_hist`;
    const add = (column: string): string => `${column} = r.${column} + EXCLUDED.${column}`;
    await manager.query(
      `INSERT INTO analytics_rollups AS r (${columns})
       SELECT ${columns} FROM analytics_rollup_delta
       ON CONFLICT (${ROLLUP_KEY}) DO UPDATE SET
         ${['started', 'open', 'terminated', 'completed', 'duration_sum', 'due_breached', 'split_count', 'waiting_sum', 'working_sum']
           .map(add)
           .join(', ')},
         duration_min = LEAST(r.duration_min, EXCLUDED.duration_min), duration_max = GREATEST(r.duration_max, EXCLUDED.duration_max),
         duration_hist = ${mergeHistograms('r.duration_hist', 'EXCLUDED.duration_hist')},
         terminated_hist = ${mergeHistograms('r.terminated_hist', 'EXCLUDED.terminated_hist')},
         waiting_hist = ${mergeHistograms('r.waiting_hist', 'EXCLUDED.waiting_hist')},
         working_hist = ${mergeHistograms('r.working_hist', 'EXCLUDED.working_hist')}`,
    );
    const sameKey = ROLLUP_KEY.split(', ')
      .map((column) => `r.${column} = x.${column}`)
      .join(' AND ');
    await manager.query(`DELETE FROM analytics_rollups r USING analytics_rollup_delta x WHERE ${sameKey} AND r.started = 0`);
    const inPeriod = (alias: string): string => `
      CASE x.basis WHEN 'started' THEN ${alias}.started_at ELSE ${alias}.ended_at END >= (x.period::timestamp AT TIME ZONE '${TIME_ZONE}')
      AND CASE x.basis WHEN 'started' THEN ${alias}.started_at ELSE ${alias}.ended_at END
        < ((x.period::timestamp + ('1 ' || x.grain)::interval) AT TIME ZONE '${TIME_ZONE}')
      AND ${alias}.state = 'COMPLETED' AND ${alias}.bpmn_process_id = x.bpmn_process_id AND ${alias}.version = x.version
      AND left(${alias}.org_path, length(x.org_path)) = x.org_path`;
    await manager.query(
      `UPDATE analytics_rollups r SET duration_min = m.lo, duration_max = m.hi
       FROM analytics_rollup_delta x, LATERAL (
         SELECT min(lo) AS lo, max(hi) AS hi FROM (
           SELECT min(i.duration_ms) AS lo, max(i.duration_ms) AS hi FROM analytics_instances i WHERE x.element_id = '' AND ${inPeriod('i')}
           UNION ALL
           SELECT min(e.duration_ms), max(e.duration_ms) FROM analytics_element_instances e
           WHERE x.element_id <> '' AND e.element_id = x.element_id AND ${inPeriod('e')}
         ) both_tables
       ) m
       WHERE x.repair AND ${sameKey}`,
    );
    await manager.query('DROP TABLE analytics_rollup_delta');
  }

  private async watermark(manager: EntityManager, source: string): Promise<Date | null> {
    const rows = await manager.query<{ value: Date }[]>('SELECT value FROM analytics_watermarks WHERE source = $1', [source]);
    return rows[0]?.value ?? null;
  }

  private async advance(manager: EntityManager, source: string, value: Date | null): Promise<void> {
    if (!value) return;
    await manager.query(
      `INSERT INTO analytics_watermarks (source, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (source) DO UPDATE SET value = GREATEST(analytics_watermarks.value, EXCLUDED.value), updated_at = now()`,
      [source, value],
    );
  }

  /** With `logged`, every inserted or changed instance goes to analytics_delta (its old version −1, the new +1). */
  private async loadInstances(manager: EntityManager, logged: boolean): Promise<number> {
    const since = await this.watermark(manager, 'engine.process_instance');
    const fact = (alias: string, sign: number): string =>
      `SELECT ${sign}, ${alias}.bpmn_process_id, ${alias}.version, '', ${alias}.org_path, ${alias}.state, ${alias}.started_at, ${alias}.ended_at,
              ${alias}.duration_ms, NULL::bigint, NULL::bigint, NULL::timestamptz`;
    const log = logged
      ? `, old AS (
           SELECT a.* FROM analytics_instances a WHERE a.process_instance_key IN (SELECT key FROM candidates)
         ), logged AS (
           INSERT INTO analytics_delta (${DELTA_COLUMNS})
           ${fact('o', -1)} FROM old o JOIN upserted u ON u.process_instance_key = o.process_instance_key
           UNION ALL
           ${fact('u', 1)} FROM upserted u
         )`
      : '';
    const rows = await manager.query<{ n: string; newest: Date | null }[]>(
      `WITH candidates AS (
         SELECT key FROM engine.process_instance
         WHERE $1::timestamptz IS NULL OR started_at >= $1::timestamptz - interval '${WATERMARK_OVERLAP}'
         UNION
         SELECT process_instance_key FROM analytics_instances WHERE state = 'ACTIVE'
       ), upserted AS (
         INSERT INTO analytics_instances AS a
           (process_instance_key, bpmn_process_id, version, org_unit_id, org_path, state, started_at, ended_at, duration_ms)
         SELECT p.key, p.bpmn_process_id, p.version, u.id, u.path, p.state, p.started_at, p.ended_at,
                CASE WHEN p.ended_at IS NOT NULL THEN ${ms('p.ended_at', 'p.started_at')} END
         FROM candidates c
         JOIN engine.process_instance p ON p.key = c.key
         LEFT JOIN org_units u ON u.id = ${UNIT_EXPRESSION}
         ON CONFLICT (process_instance_key) DO UPDATE SET
           org_unit_id = EXCLUDED.org_unit_id, org_path = EXCLUDED.org_path, state = EXCLUDED.state,
           ended_at = EXCLUDED.ended_at, duration_ms = EXCLUDED.duration_ms
         WHERE (a.state, a.ended_at, a.org_unit_id, a.org_path) IS DISTINCT FROM
               (EXCLUDED.state, EXCLUDED.ended_at, EXCLUDED.org_unit_id, EXCLUDED.org_path)
         RETURNING a.*
       )${log}
       SELECT count(*)::text AS n, max(started_at) AS newest FROM upserted`,
      [since],
    );
    await this.advance(manager, 'engine.process_instance', rows[0]?.newest ?? null);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Element instances, with the user-task split: waiting = activation → first claim or
   * assignment (audit_log), working = that → end. A task created with an assignee header
   * (assignee set, no claim entry) is held from activation; a task that ended without ever
   * being claimed waited its whole life. The claim time is clamped into the element's
   * lifetime, so waiting + working = duration.
   */
  private async loadElements(manager: EntityManager, logged: boolean): Promise<number> {
    const since = await this.watermark(manager, 'engine.element_instance');
    const fact = (alias: string, sign: number): string =>
      `SELECT ${sign}, ${alias}.bpmn_process_id, ${alias}.version, ${alias}.element_id, ${alias}.org_path, ${alias}.state, ${alias}.started_at,
              ${alias}.ended_at, ${alias}.duration_ms, ${alias}.waiting_ms, ${alias}.working_ms, ${alias}.due_at`;
    const log = logged
      ? `, old AS (
           SELECT f.* FROM analytics_element_instances f WHERE f.element_instance_key IN (SELECT key FROM candidates)
         ), logged AS (
           INSERT INTO analytics_delta (${DELTA_COLUMNS})
           ${fact('o', -1)} FROM old o JOIN upserted u ON u.element_instance_key = o.element_instance_key
           UNION ALL
           ${fact('u', 1)} FROM upserted u
         )`
      : '';
    const rows = await manager.query<{ n: string; newest: Date | null }[]>(
      `WITH candidates AS (
         SELECT key FROM engine.element_instance
         WHERE element_type <> 'PROCESS' AND ($1::timestamptz IS NULL OR activated_at >= $1::timestamptz - interval '${WATERMARK_OVERLAP}')
         UNION
         SELECT element_instance_key FROM analytics_element_instances WHERE state = 'ACTIVATED'
       ), joined AS (
         SELECT e.key, e.process_instance_key, e.bpmn_process_id, e.version, e.element_id, e.element_type, a.org_path, e.state,
                e.activated_at, COALESCE(e.completed_at, e.terminated_at) AS ended_at, t.due_date,
                CASE WHEN t.job_key IS NOT NULL THEN
                  COALESCE(claim.at, CASE WHEN t.assignee IS NOT NULL THEN e.activated_at END, e.completed_at, e.terminated_at)
                END AS raw_claim
         FROM candidates c
         JOIN engine.element_instance e ON e.key = c.key
         LEFT JOIN analytics_instances a ON a.process_instance_key = e.process_instance_key
         LEFT JOIN inbox_tasks t
           ON e.element_type = 'USER_TASK' AND t.process_instance_key = e.process_instance_key AND t.element_instance_key = e.key
         LEFT JOIN LATERAL (
           SELECT min(l.at) AS at FROM audit_log l
           WHERE t.job_key IS NOT NULL AND l.task_key = t.job_key AND l.action IN ('claim', 'assign')
         ) claim ON true
       ), source AS (
         SELECT j.*,
                CASE WHEN j.raw_claim IS NOT NULL THEN LEAST(GREATEST(j.raw_claim, j.activated_at), COALESCE(j.ended_at, j.raw_claim)) END
                  AS claimed_at
         FROM joined j
       ), upserted AS (
         INSERT INTO analytics_element_instances AS f
           (element_instance_key, process_instance_key, bpmn_process_id, version, element_id, element_type, org_path, state,
            started_at, ended_at, duration_ms, due_at, claimed_at, waiting_ms, working_ms)
         SELECT s.key, s.process_instance_key, s.bpmn_process_id, s.version, s.element_id, s.element_type, s.org_path, s.state,
                s.activated_at, s.ended_at,
                CASE WHEN s.ended_at IS NOT NULL THEN ${ms('s.ended_at', 's.activated_at')} END,
                s.due_date, s.claimed_at,
                CASE WHEN s.ended_at IS NOT NULL AND s.claimed_at IS NOT NULL THEN ${ms('s.claimed_at', 's.activated_at')} END,
                CASE WHEN s.ended_at IS NOT NULL AND s.claimed_at IS NOT NULL THEN ${ms('s.ended_at', 's.claimed_at')} END
         FROM source s
         ON CONFLICT (element_instance_key) DO UPDATE SET
           org_path = EXCLUDED.org_path, state = EXCLUDED.state, ended_at = EXCLUDED.ended_at, duration_ms = EXCLUDED.duration_ms,
           due_at = EXCLUDED.due_at, claimed_at = EXCLUDED.claimed_at, waiting_ms = EXCLUDED.waiting_ms, working_ms = EXCLUDED.working_ms
         WHERE (f.state, f.ended_at, f.org_path, f.due_at, f.claimed_at) IS DISTINCT FROM
               (EXCLUDED.state, EXCLUDED.ended_at, EXCLUDED.org_path, EXCLUDED.due_at, EXCLUDED.claimed_at)
         RETURNING f.*
       )${log}
       SELECT count(*)::text AS n, max(started_at) AS newest FROM upserted`,
      [since],
    );
    await this.advance(manager, 'engine.element_instance', rows[0]?.newest ?? null);
    return Number(rows[0]?.n ?? 0);
  }
}
