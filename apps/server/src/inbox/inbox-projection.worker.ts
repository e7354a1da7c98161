/**
 * The inbox projection: a job worker on `io.camunda.zeebe:userTask` that turns each activated
 * job into one inbox_tasks row, keyed by the job key. It keeps the job (outcome `keep`) —
 * the job is completed when the official submits the form.
 *
 * Idempotency: the row is an upsert by job key, so a job activated again (after its lock
 * timed out, or by the next server process after a restart) refreshes the same row and never
 * duplicates it; claims and completion state are the server's and are not overwritten. A
 * handler that fails (database down) fails the job with its retries unchanged, so the engine
 * hands it out again after the back-off instead of raising an incident.
 */
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { parseCandidateGroup } from '@rp/domain';
import { OrgUnitsRepository } from '../org/org-units.repository';
import { FormsService, EMBEDDED_FORM_PREFIX, type ResolvedForm } from '../forms/forms.service';
import { collectBindings } from '@rp/forms';
import { ProcessesRepository } from '../processes/processes.repository';
import { UNIT_VARIABLES_DEEPEST_FIRST } from '../processes/org-variables';
import { JobOutcomes, JobWorkers, type ActivatedJob, type JobOutcome } from '@rp/workflow';
import { UsersRepository } from '../users/users.repository';
import { InboxRepository, type ProjectedTask } from './inbox.repository';

