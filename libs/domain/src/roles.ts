/**
 * The roles of 红色物业建设规范 (DOMAIN.md "Who takes part") and the candidate-group rule:
 * every human step is offered to `<role>:<orgUnitId>`, so a membership (a role held in one
 * organisation unit) yields exactly one candidate group.
 */

export const ROLE_IDS = [
  'street-party',
  'community-party',
  'compound-branch',
  'owners-committee',
  'property-company',
  'industry-party',
  'department',
  'grid-worker',
  'resident',
  'admin',
  'analyst',
] as const;

export type RoleId = (typeof ROLE_IDS)[number];

export const ROLE_NAMES: Readonly<Record<RoleId, string>> = {
  'street-party': '街道（乡镇）党工委',
  'community-party': '社区党组织',
  'compound-branch': '小区（网格）党支部',
  'owners-committee': '业主委员会',
  'property-company': '物业服务企业',
  'industry-party': '物业行业党委',
  department: '职能部门',
  'grid-worker': '网格员',
  resident: '业主 / 居民',
  admin: '管理员',
  analyst: '分析',
};

export function isRoleId(value: unknown): value is RoleId {
  return typeof value === 'string' && (ROLE_IDS as readonly string[]).includes(value);
}

export function roleName(role: RoleId): string {
  return ROLE_NAMES[role];
}

/** A role held in one organisation unit. */
export interface RoleInUnit {
  readonly role: RoleId;
  readonly orgUnitId: string;
}

/** The candidate group of one membership: `<role>:<orgUnitId>`, e.g. `community-party:wf-dongda`. */
export function candidateGroup(role: RoleId, orgUnitId: string): string {
  return `${role}:${orgUnitId}`;
}

/** Every candidate group of a user's memberships, without duplicates, sorted for stable output. */
export function candidateGroupsOf(memberships: readonly RoleInUnit[]): string[] {
  return [...new Set(memberships.map((m) => candidateGroup(m.role, m.orgUnitId)))].sort();
}

/** The inverse of `candidateGroup`; undefined for anything that is not `<known role>:<unit id>`. */
export function parseCandidateGroup(group: string): RoleInUnit | undefined {
  const colon = group.indexOf(':');
  if (colon <= 0 || colon === group.length - 1) return undefined;
  const role = group.slice(0, colon);
  const orgUnitId = group.slice(colon + 1);
  return isRoleId(role) && !orgUnitId.includes(':') ? { role, orgUnitId } : undefined;
}
