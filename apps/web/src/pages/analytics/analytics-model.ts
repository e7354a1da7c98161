/**
 * Pure rules of the 统计分析 page: who may read and set what, which units the filter offers,
 * the unit level to compare by, and the heat colour of a step. Unit-tested in
 * test/web/analytics-model.spec.ts.
 */
import type { AnalyticsBreach, AnalyticsBreaches, AnalyticsLevel, ElementDurations, Me, OrgUnit } from '../../api/types';
import type { ElementStyle } from '../../diagram/diagram-types';
import { formatDurationMs } from './duration-format';

/** Roles the server lets read analytics (apps/server/src/analytics/analytics.service.ts). */
const READER_ROLES: ReadonlySet<string> = new Set(['analyst', 'admin']);

export function canReadAnalytics(me: Me): boolean {
  return me.memberships.some((m) => READER_ROLES.has(m.role));
}

/** Targets hold for the whole city, so only an admin of a root unit (市) sets them. */
export function canSetTargets(me: Me): boolean {
  return me.memberships.some((m) => m.role === 'admin' && m.orgUnit.path.length === 1);
}

/** The units the org-unit filter offers: those within a unit where the user reads analytics. */
export function analyticsUnits(me: Me, units: readonly OrgUnit[]): OrgUnit[] {
  const roots = me.memberships.filter((m) => READER_ROLES.has(m.role)).map((m) => m.orgUnit.id);
  return units.filter((unit) => roots.some((root) => unit.path.includes(root)));
}

const NEXT_LEVEL: Readonly<Record<string, AnalyticsLevel>> = {
  city: 'district',
  district: 'street',
  street: 'community',
};

/** Compare the units one level below the scope (市 → 区, 区 → 街道), down to 社区. */
export function defaultLevel(scopeLevel: string | undefined): AnalyticsLevel {
  return (scopeLevel && NEXT_LEVEL[scopeLevel]) || 'community';
}

/** The level the scope covers: the chosen unit, else the widest unit the user reads. */
export function scopeLevel(me: Me, units: readonly OrgUnit[], orgUnit: string | undefined): string | undefined {
  if (orgUnit) return units.find((u) => u.id === orgUnit)?.level;
  const readable = me.memberships.filter((m) => READER_ROLES.has(m.role)).map((m) => m.orgUnit);
  return [...readable].sort((a, b) => a.path.length - b.path.length)[0]?.level;
}

/**
 * A step's colour for its median duration, from green (fastest step) through yellow to red
 * (slowest), on a log scale so a step of minutes and one of days both read. `min`/`max`
 * are the medians of the fastest and slowest step shown.
 */
export function heatColor(value: number, min: number, max: number): string {
  return shareColor(heatShare(value, min, max));
}

/** The colour at a share of the scale: 0 green, 0.5 yellow, 1 red. */
export function shareColor(share: number): string {
  return `hsl(${Math.round(120 * (1 - Math.min(1, Math.max(0, share))))}, 80%, 45%)`;
}

/** Kinds of element that never wait (they pass in an instant), left uncoloured on the heat map. */
const INSTANT_TYPES: ReadonlySet<string> = new Set([
  'START_EVENT',
  'END_EVENT',
  'BOUNDARY_EVENT',
  'INTERMEDIATE_THROW_EVENT',
  'SEQUENCE_FLOW',
  'EXCLUSIVE_GATEWAY',
  'PARALLEL_GATEWAY',
  'INCLUSIVE_GATEWAY',
]);

/** Steps that take time: tasks, sub-processes, call activities, catch events, event-based gateways. */
export function isTimedStep(elementType: string): boolean {
  return !INSTANT_TYPES.has(elementType);
}

/** 0 for the fastest step, 1 for the slowest (log scale); 0 when all are equal. */
export function heatShare(value: number, min: number, max: number): number {
  const low = Math.log1p(Math.max(0, min));
  const high = Math.log1p(Math.max(0, max));
  if (high <= low) return 0;
  return Math.min(1, Math.max(0, (Math.log1p(Math.max(0, value)) - low) / (high - low)));
}

/** Breaches per step (element breaches, both reasons together); the whole instance under its process id. */
export function breachesByElement(breaches: AnalyticsBreaches | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of breaches?.summary ?? []) counts.set(row.elementId, (counts.get(row.elementId) ?? 0) + row.count);
  return counts;
}

/** Ascending with missing figures last, for the sortable unit table. */
export function compareFigures(a: number | null | undefined, b: number | null | undefined): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  return a - b;
}

/** The outline of the step whose figures are open. */
export const SELECTED_STEP_STROKE = '#c8161d';

/**
 * The heat map as diagram styles: each step with a median is tinted by it over `range` and
 * labelled 中位 …; steps with breaches carry a red 超时 N badge; the selected step is outlined.
 */
export function heatStyles(
  steps: readonly ElementDurations[],
  range: { readonly min: number; readonly max: number } | undefined,
  breaches: ReadonlyMap<string, number>,
  selected: string | undefined,
): Record<string, ElementStyle> {
  const styles: Record<string, ElementStyle> = {};
  for (const step of steps) {
    if (step.p50 === null) continue;
    const late = breaches.get(step.elementId);
    styles[step.elementId] = {
      ...(range ? { fill: heatColor(step.p50, range.min, range.max) } : {}),
      label: `中位 ${formatDurationMs(step.p50)}`,
      ...(late ? { badge: { text: `超时 ${late}`, tone: 'danger' as const, title: `超时 ${late} 次` } } : {}),
    };
  }
  if (selected) styles[selected] = { ...styles[selected], stroke: SELECTED_STEP_STROKE };
  return styles;
}

/** A late step (or the whole instance) of one process instance, with how long it took so far. */
export interface InstanceBreachRow extends AnalyticsBreach {
  /** From its start to its end, or to `now` while it is still open. */
  readonly durationMs: number;
}

/** One instance's breaches in the order they started, for analysts (流程实例 is for admins only). */
export function instanceBreachRows(breaches: readonly AnalyticsBreach[], processInstanceKey: string, now: number): InstanceBreachRow[] {
  return breaches
    .filter((b) => b.processInstanceKey === processInstanceKey)
    .map((b) => ({ ...b, durationMs: Math.max(0, (b.endedAt ? Date.parse(b.endedAt) : now) - Date.parse(b.startedAt)) }))
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.elementId.localeCompare(b.elementId));
}

/** The colour of a late step on an instance's diagram. */
export const LATE_STEP_FILL = '#ff4d4f';

/** The late steps of an instance as diagram styles: tinted red, labelled with the time taken, badged 超时. */
export function lateStepStyles(rows: readonly InstanceBreachRow[]): Record<string, ElementStyle> {
  const styles: Record<string, ElementStyle> = {};
  for (const row of rows) {
    if (row.kind !== 'element' || styles[row.elementId]) continue;
    styles[row.elementId] = {
      fill: LATE_STEP_FILL,
      label: `用时 ${formatDurationMs(row.durationMs)}`,
      badge: { text: '超时', tone: 'danger', title: `${row.name}超时` },
    };
  }
  return styles;
}
