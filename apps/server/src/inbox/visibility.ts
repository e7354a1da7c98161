/**
 * Who sees a task: its assignee, its candidate users, members of its candidate groups
 * (`<role>:<orgUnitId>`), whoever completed it, and admins and analysts of a unit at or
 * above the task's unit. Pure functions over the principal and the task.
 */
import { candidateGroupsOf } from '@rp/domain';
import type { Principal } from '../auth/principal';

export interface Viewer {
  readonly userId: string;
  readonly groups: readonly string[];
  /** Paths of units where the viewer is admin or analyst (outermost only). */
  readonly scopePaths: readonly string[];
  /** Paths of units where the viewer is admin. */
  readonly adminPaths: readonly string[];
}

export interface TaskAccessFacts {
  readonly assignee: string | null;
  readonly candidateGroups: readonly string[];
  readonly candidateUsers: readonly string[];
  readonly completedBy: string | null;
  readonly orgPath: string | null;
}

export function viewerOf(principal: Principal): Viewer {
  const paths = (roles: readonly string[]): string[] =>
    outermost(principal.memberships.filter((m) => roles.includes(m.role)).map((m) => m.orgUnitPath));
  return {
    userId: principal.userId,
    groups: candidateGroupsOf(principal.memberships),
    scopePaths: paths(['admin', 'analyst']),
    adminPaths: paths(['admin']),
  };
}

export function isCandidate(viewer: Viewer, task: TaskAccessFacts): boolean {
  return task.candidateUsers.includes(viewer.userId) || task.candidateGroups.some((g) => viewer.groups.includes(g));
}

export function canSee(viewer: Viewer, task: TaskAccessFacts): boolean {
  return (
    task.assignee === viewer.userId ||
    task.completedBy === viewer.userId ||
    isCandidate(viewer, task) ||
    (task.orgPath !== null && viewer.scopePaths.some((root) => task.orgPath?.startsWith(root)))
  );
}

/** Admin of the task's unit (or above): may unclaim others and assign to anyone. */
export function canManage(viewer: Viewer, task: TaskAccessFacts): boolean {
  return task.orgPath !== null && viewer.adminPaths.some((root) => task.orgPath?.startsWith(root));
}

function outermost(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)].sort();
  return unique.filter((path) => !unique.some((other) => other !== path && path.startsWith(other)));
}
