/**
 * A long-polling job worker over `ActivateJobs`: activates up to `maxJobs` jobs of one type,
 * runs the handler for each, and applies the outcome it returns (complete, fail, BPMN error
 * or keep). One loop per worker; `stop()` waits for the running poll and handlers to end.
 */
import type { RawActivatedJob, WorkflowClient } from './client';
import type { JobOutcome } from './outcome';

/** A job with its headers and variables as plain objects. */
export interface ActivatedJob {
  readonly key: string;
  readonly type: string;
  readonly processInstanceKey: string;
  readonly processDefinitionKey: string;
  readonly bpmnProcessId: string;
  readonly processDefinitionVersion: number;
  readonly elementId: string;
  readonly elementInstanceKey: string;
  readonly customHeaders: Readonly<Record<string, string>>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly retries: number;
  /** Epoch ms until which the job is locked to this worker. */
  readonly deadline: number;
}

export type JobHandler = (job: ActivatedJob) => Promise<JobOutcome>;

export interface JobWorkerOptions {
  readonly type: string;
  /** Name reported to the engine (visible in its job records). */
  readonly worker: string;
  readonly handler: JobHandler;
  /** Lock duration of an activated job (ms). */
  readonly timeoutMs: number;
  readonly maxJobs?: number;
  /** Long-poll duration (ms); also the longest `stop()` waits. */
  readonly pollMs?: number;
  readonly fetchVariables?: string[];
  /** Called for a handler that throws (the job is then failed with its retries unchanged) and for poll errors. */
  readonly onError?: (error: unknown, job?: ActivatedJob) => void;
}

export class JobWorker {
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly client: WorkflowClient,
    private readonly options: JobWorkerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    const { type, worker, timeoutMs } = this.options;
    let backoff = 0;
    while (this.running) {
      try {
        const jobs = await this.client.activateJobs({
          type,
          worker,
          timeout: timeoutMs,
          maxJobsToActivate: this.options.maxJobs ?? 32,
          requestTimeout: this.options.pollMs ?? 1000,
          ...(this.options.fetchVariables ? { fetchVariable: this.options.fetchVariables } : {}),
        });
        backoff = 0;
        await Promise.all(jobs.map((raw) => this.handle(toActivatedJob(raw))));
      } catch (error) {
        if (!this.running) break;
        this.options.onError?.(error);
        backoff = Math.min(5000, backoff === 0 ? 100 : backoff * 2);
        await new Promise((resolve) => setTimeout(resolve, backoff));
      }
    }
  }

  private async handle(job: ActivatedJob): Promise<void> {
    let outcome: JobOutcome;
    try {
      outcome = await this.options.handler(job);
    } catch (error) {
      this.options.onError?.(error, job);
      // Retries unchanged: a crashing handler is our bug, not the job's; it comes back after the back-off.
      outcome = {
        kind: 'fail',
        message: error instanceof Error ? error.message : String(error),
        retries: job.retries,
        retryBackOffMs: 5000,
      };
    }
    try {
      await applyOutcome(this.client, job.key, outcome);
    } catch (error) {
      this.options.onError?.(error, job);
    }
  }
}

export async function applyOutcome(client: WorkflowClient, jobKey: string, outcome: JobOutcome): Promise<void> {
  switch (outcome.kind) {
    case 'complete':
      return client.completeJob({ jobKey, variables: outcome.variables });
    case 'fail':
      return client.failJob({ jobKey, retries: outcome.retries, errorMessage: outcome.message, retryBackOff: outcome.retryBackOffMs });
    case 'error':
      return client.throwError({ jobKey, errorCode: outcome.errorCode, errorMessage: outcome.message });
    case 'keep':
      return;
  }
}

export function toActivatedJob(raw: RawActivatedJob): ActivatedJob {
  const headers: Record<string, string> = {};
  const rawHeaders = toObject(raw.customHeaders);
  for (const [name, value] of Object.entries(rawHeaders)) headers[name] = typeof value === 'string' ? value : JSON.stringify(value);
  const definitionKey = (raw as unknown as { processDefinitionKey?: unknown }).processDefinitionKey;
  return {
    key: String(raw.key),
    type: raw.type,
    processInstanceKey: String(raw.processInstanceKey),
    processDefinitionKey: typeof definitionKey === 'string' || typeof definitionKey === 'number' ? String(definitionKey) : '',
    bpmnProcessId: raw.bpmnProcessId,
    processDefinitionVersion: Number(raw.processDefinitionVersion),
    elementId: raw.elementId,
    elementInstanceKey: String(raw.elementInstanceKey),
    customHeaders: headers,
    variables: plainJson(toObject(raw.variables)) as Record<string, unknown>,
    retries: Number(raw.retries),
    deadline: Number(raw.deadline),
  };
}

function toObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    try {
      return toObject(JSON.parse(value) as unknown);
    } catch {
      return {};
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The SDK may hand over lossless-json numbers and DTO instances: back to plain JSON. */
function plainJson(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) =>
      typeof v === 'object' && v !== null && 'isLosslessNumber' in v ? Number((v as unknown as { value: string }).value) : v,
    ),
  ) as unknown;
}
