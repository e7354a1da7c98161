/**
 * The organisation tree of the standard: 市 → 区 → 街道 → 社区 → 小区/网格, and the
 * materialised path that makes "this unit and everything below it" one prefix match.
 */

export const ORG_LEVELS = ['city', 'district', 'street', 'community', 'compound', 'grid'] as const;

export type OrgLevel = (typeof ORG_LEVELS)[number];

export const ORG_LEVEL_NAMES: Readonly<Record<OrgLevel, string>> = {
  city: '市',
  district: '区',
  street: '街道',
  community: '社区',
  compound: '小区',
  grid: '网格',
};

const CHILD_LEVELS: Readonly<Record<OrgLevel, readonly OrgLevel[]>> = {
  city: ['district'],
  district: ['street'],
  street: ['community'],
  community: ['compound', 'grid'],
  compound: [],
  grid: [],
};

export function isOrgLevel(value: unknown): value is OrgLevel {
  return typeof value === 'string' && (ORG_LEVELS as readonly string[]).includes(value);
}

/** Levels a unit of `parent` level may hold directly. */
export function childLevelsOf(parent: OrgLevel): readonly OrgLevel[] {
  return CHILD_LEVELS[parent];
}

/** Whether a unit of level `child` may sit directly under a unit of level `parent` (undefined: a root). */
export function canBeChildOf(child: OrgLevel, parent: OrgLevel | undefined): boolean {
  return parent === undefined ? child === 'city' : CHILD_LEVELS[parent].includes(child);
}

/**
 * Readable unit ids (`anyang`, `wf`, `wf-dongda`): lowercase letters and digits in
 * hyphen-separated words. No `/`, `:`, `%` or `_`, so ids are safe inside paths,
 * candidate groups and LIKE prefixes.
 */
export const ORG_UNIT_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ORG_UNIT_ID_MAX_LENGTH = 64;

export function isOrgUnitId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= ORG_UNIT_ID_MAX_LENGTH && ORG_UNIT_ID_PATTERN.test(value);
}

/** Path of a unit: its ancestors' ids and its own, root first, wrapped in `/`: `/anyang/wf/wf-dongda/`. */
export function childPath(parentPath: string | undefined, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** The ids on a path, root first. */
export function pathIds(path: string): string[] {
  return path.split('/').filter((part) => part.length > 0);
}

/** Whether the unit at `path` is the unit at `scopePath` or below it. */
export function isWithin(path: string, scopePath: string): boolean {
  return path.startsWith(scopePath);
}

/** Whether the unit at `path` is a strict ancestor of the unit at `descendantPath`. */
export function isAncestorOf(path: string, descendantPath: string): boolean {
  return descendantPath !== path && descendantPath.startsWith(path);
}
