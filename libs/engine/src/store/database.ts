/**
 * The engine's PostgreSQL access: a pool, transactions, and the row mappers shared by the
 * repositories. Every command commits through `apply_changes` before it is answered.
 */
import { Pool, type PoolClient, type QueryResult, type QueryResultRow } from 'pg';
import type { InstanceChanges, InstanceRow, JobRow, JobState } from '../runtime/types';

export type Queryable = Pick<PoolClient, 'query'>;

export function createPool(databaseUrl: string, max = 16): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * A checked-out client whose connection dies (server restart, database dropped) emits
 * 'error' with no pool listener attached; without one the process would crash. The
 * running query rejects anyway, so the listener only marks the client as broken.
 */
function guardCheckedOut(client: PoolClient, markBroken: () => void): () => void {
  client.on('error', markBroken);
  return () => client.off('error', markBroken);
}

export async function inTransaction<T>(pool: Pool, body: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  const unguard = guardCheckedOut(client, () => (broken = true));
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      broken = true;
    }
    throw err;
  } finally {
    unguard();
    client.release(broken);
  }
}

export async function applyChanges(db: Queryable, changes: InstanceChanges): Promise<void> {
  await db.query('SELECT engine.apply_changes($1::jsonb)', [JSON.stringify(changes)]);
}

/** A key as a SQL literal: keys come from int64 fields, anything else cannot name a row. */
export function keyLiteral(key: string): string {
  return /^\d{1,19}$/.test(key) ? key : '-1';
}

/**
 * One command's transaction in two round trips: `BEGIN` and the locking reads go in one
 * simple-protocol message, the changes and `COMMIT` in another. The changes travel as a
 * dollar-quoted literal whose tag does not occur in them.
 */
export class CommandTransaction {
  private open = false;

  constructor(private readonly client: PoolClient) {}

  get db(): Queryable {
    return this.client;
  }

  async begin<R extends QueryResultRow[]>(statements: string[]): Promise<{ [K in keyof R]: R[K][] }> {
    const results = (await this.client.query(['BEGIN', ...statements].join(';\n'))) as unknown as QueryResult[];
    this.open = true;
    const rows: QueryResultRow[][] = results.slice(1).map((r): QueryResultRow[] => r.rows as QueryResultRow[]);
    return rows as { [K in keyof R]: R[K][] };
  }

  async commit(changes: InstanceChanges | InstanceChanges[] | undefined): Promise<void> {
    if (!changes || (Array.isArray(changes) && changes.length === 0)) {
      await this.client.query('COMMIT');
    } else {
      const fn = Array.isArray(changes) ? 'engine.apply_changes_batch' : 'engine.apply_changes';
      const json = JSON.stringify(changes);
      let tag = `$c${Math.random().toString(36).slice(2, 10)}$`;
      while (json.includes(tag)) tag = `$c${Math.random().toString(36).slice(2, 10)}$`;
      await this.client.query(`SELECT ${fn}(${tag}${json}${tag}::jsonb);\nCOMMIT`);
    }
    this.open = false;
  }

  async rollback(): Promise<void> {
    if (this.open) await this.client.query('ROLLBACK');
    this.open = false;
  }
}

export async function withCommand<T>(pool: Pool, body: (tx: CommandTransaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const tx = new CommandTransaction(client);
  let broken = false;
  const unguard = guardCheckedOut(client, () => (broken = true));
  try {
    return await body(tx);
  } catch (err) {
    try {
      await tx.rollback();
    } catch {
      broken = true;
    }
    throw err;
  } finally {
    unguard();
    client.release(broken);
  }
}

export const INSTANCE_COLUMNS = `key::text AS key, process_definition_key::text AS pdk, bpmn_process_id, version, state,
  (extract(epoch FROM started_at) * 1000)::float8 AS started_at, (extract(epoch FROM ended_at) * 1000)::float8 AS ended_at,
  variables, doc`;

export interface InstanceDbRow {
  key: string;
  pdk: string;
  bpmn_process_id: string;
  version: number;
  state: InstanceRow['state'];
  started_at: number;
  ended_at: number | null;
  variables: InstanceRow['variables'];
  doc: InstanceRow['doc'];
}

export function toInstance(r: InstanceDbRow): InstanceRow {
  return {
    key: r.key,
    processDefinitionKey: r.pdk,
    bpmnProcessId: r.bpmn_process_id,
    version: r.version,
    state: r.state,
    startedAt: Math.round(r.started_at),
    endedAt: r.ended_at === null ? null : Math.round(r.ended_at),
    variables: r.variables,
    doc: r.doc,
  };
}

export const JOB_COLUMNS = `key::text AS key, type, state, retries, worker, deadline::text AS deadline, available_at::text AS available_at,
  process_instance_key::text AS pik, process_definition_key::text AS pdk, bpmn_process_id, version, element_id,
  element_instance_key::text AS eik, custom_headers, error_message`;

export interface JobDbRow {
  key: string;
  type: string;
  state: JobState;
  retries: number;
  worker: string;
  deadline: string | null;
  available_at: string;
  pik: string;
  pdk: string;
  bpmn_process_id: string;
  version: number;
  element_id: string;
  eik: string;
  custom_headers: Record<string, string>;
  error_message: string;
}

export function toJob(r: JobDbRow): JobRow {
  return {
    key: r.key,
    type: r.type,
    state: r.state,
    retries: r.retries,
    worker: r.worker,
    deadline: r.deadline === null ? null : Number(r.deadline),
    availableAt: Number(r.available_at),
    processInstanceKey: r.pik,
    processDefinitionKey: r.pdk,
    bpmnProcessId: r.bpmn_process_id,
    version: r.version,
    elementId: r.element_id,
    elementInstanceKey: r.eik,
    customHeaders: r.custom_headers,
    errorMessage: r.error_message,
  };
}
