/**
 * The server's JSON shapes as the web app reads them (see /api/docs). Written here rather
 * than imported: apps/web never imports server code; only the pure `@rp/domain` is shared.
 */
import type { OrgLevel, RoleId } from '@rp/domain';

export interface LoginRequest {
  readonly username: string;
  readonly password: string;
}

export interface LoginResponse {
  readonly accessToken: string;
  /** Lifetime of the token in seconds. */
  readonly expiresIn: number;
  readonly tokenType?: 'Bearer';
}

export interface MembershipOrgUnit {
  readonly id: string;
  readonly name: string;
  readonly level: OrgLevel;
  readonly levelName: string;
  /** Ids from the root to this unit, e.g. ['anyang', 'wf', 'wf-dongda']. */
  readonly path: readonly string[];
  /** Names along `path`, when the server sends them. */
  readonly pathNames?: readonly string[];
}

export interface Membership {
  readonly id: string;
  readonly role: RoleId;
  readonly roleName: string;
  /** `<role>:<orgUnitId>`: the group whose tasks this membership sees. */
  readonly candidateGroup: string;
  readonly orgUnit: MembershipOrgUnit;
}

export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly active: boolean;
  readonly memberships: readonly Membership[];
  /** Whether the signed-in admin may change this user. */
  readonly manageable: boolean;
}

export interface MeUser {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

/** `GET /api/me`: the signed-in user, their memberships and candidate groups. */
export interface Me {
  readonly user: MeUser;
  readonly memberships: readonly Membership[];
  /** `<role>:<orgUnitId>`, sorted; the groups whose tasks this user sees. */
  readonly candidateGroups: readonly string[];
}

export interface UserPage {
  readonly items: readonly User[];
  readonly total: number;
}

export interface OrgUnit {
  readonly id: string;
  readonly name: string;
  readonly level: OrgLevel;
  readonly levelName: string;
  readonly parentId: string | null;
  readonly path: readonly string[];
  readonly manageable: boolean;
}

export interface OrgUnitDetail extends OrgUnit {
  readonly ancestors: readonly OrgUnit[];
  readonly children: readonly OrgUnit[];
}

export interface MembershipInput {
  readonly orgUnitId: string;
  readonly role: RoleId;
}

export interface CreateUserRequest {
  readonly username: string;
  readonly displayName: string;
  readonly password: string;
  readonly memberships: readonly MembershipInput[];
}

export interface UpdateUserRequest {
  readonly displayName?: string;
  readonly password?: string;
  readonly active?: boolean;
}

export interface ListUsersQuery {
  readonly orgUnitId?: string;
  readonly role?: RoleId;
  readonly q?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface CreateOrgUnitRequest {
  readonly id: string;
  readonly name: string;
  readonly level: OrgLevel;
  readonly parentId: string;
}

// ---- Tasks (inbox) and procedures ----

export type TaskFilter = 'all' | 'mine' | 'unassigned' | 'candidate' | 'completed';
export type TaskState = 'open' | 'completing' | 'completed' | 'canceled';

export interface TaskUser {
  readonly id: string;
  readonly displayName: string | null;
}

export interface Task {
  readonly id: string;
  readonly name: string;
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly processName: string | null;
  readonly processVersion: number;
  readonly elementId: string;
  readonly formId: string | null;
  readonly assignee: TaskUser | null;
  readonly candidateGroups: readonly string[];
  readonly candidateUsers: readonly string[];
  readonly dueDate: string | null;
  readonly followUpDate: string | null;
  readonly orgUnit: { readonly id: string; readonly name: string | null } | null;
  readonly state: TaskState;
  readonly endReason: string | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly completedBy: TaskUser | null;
}

export interface TaskCounts {
  readonly all: number;
  readonly mine: number;
  readonly unassigned: number;
  readonly candidate: number;
  readonly completed: number;
}

export interface TaskPage {
  readonly items: readonly Task[];
  readonly counts: TaskCounts;
  readonly page: number;
  readonly pageSize: number;
}

export interface ListTasksQuery {
  readonly filter?: TaskFilter;
  readonly processId?: string;
  readonly orgUnit?: string;
  readonly dueBefore?: string;
  readonly q?: string;
  readonly sort?: string;
  readonly page?: number;
  readonly pageSize?: number;
}

/** A form-js schema as deployed, with where it came from. */
export interface FormDefinition {
  readonly formId: string;
  readonly version: number | null;
  readonly formKey: string | null;
  readonly schema: Record<string, unknown>;
}

export interface TaskDetail extends Task {
  readonly form: FormDefinition | null;
  readonly data: Record<string, unknown>;
  readonly draftSavedAt: string | null;
  readonly canClaim: boolean;
  readonly canComplete: boolean;
}

export type AuditAction = 'claim' | 'unclaim' | 'assign' | 'draft' | 'complete' | 'start';

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly action: AuditAction;
  readonly user: { readonly id: string; readonly username: string };
  readonly details: Record<string, unknown>;
}

export interface TaskHistory {
  readonly task: Task;
  readonly events: readonly AuditEntry[];
}

export interface Procedure {
  readonly bpmnProcessId: string;
  readonly name: string | null;
  readonly version: number;
  readonly processDefinitionKey: string;
  readonly starterRoles: readonly string[];
  readonly startForm: FormDefinition | null;
}

export interface StartedInstance {
  readonly processInstanceKey: string;
  readonly bpmnProcessId: string;
  readonly version: number;
  readonly processDefinitionKey: string;
  readonly variables: Record<string, unknown>;
}
