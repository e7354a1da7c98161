/**
 * SQL over the analytics tables. Durations, trend, by-org-unit, histograms and breach counts
 * add up partial aggregates: rollup rows for the whole Beijing months (or weeks) of the range,
 * and for the partial periods at its edges day rollups (city and district scopes) and the facts
 * for what is left. Counts, sums, means, min and max are exact; percentiles are PostgreSQL's
 * percentile_cont definition read from merged log histograms, within RELATIVE_ACCURACY (1 %).
 * Breach counts are exact: histogram buckets wholly past a target plus an exact count of the
 * one bucket the target falls in. Breach lists and the slowest list read the facts down
 * indexes ordered by lateness. Scoping is a prefix match (facts) or path equality (rollups)
 * on the C-collated path.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DAY_ROLLUP_MAX_DEPTH } from './analytics-loader';
import { beijingDate, nextPeriod, splitRange, type Grain, type TimeRange } from './periods';
import { addHistogram, bucketIndex, bucketIndexSql, bucketUpperMs, countAbove, percentiles, type Histogram } from './sketch';

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

export interface SlowestRow {
  readonly processInstanceKey: string;
  readonly orgUnitId: string | null;
  readonly orgUnitName: string | null;
  readonly startedAt: Date;
  readonly durationMs: number;
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

/** Conditions shared by every query; `time` is the column `from`/`to` apply to. */
function where(filter: AnalyticsFilter, params: Params, alias: string, time: string): string {
  const conditions = [`${alias}.bpmn_process_id = ${params.add(filter.bpmnProcessId)}`];
  conditions.push(`(${filter.scopePaths.map((path) => `${alias}.org_path LIKE ${params.add(`${path}%`)}`).join(' OR ') || 'false'})`);
  if (filter.version !== undefined) conditions.push(`${alias}.version = ${params.add(filter.version)}`);
  if (filter.from) conditions.push(`${alias}.${time} >= ${params.add(filter.from)}`);
  if (filter.to) conditions.push(`${alias}.${time} < ${params.add(filter.to)}`);
  return conditions.join(' AND ');
}

/** A partial aggregate: one rollup row, or the facts of one edge period, for one group. Sums add, histograms merge. */
interface Partial {
  group: string;
  started: number;
  open: number;
  terminated: number;
  completed: number;
  durationSum: number;
  durationMin: number | null;
  durationMax: number | null;
  durationHist: Histogram;
  /** Durations of terminated facts (target breaches count them too). */
  terminatedHist: Histogram;
  /** Ended facts that ended after their due date. */
  dueBreached: number;
  splitCount: number;
  waitingSum: number;
  waitingHist: Histogram;
  workingSum: number;
  workingHist: Histogram;
}

/** What a partial-aggregate read covers: instances or element instances, filed by start or end, grouped how. */
interface PartialQuery {
  readonly filter: AnalyticsFilter;
  readonly kind: 'instance' | 'element';
  /** Only this element (kind 'element'). */
  readonly elementId?: string;
  readonly basis: 'started' | 'ended';
  /** Month or week: the rollup rows of the whole periods, and the trend's buckets. */
  readonly grain: Exclude<Grain, 'day'>;
  /** `element`: per element id; `all`: one group; `period`: per Beijing month/week; a level: per unit of that level. */
  readonly groupBy: 'element' | 'all' | 'period' | AnalyticsLevel;
}

function emptyPartial(group: string): Partial {
  return {
    group,
    started: 0,
    open: 0,
    terminated: 0,
    completed: 0,
    durationSum: 0,
    durationMin: null,
    durationMax: null,
    durationHist: {},
    terminatedHist: {},
    dueBreached: 0,
    splitCount: 0,
    waitingSum: 0,
    waitingHist: {},
    workingSum: 0,
    workingHist: {},
  };
}

const lower = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.min(a, b));
const higher = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : Math.max(a, b));

