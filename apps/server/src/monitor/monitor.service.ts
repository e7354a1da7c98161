/**
 * The instance monitor for admins: browsing the instances of their subtree and repairing
 * them. Reads go through the InstanceReader (the embedded engine's tables); operations go
 * through the Zeebe gateway gRPC client the whole server uses, so they are Zeebe's own
 * commands (CancelProcessInstance, UpdateJobRetries, ResolveIncident, SetVariables).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RequestMeta } from '../audit/request-meta';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, invalidField, notFound } from '../common/app-error';
import { WorkflowEngineService } from '../engine/workflow-engine.service';
import { OrgScope } from '../org/org-scope';
import { OrgUnitsRepository } from '../org/org-units.repository';
import type {
  IncidentDto,
  InstanceDetailDto,
  InstancePageDto,
  InstanceSummaryDto,
  InstanceTaskDto,
  ListInstancesQuery,
} from './dtos/process-instance.dto';
import {
  INSTANCE_READER,
  instanceState,
  readerUnavailable,
  type IncidentRow,
  type InstanceReader,
  type InstanceRow,
} from './instance-reader';
import { KnownInstanceUnits, mayOperateOnInstance } from './known-instance-units';
import { variableProblems } from './variable-rules';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 3600 * 1000;
const GRPC_NOT_FOUND = 5;
const GRPC_FAILED_PRECONDITION = 9;

/** A bare date is a day in Beijing; `to` then includes that whole day. */
export function parseStartedBound(value: string, bound: 'from' | 'to'): Date {
  if (!DATE_ONLY.test(value)) return new Date(value);
  const midnight = new Date(`${value}T00:00:00+08:00`);
  return bound === 'from' ? midnight : new Date(midnight.getTime() + DAY_MS);
}

interface AdminScope {
  readonly scope: OrgScope;
  /** Admin of a root unit (the city): sees instances whose unit is unknown too. */
  readonly root: boolean;
}

/** What an operation acts on, as far as the server can tell. */
interface OperationTarget {
  /** The reader's row; null on ENGINE=zeebe, where nothing can be read. */
  readonly instance: InstanceRow | null;
  /** The process and unit for the audit log: the reader's, or on ENGINE=zeebe the one the server recorded. */
  readonly bpmnProcessId: string | null;
  readonly orgUnitId: string | null;
  readonly orgPath: string | null;
}

@Injectable()
export class MonitorService {
  constructor(
    @Inject(INSTANCE_READER) private readonly reader: InstanceReader,
    private readonly units: OrgUnitsRepository,
    private readonly engine: WorkflowEngineService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly knownUnits: KnownInstanceUnits,
  ) {}

