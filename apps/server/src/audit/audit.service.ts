/** The audit trail of claims, assignments, drafts, completions and starts, and its admin search. */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { OrgScope } from '../org/org-scope';
import { OrgUnitsRepository } from '../org/org-units.repository';
import type { AuditAction, AuditEntryEntity } from './audit-entry.entity';
import { AuditRepository } from './audit.repository';
import type { AuditEntryDto, AuditPageDto, ListAuditQuery } from './dtos/audit.dto';
import type { RequestMeta } from './request-meta';

export interface AuditFacts {
  readonly action: AuditAction;
  readonly taskKey?: string | null;
  readonly processInstanceKey?: string | null;
  readonly bpmnProcessId?: string | null;
  readonly orgUnitId?: string | null;
  readonly orgPath?: string | null;
  readonly details?: Record<string, unknown>;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly units: OrgUnitsRepository,
  ) {}

  record(principal: Principal, meta: RequestMeta, facts: AuditFacts, manager?: EntityManager): Promise<void> {
    return this.audit.insert(
      {
        userId: principal.userId,
        username: principal.username,
        action: facts.action,
        taskKey: facts.taskKey ?? null,
        processInstanceKey: facts.processInstanceKey ?? null,
        bpmnProcessId: facts.bpmnProcessId ?? null,
        orgUnitId: facts.orgUnitId ?? null,
        orgPath: facts.orgPath ?? null,
        ip: meta.ip,
        userAgent: meta.userAgent,
        details: facts.details ?? {},
      },
      manager,
    );
  }

  async forTask(taskKey: string): Promise<AuditEntryDto[]> {
    return (await this.audit.forTask(taskKey)).map(toDto);
  }

  /** Admins: entries about units they manage. */
  async search(principal: Principal, query: ListAuditQuery): Promise<AuditPageDto> {
    const scope = OrgScope.of(principal).requireAdmin();
    let roots = scope.managedRoots;
    if (query.orgUnit) {
      const unit = scope.assertVisible(await this.units.findById(query.orgUnit));
      roots = roots.flatMap((root) => (unit.path.startsWith(root) ? [unit.path] : root.startsWith(unit.path) ? [root] : []));
    }
    const pageSize = query.pageSize ?? 50;
    const page = query.page ?? 1;
    const { items, total } = await this.audit.search({
      withinPaths: roots,
      ...(query.action ? { action: query.action } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...(query.taskId ? { taskKey: query.taskId } : {}),
      ...(query.from ? { from: new Date(query.from) } : {}),
      ...(query.to ? { to: new Date(query.to) } : {}),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: items.map(toDto), total, page, pageSize };
  }
}

function toDto(entry: AuditEntryEntity): AuditEntryDto {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    action: entry.action,
    user: { id: entry.userId, username: entry.username },
    taskId: entry.taskKey,
    processInstanceKey: entry.processInstanceKey,
    bpmnProcessId: entry.bpmnProcessId,
    orgUnitId: entry.orgUnitId,
    ip: entry.ip,
    userAgent: entry.userAgent,
    details: entry.details,
  };
}