export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';
const HEADER = 'io.camunda.zeebe:';
/** How long an activated user-task job stays locked to us; on expiry the engine hands it out again and the upsert refreshes the row. */
export const USER_TASK_LOCK_MS = 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class InboxProjectionWorker implements OnModuleInit {
  private readonly logger = new Logger(InboxProjectionWorker.name);
  /** Told of every job once its row is committed (the benchmark times creation → listed with it). */
  readonly listeners = new Set<(job: ActivatedJob) => void>();

  constructor(
    private readonly workers: JobWorkers,
    private readonly inbox: InboxRepository,
    private readonly processes: ProcessesRepository,
    private readonly forms: FormsService,
    private readonly units: OrgUnitsRepository,
    private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    this.workers.register({
      type: USER_TASK_JOB_TYPE,
      worker: 'red-property-inbox',
      timeoutMs: USER_TASK_LOCK_MS,
      maxJobs: 64,
      pollMs: 1000,
      handler: (job) => this.project(job),
      onError: (error, job) =>
        this.logger.error({
          msg: 'inbox projection failed',
          jobKey: job?.key,
          err: error instanceof Error ? error.message : String(error),
        }),
    });
  }

  async project(job: ActivatedJob): Promise<JobOutcome> {
    try {
      await this.inbox.upsert(await this.toTask(job));
      for (const listener of this.listeners) listener(job);
      return JobOutcomes.keep();
    } catch (error) {
      this.logger.error({
        msg: 'inbox projection failed; the job comes back after the back-off',
        jobKey: job.key,
        err: error instanceof Error ? error.message : String(error),
      });
      return JobOutcomes.fail(`inbox projection failed: ${error instanceof Error ? error.message : String(error)}`, job.retries, 5000);
    }
  }

  private async toTask(job: ActivatedJob): Promise<ProjectedTask> {
    const headers = job.customHeaders;
    const process = job.processDefinitionKey
      ? await this.processes.byKey(job.processDefinitionKey)
      : await this.processes.byVersion(job.bpmnProcessId, job.processDefinitionVersion);
    const element = process?.userTasks[job.elementId];
    const formKey = headers[`${HEADER}formKey`] ?? null;
    const form = await this.formOf(formKey, element?.formId, process?.embeddedForms);
    const candidateGroups = stringList(headers[`${HEADER}candidateGroups`]);
    const [assignee, candidateUsers] = await Promise.all([
      this.userIdOf(headers[`${HEADER}assignee`]),
      this.userIdsOf(stringList(headers[`${HEADER}candidateUsers`])),
    ]);
    const unit = await this.unitOf(candidateGroups, job.variables);
    return {
      jobKey: job.key,
      processInstanceKey: job.processInstanceKey,
      processDefinitionKey: job.processDefinitionKey || (process?.processDefinitionKey ?? null),
      bpmnProcessId: job.bpmnProcessId,
      processName: process?.name ?? null,
      processVersion: job.processDefinitionVersion,
      elementId: job.elementId,
      elementInstanceKey: job.elementInstanceKey,
      name: element?.name ?? job.elementId,
      formKey,
      formId: form?.formId ?? element?.formId ?? null,
      assignee,
      candidateGroups,
      candidateUsers,
      dueDate: dateOf(headers[`${HEADER}dueDate`]),
      followUpDate: dateOf(headers[`${HEADER}followUpDate`]),
      orgUnitId: unit?.id ?? null,
      orgPath: unit?.path ?? null,
      variables: form ? pick(job.variables, [...collectBindings(form.form).reads, ...UNIT_VARIABLES_DEEPEST_FIRST]) : { ...job.variables },
      jobDeadline: Number.isFinite(job.deadline) && job.deadline > 0 ? String(job.deadline) : null,
    };
  }

  private async formOf(
    formKey: string | null,
    formId: string | undefined,
    embedded: Record<string, string> | undefined,
  ): Promise<ResolvedForm | undefined> {
    if (formKey?.startsWith(EMBEDDED_FORM_PREFIX)) {
      const id = formKey.slice(EMBEDDED_FORM_PREFIX.length);
      const json = embedded?.[id];
      return json === undefined ? undefined : this.forms.embedded(`${formKey}@${json.length}:${json.slice(0, 64)}`, json);
    }
    if (formKey && /^\d+$/.test(formKey)) {
      const byKey = await this.forms.byKey(formKey);
      if (byKey) return byKey;
    }
    return formId ? this.forms.latest(formId) : undefined;
  }

  /** The unit of the first candidate group naming a known unit, else of the deepest unit variable. */
  private async unitOf(
    groups: readonly string[],
    variables: Readonly<Record<string, unknown>>,
  ): Promise<{ id: string; path: string } | undefined> {
    const fromGroups = groups.flatMap((g) => {
      const parsed = parseCandidateGroup(g);
      return parsed ? [parsed.orgUnitId] : [];
    });
    const fromVariables = UNIT_VARIABLES_DEEPEST_FIRST.flatMap((name) => (typeof variables[name] === 'string' ? [variables[name]] : []));
    const ids = [...new Set([...fromGroups, ...fromVariables])];
    if (ids.length === 0) return undefined;
    const found = new Map((await this.units.findByIds(ids)).map((u) => [u.id, u]));
    for (const id of ids) {
      const unit = found.get(id);
      if (unit) return { id: unit.id, path: unit.path };
    }
    return undefined;
  }

  /** Assignees are user ids; a username (as a diagram may name one) is resolved to the id. */
  private async userIdOf(value: string | undefined): Promise<string | null> {
    if (!value) return null;
    if (UUID.test(value)) return value.toLowerCase();
    return (await this.users.findByUsername(value.toLowerCase()))?.id ?? value;
  }

  private async userIdsOf(values: readonly string[]): Promise<string[]> {
    const ids = await Promise.all(values.map((v) => this.userIdOf(v)));
    return ids.filter((id): id is string => id !== null);
  }
}

function stringList(header: string | undefined): string[] {
  if (!header) return [];
  try {
    const parsed: unknown = JSON.parse(header);
    if (Array.isArray(parsed)) return parsed.filter((v): v is string => typeof v === 'string');
  } catch {
    // Zeebe before 8.0 sent comma-separated lists.
  }
  return header
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function dateOf(header: string | undefined): Date | null {
  if (!header) return null;
  const date = new Date(header);
  return Number.isNaN(date.getTime()) ? null : date;
}

function pick(variables: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (Object.hasOwn(variables, name)) picked[name] = variables[name];
  return picked;
}
