/**
 * Pure rules of the 统计分析 page: who may read and set what, which units the filter offers,
 * the unit level to compare by, and the heat colour of a step. Unit-tested in
 * test/web/analytics-model.spec.ts.
 */
import type { AnalyticsBreaches, AnalyticsLevel, Me, OrgUnit } from '../../api/types';

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
