/**
 * Deploy-on-boot: PROCESSES_DIR and FORMS_DIR go to the engine one resource at a time
 * (libs/workflow). A `.form` that is not valid form-js is rejected here with its file and
 * reason before the engine sees it. Deployed forms land in the form registry and deployed
 * processes (with facts read from their XML) in the process registry. The outcome is kept
 * for /api/health; the server starts whatever was rejected.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FormsService } from '../forms/forms.service';
import { readProcessFacts } from './bpmn-facts';
import { ProcessesRepository } from './processes.repository';
import { deployResources, listResources, WORKFLOW_CLIENT, type DeployOutcome, type ResourceFile } from '@rp/workflow';
import type { WorkflowClient } from '@rp/workflow';

export interface DeploymentReport {
  readonly status: 'pending' | 'done';
  readonly deployed: readonly { readonly resource: string; readonly kind: string; readonly ids: readonly string[] }[];
  readonly rejected: readonly { readonly resource: string; readonly kind: string; readonly reason: string }[];
}

@Injectable()
export class DeploymentService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeploymentService.name);
  private report: DeploymentReport = { status: 'pending', deployed: [], rejected: [] };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKFLOW_CLIENT) private readonly client: () => WorkflowClient,
    private readonly forms: FormsService,
    private readonly processes: ProcessesRepository,
  ) {}

  get current(): DeploymentReport {
    return this.report;
  }

  async onApplicationBootstrap(): Promise<void> {
    const files = listResources([this.config.formsDir, this.config.processesDir]);
    const outcomes = await deployResources(this.client(), files, {
      check: (file) => (file.kind === 'form' ? (FormsService.problemsOf(file.content) ?? undefined) : undefined),
    });
    const deployed: DeploymentReport['deployed'][number][] = [];
    const rejected: DeploymentReport['rejected'][number][] = [];
    for (const outcome of outcomes) {
      const resource = this.resourceLabel(outcome.file);
      if (!outcome.ok) {
        rejected.push({ resource, kind: outcome.file.kind, reason: outcome.reason });
        this.logger.warn({ msg: 'resource rejected', resource, reason: outcome.reason });
        continue;
      }
      try {
        await this.record(outcome);
        deployed.push({
          resource,
          kind: outcome.file.kind,
          ids: [
            ...outcome.processes.map((p) => `${p.bpmnProcessId}:${p.version}`),
            ...outcome.forms.map((f) => `${f.formId}:${f.version}`),
          ],
        });
      } catch (error) {
        rejected.push({
          resource,
          kind: outcome.file.kind,
          reason: `deployed, but not recorded: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    this.report = { status: 'done', deployed, rejected };
    this.logger.log({ msg: 'resources deployed', deployed: deployed.length, rejected: rejected.length });
  }

  private resourceLabel(file: ResourceFile): string {
    return file.kind === 'form' ? `forms/${file.name}` : `processes/${file.name}`;
  }

  /** Records a deployed resource in the form and process registries (boot, and POST /api/deployments). */
  async record(outcome: Extract<DeployOutcome, { ok: true }>): Promise<void> {
    for (const form of outcome.forms) {
      await this.forms.record({
        formKey: form.formKey,
        formId: form.formId,
        version: form.version,
        resourceName: form.resourceName,
        content: outcome.file.content,
      });
    }
    if (outcome.processes.length === 0) return;
    const facts = new Map(readProcessFacts(outcome.file.content).map((f) => [f.bpmnProcessId, f]));
    for (const process of outcome.processes) {
      const fact = facts.get(process.bpmnProcessId);
      await this.processes.record({
        processDefinitionKey: process.processDefinitionKey,
        bpmnProcessId: process.bpmnProcessId,
        version: process.version,
        name: fact?.name ?? null,
        resourceName: process.resourceName,
        startFormId: fact?.startFormId ?? null,
        starterRoles: fact?.starterRoles ?? [],
        userTasks: fact?.userTasks ?? {},
        embeddedForms: fact?.embeddedForms ?? {},
        bpmnXml: outcome.file.content,
      });
    }
  }
}
