/**
 * Shared by the read endpoints of procedure records (notices, committees, credit records,
 * seal custody, star ratings): `?orgUnit=` names a unit the caller must see (else 404, its
 * existence not revealed); the answer holds the records of that unit, its subtree and its
 * ancestors that the caller may see (OrgScope: a membership's subtree and ancestors).
 */
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { ORG_UNIT_ID_MAX_LENGTH, ORG_UNIT_ID_PATTERN, type RoleId } from '@rp/domain';
import type { Principal } from '../auth/principal';
import { forbidden } from '../common/app-error';
import { OrgScope } from '../org/org-scope';
import type { OrgUnitsRepository } from '../org/org-units.repository';

export class OrgUnitQueryDto {
  @ApiProperty({ description: '组织单元编号：返回该单元、其下级及上级中可见的记录', example: 'wf-dongda-nanying-jinxiu' })
  @IsString()
  @MaxLength(ORG_UNIT_ID_MAX_LENGTH)
  @Matches(ORG_UNIT_ID_PATTERN)
  orgUnit!: string;
}

/** Roles that read the officials' records (credit, seal custody): everyone but residents. */
const OFFICIAL_ROLES: readonly RoleId[] = [
  'street-party',
  'community-party',
  'compound-branch',
  'owners-committee',
  'property-company',
  'industry-party',
  'department',
  'admin',
  'analyst',
];

export interface RecordFilter {
  /** The queried unit's path. */
  readonly unitPath: string;
  /** Roots of what the caller sees (memberships' units). */
  readonly visibleRoots: readonly string[];
}

/**
 * The unit as the caller may query it. `officialsOnly`: a caller who sees the unit only
 * through resident memberships gets 403.
 */
export async function recordFilterFor(
  principal: Principal,
  orgUnitId: string,
  units: OrgUnitsRepository,
  options: { readonly officialsOnly?: boolean; readonly what?: string } = {},
): Promise<RecordFilter> {
  const unit = OrgScope.of(principal).assertVisible(await units.findById(orgUnitId));
  if (!options.officialsOnly) return { unitPath: unit.path, visibleRoots: OrgScope.of(principal).visibleRoots };
  const officials = new OrgScope(
    principal.memberships.filter((m) => OFFICIAL_ROLES.includes(m.role)).map((m) => m.orgUnitPath),
    [],
  );
  if (!officials.canSee(unit.path)) throw forbidden(`无权查看${options.what ?? '该记录'}`);
  return { unitPath: unit.path, visibleRoots: officials.visibleRoots };
}

/**
 * SQL over a C-collated `org_path` column: in the unit's subtree or an ancestor of it, and
 * within or above one of the visible roots. Returns the clause and its parameters.
 */
export function recordFilterSql(column: string, filter: RecordFilter): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = { unitPrefix: `${filter.unitPath}%`, unitPath: filter.unitPath };
  const roots = filter.visibleRoots.map((root, i) => {
    params[`root${i}`] = root;
    params[`rootPrefix${i}`] = `${root}%`;
    return `(${column} LIKE :rootPrefix${i} OR :root${i} LIKE ${column} || '%')`;
  });
  const visible = roots.length > 0 ? roots.join(' OR ') : 'FALSE';
  return { sql: `(${column} LIKE :unitPrefix OR :unitPath LIKE ${column} || '%') AND (${visible})`, params };
}
