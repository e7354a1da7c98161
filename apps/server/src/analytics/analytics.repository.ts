/**
 * SQL over the analytics fact tables. Every figure is one aggregate query; percentiles are
 * PostgreSQL's `percentile_cont` (linear interpolation between the two nearest ranks, over
 * completed rows only). Scoping is a prefix match on the C-collated materialised path.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What every analytics query narrows by. */
export interface AnalyticsFilter {
  readonly bpmnProcessId: string;
  /** Materialised paths of the subtrees the caller may read (already narrowed by `orgUnit`). */
  readonly scopePaths: readonly string[];
  readonly from?: Date;
  readonly to?: Date;
  readonly version?: number;
}

export interface DurationStats {
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
}

export interface InstanceStatsRow extends DurationStats {
  readonly count: number;
  readonly running: number;
  readonly completed: number;
  readonly terminated: number;
}

export interface ElementStatsRow extends DurationStats {
  readonly elementId: string;
  readonly elementType: string;
  /** Completed element instances (the figures are over these). */
  readonly count: number;
  /** Element instances active now (started in the range). */
  readonly active: number;
  readonly waiting: SplitStats | null;
  readonly working: SplitStats | null;
}

export interface SplitStats {
  readonly count: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
}

export interface TrendRow {
  readonly bucket: string;
  readonly started: number;
  readonly completed: number;
  readonly p50: number | null;
  readonly p90: number | null;
}

export interface UnitStatsRow extends InstanceStatsRow {
  readonly orgUnitId: string;
  readonly name: string | null;
}

export type BreachKind = 'instance' | 'element';
export type BreachReason = 'target' | 'dueDate';

export interface BreachRow {
  readonly kind: BreachKind;
  readonly reason: BreachReason;
  readonly processInstanceKey: string;
  readonly elementInstanceKey: string | null;
  readonly elementId: string;
  readonly elementType: string | null;
  readonly state: string;
  readonly orgUnitId: string | null;
  readonly orgUnitName: string | null;
  readonly startedAt: Date;
  readonly endedAt: Date | null;
  readonly deadline: Date;
  readonly targetMs: number | null;
  readonly lateMs: number;
}

export interface BreachCountRow {
  readonly kind: BreachKind;
  readonly reason: BreachReason;
  readonly elementId: string;
  readonly count: number;
}

export interface TargetRow {
  readonly elementId: string;
  readonly targetMs: number;
  readonly updatedBy: string;
  readonly updatedAt: Date;
}

class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const TIME_ZONE = 'Asia/Shanghai';
/** Position of a level's id in `split_part(path, '/', n)` (paths start with `/city/`). */
export const LEVEL_POSITION = { district: 3, street: 4, community: 5 } as const;
export type AnalyticsLevel = keyof typeof LEVEL_POSITION;

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const pct = (values: unknown, i: number): number | null => (Array.isArray(values) ? num(values[i]) : null);

/** Conditions shared by every query; `time` is the column `from`/`to` apply to. */
function where(filter: AnalyticsFilter, params: Params, alias: string, time: string): string {
  const conditions = [`${alias}.bpmn_process_id = ${params.add(filter.bpmnProcessId)}`];
  conditions.push(`(${filter.scopePaths.map((path) => `${alias}.org_path LIKE ${params.add(`${path}%`)}`).join(' OR ') || 'false'})`);
  if (filter.version !== undefined) conditions.push(`${alias}.version = ${params.add(filter.version)}`);
  if (filter.from) conditions.push(`${alias}.${time} >= ${params.add(filter.from)}`);
  if (filter.to) conditions.push(`${alias}.${time} < ${params.add(filter.to)}`);
  return conditions.join(' AND ');
}

const INSTANCE_AGGREGATES = `
  count(*)::int AS count,
  count(*) FILTER (WHERE i.state = 'ACTIVE')::int AS running,
  count(*) FILTER (WHERE i.state = 'COMPLETED')::int AS completed,
  count(*) FILTER (WHERE i.state = 'TERMINATED')::int AS terminated,
  avg(i.duration_ms) FILTER (WHERE i.state = 'COMPLETED')::float8 AS mean,
  min(i.duration_ms) FILTER (WHERE i.state = 'COMPLETED')::float8 AS min,
  max(i.duration_ms) FILTER (WHERE i.state = 'COMPLETED')::float8 AS max,
  percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY i.duration_ms) FILTER (WHERE i.state = 'COMPLETED') AS p`;

interface RawInstanceStats {
  count: number;
  running: number;
  completed: number;
  terminated: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  p: number[] | null;
}

