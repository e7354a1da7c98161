import type { Principal, PrincipalMembership } from '../auth/principal';
import { AppError, ErrorCode } from '../common/app-error';
import { OrgScope } from './org-scope';

const membership = (role: PrincipalMembership['role'], orgUnitPath: string): PrincipalMembership => ({
  id: `${role}@${orgUnitPath}`,
  role,
  orgUnitId: orgUnitPath.split('/').filter(Boolean).pop() ?? '',
  orgUnitPath,
});
const principal = (...memberships: PrincipalMembership[]): Principal => ({ userId: 'u', username: 'u', memberships });

const codeOf = (work: () => unknown): ErrorCode | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    return error instanceof AppError ? error.code : undefined;
  }
};

describe(OrgScope.name, () => {
  const streetAdmin = OrgScope.of(principal(membership('admin', '/anyang/wf/wf-dongda/')));

  it('lets an admin manage their unit and everything below it', () => {
    expect(streetAdmin.canManage('/anyang/wf/wf-dongda/')).toBe(true);
    expect(streetAdmin.canManage('/anyang/wf/wf-dongda/wf-dongda-nanying/')).toBe(true);
  });

  it('shows an admin the ancestors of their unit without letting them manage them', () => {
    expect(streetAdmin.canSee('/anyang/wf/')).toBe(true);
    expect(streetAdmin.canManage('/anyang/wf/')).toBe(false);
    expect(codeOf(() => streetAdmin.assertManageable({ path: '/anyang/wf/' }))).toBe(ErrorCode.Forbidden);
  });

  it('hides sibling subtrees entirely', () => {
    expect(streetAdmin.canSee('/anyang/wf/wf-ziwei/')).toBe(false);
    expect(streetAdmin.canSee('/anyang/wf/wf-dongda2/')).toBe(false);
    expect(codeOf(() => streetAdmin.assertManageable({ path: '/anyang/bg/' }))).toBe(ErrorCode.NotFound);
    expect(codeOf(() => streetAdmin.assertVisible(null))).toBe(ErrorCode.NotFound);
  });

  it('lets other roles see their subtree but manage nothing', () => {
    const resident = OrgScope.of(principal(membership('resident', '/anyang/wf/wf-dongda/')));
    expect(resident.canSee('/anyang/wf/wf-dongda/')).toBe(true);
    expect(resident.isAdmin).toBe(false);
    expect(codeOf(() => resident.requireAdmin())).toBe(ErrorCode.Forbidden);
  });

  it('merges nested roots', () => {
    const scope = OrgScope.of(principal(membership('admin', '/anyang/'), membership('admin', '/anyang/wf/')));
    expect(scope.managedRoots).toEqual(['/anyang/']);
  });
});
