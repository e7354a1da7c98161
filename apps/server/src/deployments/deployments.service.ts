/**
 * Deploying from the designer (POST /api/deployments): the same path as deploy-on-boot —
 * libs/workflow's `deployResources` (one `DeployResource` per file, forms first, the strict
 * form-js check before the engine sees a form) and `DeploymentService.record` for the
 * registries — so a designer deployment is indistinguishable from a boot deployment.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError, ErrorCode, type FieldError } from '../common/app-error';
import { FormsService } from '../forms/forms.service';
import { DeploymentService } from '../processes/deployment.service';
import { parseDeployRejection } from './deploy-rejection';
import type { DeployedDefinitionDto, DeploymentDto, DeploymentResourceDto } from './dtos/deployment.dto';
import {
  deployResources,
  WORKFLOW_CLIENT,
  type DeployOutcome,
  type DeployResourceResponse,
  type ResourceFile,
  type ResourceKind,
  type WorkflowClient,
} from '@rp/workflow';

const KIND_BY_EXTENSION: Readonly<Record<string, ResourceKind>> = { bpmn: 'process', form: 'form', dmn: 'decision' };
const ORDER: Readonly<Record<ResourceKind, number>> = { form: 0, decision: 1, process: 2 };

/** A deploy-time field error that also names the resource and the element, for the designer. */
export interface DeployFieldError extends FieldError {
  readonly resource: string;
  readonly elementId?: string;
  readonly reason: string;
}

@Injectable()
export class DeploymentsService {
  private readonly logger = new Logger(DeploymentsService.name);

  constructor(
    @Inject(WORKFLOW_CLIENT) private readonly client: () => WorkflowClient,
    private readonly boot: DeploymentService,
  ) {}

  async deploy(resources: readonly DeploymentResourceDto[]): Promise<DeploymentDto> {
    const files = toResourceFiles(resources);
    const index = new Map(resources.map((r, i) => [r.name, i]));
    const duplicate = resources.find((r, i) => resources.findIndex((o) => o.name === r.name) !== i);
    if (duplicate)
      throw rejection([fieldError(index.get(duplicate.name) ?? 0, { resource: duplicate.name, reason: '同一次部署中文件名重复' })]);

    // Our own checks first, for every file, so a bad form stops the whole request before anything deploys.
    const checked = files.map((file) => ({ file, problem: checkResource(file) }));
    const unchecked = checked.filter((c) => c.problem !== undefined);
    if (unchecked.length > 0) {
      throw rejection(
        unchecked.map(({ file, problem }) => fieldError(index.get(file.name) ?? 0, { resource: file.name, reason: problem ?? '' })),
      );
    }

    const responses = new Map<string, DeployResourceResponse>();
    const outcomes = await deployResources(this.recordingClient(responses), files, { check: checkResource });
    const deployed: DeployedDefinitionDto[] = [];
    const errors: DeployFieldError[] = [];
    for (const outcome of outcomes) {
      if (!outcome.ok) {
        for (const problem of parseDeployRejection(outcome.file.name, outcome.reason)) {
          errors.push(fieldError(index.get(outcome.file.name) ?? 0, problem));
        }
        continue;
      }
      // Deployed in the engine: record it even when another file of the request was refused.
      await this.boot.record(outcome);
      deployed.push(...definitionsOf(outcome, responses.get(outcome.file.name)));
    }
    this.logger.log({
      msg: 'designer deployment',
      deployed: deployed.map((d) => `${d.kind}:${d.id}:${d.version}`),
      rejected: errors.length,
    });
    if (errors.length > 0) {
      const note = deployed.length > 0 ? `；其余 ${deployed.length} 项已部署` : '';
      throw rejection(errors, `部署被拒绝：${errors.length} 处问题${note}`, deployed);
    }
    return { deployed };
  }

  /** The client, remembering each raw answer: decisions are not part of libs/workflow's outcome. */
  private recordingClient(responses: Map<string, DeployResourceResponse>): WorkflowClient {
    const client = this.client();
    return Object.assign(Object.create(client) as WorkflowClient, {
      deployResource: async (request: Parameters<WorkflowClient['deployResource']>[0]) => {
        const response = await client.deployResource(request);
        responses.set(request.name, response);
        return response;
      },
    });
  }
}

function toResourceFiles(resources: readonly DeploymentResourceDto[]): ResourceFile[] {
  const files = resources.map((resource) => {
    const extension = resource.name.slice(resource.name.lastIndexOf('.') + 1).toLowerCase();
    const kind = KIND_BY_EXTENSION[extension];
    if (!kind) throw new AppError(ErrorCode.ValidationFailed, '请求参数有误');
    return { name: resource.name, path: resource.name, kind, content: resource.content };
  });
  return files.sort((a, b) => ORDER[a.kind] - ORDER[b.kind]);
}

/** The boot-time check: a `.form` must be strict form-js (libs/forms) before the engine sees it. */
function checkResource(file: ResourceFile): string | undefined {
  return file.kind === 'form' ? FormsService.problemsOf(file.content) : undefined;
}

function definitionsOf(
  outcome: Extract<DeployOutcome, { ok: true }>,
  response: DeployResourceResponse | undefined,
): DeployedDefinitionDto[] {
  const decisions = (response?.deployments ?? []).flatMap((d) => {
    const decision = d.decision as { dmnDecisionId?: unknown; version?: unknown; decisionKey?: unknown } | undefined;
    return decision && typeof decision.dmnDecisionId === 'string'
      ? [{ kind: 'decision' as const, id: decision.dmnDecisionId, version: Number(decision.version), key: String(decision.decisionKey) }]
      : [];
  });
  return [
    ...outcome.processes.map((p) => ({ kind: 'process' as const, id: p.bpmnProcessId, version: p.version, key: p.processDefinitionKey })),
    ...outcome.forms.map((f) => ({ kind: 'form' as const, id: f.formId, version: f.version, key: f.formKey })),
    ...decisions,
  ];
}

function fieldError(position: number, problem: { resource: string; elementId?: string; reason: string }): DeployFieldError {
  const where = problem.elementId ? `${problem.resource} 的元素 ${problem.elementId}` : problem.resource;
  return {
    field: `resources[${position}].content`,
    code: 'RESOURCE_REJECTED',
    message: `${where}：${problem.reason}`,
    resource: problem.resource,
    ...(problem.elementId ? { elementId: problem.elementId } : {}),
    reason: problem.reason,
  };
}

function rejection(errors: readonly DeployFieldError[], message = '部署被拒绝', deployed: readonly DeployedDefinitionDto[] = []): AppError {
  return new AppError(ErrorCode.ValidationFailed, message, { errors, ...(deployed.length > 0 ? { deployed } : {}) });
}
