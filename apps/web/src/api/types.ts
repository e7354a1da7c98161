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

/** dueSoon: open and due within 24 hours, not yet overdue; overdue: open and past its due date. */
export type TaskFilter = 'all' | 'mine' | 'unassigned' | 'candidate' | 'dueSoon' | 'overdue' | 'completed';
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
  /** The caller may claim it (open, unassigned, a candidate): the row's 认领 button. */
  readonly canClaim: boolean;
  /** The caller may hand it back (its holder, or the unit's admin): the row's 退回 button. */
  readonly canUnclaim: boolean;
}

export interface TaskCounts {
  readonly all: number;
  readonly mine: number;
  readonly unassigned: number;
  readonly candidate: number;
  readonly dueSoon: number;
  readonly overdue: number;
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

export type AuditAction = 'claim' | 'unclaim' | 'assign' | 'draft' | 'complete' | 'start' | 'cancel' | 'set-variables' | 'resolve-incident';

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly action: AuditAction;
  readonly user: { readonly id: string; readonly username: string };
  readonly details: Record<string, unknown>;
}

/** An audit entry of one task, with people's names. */
export interface TaskHistoryEvent extends AuditEntry {
  readonly user: { readonly id: string; readonly username: string; readonly displayName: string | null };
  /** assign: the new holder. */
  readonly assignee: TaskUser | null;
  /** assign, unclaim: the holder before. */
  readonly previousAssignee: TaskUser | null;
}

