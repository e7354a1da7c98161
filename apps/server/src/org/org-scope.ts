/**
 * What a principal may see and manage in the organisation tree.
 *
 * - A membership (any role) at unit X makes X, everything below X and X's ancestors
 *   *visible* (ancestors so breadcrumbs work; siblings stay hidden).
 * - An `admin` membership at X makes X and everything below it *manageable*.
 * - Reading something invisible answers 404 (its existence is not revealed); writing to
 *   something visible but not manageable answers 403; writing to something invisible 404.
 */
import { isAncestorOf, isWithin } from '@rp/domain';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, forbidden, notFound } from '../common/app-error';

export class OrgScope {
  /** Roots of the visible and managed subtrees, with nested roots removed. */
  readonly visibleRoots: readonly string[];
  readonly managedRoots: readonly string[];

  constructor(visiblePaths: readonly string[], managedPaths: readonly string[]) {
    this.visibleRoots = outermost(visiblePaths);
    this.managedRoots = outermost(managedPaths);
  }

  static of(principal: Principal): OrgScope {
    return new OrgScope(
      principal.memberships.map((m) => m.orgUnitPath),
      principal.memberships.filter((m) => m.role === 'admin').map((m) => m.orgUnitPath),
    );
  }

  get isAdmin(): boolean {
    return this.managedRoots.length > 0;
  }

  canSee(path: string): boolean {
    return this.visibleRoots.some((root) => isWithin(path, root) || isAncestorOf(path, root));
  }

  canManage(path: string): boolean {
    return this.managedRoots.some((root) => isWithin(path, root));
  }

  /** Throws 404 unless the unit exists and is visible. */
  assertVisible<T extends { readonly path: string }>(unit: T | null | undefined): T {
    if (!unit || !this.canSee(unit.path)) throw notFound('组织单元');
    return unit;
  }

  /** Throws 404 unless the unit exists and is visible, 403 unless it is manageable. */
  assertManageable<T extends { readonly path: string }>(unit: T | null | undefined): T {
    const visible = this.assertVisible(unit);
    if (!this.canManage(visible.path)) throw forbidden('无权管理该组织单元');
    return visible;
  }

  /** Throws 403 for a principal without any admin membership (the admin-only endpoints). */
  requireAdmin(): this {
    if (!this.isAdmin) throw new AppError(ErrorCode.Forbidden, '需要管理员权限');
    return this;
  }
}

function outermost(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)].sort();
  return unique.filter((path) => !unique.some((other) => other !== path && isWithin(path, other)));
}
