/**
 * Procedures as an official sees them: the deployed processes they may start, with their
 * start form, and starting one — the data validated against the start form, the unit
 * checked against the caller's memberships, and the organisation variables added. A
 * procedure a unit runs once at a time (one-running-per-unit.ts) is refused with 409 while
 * one runs.
 */
import { Injectable } from '@nestjs/common';
import { isOrgUnitId, pathIds } from '@rp/domain';
import { WorkflowEngineService } from '../engine/workflow-engine.service';
import type { Principal } from '../auth/principal';
import { AppError, ErrorCode, forbidden, invalidField, notFound } from '../common/app-error';
import { AuditService } from '../audit/audit.service';
import type { RequestMeta } from '../audit/request-meta';
import { FormsService, type ResolvedForm } from '../forms/forms.service';
import { validateSubmission } from '@rp/forms';
import { OrgUnitsRepository } from '../org/org-units.repository';
import type { FormDto, ProcessDto, StartedInstanceDto, StartInstanceDto } from './dtos/process.dto';
import { actingRoleProblem } from './acting-role';
import { alreadyRunningMessage, oneRunningVariable } from './one-running-per-unit';
import { orgVariables, UNIT_VARIABLES_DEEPEST_FIRST } from './org-variables';
import type { ProcessDefinitionEntity } from './process-definition.entity';
import { ProcessesRepository } from './processes.repository';
import { RunningInstancesRepository } from './running-instances.repository';

@Injectable()
export class ProcessesService {
  constructor(
    private readonly processes: ProcessesRepository,
    private readonly forms: FormsService,
    private readonly units: OrgUnitsRepository,
    private readonly engine: WorkflowEngineService,
    private readonly audit: AuditService,
    private readonly running: RunningInstancesRepository,
  ) {}

  async list(principal: Principal): Promise<ProcessDto[]> {
    const all = await this.processes.allLatest();
    const startable = all.filter((p) => this.mayStart(principal, p));
    return Promise.all(startable.map(async (p) => toProcessDto(p, p.startFormId ? await this.forms.latest(p.startFormId) : undefined)));
  }

  /** `internal.variables`: added by the server itself, never from a request (the demo seed's marker). */
  async start(
    principal: Principal,
    bpmnProcessId: string,
    input: StartInstanceDto,
    meta: RequestMeta,
    internal: { readonly variables?: Readonly<Record<string, unknown>> } = {},
  ): Promise<StartedInstanceDto> {
    const process = await this.processes.latest(bpmnProcessId);
    if (!process) throw notFound('流程');
    if (!this.mayStart(principal, process)) throw forbidden('您没有发起该流程的角色');

    const unit = await this.unitFor(principal, process, input);
    let submitted: Record<string, unknown> = input.data;
    if (process.startFormId) {
      const form = await this.forms.latest(process.startFormId);
      if (!form) throw new AppError(ErrorCode.Conflict, `流程的开始表单“${process.startFormId}”尚未部署`);
      const result = validateSubmission(form.form, input.data, {});
      if (!result.ok)
        throw new AppError(ErrorCode.ValidationFailed, '表单填写有误', {
          errors: result.errors.map((e) => ({ field: e.field, code: e.code, message: e.message })),
        });
      submitted = result.variables;
    }
    const acting = actingRoleProblem(submitted, principal.memberships, unit);
    if (acting?.kind === 'unknownRole') throw invalidField(acting.field, 'unknownRole', acting.message);
    if (acting)
      throw new AppError(ErrorCode.Forbidden, acting.message, {
        errors: [{ field: acting.field, code: 'roleNotHeld', message: acting.message }],
      });
    const chain = await this.units.findByIds(pathIds(unit.path));
    const variables = {
      ...submitted,
      ...internal.variables,
      ...orgVariables(chain),
      startedBy: principal.userId,
      startedByUsername: principal.username,
    };
    const ruleVariable = oneRunningVariable(bpmnProcessId);
    const ruleUnit = ruleVariable === undefined ? undefined : (variables as Readonly<Record<string, unknown>>)[ruleVariable];
    const startAndAudit = async () => {
      const started = await this.engine.grpc().createProcessInstance({ bpmnProcessId, variables });
      await this.audit.record(principal, meta, {
        action: 'start',
        processInstanceKey: String(started.processInstanceKey),
        bpmnProcessId,
        orgUnitId: unit.id,
        orgPath: unit.path,
        // The rule's unit too: on ENGINE=zeebe this entry is how a later start finds the instance.
        details: { version: started.version, fields: Object.keys(submitted), ...(ruleVariable ? { [ruleVariable]: ruleUnit } : {}) },
      });
      return started;
    };
    const created =
      ruleVariable !== undefined && typeof ruleUnit === 'string'
        ? // Checked, started and audited under one lock: two simultaneous requests cannot both see none running.
          await this.running.exclusively(`one-running:${bpmnProcessId}:${ruleUnit}`, async () => {
            await this.refuseWhileRunning(process, ruleVariable, ruleUnit, chain);
            return startAndAudit();
          })
        : await startAndAudit();
    const processInstanceKey = String(created.processInstanceKey);
    return {
      processInstanceKey,
      bpmnProcessId,
      version: Number(created.version),
      processDefinitionKey: String(created.processDefinitionKey),
      variables,
    };
  }

