/**
 * Zeebe's gRPC API tells a job worker nothing when a job is cancelled (its instance was
 * cancelled, a boundary event terminated its element). This port answers "which of these
 * jobs have ended, and why" so the inbox can drop them.
 *
 * - Embedded engine: the engine's own tables in the same database (schema `engine`, see
 *   libs/engine/src/store/migrations/001_init.sql) are its exporter-equivalent: `engine.job`
 *   holds each job's state (CANCELED, COMPLETED, ERROR_THROWN …) and
 *   `engine.process_instance` whether the instance was TERMINATED (cancelled). Exact reasons.
 * - Zeebe: only the gateway gRPC API, so it works on any cluster. The inbox holds its
 *   user-task jobs activated with a long lock; `UpdateJobTimeout` with that same lock both
 *   keeps a job held and tells whether it still exists: the gateway answers NOT_FOUND when
 *   no job exists with the key (gateway.proto, UpdateJobTimeout "Errors"). It cannot say
 *   why, so the reason is `job-ended`. INVALID_STATE (gRPC FAILED_PRECONDITION: the lock
 *   already expired, the job waits to be activated again) means the job is still there.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TaskEndReason } from './task.entity';

export interface EndedQuery {
  /** Skip keys the probe confirmed alive a moment ago (list pages; the sweeper and submits ask afresh). */
  readonly recentIsEnough?: boolean;
}

export interface JobStateProbe {
  /** How many open tasks one sweeper tick (2 s) may check: the probe's rate limit. */
  readonly sweepBatch: number;
  /** The jobs among `jobKeys` that have ended, with why; jobs still active (or unknown) are absent. */
  ended(jobKeys: readonly string[], query?: EndedQuery): Promise<Map<string, TaskEndReason>>;
  /**
   * When the engine's state is in the same database: a SQL expression giving the end reason
   * (NULL while active) of the job whose key is `jobKeyColumn`, so a list page reads it in its
   * own query instead of a second round trip.
   */
  readonly endReasonSql?: (jobKeyColumn: string) => string;
}

export const JOB_STATE_PROBE = Symbol('JOB_STATE_PROBE');

@Injectable()
export class EmbeddedJobStateProbe implements JobStateProbe {
  /** Primary-key lookups in one query: cheap enough to walk many keys per tick. */
  readonly sweepBatch = 1000;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ended(jobKeys: readonly string[]): Promise<Map<string, TaskEndReason>> {
    if (jobKeys.length === 0) return new Map();
    const rows: { key: string; state: string; instance_state: string | null }[] = await this.dataSource.query(
      `SELECT j.key::text AS key, j.state, p.state AS instance_state
         FROM engine.job j LEFT JOIN engine.process_instance p ON p.key = j.process_instance_key
        WHERE j.key = ANY($1::bigint[]) AND j.state IN ('CANCELED', 'COMPLETED', 'ERROR_THROWN')`,
      [jobKeys],
    );
    return new Map(rows.map((row) => [row.key, reasonOf(row.state, row.instance_state)]));
  }

  /** The same rules as `reasonOf`, in SQL, for a page's rows. */
  readonly endReasonSql = (jobKeyColumn: string): string =>
    `(SELECT CASE j.state WHEN 'COMPLETED' THEN 'completed-elsewhere' WHEN 'ERROR_THROWN' THEN 'error-thrown'
              ELSE CASE WHEN p.state = 'TERMINATED' THEN 'instance-canceled' ELSE 'element-terminated' END END
        FROM engine.job j LEFT JOIN engine.process_instance p ON p.key = j.process_instance_key
       WHERE j.key = ${jobKeyColumn}::bigint AND j.state IN ('CANCELED', 'COMPLETED', 'ERROR_THROWN'))`;
}

function reasonOf(jobState: string, instanceState: string | null): TaskEndReason {
  if (jobState === 'COMPLETED') return 'completed-elsewhere';
  if (jobState === 'ERROR_THROWN') return 'error-thrown';
  return instanceState === 'TERMINATED' ? 'instance-canceled' : 'element-terminated';
}

/** The one gateway call the Zeebe probe needs (`@camunda8/sdk`'s ZeebeGrpcClient has it). */
export interface JobTimeoutClient {
  updateJobTimeout(request: { readonly jobKey: string; timeout: number }): Promise<unknown>;
}

export interface GatewayProbeOptions {
  /** The lock the inbox activates user-task jobs with; each check renews it. */
  readonly lockMs: number;
  /** Background checks per second (the sweeper's pace). */
  readonly checksPerSecond: number;
  /** Calls in flight at once. */
  readonly concurrency?: number;
  /** How long a job confirmed alive counts as alive for list pages. */
  readonly recentMs?: number;
}

/** gRPC status codes the gateway answers with (grpc-go codes, as @grpc/grpc-js reports them). */
const GRPC_NOT_FOUND = 5;
const GRPC_FAILED_PRECONDITION = 9;

/** What one UpdateJobTimeout answer says about the job. */
export type JobCheck = 'alive' | 'ended' | 'unknown';

/** Pure: an UpdateJobTimeout outcome (undefined = success) read as the job's fate. */
export function jobCheckOf(error: unknown): JobCheck {
  if (error === undefined) return 'alive';
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (code === GRPC_NOT_FOUND) return 'ended';
  // INVALID_STATE: "no deadline exists" — the lock expired and the job waits to be activated again; it still exists.
  if (code === GRPC_FAILED_PRECONDITION) return 'alive';
  return 'unknown';
}

/** ENGINE=zeebe: asks the gateway, one UpdateJobTimeout per job, a bounded number at a time. */
export class GatewayJobStateProbe implements JobStateProbe {
  readonly sweepBatch: number;
  private readonly concurrency: number;
  private readonly recentMs: number;
  /** Job key → when it was last confirmed alive. */
  private readonly confirmedAt = new Map<string, number>();

  constructor(
    private readonly client: () => JobTimeoutClient,
    private readonly options: GatewayProbeOptions,
  ) {
    this.sweepBatch = Math.max(1, Math.round(options.checksPerSecond * 2));
    this.concurrency = options.concurrency ?? 8;
    this.recentMs = options.recentMs ?? 10_000;
  }

  async ended(jobKeys: readonly string[], query: EndedQuery = {}): Promise<Map<string, TaskEndReason>> {
    const now = Date.now();
    const keys = query.recentIsEnough ? jobKeys.filter((key) => now - (this.confirmedAt.get(key) ?? -Infinity) >= this.recentMs) : jobKeys;
    const checks = await mapLimited(keys, this.concurrency, (key) => this.check(key));
    const ended = new Map<string, TaskEndReason>();
    keys.forEach((key, i) => {
      if (checks[i] === 'ended') {
        ended.set(key, 'job-ended');
        this.confirmedAt.delete(key);
      } else if (checks[i] === 'alive') {
        this.confirmedAt.set(key, Date.now());
      }
    });
    this.forgetOld();
    return ended;
  }

  private async check(jobKey: string): Promise<JobCheck> {
    try {
      await this.client().updateJobTimeout({ jobKey, timeout: this.options.lockMs });
      return 'alive';
    } catch (error) {
      return jobCheckOf(error);
    }
  }

  private forgetOld(): void {
    if (this.confirmedAt.size < 50_000) return;
    const cutoff = Date.now() - this.recentMs;
    for (const [key, at] of this.confirmedAt) if (at < cutoff) this.confirmedAt.delete(key);
  }
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
