/**
 * Deploy-on-boot: PROCESSES_DIR and FORMS_DIR go to the engine one resource at a time
 * (libs/workflow). A `.form` that is not valid form-js is rejected here with its file and
 * reason before the engine sees it. Deployed forms land in the form registry and deployed
 * processes (with facts read from their XML) in the process registry. The outcome is kept
 * for /api/health; the server starts whatever was rejected.
 *
 * Only files that changed since the boot last deployed them go to the engine (D7,
 * boot-deployment-rule.ts): an unchanged file must not push a designer's version aside.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { FormsService } from '../forms/forms.service';
import { readProcessFacts } from './bpmn-facts';
import { bootDeploymentDecision, checksumOf } from './boot-deployment-rule';
import { BootDeploymentsRepository } from './boot-deployments.repository';
import { ProcessesRepository } from './processes.repository';
import { deployResources, listResources, WORKFLOW_CLIENT, type DeployOutcome, type ResourceFile } from '@rp/workflow';
import type { WorkflowClient } from '@rp/workflow';

export interface DeploymentReport {
  readonly status: 'pending' | 'done';
  readonly deployed: readonly { readonly resource: string; readonly kind: string; readonly ids: readonly string[] }[];
  /** Files the boot did not deploy because they did not change since it last deployed them. */
  readonly unchanged: readonly { readonly resource: string; readonly kind: string }[];
  readonly rejected: readonly { readonly resource: string; readonly kind: string; readonly reason: string }[];
}

@Injectable()
export class DeploymentService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DeploymentService.name);
  private report: DeploymentReport = { status: 'pending', deployed: [], unchanged: [], rejected: [] };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WORKFLOW_CLIENT) private readonly client: () => WorkflowClient,
    private readonly forms: FormsService,
    private readonly processes: ProcessesRepository,
    private readonly bootDeployments: BootDeploymentsRepository,
  ) {}

  get current(): DeploymentReport {
    return this.report;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { changed, unchanged } = await this.changedSinceLastBoot(listResources([this.config.formsDir, this.config.processesDir]));
    const outcomes = await deployResources(this.client(), changed, {
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
        await this.bootDeployments.remember(resource, checksumOf(outcome.file.content));
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
    this.report = { status: 'done', deployed, unchanged, rejected };
    this.logger.log({ msg: 'resources deployed', deployed: deployed.length, unchanged: unchanged.length, rejected: rejected.length });
  }

  /** Splits the bundled files into those to deploy and those unchanged since the boot last deployed them. */
  private async changedSinceLastBoot(
    files: readonly ResourceFile[],
  ): Promise<{ changed: ResourceFile[]; unchanged: DeploymentReport['unchanged'][number][] }> {
    const lastBoot = await this.bootDeployments.checksums();
    const changed: ResourceFile[] = [];
    const unchanged: DeploymentReport['unchanged'][number][] = [];
    for (const file of files) {
      const resource = this.resourceLabel(file);
      const checksum = checksumOf(file.content);
      const lastBootChecksum = lastBoot.get(resource);
      const registryHoldsContent = await this.bootDeployments.registryHolds(file.kind, file.name, file.content);
      if (bootDeploymentDecision({ checksum, lastBootChecksum, registryHoldsContent }) === 'deploy') {
        changed.push(file);
        continue;
      }
      // Deployed before the boot kept checksums: remember it, so a later change back to older content still deploys.
      if (lastBootChecksum === undefined) await this.bootDeployments.remember(resource, checksum);
      unchanged.push({ resource, kind: file.kind });
    }
    return { changed, unchanged };
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
