/** Queries on process instances: locking the instance row a command works on. */
import type { InstanceRow, JobRow } from '../runtime/types';
import {
  INSTANCE_COLUMNS,
  JOB_COLUMNS,
  type InstanceDbRow,
  type JobDbRow,
  keyLiteral,
  type Queryable,
  toInstance,
  toJob,
} from './database';

/** SQL text for the locking reads of a command (keys inlined as validated literals). */
export const lockSql = {
  instance: (key: string) => `SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance WHERE key = ${keyLiteral(key)} FOR UPDATE`,
  instanceOfJob: (jobKey: string) =>
    `SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance
     WHERE key = (SELECT process_instance_key FROM engine.job WHERE key = ${keyLiteral(jobKey)}) FOR UPDATE`,
  instanceOfElement: (key: string) =>
    `SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance
     WHERE key = COALESCE((SELECT process_instance_key FROM engine.element_instance WHERE key = ${keyLiteral(key)}), ${keyLiteral(key)}) FOR UPDATE`,
  instanceOfIncident: (incidentKey: string) =>
    `SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance
     WHERE key = (SELECT process_instance_key FROM engine.incident WHERE key = ${keyLiteral(incidentKey)}) FOR UPDATE`,
  /** Several instances by key, locked in key order (like `instancesOfJobs`). */
  instances: (keys: readonly string[]) =>
    `SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance WHERE key IN (${keys.map(keyLiteral).join(',')}) ORDER BY key FOR UPDATE`,
  /** Several instances, locked in key order so that concurrent batches cannot deadlock. */
  instancesOfJobs: (jobKeys: readonly string[]) =>
    `SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance
     WHERE key IN (SELECT process_instance_key FROM engine.job WHERE key IN (${jobKeys.map(keyLiteral).join(',')}))
     ORDER BY key FOR UPDATE`,
  jobs: (jobKeys: readonly string[]) => `SELECT ${JOB_COLUMNS} FROM engine.job WHERE key IN (${jobKeys.map(keyLiteral).join(',')})`,
  /** Runs after the instance lock in the same message: a fresh snapshot sees the job's latest state. */
  job: (jobKey: string) => `SELECT ${JOB_COLUMNS} FROM engine.job WHERE key = ${keyLiteral(jobKey)}`,
};

export class InstanceRepository {
  async lockInstance(db: Queryable, key: string): Promise<InstanceRow | undefined> {
    const r = await db.query<InstanceDbRow>(`SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance WHERE key = $1 FOR UPDATE`, [key]);
    return r.rows[0] ? toInstance(r.rows[0]) : undefined;
  }

  async lockInstanceOfJob(db: Queryable, jobKey: string): Promise<InstanceRow | undefined> {
    const r = await db.query<InstanceDbRow>(
      `SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance
       WHERE key = (SELECT process_instance_key FROM engine.job WHERE key = $1) FOR UPDATE`,
      [jobKey],
    );
    return r.rows[0] ? toInstance(r.rows[0]) : undefined;
  }

  async lockInstanceOfElement(db: Queryable, elementInstanceKey: string): Promise<InstanceRow | undefined> {
    const r = await db.query<InstanceDbRow>(
      `SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance
       WHERE key = COALESCE((SELECT process_instance_key FROM engine.element_instance WHERE key = $1), $1) FOR UPDATE`,
      [elementInstanceKey],
    );
    return r.rows[0] ? toInstance(r.rows[0]) : undefined;
  }

  async lockInstanceOfIncident(db: Queryable, incidentKey: string): Promise<InstanceRow | undefined> {
    const r = await db.query<InstanceDbRow>(
      `SELECT ${INSTANCE_COLUMNS} FROM engine.process_instance
       WHERE key = (SELECT process_instance_key FROM engine.incident WHERE key = $1) FOR UPDATE`,
      [incidentKey],
    );
    return r.rows[0] ? toInstance(r.rows[0]) : undefined;
  }

  async findJob(db: Queryable, jobKey: string): Promise<JobRow | undefined> {
    const r = await db.query<JobDbRow>(`SELECT ${JOB_COLUMNS} FROM engine.job WHERE key = $1`, [jobKey]);
    return r.rows[0] ? toJob(r.rows[0]) : undefined;
  }

  async findIncident(db: Queryable, incidentKey: string): Promise<{ jobKey: string | null; state: string } | undefined> {
    const r = await db.query<{ job_key: string | null; state: string }>(
      'SELECT job_key::text AS job_key, state FROM engine.incident WHERE key = $1',
      [incidentKey],
    );
    return r.rows[0] ? { jobKey: r.rows[0].job_key, state: r.rows[0].state } : undefined;
  }
}
