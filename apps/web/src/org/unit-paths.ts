/**
 * Names along a unit's path (安阳市 / 文峰区 / 东大街道 / 南营社区). Memberships carry only
 * the ids of the path; the names come from the unit's detail (its visible ancestors), or
 * from `pathNames` when the server already sends them.
 */
import type { Endpoints } from '../api/endpoints';
import type { MembershipOrgUnit, OrgUnit } from '../api/types';

export type UnitPathNames = ReadonlyMap<string, readonly string[]>;

export async function loadUnitPathNames(api: Endpoints, units: readonly MembershipOrgUnit[], signal: AbortSignal): Promise<UnitPathNames> {
  const result = new Map<string, readonly string[]>();
  const missing = [...new Set(units.filter((u) => !u.pathNames).map((u) => u.id))];
  for (const unit of units) if (unit.pathNames) result.set(unit.id, unit.pathNames);
  const details = await Promise.all(missing.map((id) => api.orgUnit(id, signal).catch(() => undefined)));
  for (const detail of details) if (detail) result.set(detail.id, [...detail.ancestors.map((a) => a.name), detail.name]);
  return result;
}

/**
 * Path names of every unit in a flat list (the org tree). `ancestors` names the units above
 * the list's roots, which `GET /api/org-units` does not include.
 */
export function pathNamesFromList(units: readonly OrgUnit[], ancestors: readonly OrgUnit[] = []): UnitPathNames {
  const names = new Map([...ancestors, ...units].map((u) => [u.id, u.name]));
  return new Map(units.map((u) => [u.id, u.path.map((id) => names.get(id)).filter((name): name is string => name !== undefined)]));
}

/** The visible ancestors of the tree's roots, from each root's detail. */
export async function loadRootAncestors(api: Endpoints, roots: readonly OrgUnit[], signal: AbortSignal): Promise<OrgUnit[]> {
  const details = await Promise.all(roots.filter((r) => r.parentId !== null).map((r) => api.orgUnit(r.id, signal).catch(() => undefined)));
  return details.flatMap((d) => d?.ancestors ?? []);
}
