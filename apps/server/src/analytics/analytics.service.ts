/**
 * Process-duration analytics: who may read what (analysts and admins, their own subtrees),
 * the filters, and the shapes of the answers. Figures come from the fact tables the loader
 * fills; see docs/analytics.md.
 */
import { Injectable } from '@nestjs/common';
import { isWithin } from '@rp/domain';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, invalidField, notFound } from '../common/app-error';
import { OrgUnitsRepository } from '../org/org-units.repository';
import {
  AnalyticsRepository,
  type AnalyticsFilter,
  type AnalyticsLevel,
  type BreachCountRow,
  type BreachRow,
  type DurationStats,
  type InstanceStatsRow,
  type SplitStats,
  type TrendRow,
  type UnitStatsRow,
} from './analytics.repository';
import type { AnalyticsQuery, BreachesQuery, HistogramQuery, SlowestQuery, TrendBucket } from './dtos/analytics.dto';
import { displayBuckets, type DisplayBucket } from './sketch';

/** Roles that read analytics; admins also set targets. */
const READER_ROLES: ReadonlySet<string> = new Set(['analyst', 'admin']);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface ElementFigures extends DurationStats {
  readonly elementId: string;
  readonly name: string;
  readonly elementType: string;
  readonly count: number;
  readonly active: number;
  /** User tasks: activation → claim (unassigned). */
  readonly waiting?: SplitStats;
  /** User tasks: claim → completion (held by someone). */
  readonly working?: SplitStats;
}

export interface DurationsAnswer extends InstanceStatsRow {
  readonly bpmnProcessId: string;
  readonly name: string;
  readonly byElement: readonly ElementFigures[];
}

export interface TrendAnswer {
  readonly bpmnProcessId: string;
  readonly bucket: TrendBucket;
  readonly timeZone: 'Asia/Shanghai';
  readonly buckets: readonly TrendRow[];
}

export interface ByOrgUnitAnswer {
  readonly bpmnProcessId: string;
  readonly level: AnalyticsLevel;
  readonly units: readonly UnitStatsRow[];
}

export interface BreachItem extends Omit<BreachRow, 'startedAt' | 'endedAt' | 'deadline'> {
  readonly name: string;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly deadline: string;
}

export interface BreachesAnswer {
  readonly bpmnProcessId: string;
  readonly total: number;
  readonly summary: readonly (BreachCountRow & { readonly name: string })[];
  readonly items: readonly BreachItem[];
}

export interface HistogramAnswer {
  /** null: whole instances. */
  readonly elementId: string | null;
  /** Completed instances (or element instances) counted. */
  readonly count: number;
  readonly buckets: readonly DisplayBucket[];
}

export interface SlowestItem {
  readonly processInstanceKey: string;
  readonly orgUnitId: string | null;
  readonly orgUnitName: string | null;
  readonly startedAt: string;
  readonly durationMs: number;
}

export interface TargetItem {
  readonly elementId: string;
  readonly name: string;
  readonly targetMs: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

@Injectable()
export class AnalyticsService {
  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly orgUnits: OrgUnitsRepository,
  ) {}

  async durations(principal: Principal, bpmnProcessId: string, query: AnalyticsQuery): Promise<DurationsAnswer> {
    const filter = await this.filter(principal, bpmnProcessId, query);
    const [instances, elements, names] = await Promise.all([
      this.analytics.instanceStats(filter),
      this.analytics.elementStats(filter),
      this.analytics.elementNames(bpmnProcessId),
    ]);
    return {
      bpmnProcessId,
      name: names.get(bpmnProcessId) ?? bpmnProcessId,
      ...instances,
      byElement: elements.map(({ waiting, working, ...rest }) => ({
        ...rest,
        name: names.get(rest.elementId) ?? rest.elementId,
        ...(waiting ? { waiting } : {}),
        ...(working ? { working } : {}),
      })),
    };
  }

  async trend(principal: Principal, bpmnProcessId: string, query: AnalyticsQuery, bucket: TrendBucket): Promise<TrendAnswer> {
    const filter = await this.filter(principal, bpmnProcessId, query);
    return { bpmnProcessId, bucket, timeZone: 'Asia/Shanghai', buckets: await this.analytics.trend(filter, bucket) };
  }

  async byOrgUnit(principal: Principal, bpmnProcessId: string, query: AnalyticsQuery, level: AnalyticsLevel): Promise<ByOrgUnitAnswer> {
    const filter = await this.filter(principal, bpmnProcessId, query);
    return { bpmnProcessId, level, units: await this.analytics.byOrgUnit(filter, level) };
  }

