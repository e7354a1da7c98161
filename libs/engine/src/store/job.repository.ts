/** Job activation: claims activatable (or timed-out) jobs without waiting on other transactions. */
import type { InstanceDoc, JobRow } from '../runtime/types';
import { type JobDbRow, type Queryable, toJob } from './database';

export interface ActivatedJobRow {
  job: JobRow;
  doc: InstanceDoc | null;
}

export class JobRepository {
  async activate(db: Queryable, type: string, worker: string, timeoutMs: number, max: number, now: number): Promise<ActivatedJobRow[]> {
    const r = await db.query<JobDbRow & { doc: InstanceDoc | null }>(
      `WITH picked AS (
         SELECT key FROM engine.job
         WHERE type = $1 AND ((state = 'ACTIVATABLE' AND available_at <= $2) OR (state = 'ACTIVATED' AND deadline <= $2))
         ORDER BY key LIMIT $3 FOR UPDATE SKIP LOCKED
       ), act AS (
         UPDATE engine.job j SET state = 'ACTIVATED', worker = $4, deadline = $5
         FROM picked WHERE j.key = picked.key
         RETURNING j.*
       )
       SELECT act.key::text AS key, act.type, act.state, act.retries, act.worker, act.deadline::text AS deadline,
              act.available_at::text AS available_at, act.process_instance_key::text AS pik,
              act.process_definition_key::text AS pdk, act.bpmn_process_id, act.version, act.element_id,
              act.element_instance_key::text AS eik, act.custom_headers, act.error_message,
              -- each instance's document once (a multi-instance body's jobs share one large document)
              CASE WHEN row_number() OVER (PARTITION BY act.process_instance_key ORDER BY act.key) = 1 THEN pi.doc END AS doc
       FROM act LEFT JOIN engine.process_instance pi ON pi.key = act.process_instance_key
       ORDER BY act.key`,
      [type, now, max, worker, now + timeoutMs],
    );
    const docs = new Map<string, InstanceDoc>();
    for (const row of r.rows) if (row.doc) docs.set(row.pik, row.doc);
    return r.rows.map((row) => ({ job: toJob(row), doc: docs.get(row.pik) ?? null }));
  }

  /** Jobs claimed for a consumer that went away become activatable again (Zeebe's job yield). */
  async yieldJobs(db: Queryable, keys: readonly string[]): Promise<void> {
    await db.query(
      "UPDATE engine.job SET state = 'ACTIVATABLE', deadline = NULL, worker = '' WHERE key = ANY($1::bigint[]) AND state = 'ACTIVATED'",
      [keys],
    );
  }

  async updateRetries(db: Queryable, jobKey: string, retries: number): Promise<void> {
    await db.query('UPDATE engine.job SET retries = $2 WHERE key = $1', [jobKey, retries]);
  }

  async updateDeadline(db: Queryable, jobKey: string, deadline: number): Promise<void> {
    await db.query('UPDATE engine.job SET deadline = $2 WHERE key = $1', [jobKey, deadline]);
  }
}
