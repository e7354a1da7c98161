/**
 * Start variables that name the role the starter acts in (P2's 动议方 `proposerRole`). Later
 * steps are offered to `<role>:<unit>` (P2 修改动议 and 组织实施 go to `proposerRole:compoundId`,
 * matched exactly by the inbox), so the starter must hold that very role at the instance's
 * unit: choosing 业主委员会 as the branch secretary would hand the matter to people who never
 * moved it. Pure, so the rule is tested without a server.
 */
import { isRoleId, roleName, type RoleId } from '@rp/domain';

export const ACTING_ROLE_VARIABLES = ['proposerRole'] as const;

export type ActingRoleProblem =
  | { readonly kind: 'unknownRole'; readonly field: string; readonly message: string }
  | { readonly kind: 'notHeld'; readonly field: string; readonly role: RoleId; readonly message: string };

/**
 * The first acting-role variable the starter may not use, or undefined when all are fine (or
 * the start form has none). `unit` is the unit the instance runs in.
 */
export function actingRoleProblem(
  variables: Readonly<Record<string, unknown>>,
  memberships: readonly { readonly role: string; readonly orgUnitId: string }[],
  unit: { readonly id: string; readonly name: string },
): ActingRoleProblem | undefined {
  for (const field of ACTING_ROLE_VARIABLES) {
    const value = variables[field];
    if (value === undefined || value === null) continue;
    if (!isRoleId(value)) return { kind: 'unknownRole', field, message: '所选身份不是已知的角色' };
    if (!memberships.some((m) => m.role === value && m.orgUnitId === unit.id))
      return {
        kind: 'notHeld',
        field,
        role: value,
        message: `您在${unit.name}没有“${roleName(value)}”角色，不能以该身份发起`,
      };
  }
  return undefined;
}