  /** 409 naming the running instance when the unit already runs this procedure. */
  private async refuseWhileRunning(
    process: ProcessDefinitionEntity,
    variable: string,
    unitId: string,
    chain: readonly { readonly id: string; readonly name: string }[],
  ): Promise<void> {
    const [running] = await this.running.running(process.bpmnProcessId, variable, unitId);
    if (!running) return;
    const unitName = chain.find((u) => u.id === unitId)?.name ?? unitId;
    const message = alreadyRunningMessage(process.bpmnProcessId, process.name ?? process.bpmnProcessId, unitName, running);
    throw new AppError(ErrorCode.Conflict, message, {
      errors: [{ field: `data.${variable}`, code: 'instanceRunning', message }],
      runningProcessInstanceKey: running.processInstanceKey,
    });
  }

  private mayStart(principal: Principal, process: ProcessDefinitionEntity): boolean {
    if (principal.memberships.length === 0) return false;
    return process.starterRoles.length === 0 || principal.memberships.some((m) => process.starterRoles.includes(m.role));
  }

  /** The unit the instance runs in: named explicitly or by the form's deepest unit variable, within a membership that may start it. */
  private async unitFor(
    principal: Principal,
    process: ProcessDefinitionEntity,
    input: StartInstanceDto,
  ): Promise<{ id: string; name: string; path: string }> {
    let field = 'orgUnitId';
    let unitId = input.orgUnitId;
    if (unitId === undefined) {
      for (const name of UNIT_VARIABLES_DEEPEST_FIRST) {
        const value = input.data[name];
        if (isOrgUnitId(value)) {
          unitId = value;
          field = `data.${name}`;
          break;
        }
      }
    }
    if (unitId === undefined) {
      const own = [...new Set(principal.memberships.map((m) => m.orgUnitId))];
      if (own.length !== 1) throw invalidField('orgUnitId', 'isDefined', '您属于多个单位，请指明发起单位');
      unitId = own[0];
    }
    const unit = await this.units.findById(unitId);
    if (!unit) throw invalidField(field, 'unknownOrgUnit', '组织单元不存在');
    const holders = principal.memberships.filter((m) => unit.path.startsWith(m.orgUnitPath));
    const allowed = process.starterRoles.length === 0 ? holders : holders.filter((m) => process.starterRoles.includes(m.role));
    if (allowed.length === 0) throw forbidden('只能在本人所属单位（及其下级）发起流程');
    return unit;
  }
}

export function toFormDto(form: ResolvedForm): FormDto {
  return { formId: form.formId, version: form.version, formKey: form.formKey, schema: form.schema };
}

function toProcessDto(process: ProcessDefinitionEntity, startForm: ResolvedForm | undefined): ProcessDto {
  return {
    bpmnProcessId: process.bpmnProcessId,
    name: process.name,
    version: process.version,
    processDefinitionKey: process.processDefinitionKey,
    starterRoles: process.starterRoles,
    startForm: startForm ? toFormDto(startForm) : null,
  };
}
