/**
 * Zeebe's gRPC API tells a job worker nothing when a job is cancelled (its instance was
 * cancelled, a boundary event terminated its element). This port answers "which of these
 * jobs have ended, and why" so the inbox can drop them.
 *
 * - Embedded engine: the engine's own tables in the same database (schema `engine`, see
 *   libs/engine/src/store/migrations/001_init.sql) are its exporter-equivalent: `engine.job`
 *   holds each job's state (CANCELED, COMPLETED, ERROR_THROWN …) and
 *   `engine.process_instance` whether the instance was TERMINATED (cancelled).
 * - Zeebe: not built. A Camunda 8.8 cluster would answer through the Orchestration Cluster
 *   REST API (`POST /v2/jobs/search` filtered by job keys, or `POST /v2/process-instances/search`
 *   for state TERMINATED) or an exporter; until then tasks of cancelled instances stay
 *   listed on Zeebe and completing one answers 409 (the job no longer exists).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TaskEndReason } from './task.entity';

export interface JobStateProbe {
  /** False when the engine gives no way to learn about ended jobs. */
  readonly supported: boolean;
  /** The jobs among `jobKeys` that have ended, with why; jobs still active are absent. */
  ended(jobKeys: readonly string[]): Promise<Map<string, TaskEndReason>>;
}

export const JOB_STATE_PROBE = Symbol('JOB_STATE_PROBE');

@Injectable()
export class EmbeddedJobStateProbe implements JobStateProbe {
  readonly supported = true;

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
}

function reasonOf(jobState: string, instanceState: string | null): TaskEndReason {
  if (jobState === 'COMPLETED') return 'completed-elsewhere';
  if (jobState === 'ERROR_THROWN') return 'error-thrown';
  return instanceState === 'TERMINATED' ? 'instance-canceled' : 'element-terminated';
}

/** ENGINE=zeebe: the documented gap (see above). */
export class UnsupportedJobStateProbe implements JobStateProbe {
  readonly supported = false;

  ended(): Promise<Map<string, TaskEndReason>> {
    return Promise.resolve(new Map<string, TaskEndReason>());
  }
}