const instanceStats = (r: RawInstanceStats): InstanceStatsRow => ({
  count: r.count,
  running: r.running,
  completed: r.completed,
  terminated: r.terminated,
  mean: num(r.mean),
  min: num(r.min),
  max: num(r.max),
  p50: pct(r.p, 0),
  p90: pct(r.p, 1),
  p99: pct(r.p, 2),
});

@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async instanceStats(filter: AnalyticsFilter): Promise<InstanceStatsRow> {
    const params = new Params();
    const rows = await this.dataSource.query<RawInstanceStats[]>(
      `SELECT ${INSTANCE_AGGREGATES} FROM analytics_instances i WHERE ${where(filter, params, 'i', 'started_at')}`,
      params.values,
    );
    return instanceStats(rows[0]);
  }

  /** Per element, over element instances activated in the range; waiting/working for user tasks with an inbox row. */
  async elementStats(filter: AnalyticsFilter): Promise<ElementStatsRow[]> {
    const params = new Params();
    const rows = await this.dataSource.query<
      {
        elementId: string;
        elementType: string;
        count: number;
        active: number;
        mean: number | null;
        min: number | null;
        max: number | null;
        p: number[] | null;
        waitingCount: number;
        waitingMean: number | null;
        waitingP: number[] | null;
        workingMean: number | null;
        workingP: number[] | null;
      }[]
    >(
      `SELECT e.element_id AS "elementId", min(e.element_type) AS "elementType",
         count(*) FILTER (WHERE e.state = 'COMPLETED')::int AS count,
         count(*) FILTER (WHERE e.state = 'ACTIVATED')::int AS active,
         avg(e.duration_ms) FILTER (WHERE e.state = 'COMPLETED')::float8 AS mean,
         min(e.duration_ms) FILTER (WHERE e.state = 'COMPLETED')::float8 AS min,
         max(e.duration_ms) FILTER (WHERE e.state = 'COMPLETED')::float8 AS max,
         percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY e.duration_ms) FILTER (WHERE e.state = 'COMPLETED') AS p,
         count(e.waiting_ms) FILTER (WHERE e.state = 'COMPLETED')::int AS "waitingCount",
         avg(e.waiting_ms) FILTER (WHERE e.state = 'COMPLETED')::float8 AS "waitingMean",
         percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY e.waiting_ms) FILTER (WHERE e.state = 'COMPLETED') AS "waitingP",
         avg(e.working_ms) FILTER (WHERE e.state = 'COMPLETED')::float8 AS "workingMean",
         percentile_cont(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY e.working_ms) FILTER (WHERE e.state = 'COMPLETED') AS "workingP"
       FROM analytics_element_instances e
       WHERE ${where(filter, params, 'e', 'started_at')}
       GROUP BY e.element_id
       ORDER BY min(e.started_at), e.element_id`,
      params.values,
    );
    return rows.map((r) => ({
      elementId: r.elementId,
      elementType: r.elementType,
      count: r.count,
      active: r.active,
      mean: num(r.mean),
      min: num(r.min),
      max: num(r.max),
      p50: pct(r.p, 0),
      p90: pct(r.p, 1),
      p99: pct(r.p, 2),
      waiting:
        r.waitingCount > 0
          ? { count: r.waitingCount, mean: num(r.waitingMean), p50: pct(r.waitingP, 0), p90: pct(r.waitingP, 1), p99: pct(r.waitingP, 2) }
          : null,
      working:
        r.waitingCount > 0
          ? { count: r.waitingCount, mean: num(r.workingMean), p50: pct(r.workingP, 0), p90: pct(r.workingP, 1), p99: pct(r.workingP, 2) }
          : null,
    }));
  }

  /**
   * Buckets in Asia/Shanghai local time (weeks start on Monday): `started` counts instances
   * started in the bucket, `completed` and the percentiles those completed in it. Empty
   * buckets between the first and the last are included.
   */
  async trend(filter: AnalyticsFilter, bucket: 'week' | 'month'): Promise<TrendRow[]> {
    const params = new Params();
    const unit = params.add(bucket);
    const zone = params.add(TIME_ZONE);
    const step = bucket === 'week' ? "interval '1 week'" : "interval '1 month'";
    const startedWhere = where(filter, params, 'i', 'started_at');
    const endedWhere = where(filter, params, 'i', 'ended_at');
    const rows = await this.dataSource.query<{ bucket: string; started: number; completed: number; p: number[] | null }[]>(
      `WITH s AS (
         SELECT date_trunc(${unit}, i.started_at AT TIME ZONE ${zone}) AS b, count(*)::int AS n
         FROM analytics_instances i WHERE ${startedWhere} GROUP BY 1
       ), c AS (
         SELECT date_trunc(${unit}, i.ended_at AT TIME ZONE ${zone}) AS b, count(*)::int AS n,
                percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY i.duration_ms) AS p
         FROM analytics_instances i WHERE i.state = 'COMPLETED' AND ${endedWhere} GROUP BY 1
       ), bounds AS (
         SELECT min(b) AS lo, max(b) AS hi FROM (SELECT b FROM s UNION ALL SELECT b FROM c) x
       ), buckets AS (
         SELECT generate_series(lo, hi, ${step}) AS b FROM bounds WHERE lo IS NOT NULL
       )
       SELECT to_char(k.b, 'YYYY-MM-DD') AS bucket, COALESCE(s.n, 0) AS started, COALESCE(c.n, 0) AS completed, c.p
       FROM buckets k LEFT JOIN s ON s.b = k.b LEFT JOIN c ON c.b = k.b
       ORDER BY k.b`,
      params.values,
    );
    return rows.map((r) => ({ bucket: r.bucket, started: r.started, completed: r.completed, p50: pct(r.p, 0), p90: pct(r.p, 1) }));
  }

  /** The instance figures per unit of one level (the unit of that level on each instance's path). */
  async byOrgUnit(filter: AnalyticsFilter, level: AnalyticsLevel): Promise<UnitStatsRow[]> {
    const params = new Params();
    const position = LEVEL_POSITION[level];
    const rows = await this.dataSource.query<(RawInstanceStats & { orgUnitId: string; name: string | null })[]>(
      `SELECT x.*, u.name FROM (
         SELECT split_part(i.org_path, '/', ${position}) AS "orgUnitId", ${INSTANCE_AGGREGATES}
         FROM analytics_instances i
         WHERE ${where(filter, params, 'i', 'started_at')} AND split_part(i.org_path, '/', ${position}) <> ''
         GROUP BY 1
       ) x LEFT JOIN org_units u ON u.id = x."orgUnitId"
       ORDER BY u.path, x."orgUnitId"`,
      params.values,
    );
    return rows.map((r) => ({ orgUnitId: r.orgUnitId, name: r.name, ...instanceStats(r) }));
  }

  /**
   * Everything past its deadline: an instance past its process target (target on the
   * element id = bpmnProcessId), an element instance past its element target, a user task
   * past its due date. Deadline = due date, or start + target; lateness = (end, or now while
   * running) − deadline.
   */
  private breachSql(filter: AnalyticsFilter, params: Params): string {
    const instanceWhere = where(filter, params, 'i', 'started_at');
    const elementWhere = where(filter, params, 'e', 'started_at');
    const elapsed = (alias: string): string =>
      `COALESCE(${alias}.duration_ms, round(extract(epoch FROM (now() - ${alias}.started_at)) * 1000)::bigint)`;
    const late = (end: string, deadline: string): string => `round(extract(epoch FROM (${end} - ${deadline})) * 1000)::bigint`;
    return `
      SELECT 'instance' AS kind, 'target' AS reason, i.process_instance_key, NULL::bigint AS element_instance_key,
             i.bpmn_process_id AS element_id, NULL AS element_type, i.state, i.org_path, i.started_at, i.ended_at,
             i.started_at + t.target_ms * interval '1 millisecond' AS deadline, t.target_ms, ${elapsed('i')} - t.target_ms AS late_ms
      FROM analytics_instances i
      JOIN analytics_targets t ON t.bpmn_process_id = i.bpmn_process_id AND t.element_id = i.bpmn_process_id
      WHERE ${instanceWhere} AND ${elapsed('i')} > t.target_ms
      UNION ALL
      SELECT 'element', 'target', e.process_instance_key, e.element_instance_key, e.element_id, e.element_type, e.state, e.org_path,
             e.started_at, e.ended_at, e.started_at + t.target_ms * interval '1 millisecond', t.target_ms, ${elapsed('e')} - t.target_ms
      FROM analytics_element_instances e
      JOIN analytics_targets t ON t.bpmn_process_id = e.bpmn_process_id AND t.element_id = e.element_id
      WHERE ${elementWhere} AND ${elapsed('e')} > t.target_ms
      UNION ALL
      SELECT 'element', 'dueDate', e.process_instance_key, e.element_instance_key, e.element_id, e.element_type, e.state, e.org_path,
             e.started_at, e.ended_at, e.due_at, NULL, ${late('COALESCE(e.ended_at, now())', 'e.due_at')}
      FROM analytics_element_instances e
      WHERE ${elementWhere} AND e.due_at IS NOT NULL AND COALESCE(e.ended_at, now()) > e.due_at`;
  }

  async breaches(filter: AnalyticsFilter, limit: number): Promise<BreachRow[]> {
    const params = new Params();
    const sql = this.breachSql(filter, params);
    const rows = await this.dataSource.query<
      {
        kind: BreachKind;
        reason: BreachReason;
        process_instance_key: string;
        element_instance_key: string | null;
        element_id: string;
        element_type: string | null;
        state: string;
        org_unit_id: string | null;
        org_unit_name: string | null;
        started_at: Date;
        ended_at: Date | null;
        deadline: Date;
        target_ms: string | null;
        late_ms: string;
      }[]
    >(
      `SELECT b.*, u.id AS org_unit_id, u.name AS org_unit_name
       FROM (${sql}) b
       LEFT JOIN org_units u ON u.path = b.org_path
       ORDER BY b.late_ms DESC, b.process_instance_key, b.element_instance_key NULLS FIRST, b.reason
       LIMIT ${params.add(limit)}`,
      params.values,
    );
    return rows.map((r) => ({
      kind: r.kind,
      reason: r.reason,
      processInstanceKey: String(r.process_instance_key),
      elementInstanceKey: r.element_instance_key === null ? null : String(r.element_instance_key),
      elementId: r.element_id,
      elementType: r.element_type,
      state: r.state,
      orgUnitId: r.org_unit_id,
      orgUnitName: r.org_unit_name,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      deadline: r.deadline,
      targetMs: num(r.target_ms),
      lateMs: Number(r.late_ms),
    }));
  }

  async breachCounts(filter: AnalyticsFilter): Promise<BreachCountRow[]> {
    const params = new Params();
    const sql = this.breachSql(filter, params);
    return this.dataSource.query<BreachCountRow[]>(
      `SELECT b.kind, b.reason, b.element_id AS "elementId", count(*)::int AS count
       FROM (${sql}) b GROUP BY 1, 2, 3 ORDER BY 4 DESC, 3, 1, 2`,
      params.values,
    );
  }

  async targets(bpmnProcessId: string): Promise<TargetRow[]> {
    const rows = await this.dataSource.query<{ elementId: string; targetMs: string; updatedBy: string; updatedAt: Date }[]>(
      `SELECT element_id AS "elementId", target_ms AS "targetMs", updated_by AS "updatedBy", updated_at AS "updatedAt"
       FROM analytics_targets WHERE bpmn_process_id = $1 ORDER BY element_id`,
      [bpmnProcessId],
    );
    return rows.map((r) => ({ ...r, targetMs: Number(r.targetMs) }));
  }

  async setTarget(bpmnProcessId: string, elementId: string, targetMs: number, updatedBy: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO analytics_targets (bpmn_process_id, element_id, target_ms, updated_by, updated_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (bpmn_process_id, element_id) DO UPDATE SET target_ms = EXCLUDED.target_ms, updated_by = EXCLUDED.updated_by,
         updated_at = EXCLUDED.updated_at`,
      [bpmnProcessId, elementId, targetMs, updatedBy],
    );
  }

  /** Element names and types from the latest deployed version that has each element (empty without the engine's tables). */
  async elementNames(bpmnProcessId: string): Promise<Map<string, string>> {
    const [{ present }] = await this.dataSource.query<{ present: boolean }[]>(
      "SELECT to_regclass('engine.process_definition') IS NOT NULL AS present",
    );
    if (!present) return new Map();
    const rows = await this.dataSource.query<{ elementId: string; name: string | null }[]>(
      `SELECT DISTINCT ON (e.key) e.key AS "elementId", e.value->>'name' AS name
       FROM engine.process_definition d, jsonb_each(d.model->'elements') e
       WHERE d.bpmn_process_id = $1
       ORDER BY e.key, d.version DESC`,
      [bpmnProcessId],
    );
    const names = new Map<string, string>();
    for (const row of rows) if (row.name) names.set(row.elementId, row.name);
    const [latest] = await this.dataSource.query<{ name: string | null }[]>(
      `SELECT COALESCE(name, model->>'name') AS name FROM engine.process_definition WHERE bpmn_process_id = $1 ORDER BY version DESC LIMIT 1`,
      [bpmnProcessId],
    );
    if (latest?.name) names.set(bpmnProcessId, latest.name);
    return names;
  }
}