  async breaches(principal: Principal, bpmnProcessId: string, query: BreachesQuery): Promise<BreachesAnswer> {
    const filter = await this.filter(principal, bpmnProcessId, query);
    const [rows, counts, names] = await Promise.all([
      this.analytics.breaches(filter, query.limit ?? 100),
      this.analytics.breachCounts(filter),
      this.analytics.elementNames(bpmnProcessId),
    ]);
    const name = (elementId: string): string => names.get(elementId) ?? elementId;
    return {
      bpmnProcessId,
      total: counts.reduce((sum, c) => sum + c.count, 0),
      summary: counts.map((c) => ({ ...c, name: name(c.elementId) })),
      items: rows.map((r) => ({
        ...r,
        name: name(r.elementId),
        startedAt: r.startedAt.toISOString(),
        endedAt: r.endedAt ? r.endedAt.toISOString() : null,
        deadline: r.deadline.toISOString(),
      })),
    };
  }

  async histogram(principal: Principal, bpmnProcessId: string, query: HistogramQuery): Promise<HistogramAnswer> {
    const filter = await this.filter(principal, bpmnProcessId, query);
    const { count, histogram } = await this.analytics.histogram(filter, query.elementId);
    return { elementId: query.elementId ?? null, count, buckets: displayBuckets(histogram) };
  }

  async slowest(principal: Principal, bpmnProcessId: string, query: SlowestQuery): Promise<SlowestItem[]> {
    const filter = await this.filter(principal, bpmnProcessId, query);
    const rows = await this.analytics.slowest(filter, query.elementId, query.limit ?? 10);
    return rows.map((r) => ({ ...r, startedAt: r.startedAt.toISOString() }));
  }

  async targets(principal: Principal, bpmnProcessId: string): Promise<TargetItem[]> {
    this.readerRoots(principal);
    const [rows, names] = await Promise.all([this.analytics.targets(bpmnProcessId), this.analytics.elementNames(bpmnProcessId)]);
    return rows.map((r) => ({ ...r, name: names.get(r.elementId) ?? r.elementId, updatedAt: r.updatedAt.toISOString() }));
  }

  /**
   * Targets hold for the whole city (one standard, one target), so only an admin of a root
   * unit (the city) sets them; a community admin reads them like an analyst.
   */
  async setTarget(principal: Principal, bpmnProcessId: string, elementId: string, targetMs: number): Promise<TargetItem> {
    this.readerRoots(principal);
    const rootAdmin = principal.memberships.some((m) => m.role === 'admin' && m.orgUnitPath.split('/').filter(Boolean).length === 1);
    if (!rootAdmin) throw new AppError(ErrorCode.Forbidden, '只有市级管理员可以设置目标时长');
    await this.analytics.setTarget(bpmnProcessId, elementId, targetMs, principal.username);
    const items = await this.targets(principal, bpmnProcessId);
    const item = items.find((t) => t.elementId === elementId);
    if (!item) throw new Error('target vanished after upsert');
    return item;
  }

  /** Outermost paths where the principal holds a reader role; 403 without one. */
  private readerRoots(principal: Principal): string[] {
    const paths = [...new Set(principal.memberships.filter((m) => READER_ROLES.has(m.role)).map((m) => m.orgUnitPath))].sort();
    if (paths.length === 0) throw new AppError(ErrorCode.Forbidden, '需要分析员或管理员角色才能查看统计分析');
    return paths.filter((path) => !paths.some((other) => other !== path && isWithin(path, other)));
  }

  private async filter(principal: Principal, bpmnProcessId: string, query: AnalyticsQuery): Promise<AnalyticsFilter> {
    const roots = this.readerRoots(principal);
    let scopePaths = roots;
    if (query.orgUnit !== undefined) {
      const unit = await this.orgUnits.findById(query.orgUnit);
      // A unit outside the caller's analytics subtrees answers 404, as the org API does for invisible units.
      if (!unit || !roots.some((root) => isWithin(unit.path, root))) throw notFound('组织单元');
      scopePaths = [unit.path];
    }
    const from = query.from === undefined ? undefined : parseTime(query.from);
    const to = query.to === undefined ? undefined : parseTime(query.to);
    if (from && to && from.getTime() >= to.getTime()) throw invalidField('to', 'isAfterFrom', '结束时间必须晚于开始时间');
    return { bpmnProcessId, scopePaths, from, to, version: query.version === undefined ? undefined : Number(query.version) };
  }
}

/** ISO 8601; a bare date means midnight in Beijing (the analysts' calendar). */
export function parseTime(value: string): Date {
  return new Date(DATE_ONLY.test(value) ? `${value}T00:00:00+08:00` : value);
}