export interface TaskHistory {
  readonly task: Task;
  readonly events: readonly TaskHistoryEvent[];
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

// ---- Duration analytics (/api/analytics/processes/:bpmnProcessId/…, docs/analytics.md) ----

/** `from` (inclusive) and `to` (exclusive) as ISO dates (Beijing midnight), `orgUnit` subtree, `version`. */
export interface AnalyticsFilters {
  readonly from?: string;
  readonly to?: string;
  readonly orgUnit?: string;
  readonly version?: number;
}

/** Milliseconds over completed rows; null when there are none. */
export interface DurationFigures {
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
}

export interface SplitFigures {
  readonly count: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
}

export interface ElementDurations extends DurationFigures {
  readonly elementId: string;
  readonly name: string;
  readonly elementType: string;
  readonly count: number;
  readonly active: number;
  readonly waiting?: SplitFigures;
  readonly working?: SplitFigures;
}

export interface AnalyticsDurations extends DurationFigures {
  readonly bpmnProcessId: string;
  readonly name: string;
  readonly count: number;
  readonly running: number;
  readonly completed: number;
  readonly terminated: number;
  readonly byElement: readonly ElementDurations[];
}

export interface AnalyticsTrend {
  readonly bpmnProcessId: string;
  readonly bucket: 'week' | 'month';
  readonly buckets: readonly {
    readonly bucket: string;
    readonly started: number;
    readonly completed: number;
    readonly p50: number | null;
    readonly p90: number | null;
  }[];
}

export type AnalyticsLevel = 'district' | 'street' | 'community';

export interface AnalyticsUnitRow extends DurationFigures {
  readonly orgUnitId: string;
  readonly name: string | null;
  readonly count: number;
  readonly running: number;
  readonly completed: number;
  readonly terminated: number;
}

export interface AnalyticsByOrgUnit {
  readonly bpmnProcessId: string;
  readonly level: AnalyticsLevel;
  readonly units: readonly AnalyticsUnitRow[];
}

export interface AnalyticsBreach {
  readonly kind: 'instance' | 'element';
  readonly reason: 'target' | 'dueDate';
  readonly processInstanceKey: string;
  readonly elementInstanceKey: string | null;
  readonly elementId: string;
  readonly elementType: string | null;
  readonly name: string;
  readonly state: string;
  readonly orgUnitId: string | null;
  readonly orgUnitName: string | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly deadline: string;
  readonly targetMs: number | null;
  readonly lateMs: number;
}

export interface AnalyticsBreaches {
  readonly bpmnProcessId: string;
  readonly total: number;
  readonly summary: readonly {
    readonly kind: 'instance' | 'element';
    readonly reason: 'target' | 'dueDate';
    readonly elementId: string;
    readonly name: string;
    readonly count: number;
  }[];
  readonly items: readonly AnalyticsBreach[];
}

export interface AnalyticsTarget {
  readonly elementId: string;
  readonly name: string;
  readonly targetMs: number;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

/** `elementId` null: whole instances. Buckets in ascending order. */
export interface AnalyticsHistogram {
  readonly elementId: string | null;
  readonly count: number;
  readonly buckets: readonly { readonly lowerMs: number; readonly upperMs: number; readonly count: number }[];
}

export interface AnalyticsSlowInstance {
  readonly processInstanceKey: string;
  readonly orgUnitId: string | null;
  readonly orgUnitName: string | null;
  readonly startedAt: string;
  readonly durationMs: number;
}

// ---- 流程设计 / 表单设计 (/api/process-definitions, /api/form-definitions, POST /api/deployments) ----

/** One deployed version of a process (`GET /api/process-definitions`), newest first. */
export interface ProcessDefinitionVersion {
  readonly processDefinitionKey: string;
  readonly bpmnProcessId: string;
  readonly name: string | null;
  readonly version: number;
  readonly resourceName: string;
  readonly deployedAt: string;
}

export interface ProcessDefinitionVersionDetail extends ProcessDefinitionVersion {
  readonly bpmnXml: string;
}

/** One deployed version of a form (`GET /api/form-definitions`), newest first. */
export interface FormDefinitionVersion {
  readonly formKey: string;
  readonly formId: string;
  readonly version: number;
  readonly resourceName: string;
  readonly deployedAt: string;
}

export interface FormDefinitionVersionDetail extends FormDefinitionVersion {
  readonly schema: Record<string, unknown>;
}

/** A file to deploy: the extension (.bpmn, .form, .dmn) says what it is. */
export interface DeploymentResource {
  readonly name: string;
  readonly content: string;
}

export interface DeployedDefinition {
  readonly kind: 'process' | 'form' | 'decision';
  readonly id: string;
  readonly version: number;
  readonly key: string;
}

export interface DeploymentResult {
  readonly deployed: readonly DeployedDefinition[];
}

/** The monitor's state of a process instance: `active` runs without an open incident, `incident` with one. */
export type InstanceState = 'active' | 'incident' | 'completed' | 'canceled';

export interface InstancePerson {
  readonly id: string;
  readonly username: string | null;
  readonly displayName: string | null;
}

/** A process instance as `GET /api/process-instances` lists it (admins, their subtree). */
export interface InstanceSummary {
  readonly processInstanceKey: string;
  readonly processDefinitionKey: string;
  readonly bpmnProcessId: string;
  readonly processName: string | null;
  readonly version: number;
  readonly state: InstanceState;
  readonly orgUnit: { readonly id: string; readonly name: string | null } | null;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly startedBy: InstancePerson | null;
  readonly incidentCount: number;
}

export interface InstancePage {
  readonly items: readonly InstanceSummary[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export interface ListInstancesQuery {
  readonly bpmnProcessId?: string;
  readonly state?: InstanceState;
  readonly orgUnit?: string;
  /** YYYY-MM-DD (a day in Beijing) or ISO 8601. */
  readonly startedFrom?: string;
  readonly startedTo?: string;
  readonly q?: string;
  readonly page?: number;
  readonly pageSize?: number;
}

export interface ElementInstance {
  readonly elementInstanceKey: string;
  readonly elementId: string;
  readonly name: string | null;
  readonly type: string;
  readonly state: 'active' | 'completed' | 'terminated';
  readonly activatedAt: string;
  readonly endedAt: string | null;
}

export interface Incident {
  readonly key: string;
  readonly elementId: string;
  readonly elementName: string | null;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly jobKey: string | null;
  readonly createdAt: string;
}

export interface InstanceTask {
  readonly id: string;
  readonly name: string;
  readonly elementId: string;
  readonly state: TaskState;
  readonly assignee: InstancePerson | null;
  readonly candidateGroups: readonly string[];
  readonly dueDate: string | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly completedBy: InstancePerson | null;
}

export interface InstanceDetail extends InstanceSummary {
  readonly elements: readonly ElementInstance[];
  readonly activeElementIds: readonly string[];
  readonly completedElementIds: readonly string[];
  readonly variables: Record<string, unknown>;
  readonly incidents: readonly Incident[];
  readonly tasks: readonly InstanceTask[];
}

/** One candidate on a publicised slate (P1 候选人公示). */
export interface PublicisedCandidate {
  readonly name: string;
  readonly roomNo: string | null;
  /** “中共党员”, or empty. */
  readonly note: string;
}

/** A candidates notice in publicity the user may object to (`GET /api/candidate-objections/slates`). */
export interface CandidateSlate {
  readonly noticeId: string;
  readonly processInstanceKey: string;
  readonly compoundId: string;
  readonly compoundName: string;
  readonly title: string;
  readonly body: string;
  readonly candidates: readonly PublicisedCandidate[];
  readonly publicityStart: string;
  readonly publicityEnd: string;
  /** Someone has objected: the publicity is suspended until the community party organisation checks it. */
  readonly objectionLodged: boolean;
}

export interface LodgeObjectionRequest {
  readonly noticeId: string;
  readonly candidateName?: string;
  readonly objectionText: string;
}

export interface CandidateObjection {
  readonly id: string;
  readonly noticeId: string;
  readonly processInstanceKey: string;
  readonly compoundId: string;
  readonly candidateName: string | null;
  readonly objectionText: string;
  readonly objectorName: string;
  readonly lodgedAt: string;
  readonly publicityEnd: string;
}