/** Adds partial aggregates by group (pure). */
export function mergePartials(rows: readonly Partial[]): Map<string, Partial> {
  const merged = new Map<string, Partial>();
  for (const row of rows) {
    const into = merged.get(row.group) ?? emptyPartial(row.group);
    merged.set(row.group, {
      group: row.group,
      started: into.started + Number(row.started),
      open: into.open + Number(row.open),
      terminated: into.terminated + Number(row.terminated),
      completed: into.completed + Number(row.completed),
      durationSum: into.durationSum + Number(row.durationSum),
      durationMin: lower(into.durationMin, num(row.durationMin)),
      durationMax: higher(into.durationMax, num(row.durationMax)),
      durationHist: addHistogram(into.durationHist, row.durationHist),
      terminatedHist: addHistogram(into.terminatedHist, row.terminatedHist),
      dueBreached: into.dueBreached + Number(row.dueBreached ?? 0),
      splitCount: into.splitCount + Number(row.splitCount),
      waitingSum: into.waitingSum + Number(row.waitingSum),
      waitingHist: addHistogram(into.waitingHist, row.waitingHist),
      workingSum: into.workingSum + Number(row.workingSum),
      workingHist: addHistogram(into.workingHist, row.workingHist),
    });
  }
  return merged;
}

const P3 = [0.5, 0.9, 0.99] as const;

function durationStats(p: Partial): DurationStats {
  const [p50, p90, p99] = percentiles(p.durationHist, P3, { min: p.durationMin, max: p.durationMax });
  return {
    mean: p.completed > 0 ? p.durationSum / p.completed : null,
    min: p.durationMin,
    max: p.durationMax,
    p50,
    p90,
    p99,
  };
}

function instanceStats(p: Partial): InstanceStatsRow {
  return { count: p.started, running: p.open, completed: p.completed, terminated: p.terminated, ...durationStats(p) };
}

function splitStats(count: number, sum: number, histogram: Histogram): SplitStats {
  const [p50, p90, p99] = percentiles(histogram, P3);
  return { count, mean: sum / count, p50, p90, p99 };
}

/** Byte order, as the C collation sorts. */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Units on a materialised path: `/anyang/wf/` → 2. */
const depthOf = (path: string): number => path.split('/').filter(Boolean).length;

/** Day rollups exist for the city and its districts: a query may read them when every row it reads is that shallow. */
function usesDayRollups(query: PartialQuery): boolean {
  if (query.groupBy === 'street' || query.groupBy === 'community') return false;
  return query.filter.scopePaths.every((path) => depthOf(path) <= DAY_ROLLUP_MAX_DEPTH);
}

