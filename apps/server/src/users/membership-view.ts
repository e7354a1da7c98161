import { candidateGroup, ORG_LEVEL_NAMES, pathIds, roleName } from '@rp/domain';
import type { MembershipDto } from './dtos/user.dto';
import type { MembershipRow } from './users.repository';

/** A membership as the API shows it (users API and /api/me). */
export function toMembershipDto(row: MembershipRow): MembershipDto {
  return {
    id: row.id,
    role: row.role,
    roleName: roleName(row.role),
    candidateGroup: candidateGroup(row.role, row.orgUnitId),
    orgUnit: {
      id: row.orgUnitId,
      name: row.orgUnitName,
      level: row.orgUnitLevel,
      levelName: ORG_LEVEL_NAMES[row.orgUnitLevel],
      path: pathIds(row.orgUnitPath),
    },
  };
}