  async list(principal: Principal, query: ListInstancesQuery): Promise<InstancePageDto> {
    const { scope, root } = adminScope(principal);
    let scopePaths = scope.managedRoots;
    let includeUnscoped = root;
    if (query.orgUnit !== undefined) {
      const unit = await this.units.findById(query.orgUnit);
      if (!unit || !scope.canManage(unit.path)) throw notFound('组织单元');
      scopePaths = [unit.path];
      includeUnscoped = false;
    }
    const startedFrom = query.startedFrom === undefined ? undefined : parseStartedBound(query.startedFrom, 'from');
    const startedTo = query.startedTo === undefined ? undefined : parseStartedBound(query.startedTo, 'to');
    if (startedFrom && startedTo && startedFrom >= startedTo) throw invalidField('startedTo', 'isAfterFrom', '结束日期必须晚于开始日期');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.reader.search({
      scopePaths,
      includeUnscoped,
      ...(query.bpmnProcessId !== undefined ? { bpmnProcessId: query.bpmnProcessId } : {}),
      ...(query.state !== undefined ? { state: query.state } : {}),
      ...(startedFrom ? { startedFrom } : {}),
      ...(startedTo ? { startedTo } : {}),
      ...(query.q !== undefined ? { q: query.q } : {}),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: rows.map(toSummary), total, page, pageSize };
  }

  async get(principal: Principal, key: string): Promise<InstanceDetailDto> {
    const instance = await this.visibleInstance(principal, key);
    const [elements, incidents, tasks] = await Promise.all([this.reader.elements(key), this.reader.openIncidents(key), this.tasksOf(key)]);
    const idsIn = (state: string) => [...new Set(elements.filter((e) => e.state === state).map((e) => e.elementId))];
    return {
      ...toSummary(instance),
      elements: elements.map((e) => ({
        elementInstanceKey: e.key,
        elementId: e.elementId,
        name: e.name,
        type: e.type,
        state: e.state === 'ACTIVATED' ? 'active' : e.state === 'COMPLETED' ? 'completed' : 'terminated',
        activatedAt: e.activatedAt.toISOString(),
        endedAt: e.endedAt ? e.endedAt.toISOString() : null,
      })),
      activeElementIds: idsIn('ACTIVATED'),
      completedElementIds: idsIn('COMPLETED'),
      variables: instance.variables,
      incidents: incidents.map(toIncidentDto),
      tasks,
    };
  }

  async cancel(principal: Principal, key: string, meta: RequestMeta): Promise<void> {
    const target = await this.operableInstance(principal, key);
    if (target.instance && target.instance.engineState !== 'ACTIVE') throw new AppError(ErrorCode.Conflict, '流程实例已结束，不能取消');
    await this.command(() => this.engine.grpc().cancelProcessInstance(key), '流程实例');
    await this.audit.record(principal, meta, { action: 'cancel', ...auditedInstance(key, target) });
  }

  async setVariables(principal: Principal, key: string, variables: Record<string, unknown>, meta: RequestMeta): Promise<void> {
    const problems = variableProblems(variables);
    if (problems.length > 0) throw new AppError(ErrorCode.ValidationFailed, '请求参数有误', { errors: problems });
    const target = await this.operableInstance(principal, key);
    if (target.instance && target.instance.engineState !== 'ACTIVE') throw new AppError(ErrorCode.Conflict, '流程实例已结束，不能修改变量');
    // The instance key is the element instance key of its root scope.
    await this.command(() => this.engine.grpc().setVariables({ elementInstanceKey: key, variables, local: false }), '流程实例');
    // The names only: values can be personal data, and the engine keeps them anyway.
    await this.audit.record(principal, meta, {
      action: 'set-variables',
      ...auditedInstance(key, target),
      details: { names: Object.keys(variables) },
    });
  }

  async resolveIncident(principal: Principal, incidentKey: string, retries: number | undefined, meta: RequestMeta): Promise<void> {
    const { root } = adminScope(principal);
    let incident: IncidentRow | null;
    if (this.reader.available) {
      incident = await this.reader.incident(incidentKey);
      if (!incident) throw notFound('故障');
      await this.visibleInstance(principal, incident.processInstanceKey, '故障');
      if (incident.state !== 'ACTIVE') throw new AppError(ErrorCode.Conflict, '故障已经解决');
      if (retries !== undefined && incident.jobKey === null)
        throw invalidField('retries', 'notJobIncident', '该故障不是作业故障，不能设置重试次数');
    } else {
      // Without a reader not even the incident's instance is known: only a root-unit admin may act.
      if (!root) throw notFound('故障');
      // Without a reader the job behind the incident is unknown: ResolveIncident alone (expression incidents).
      if (retries !== undefined) throw readerUnavailable();
      incident = null;
    }
    const jobKey = incident?.jobKey ?? null;
    if (jobKey !== null) {
      // A job incident is resolved with retries left, or the job fails straight back into one.
      await this.command(() => this.engine.grpc().updateJobRetries({ jobKey, retries: retries ?? 1 }), '故障');
    }
    await this.command(() => this.engine.grpc().resolveIncident({ incidentKey }), '故障');
    const instance = incident && this.reader.available ? await this.reader.find(incident.processInstanceKey) : null;
    await this.audit.record(principal, meta, {
      action: 'resolve-incident',
      ...auditedInstance(incident?.processInstanceKey ?? null, instance ? targetOf(instance) : null),
      details: { incidentKey, jobKey, retries: jobKey !== null ? (retries ?? 1) : null },
    });
  }

  /** The instance if the admin may see it; 404 otherwise (its existence is not revealed). */
  private async visibleInstance(principal: Principal, key: string, what = '流程实例') {
    const { scope, root } = adminScope(principal);
    if (!this.reader.available) throw readerUnavailable();
    const instance = await this.reader.find(key);
    const visible = instance !== null && (instance.orgPath === null ? root : scope.canManage(instance.orgPath));
    if (!instance || !visible) throw notFound(what);
    return instance;
  }

  /**
   * For an operation: the visible instance; or, without a reader (ENGINE=zeebe), the units
   * the server recorded for it — inside the admin's subtree, or none known and the admin
   * manages a root unit. Anything else is 404, as an invisible instance is.
   */
  private async operableInstance(principal: Principal, key: string): Promise<OperationTarget> {
    if (this.reader.available) return targetOf(await this.visibleInstance(principal, key));
    const { scope, root } = adminScope(principal);
    const known = await this.knownUnits.of(key);
    const knownPaths = known.map((unit) => unit.orgPath);
    if (!mayOperateOnInstance(scope, root, knownPaths)) throw notFound('流程实例');
    const first = known[0];
    return {
      instance: null,
      bpmnProcessId: first?.bpmnProcessId ?? null,
      orgUnitId: first?.orgUnitId ?? null,
      orgPath: first?.orgPath ?? null,
    };
  }

  /** Runs a gateway command, turning NOT_FOUND and FAILED_PRECONDITION into 404 and 409. */
  private async command(run: () => Promise<unknown>, what: string): Promise<void> {
    try {
      await run();
    } catch (error) {
      const code = (error as { code?: unknown } | undefined)?.code;
      if (code === GRPC_NOT_FOUND) throw notFound(what);
      if (code === GRPC_FAILED_PRECONDITION)
        throw new AppError(ErrorCode.Conflict, `引擎拒绝了该操作：${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  private async tasksOf(processInstanceKey: string): Promise<InstanceTaskDto[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        name: string;
        elementId: string;
        state: string;
        assigneeId: string | null;
        assigneeUsername: string | null;
        assigneeName: string | null;
        candidateGroups: string[];
        dueDate: Date | null;
        createdAt: Date;
        completedAt: Date | null;
        completedById: string | null;
        completedByUsername: string | null;
        completedByName: string | null;
      }[]
    >(
      `SELECT t.job_key::text AS id, t.name, t.element_id AS "elementId", t.state,
              t.assignee AS "assigneeId", a.username AS "assigneeUsername", a.display_name AS "assigneeName",
              t.candidate_groups AS "candidateGroups", t.due_date AS "dueDate", t.created_at AS "createdAt",
              t.completed_at AS "completedAt", t.completed_by AS "completedById", c.username AS "completedByUsername",
              c.display_name AS "completedByName"
       FROM inbox_tasks t
       LEFT JOIN users a ON a.id::text = t.assignee
       LEFT JOIN users c ON c.id::text = t.completed_by
       WHERE t.process_instance_key = $1
       ORDER BY t.created_at, t.job_key`,
      [processInstanceKey],
    );
    const person = (id: string | null, username: string | null, displayName: string | null) =>
      id === null ? null : { id, username, displayName };
    return rows.map((t) => ({
      id: t.id,
      name: t.name,
      elementId: t.elementId,
      state: t.state,
      assignee: person(t.assigneeId, t.assigneeUsername, t.assigneeName),
      candidateGroups: t.candidateGroups,
      dueDate: t.dueDate ? t.dueDate.toISOString() : null,
      createdAt: t.createdAt.toISOString(),
      completedAt: t.completedAt ? t.completedAt.toISOString() : null,
      completedBy: person(t.completedById, t.completedByUsername, t.completedByName),
    }));
  }
}

function adminScope(principal: Principal): AdminScope {
  const scope = OrgScope.of(principal).requireAdmin();
  return { scope, root: scope.managedRoots.some((path) => path.split('/').filter(Boolean).length === 1) };
}

function toSummary(row: InstanceRow): InstanceSummaryDto {
  return {
    processInstanceKey: row.key,
    processDefinitionKey: row.processDefinitionKey,
    bpmnProcessId: row.bpmnProcessId,
    processName: row.processName,
    version: row.version,
    state: instanceState(row.engineState, row.incidentCount),
    orgUnit: row.orgUnitId === null ? null : { id: row.orgUnitId, name: row.orgUnitName },
    startedAt: row.startedAt.toISOString(),
    endedAt: row.endedAt ? row.endedAt.toISOString() : null,
    startedBy: row.starterId === null ? null : { id: row.starterId, username: row.starterUsername, displayName: row.starterName },
    incidentCount: row.incidentCount,
  };
}

function toIncidentDto(row: IncidentRow): IncidentDto {
  return {
    key: row.key,
    elementId: row.elementId,
    elementName: row.elementName,
    errorType: row.errorType,
    errorMessage: row.errorMessage,
    jobKey: row.jobKey,
    createdAt: row.createdAt.toISOString(),
  };
}

function targetOf(instance: InstanceRow): OperationTarget {
  return { instance, bpmnProcessId: instance.bpmnProcessId, orgUnitId: instance.orgUnitId, orgPath: instance.orgPath };
}

/** The instance facts of an audit entry; on ENGINE=zeebe the unit only when the server recorded one. */
function auditedInstance(key: string | null, target: OperationTarget | null) {
  return {
    processInstanceKey: key,
    bpmnProcessId: target?.bpmnProcessId ?? null,
    orgUnitId: target?.orgUnitId ?? null,
    orgPath: target?.orgPath ?? null,
  };
}
