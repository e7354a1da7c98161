/**
 * An official's inbox: listing what they may see, opening a task with its form and data,
 * drafts, claims and assignments, and completing with server-side form validation.
 *
 * - A task the caller may not see answers 404 (its existence is not revealed).
 * - Claiming or completing a task someone else holds answers 409 naming the holder.
 * - Completion marks the row `completing` in one conditional UPDATE (row-locked), so of two
 *   simultaneous submissions exactly one proceeds to CompleteJob; if the engine refuses, the
 *   row goes back to `open` with its previous holder.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, forbidden, notFound } from '../common/app-error';
import { AuditService } from '../audit/audit.service';
import type { RequestMeta } from '../audit/request-meta';
import { EMBEDDED_FORM_PREFIX, FormsService, type ResolvedForm } from '../forms/forms.service';
import { prefillData, validateSubmission } from '@rp/forms';
import { OrgScope } from '../org/org-scope';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { ProcessesRepository } from '../processes/processes.repository';
import { toFormDto } from '../processes/processes.service';
import { WORKFLOW_CLIENT, type WorkflowClient } from '@rp/workflow';
import { UsersRepository } from '../users/users.repository';
import type { DraftSavedDto, ListTasksQuery, TaskDetailDto, TaskDto, TaskHistoryDto, TaskPageDto } from './dtos/task.dto';
import { InboxRepository, type TaskRow } from './inbox.repository';
import { JOB_STATE_PROBE, type JobStateProbe } from './job-state-probe';
import type { TaskEndReason, TaskEntity } from './task.entity';
import { canManage, canSee, isCandidate, viewerOf, type Viewer } from './visibility';

@Injectable()
export class InboxService {
  private readonly logger = new Logger(InboxService.name);

  constructor(
    private readonly inbox: InboxRepository,
    private readonly forms: FormsService,
    private readonly processes: ProcessesRepository,
    private readonly units: OrgUnitsRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    @Inject(JOB_STATE_PROBE) private readonly probe: JobStateProbe,
    @Inject(WORKFLOW_CLIENT) private readonly client: () => WorkflowClient,
  ) {}

  async list(principal: Principal, query: ListTasksQuery): Promise<TaskPageDto> {
    const viewer = viewerOf(principal);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    let underPath: string | undefined;
    if (query.orgUnit) {
      const unit = OrgScope.of(principal).assertVisible(await this.units.findById(query.orgUnit));
      underPath = unit.path;
    }
    const search = {
      ...(query.processId ? { processId: query.processId } : {}),
      ...(underPath ? { underPath } : {}),
      ...(query.dueBefore ? { dueBefore: new Date(query.dueBefore) } : {}),
      ...(query.q ? { text: query.q } : {}),
      now: new Date(),
    };
    const filter = query.filter ?? 'all';
    // The page (with the engine check of its rows, or followed by it on Zeebe) and the counts run
    // side by side: one round trip after authentication on the embedded engine. Names come
    // joined in the page's query.
    const pageOfTasks = async (): Promise<{ rows: TaskRow[]; ended: ReadonlyMap<string, TaskEndReason> }> => {
      const checkInline = filter !== 'completed' && this.probe.endReasonSql !== undefined;
      const rows = await this.inbox.list(viewer, {
        ...search,
        filter,
        sort: query.sort ?? '-createdAt',
        limit: pageSize,
        offset: (page - 1) * pageSize,
        ...(checkInline ? { endReasonSql: this.probe.endReasonSql } : {}),
      });
      if (filter === 'completed' || rows.length === 0) return { rows, ended: new Map() };
      // Tasks whose jobs ended in the engine (instance cancelled, element terminated) leave the page at once.
      const ended = checkInline
        ? new Map(rows.flatMap((r) => (r.engineEndReason ? [[r.jobKey, r.engineEndReason] as const] : [])))
        : await this.probe.ended(
            rows.map((r) => r.jobKey),
            { recentIsEnough: true },
          );
      if (ended.size === 0) return { rows, ended };
      await this.inbox.markEnded(ended);
      return { rows: rows.filter((r) => !ended.has(r.jobKey)), ended };
    };
    const [{ rows, ended }, counted] = await Promise.all([pageOfTasks(), this.inbox.counts(viewer, search)]);
    // Counts taken before ended tasks were closed still include them (rare): count again.
    const counts = ended.size > 0 ? await this.inbox.counts(viewer, search) : counted;
    return { items: this.toDtos(viewer, rows), counts, page, pageSize };
  }

  async get(principal: Principal, id: string): Promise<TaskDetailDto> {
    const viewer = viewerOf(principal);
    const task = await this.visible(viewer, id, { refresh: true });
    const [dto] = this.toDtos(viewer, [task]);
    const form = await this.formOf(task);
    const draft = await this.inbox.findDraft(task.jobKey, viewer.userId);
    const data = form ? prefillData(form.form, task.variables, draft?.data) : { ...task.variables, ...(draft?.data ?? {}) };
    const open = task.state === 'open';
    return {
      ...dto,
      form: form ? toFormDto(form) : null,
      data,
      draftSavedAt: draft ? draft.updatedAt.toISOString() : null,
      canComplete: open && (task.assignee === viewer.userId || (task.assignee === null && isCandidate(viewer, task))),
    };
  }

  async claim(principal: Principal, id: string, meta: RequestMeta): Promise<TaskDto> {
    const viewer = viewerOf(principal);
    const task = await this.visible(viewer, id);
    this.assertOpen(task);
    if (task.assignee === viewer.userId) return this.toDtos(viewer, [task])[0];
    if (task.assignee !== null) throw await this.heldByOther(task.assignee);
    if (!isCandidate(viewer, task)) throw forbidden('您不是该任务的候选人，不能认领');
    if (!(await this.inbox.setAssignee(task.jobKey, { holder: null }, viewer.userId))) return this.conflictAfterRace(task.jobKey);
    await this.audit.record(principal, meta, { ...auditFacts(task), action: 'claim' });
    return this.reload(viewer, task.jobKey);
  }

  async unclaim(principal: Principal, id: string, meta: RequestMeta): Promise<TaskDto> {
    const viewer = viewerOf(principal);
    const task = await this.visible(viewer, id);
    this.assertOpen(task);
    if (task.assignee === null) return this.toDtos(viewer, [task])[0];
    if (task.assignee !== viewer.userId && !canManage(viewer, task)) throw await this.heldByOther(task.assignee);
    if (!(await this.inbox.setAssignee(task.jobKey, { holder: task.assignee }, null))) return this.conflictAfterRace(task.jobKey);
    await this.audit.record(principal, meta, { ...auditFacts(task), action: 'unclaim', details: { previousAssignee: task.assignee } });
    return this.reload(viewer, task.jobKey);
  }

  async assign(principal: Principal, id: string, userId: string, meta: RequestMeta): Promise<TaskDto> {
    const viewer = viewerOf(principal);
    const task = await this.visible(viewer, id);
    this.assertOpen(task);
    if (userId === viewer.userId && !canManage(viewer, task)) return this.claim(principal, id, meta);
    if (!canManage(viewer, task)) throw forbidden('指派任务给他人需要任务所在单位的管理员角色');
    const target = await this.users.findById(userId);
    if (!target || !target.active) throw notFound('用户');
    if (!(await this.inbox.setAssignee(task.jobKey, 'any', userId))) return this.conflictAfterRace(task.jobKey);
    await this.audit.record(principal, meta, {
      ...auditFacts(task),
      action: 'assign',
      details: { previousAssignee: task.assignee, assignee: userId },
    });
    return this.reload(viewer, task.jobKey);
  }

  async saveDraft(principal: Principal, id: string, data: Record<string, unknown>, meta: RequestMeta): Promise<DraftSavedDto> {
    const viewer = viewerOf(principal);
    const task = await this.visible(viewer, id);
    this.assertOpen(task);
    const savedAt = await this.inbox.saveDraft(task.jobKey, viewer.userId, data);
    await this.audit.record(principal, meta, { ...auditFacts(task), action: 'draft', details: { fields: Object.keys(data) } });
    return { savedAt: savedAt.toISOString() };
  }

  async complete(principal: Principal, id: string, data: Record<string, unknown>, meta: RequestMeta): Promise<TaskDto> {
    const viewer = viewerOf(principal);
    const task = await this.visible(viewer, id, { refresh: true });
    this.assertOpen(task);
    if (task.assignee !== null && task.assignee !== viewer.userId) throw await this.heldByOther(task.assignee);
    if (task.assignee === null && !isCandidate(viewer, task)) throw forbidden('您不是该任务的候选人，不能办理');

    const form = await this.formOf(task);
    let variables: Record<string, unknown> = data;
    if (form) {
      const result = validateSubmission(form.form, data, task.variables);
      if (!result.ok) {
        throw new AppError(ErrorCode.ValidationFailed, '表单填写有误', {
          errors: result.errors.map((e) => ({ field: e.field, code: e.code, message: e.message })),
        });
      }
      variables = result.variables;
    } else if (task.formKey !== null || task.formId !== null) {
      throw new AppError(ErrorCode.Conflict, '找不到该任务的表单，暂时无法办理');
    }

    const begun = await this.inbox.beginCompletion(task.jobKey, viewer.userId);
    if (!begun) return this.conflictAfterRace(task.jobKey);
    try {
      await this.client().completeJob({ jobKey: task.jobKey, variables });
    } catch (error) {
      await this.inbox.abortCompletion(task.jobKey, begun.previousAssignee);
      const ended = await this.probe.ended([task.jobKey]);
      // The gateway's NOT_FOUND for CompleteJob is a second signal that the job is gone (the probe may not know why).
      if (ended.size === 0 && grpcCode(error) === GRPC_NOT_FOUND) ended.set(task.jobKey, 'job-ended');
      if (ended.size > 0) {
        await this.inbox.markEnded(ended);
        throw new AppError(ErrorCode.Conflict, '该任务在流程中已结束，无法办理', { endReason: ended.get(task.jobKey) ?? null });
      }
      this.logger.error({ msg: 'CompleteJob failed', jobKey: task.jobKey, err: error instanceof Error ? error.message : String(error) });
      throw new AppError(ErrorCode.Internal, '流程引擎暂时无法办理该任务，请稍后再试');
    }
    await this.inbox.finishCompletion(task.jobKey, viewer.userId, variables);
    await this.audit.record(principal, meta, { ...auditFacts(task), action: 'complete', details: { fields: Object.keys(variables) } });
    return this.reload(viewer, task.jobKey);
  }

  async history(principal: Principal, id: string): Promise<TaskHistoryDto> {
    const viewer = viewerOf(principal);
    const task = await this.visible(viewer, id);
    const [dto] = this.toDtos(viewer, [task]);
    const entries = await this.audit.forTask(task.jobKey);
    const idOf = (value: unknown): string | null => (typeof value === 'string' && isUuid(value) ? value : null);
    const mentioned = entries.flatMap((e) => [e.user.id, idOf(e.details['assignee']), idOf(e.details['previousAssignee'])]);
    const names = await this.displayNames(mentioned);
    const person = (userId: string | null) => (userId === null ? null : { id: userId, displayName: names.get(userId) ?? null });
    const events = entries.map((entry) => ({
      ...entry,
      user: { ...entry.user, displayName: names.get(entry.user.id) ?? null },
      assignee: entry.action === 'assign' ? person(idOf(entry.details['assignee'])) : null,
      previousAssignee: entry.action === 'assign' || entry.action === 'unclaim' ? person(idOf(entry.details['previousAssignee'])) : null,
    }));
    return { task: dto, events };
  }

  /** The task, or 404 when it does not exist or the viewer may not see it. `refresh` first asks the engine whether its job ended. */
  private async visible(viewer: Viewer, id: string, options: { refresh?: boolean } = {}): Promise<TaskRow> {
    let task = await this.inbox.find(id);
    if (!task || !canSee(viewer, task)) throw notFound('任务');
    if (options.refresh && task.state === 'open') {
      const ended = await this.probe.ended([task.jobKey]);
      if (ended.size > 0) {
        await this.inbox.markEnded(ended);
        task = (await this.inbox.find(id)) ?? task;
      }
    }
    return task;
  }

  private assertOpen(task: TaskEntity): void {
    switch (task.state) {
      case 'open':
        return;
      case 'completing':
        throw new AppError(ErrorCode.Conflict, '该任务正在办理中');
      case 'completed':
        throw new AppError(ErrorCode.Conflict, '该任务已办结');
      case 'canceled':
        throw new AppError(ErrorCode.Conflict, '该任务在流程中已结束，无法办理', { endReason: task.endReason });
    }
  }

  private async heldByOther(assignee: string): Promise<AppError> {
    const holder = await this.users.findById(assignee).catch(() => null);
    const name = holder?.displayName ?? assignee;
    return new AppError(ErrorCode.Conflict, `该任务已由${name}办理`, {
      holder: { id: assignee, displayName: holder?.displayName ?? null },
    });
  }

  /** A conditional update lost a race: say why with the task's current state. */
  private async conflictAfterRace(jobKey: string): Promise<never> {
    const current = await this.inbox.find(jobKey);
    if (current) {
      this.assertOpen(current);
      if (current.assignee !== null) throw await this.heldByOther(current.assignee);
    }
    throw new AppError(ErrorCode.Conflict, '任务状态已变化，请刷新后重试');
  }

  private async reload(viewer: Viewer, jobKey: string): Promise<TaskDto> {
    const task = await this.inbox.find(jobKey);
    if (!task) throw notFound('任务');
    return this.toDtos(viewer, [task])[0];
  }

  private async formOf(task: TaskEntity): Promise<ResolvedForm | undefined> {
    if (task.formKey?.startsWith(EMBEDDED_FORM_PREFIX)) {
      const process = task.processDefinitionKey
        ? await this.processes.byKey(task.processDefinitionKey)
        : await this.processes.byVersion(task.bpmnProcessId, task.processVersion);
      const json = process?.embeddedForms[task.formKey.slice(EMBEDDED_FORM_PREFIX.length)];
      return json === undefined
        ? undefined
        : this.forms.embedded(`${task.processDefinitionKey ?? task.bpmnProcessId}:${task.formKey}`, json);
    }
    if (task.formKey && /^\d+$/.test(task.formKey)) {
      const byKey = await this.forms.byKey(task.formKey);
      if (byKey) return byKey;
    }
    return task.formId ? this.forms.latest(task.formId) : undefined;
  }

  /** Display names of the given user ids (non-UUIDs and unknown ids are absent). */
  private async displayNames(userIds: readonly (string | null)[]): Promise<Map<string, string>> {
    const ids = [...new Set(userIds.filter((id): id is string => id !== null && isUuid(id)))];
    if (ids.length === 0) return new Map();
    return new Map((await this.users.findByIds(ids)).map((u) => [u.id, u.displayName]));
  }

  /** Rows to the API's shape; the names came joined with the rows, so no further queries. */
  private toDtos(viewer: Viewer, tasks: readonly TaskRow[]): TaskDto[] {
    const user = (id: string | null, displayName: string | null) => (id === null ? null : { id, displayName });
    return tasks.map((t) => ({
      id: t.jobKey,
      name: t.name,
      processInstanceKey: t.processInstanceKey,
      bpmnProcessId: t.bpmnProcessId,
      processName: t.processName,
      processVersion: t.processVersion,
      elementId: t.elementId,
      formId: t.formId,
      assignee: user(t.assignee, t.assigneeName),
      candidateGroups: t.candidateGroups,
      candidateUsers: t.candidateUsers,
      dueDate: t.dueDate ? t.dueDate.toISOString() : null,
      followUpDate: t.followUpDate ? t.followUpDate.toISOString() : null,
      orgUnit: t.orgUnitId ? { id: t.orgUnitId, name: t.orgUnitName } : null,
      state: t.state,
      endReason: t.endReason,
      createdAt: t.createdAt.toISOString(),
      completedAt: t.completedAt ? t.completedAt.toISOString() : null,
      completedBy: user(t.completedBy, t.completedByName),
      ...rowActions(viewer, t),
    }));
  }
}

/** Which claim button a row shows: 认领 for a candidate of an unassigned task, 退回 for its holder or the unit's admin. */
export function rowActions(viewer: Viewer, task: TaskEntity): { canClaim: boolean; canUnclaim: boolean } {
  const open = task.state === 'open';
  return {
    canClaim: open && task.assignee === null && isCandidate(viewer, task),
    canUnclaim: open && task.assignee !== null && (task.assignee === viewer.userId || canManage(viewer, task)),
  };
}

function auditFacts(task: TaskEntity) {
  return {
    taskKey: task.jobKey,
    processInstanceKey: task.processInstanceKey,
    bpmnProcessId: task.bpmnProcessId,
    orgUnitId: task.orgUnitId,
    orgPath: task.orgPath,
  };
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

const GRPC_NOT_FOUND = 5;

function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}
