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
 */
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** How often the loader runs in the background. */
export const LOAD_INTERVAL_MS = 5_000;
/** Rows started this long before the watermark are read again (commits that landed late). */
export const WATERMARK_OVERLAP = '10 minutes';
/** Advisory lock id: one loader at a time per database. */
const LOCK_ID = 0x616e6c74;

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

  private async load(): Promise<LoadResult> {
    return this.dataSource.transaction(async (manager) => {
      const [{ present }] = await manager.query<{ present: boolean }[]>(
        "SELECT to_regclass('engine.element_instance') IS NOT NULL AND to_regclass('engine.process_instance') IS NOT NULL AS present",
      );
      if (!present) return { instances: 0, elements: 0, sourcePresent: false };
      await manager.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
      const instances = await this.loadInstances(manager);
      const elements = await this.loadElements(manager);
      return { instances, elements, sourcePresent: true };
    });
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

  private async loadInstances(manager: EntityManager): Promise<number> {
    const since = await this.watermark(manager, 'engine.process_instance');
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
         RETURNING started_at
       )
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
  private async loadElements(manager: EntityManager): Promise<number> {
    const since = await this.watermark(manager, 'engine.element_instance');
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
         RETURNING started_at
       )
       SELECT count(*)::text AS n, max(started_at) AS newest FROM upserted`,
      [since],
    );
    await this.advance(manager, 'engine.element_instance', rows[0]?.newest ?? null);
    return Number(rows[0]?.n ?? 0);
  }
}