@Injectable()
export class AnalyticsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Partial aggregates for a query: whole periods of the range from the rollups; the partial
   * periods at its edges from the day rollups where the query reads only city or district
   * rows, and the facts for the rest (same shape: counts, sums, min, max, histograms).
   */
  private async partials(query: PartialQuery): Promise<Map<string, Partial>> {
    const split = splitRange({ from: query.filter.from, to: query.filter.to }, query.grain);
    const reads: Promise<Partial[]>[] = [];
    if (split.whole) reads.push(this.rollupPartials(query, query.grain, split.whole.fromPeriod, split.whole.toPeriod));
    const edges: TimeRange[] = [];
    for (const edge of split.edges) {
      const days = usesDayRollups(query) ? splitRange(edge, 'day') : { whole: null, edges: [edge] };
      if (days.whole) reads.push(this.rollupPartials(query, 'day', days.whole.fromPeriod, days.whole.toPeriod));
      edges.push(...days.edges);
    }
    reads.push(...edges.map((edge) => this.factPartials(query, edge.from, edge.to)));
    return mergePartials((await Promise.all(reads)).flat());
  }

  /** Rollup rows of `rowGrain` with fromPeriod ≤ period < toPeriod; grouped by `query.grain` periods when grouped by period. */
  private async rollupPartials(query: PartialQuery, rowGrain: Grain, fromPeriod?: string, toPeriod?: string): Promise<Partial[]> {
    const { filter } = query;
    const params = new Params();
    const conditions = [
      `r.bpmn_process_id = ${params.add(filter.bpmnProcessId)}`,
      `r.basis = ${params.add(query.basis)}`,
      `r.grain = ${params.add(rowGrain)}`,
    ];
    if (query.groupBy === 'district' || query.groupBy === 'street' || query.groupBy === 'community') {
      // Per unit of a level: the rows of that level under each scope root, or the root's own rows when it lies deeper.
      const levelDepth = LEVEL_POSITION[query.groupBy] - 1;
      const roots = filter.scopePaths.map(
        (path) => `(r.org_path LIKE ${params.add(`${path}%`)} AND r.org_depth = ${params.add(Math.max(levelDepth, depthOf(path)))})`,
      );
      conditions.push(`(${roots.join(' OR ') || 'false'})`);
    } else {
      // Depth first, as the key orders it: each scope root is one key prefix.
      const roots = filter.scopePaths.map((path) => `(r.org_depth = ${params.add(depthOf(path))} AND r.org_path = ${params.add(path)})`);
      conditions.push(`(${roots.join(' OR ') || 'false'})`);
    }
    if (query.kind === 'instance') conditions.push(`r.element_id = ''`);
    else if (query.elementId !== undefined) conditions.push(`r.element_id = ${params.add(query.elementId)}`);
    else conditions.push(`r.element_id <> ''`);
    if (filter.version !== undefined) conditions.push(`r.version = ${params.add(filter.version)}`);
    if (fromPeriod) conditions.push(`r.period >= ${params.add(fromPeriod)}::date`);
    if (toPeriod) conditions.push(`r.period < ${params.add(toPeriod)}::date`);
    const group =
      query.groupBy === 'element'
        ? 'r.element_id'
        : query.groupBy === 'all'
          ? "''"
          : query.groupBy === 'period'
            ? rowGrain === query.grain
              ? "to_char(r.period, 'YYYY-MM-DD')"
              : `to_char(date_trunc(${params.add(query.grain)}, r.period::timestamp), 'YYYY-MM-DD')`
            : `split_part(r.org_path, '/', ${LEVEL_POSITION[query.groupBy]})`;
    const split = query.kind === 'element';
    return this.dataSource.query<Partial[]>(
      `SELECT ${group} AS "group", r.started, r.open, r.terminated, r.completed,
         r.duration_sum::float8 AS "durationSum", r.duration_min::float8 AS "durationMin", r.duration_max::float8 AS "durationMax",
         r.duration_hist AS "durationHist", r.terminated_hist AS "terminatedHist", r.due_breached AS "dueBreached",
         ${split ? 'r.split_count' : '0'} AS "splitCount", ${split ? 'r.waiting_sum::float8' : '0'} AS "waitingSum",
         ${split ? 'r.waiting_hist' : 'NULL'} AS "waitingHist", ${split ? 'r.working_sum::float8' : '0'} AS "workingSum",
         ${split ? 'r.working_hist' : 'NULL'} AS "workingHist"
       FROM analytics_rollups r WHERE ${conditions.join(' AND ')}`,
      params.values,
    );
  }

  /** The same partial aggregates straight from the facts, for [from, to) (a partial period at an edge of the range). */
  private async factPartials(query: PartialQuery, from?: Date, to?: Date): Promise<Partial[]> {
    const params = new Params();
    const table = query.kind === 'instance' ? 'analytics_instances' : 'analytics_element_instances';
    const time = query.basis === 'started' ? 'started_at' : 'ended_at';
    const conditions = [where({ ...query.filter, from, to }, params, 'f', time)];
    if (query.basis === 'ended') conditions.push(`f.state = 'COMPLETED'`);
    if (query.elementId !== undefined) conditions.push(`f.element_id = ${params.add(query.elementId)}`);
    let group: string;
    if (query.groupBy === 'element') group = 'f.element_id';
    else if (query.groupBy === 'all') group = "''";
    else if (query.groupBy === 'period')
      group = `to_char(date_trunc(${params.add(query.grain)}, f.${time} AT TIME ZONE ${params.add(TIME_ZONE)}), 'YYYY-MM-DD')`;
    else {
      group = `split_part(f.org_path, '/', ${LEVEL_POSITION[query.groupBy]})`;
      conditions.push(`${group} <> ''`);
    }
    const split = query.kind === 'element';
    const bucket = (column: string): string => bucketIndexSql(`f.${column}`);
    return this.dataSource.query<Partial[]>(
      `WITH f AS (
         SELECT ${group} AS g, f.state, f.started_at, f.duration_ms AS d,
                ${split ? 'f.waiting_ms' : 'NULL::bigint'} AS w, ${split ? 'f.working_ms' : 'NULL::bigint'} AS k,
                ${split ? 'f.ended_at > f.due_at' : 'false'} AS late
         FROM ${table} f WHERE ${conditions.join(' AND ')}
       ), s AS (
         SELECT g, count(*)::int AS started,
                count(*) FILTER (WHERE state IN ('ACTIVE', 'ACTIVATED'))::int AS open,
                count(*) FILTER (WHERE state = 'TERMINATED')::int AS terminated,
                count(*) FILTER (WHERE state = 'COMPLETED')::int AS completed,
                COALESCE(sum(d) FILTER (WHERE state = 'COMPLETED'), 0)::float8 AS "durationSum",
                min(d) FILTER (WHERE state = 'COMPLETED')::float8 AS "durationMin",
                max(d) FILTER (WHERE state = 'COMPLETED')::float8 AS "durationMax",
                count(w) FILTER (WHERE state = 'COMPLETED')::int AS "splitCount",
                COALESCE(sum(w) FILTER (WHERE state = 'COMPLETED'), 0)::float8 AS "waitingSum",
                COALESCE(sum(k) FILTER (WHERE state = 'COMPLETED'), 0)::float8 AS "workingSum",
                count(*) FILTER (WHERE late)::int AS "dueBreached"
         FROM f GROUP BY g
       ), h AS (
         SELECT g, jsonb_object_agg(b, n) FILTER (WHERE m = 'd') AS dh, jsonb_object_agg(b, n) FILTER (WHERE m = 'w') AS wh,
                jsonb_object_agg(b, n) FILTER (WHERE m = 'k') AS kh, jsonb_object_agg(b, n) FILTER (WHERE m = 't') AS th
         FROM (
           SELECT f.g, v.m, v.b, count(*) AS n
           FROM f CROSS JOIN LATERAL (VALUES ('d', ${bucket('d')}), ('w', ${bucket('w')}), ('k', ${bucket('k')}), ('t', ${bucket('d')})) v(m, b)
           WHERE CASE v.m
             WHEN 'd' THEN f.state = 'COMPLETED'
             WHEN 't' THEN f.state = 'TERMINATED' AND f.d IS NOT NULL
             ELSE f.state = 'COMPLETED' AND f.w IS NOT NULL END
           GROUP BY 1, 2, 3
         ) x GROUP BY g
       )
       SELECT s.g AS "group", s.*, COALESCE(h.dh, '{}'::jsonb) AS "durationHist", COALESCE(h.wh, '{}'::jsonb) AS "waitingHist",
              COALESCE(h.kh, '{}'::jsonb) AS "workingHist", COALESCE(h.th, '{}'::jsonb) AS "terminatedHist"
       FROM s LEFT JOIN h ON h.g = s.g`,
      params.values,
    );
  }

  async instanceStats(filter: AnalyticsFilter): Promise<InstanceStatsRow> {
    const merged = await this.partials({ filter, kind: 'instance', basis: 'started', grain: 'month', groupBy: 'all' });
    return instanceStats(merged.get('') ?? emptyPartial(''));
  }

  /**
   * Per element, over element instances activated in the range; waiting/working for user
   * tasks with an inbox row. Steps in the order they were first activated.
   */
  async elementStats(filter: AnalyticsFilter): Promise<ElementStatsRow[]> {
    const [merged, firsts] = await Promise.all([
      this.partials({ filter, kind: 'element', basis: 'started', grain: 'month', groupBy: 'element' }),
      this.firstActivations(filter.bpmnProcessId),
    ]);
    const first = (id: string): number => firsts.get(id)?.startedAt.getTime() ?? Number.POSITIVE_INFINITY;
    return [...merged.values()]
      .filter((p) => p.started > 0)
      .sort((a, b) => first(a.group) - first(b.group) || (a.group < b.group ? -1 : 1))
      .map((p) => ({
        elementId: p.group,
        elementType: firsts.get(p.group)?.elementType ?? 'UNKNOWN',
        count: p.completed,
        active: p.open,
        ...durationStats(p),
        waiting: p.splitCount > 0 ? splitStats(p.splitCount, p.waitingSum, p.waitingHist) : null,
        working: p.splitCount > 0 ? splitStats(p.splitCount, p.workingSum, p.workingHist) : null,
      }));
  }

  /**
   * Each element's first activation and its type: a skip scan down the (process, element,
   * started_at) index, one probe per element, whatever the history size.
   */
  private async firstActivations(bpmnProcessId: string): Promise<Map<string, { elementType: string; startedAt: Date }>> {
    const rows = await this.dataSource.query<{ elementId: string; elementType: string; startedAt: Date }[]>(
      `WITH RECURSIVE t AS (
         (SELECT element_id, element_type, started_at FROM analytics_element_instances WHERE bpmn_process_id = $1
          ORDER BY element_id, started_at LIMIT 1)
         UNION ALL
         SELECT x.element_id, x.element_type, x.started_at FROM t, LATERAL (
           SELECT element_id, element_type, started_at FROM analytics_element_instances
           WHERE bpmn_process_id = $1 AND element_id > t.element_id ORDER BY element_id, started_at LIMIT 1
         ) x
       )
       SELECT element_id AS "elementId", element_type AS "elementType", started_at AS "startedAt" FROM t`,
      [bpmnProcessId],
    );
    return new Map(rows.map((r) => [r.elementId, { elementType: r.elementType, startedAt: r.startedAt }]));
  }

  /**
   * Buckets in Asia/Shanghai local time (weeks start on Monday): `started` counts instances
   * started in the bucket, `completed` and the percentiles those completed in it. Empty
   * buckets between the first and the last are included.
   */
  async trend(filter: AnalyticsFilter, bucket: Exclude<Grain, 'day'>): Promise<TrendRow[]> {
    const [started, completed] = await Promise.all([
      this.partials({ filter, kind: 'instance', basis: 'started', grain: bucket, groupBy: 'period' }),
      this.partials({ filter, kind: 'instance', basis: 'ended', grain: bucket, groupBy: 'period' }),
    ]);
    const keys = [...new Set([...started.keys(), ...completed.keys()])]
      .filter((key) => (started.get(key)?.started ?? 0) > 0 || (completed.get(key)?.completed ?? 0) > 0)
      .sort();
    if (keys.length === 0) return [];
    const rows: TrendRow[] = [];
    const last = keys[keys.length - 1];
    for (let at = new Date(`${keys[0]}T00:00:00+08:00`); beijingDate(at) <= last; at = nextPeriod(at, bucket)) {
      const key = beijingDate(at);
      const done = completed.get(key);
      const [p50, p90] = done ? percentiles(done.durationHist, [0.5, 0.9], { min: done.durationMin, max: done.durationMax }) : [null, null];
      rows.push({ bucket: key, started: started.get(key)?.started ?? 0, completed: done?.completed ?? 0, p50, p90 });
    }
    return rows;
  }

  /** The instance figures per unit of one level (the unit of that level on each instance's path). */
  async byOrgUnit(filter: AnalyticsFilter, level: AnalyticsLevel): Promise<UnitStatsRow[]> {
    const merged = await this.partials({ filter, kind: 'instance', basis: 'started', grain: 'month', groupBy: level });
    const ids = [...merged.values()].filter((p) => p.started > 0).map((p) => p.group);
    const units = await this.dataSource.query<{ id: string; name: string; path: string }[]>(
      'SELECT id, name, path FROM org_units WHERE id = ANY($1::text[])',
      [ids],
    );
    const byId = new Map(units.map((u) => [u.id, u]));
    const sortKey = (id: string): string => byId.get(id)?.path ?? `\uffff${id}`;
    return ids
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
      .map((id) => ({ orgUnitId: id, name: byId.get(id)?.name ?? null, ...instanceStats(merged.get(id) as Partial) }));
  }

  /** The duration histogram of completed instances (no element) or of one element's completed instances. */
  async histogram(filter: AnalyticsFilter, elementId: string | undefined): Promise<{ count: number; histogram: Histogram }> {
    const merged = await this.partials(
      elementId === undefined
        ? { filter, kind: 'instance', basis: 'started', grain: 'month', groupBy: 'all' }
        : { filter, kind: 'element', elementId, basis: 'started', grain: 'month', groupBy: 'all' },
    );
    const all = merged.get('') ?? emptyPartial('');
    return { count: all.completed, histogram: all.durationHist };
  }

  /** The slowest completed instances (or instances of one element), longest first; read down the duration index with a LIMIT. */
  async slowest(filter: AnalyticsFilter, elementId: string | undefined, limit: number): Promise<SlowestRow[]> {
    const params = new Params();
    const table = elementId === undefined ? 'analytics_instances' : 'analytics_element_instances';
    const conditions = [where(filter, params, 'f', 'started_at'), `f.state = 'COMPLETED'`];
    if (elementId !== undefined) conditions.push(`f.element_id = ${params.add(elementId)}`);
    const rows = await this.dataSource.query<
      { processInstanceKey: string; orgUnitId: string | null; orgUnitName: string | null; startedAt: Date; durationMs: string }[]
    >(
      `SELECT f.process_instance_key::text AS "processInstanceKey", u.id AS "orgUnitId", u.name AS "orgUnitName",
              f.started_at AS "startedAt", f.duration_ms AS "durationMs"
       FROM (
         SELECT f.process_instance_key, f.org_path, f.started_at, f.duration_ms FROM ${table} f
         WHERE ${conditions.join(' AND ')}
         ORDER BY f.duration_ms DESC, f.process_instance_key LIMIT ${params.add(limit)}
       ) f LEFT JOIN org_units u ON u.path = f.org_path
       ORDER BY f.duration_ms DESC, f.process_instance_key`,
      params.values,
    );
    return rows.map((r) => ({ ...r, durationMs: Number(r.durationMs) }));
  }

  /**
   * Breaches — everything past its deadline: an instance past its process target (a target on
   * the element id = bpmnProcessId), an element instance past its element target, a user task
   * past its due date. Deadline = due date, or start + target; lateness = (end, or now while
   * running) − deadline. Ended runs (completed or terminated) count toward targets as long as
   * they took; filters as everywhere (scope, version, started in [from, to)).
   *
   * Counted without reading every late row: a run that ended is late for good, so the
   * rollups carry its due-date breaches (`due_breached`) and its duration in a histogram;
   * past a target are the histogram buckets wholly above the target, plus an exact count of
   * the one bucket the target falls in (a range ≤ 1 % wide on the duration indexes); running
   * ones are counted from the few open facts.
   */
  async breachCounts(filter: AnalyticsFilter): Promise<BreachCountRow[]> {
    const targets = new Map((await this.targets(filter.bpmnProcessId)).map((t) => [t.elementId, t.targetMs]));
    const processTarget = targets.get(filter.bpmnProcessId);
    const [instances, elements, open] = await Promise.all([
      processTarget === undefined
        ? Promise.resolve(new Map<string, Partial>())
        : this.partials({ filter, kind: 'instance', basis: 'started', grain: 'month', groupBy: 'all' }),
      this.partials({ filter, kind: 'element', basis: 'started', grain: 'month', groupBy: 'element' }),
      this.openBreachCounts(filter),
    ]);
    const counts: Promise<BreachCountRow>[] = [];
    const pastTarget = async (kind: BreachKind, elementId: string, partial: Partial | undefined, targetMs: number) => {
      const ended = partial ? { ...partial.durationHist } : {};
      addHistogram(ended, partial?.terminatedHist);
      const boundary =
        Object.keys(ended).length === 0 ? { index: 0, count: 0 } : await this.boundaryCount(filter, kind, elementId, targetMs);
      const running = open.get(`${kind}/target/${elementId}`) ?? 0;
      return { kind, reason: 'target' as const, elementId, count: countAbove(ended, boundary.index) + boundary.count + running };
    };
    if (processTarget !== undefined) counts.push(pastTarget('instance', filter.bpmnProcessId, instances.get(''), processTarget));
    for (const [elementId, targetMs] of targets) {
      if (elementId === filter.bpmnProcessId) continue;
      const partial = elements.get(elementId);
      if (partial || open.has(`element/target/${elementId}`)) counts.push(pastTarget('element', elementId, partial, targetMs));
    }
    const dueIds = new Set([
      ...elements.keys(),
      ...[...open.keys()].filter((k) => k.startsWith('element/dueDate/')).map((k) => k.slice(16)),
    ]);
    for (const elementId of dueIds) {
      const count = (elements.get(elementId)?.dueBreached ?? 0) + (open.get(`element/dueDate/${elementId}`) ?? 0);
      counts.push(Promise.resolve({ kind: 'element', reason: 'dueDate', elementId, count }));
    }
    return (await Promise.all(counts))
      .filter((c) => c.count > 0)
      .sort(
        (a, b) =>
          b.count - a.count || compareText(a.elementId, b.elementId) || compareText(a.kind, b.kind) || compareText(a.reason, b.reason),
      );
  }

  /**
   * Ended runs of one element (or whole instances) longer than `targetMs` whose duration lies
   * in the same histogram bucket as the target; `index` is that bucket, as SQL computes it
   * (the same expression that filed the durations).
   */
  private async boundaryCount(
    filter: AnalyticsFilter,
    kind: BreachKind,
    elementId: string,
    targetMs: number,
  ): Promise<{ index: number; count: number }> {
    const params = new Params();
    const table = kind === 'instance' ? 'analytics_instances' : 'analytics_element_instances';
    const target = params.add(targetMs);
    const conditions = [
      where(filter, params, 'f', 'started_at'),
      `f.duration_ms > ${target}::bigint`,
      `f.duration_ms <= ${params.add(bucketUpperMs(bucketIndex(targetMs) + 1))}::bigint`,
      `${bucketIndexSql('f.duration_ms')} = b.i`,
    ];
    if (kind === 'element') conditions.push(`f.element_id = ${params.add(elementId)}`);
    // One branch per state, so each reads its partial duration index.
    const [row] = await this.dataSource.query<{ index: number; count: number }[]>(
      `WITH b AS (SELECT ${bucketIndexSql(`${target}::bigint`)} AS i)
       SELECT b.i AS index, (
         (SELECT count(*) FROM ${table} f WHERE f.state = 'COMPLETED' AND ${conditions.join(' AND ')})
         + (SELECT count(*) FROM ${table} f WHERE f.state = 'TERMINATED' AND ${conditions.join(' AND ')})
       )::int AS count
       FROM b`,
      params.values,
    );
    return row;
  }

  /** Running breaches, by `kind/reason/elementId`: open runs past their target, open tasks past their due date. */
  private async openBreachCounts(filter: AnalyticsFilter): Promise<Map<string, number>> {
    const params = new Params();
    const rows = await this.dataSource.query<{ key: string; count: number }[]>(
      `SELECT 'instance/target/' || i.bpmn_process_id AS key, count(*)::int AS count
       FROM analytics_instances i
       JOIN analytics_targets t ON t.bpmn_process_id = i.bpmn_process_id AND t.element_id = i.bpmn_process_id
       WHERE i.state = 'ACTIVE' AND ${where(filter, params, 'i', 'started_at')} AND i.started_at + t.target_ms * interval '1 millisecond' < now()
       GROUP BY 1
       UNION ALL
       SELECT 'element/target/' || e.element_id, count(*)::int
       FROM analytics_element_instances e
       JOIN analytics_targets t ON t.bpmn_process_id = e.bpmn_process_id AND t.element_id = e.element_id
       WHERE e.state = 'ACTIVATED' AND ${where(filter, params, 'e', 'started_at')} AND e.started_at + t.target_ms * interval '1 millisecond' < now()
       GROUP BY 1
       UNION ALL
       SELECT 'element/dueDate/' || e.element_id, count(*)::int
       FROM analytics_element_instances e
       WHERE e.state = 'ACTIVATED' AND ${where(filter, params, 'e', 'started_at')} AND e.due_at < now()
       GROUP BY 1`,
      params.values,
    );
    return new Map(rows.map((r) => [r.key, r.count]));
  }

  /**
   * The `limit` latest breaches, latest first. Each kind of breach is read down an index in
   * lateness order (the duration indexes for targets, ended − due for due dates, the open
   * facts for running ones) and cut at `limit`, so a city-wide list reads a few hundred rows.
   */
  async breaches(filter: AnalyticsFilter, limit: number): Promise<BreachRow[]> {
    const params = new Params();
    const n = params.add(limit);
    const elapsed = (alias: string): string => `round(extract(epoch FROM (now() - ${alias}.started_at)) * 1000)::bigint`;
    const late = (end: string, deadline: string): string => `round(extract(epoch FROM (${end} - ${deadline})) * 1000)::bigint`;
    const instanceWhere = (): string => where(filter, params, 'i', 'started_at');
    const elementWhere = (): string => where(filter, params, 'e', 'started_at');
    const instanceColumns = (lateMs: string): string => `
      SELECT 'instance' AS kind, 'target' AS reason, i.process_instance_key, NULL::bigint AS element_instance_key,
             i.bpmn_process_id AS element_id, NULL AS element_type, i.state, i.org_path, i.started_at, i.ended_at,
             i.started_at + t.target_ms * interval '1 millisecond' AS deadline, t.target_ms, ${lateMs} AS late_ms`;
    const elementColumns = (reason: string, deadline: string, target: string, lateMs: string): string => `
      SELECT 'element' AS kind, '${reason}' AS reason, e.process_instance_key, e.element_instance_key, e.element_id, e.element_type,
             e.state, e.org_path, e.started_at, e.ended_at, ${deadline} AS deadline, ${target} AS target_ms, ${lateMs} AS late_ms`;
    const endedPastInstanceTarget = (state: string): string => `(
      ${instanceColumns('i.duration_ms - t.target_ms')}
      FROM analytics_targets t JOIN analytics_instances i ON i.bpmn_process_id = t.bpmn_process_id
      WHERE t.bpmn_process_id = ${params.add(filter.bpmnProcessId)} AND t.element_id = t.bpmn_process_id
        AND i.state = '${state}' AND ${instanceWhere()} AND i.duration_ms > t.target_ms
      ORDER BY i.duration_ms DESC, i.process_instance_key LIMIT ${n})`;
    const endedPastElementTarget = (state: string): string => `(
      SELECT x.* FROM analytics_targets t, LATERAL (
        ${elementColumns('target', "e.started_at + t.target_ms * interval '1 millisecond'", 't.target_ms', 'e.duration_ms - t.target_ms')}
        FROM analytics_element_instances e
        WHERE e.bpmn_process_id = t.bpmn_process_id AND e.element_id = t.element_id AND e.state = '${state}' AND ${elementWhere()}
          AND e.duration_ms > t.target_ms
        ORDER BY e.duration_ms DESC, e.process_instance_key, e.element_instance_key LIMIT ${n}
      ) x
      WHERE t.bpmn_process_id = ${params.add(filter.bpmnProcessId)} AND t.element_id <> t.bpmn_process_id)`;
    const sql = [
      endedPastInstanceTarget('COMPLETED'),
      endedPastInstanceTarget('TERMINATED'),
      `(${instanceColumns(`${elapsed('i')} - t.target_ms`)}
        FROM analytics_targets t JOIN analytics_instances i ON i.bpmn_process_id = t.bpmn_process_id
        WHERE t.element_id = t.bpmn_process_id AND i.state = 'ACTIVE' AND ${instanceWhere()}
          AND i.started_at + t.target_ms * interval '1 millisecond' < now()
        ORDER BY i.started_at, i.process_instance_key LIMIT ${n})`,
      endedPastElementTarget('COMPLETED'),
      endedPastElementTarget('TERMINATED'),
      `(${elementColumns('target', "e.started_at + t.target_ms * interval '1 millisecond'", 't.target_ms', `${elapsed('e')} - t.target_ms`)}
        FROM analytics_targets t JOIN analytics_element_instances e ON e.bpmn_process_id = t.bpmn_process_id AND e.element_id = t.element_id
        WHERE e.state = 'ACTIVATED' AND ${elementWhere()} AND e.started_at + t.target_ms * interval '1 millisecond' < now()
        ORDER BY ${elapsed('e')} - t.target_ms DESC, e.process_instance_key, e.element_instance_key LIMIT ${n})`,
      // Same expression and predicate as idx_analytics_elements_due_late, so the latest come first off the index.
      `(${elementColumns('dueDate', 'e.due_at', 'NULL::bigint', late('e.ended_at', 'e.due_at'))}
        FROM analytics_element_instances e
        WHERE ${elementWhere()} AND e.due_at IS NOT NULL AND e.ended_at > e.due_at
        ORDER BY (e.ended_at - e.due_at) DESC, e.process_instance_key, e.element_instance_key LIMIT ${n})`,
      `(${elementColumns('dueDate', 'e.due_at', 'NULL::bigint', late('now()', 'e.due_at'))}
        FROM analytics_element_instances e
        WHERE e.state = 'ACTIVATED' AND ${elementWhere()} AND e.due_at < now()
        ORDER BY e.due_at, e.process_instance_key, e.element_instance_key LIMIT ${n})`,
    ].join('\nUNION ALL\n');
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
       FROM (
         SELECT * FROM (${sql}) a
         ORDER BY a.late_ms DESC, a.process_instance_key, a.element_instance_key NULLS FIRST, a.reason LIMIT ${n}
       ) b
       LEFT JOIN org_units u ON u.path = b.org_path
       ORDER BY b.late_ms DESC, b.process_instance_key, b.element_instance_key NULLS FIRST, b.reason`,
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
