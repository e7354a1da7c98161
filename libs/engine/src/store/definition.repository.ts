/** Deployed process definitions and forms. */
import type { CompiledProcess } from '../model/types';
import type { DeployedProcess } from '../runtime/types';
import type { Queryable } from './database';

export interface ProcessDefinitionRow extends DeployedProcess {
  readonly resourceName: string;
  readonly checksum: string;
}

export interface FormRow {
  readonly key: string;
  readonly formId: string;
  readonly version: number;
  readonly resourceName: string;
  readonly checksum: string;
}

interface PdDbRow {
  key: string;
  bpmn_process_id: string;
  version: number;
  resource_name: string;
  checksum: string;
  model: CompiledProcess;
}

const PD_COLUMNS = 'key::text AS key, bpmn_process_id, version, resource_name, checksum, model';

function toPd(r: PdDbRow): ProcessDefinitionRow {
  return {
    key: r.key,
    bpmnProcessId: r.bpmn_process_id,
    version: r.version,
    resourceName: r.resource_name,
    checksum: r.checksum,
    model: r.model,
  };
}

export class DefinitionRepository {
  /** Serialises deployments so versions are assigned without gaps or duplicates. */
  async lockDeployments(db: Queryable): Promise<void> {
    await db.query("SELECT pg_advisory_xact_lock(hashtext('engine.deployment'))");
  }

  async insertDeployment(db: Queryable, key: string, at: number): Promise<void> {
    await db.query('INSERT INTO engine.deployment (key, deployed_at) VALUES ($1, to_timestamp($2::float8 / 1000))', [key, at]);
  }

  async latestProcess(db: Queryable, bpmnProcessId: string): Promise<ProcessDefinitionRow | undefined> {
    const r = await db.query<PdDbRow>(
      `SELECT ${PD_COLUMNS} FROM engine.process_definition WHERE bpmn_process_id = $1 ORDER BY version DESC LIMIT 1`,
      [bpmnProcessId],
    );
    return r.rows[0] ? toPd(r.rows[0]) : undefined;
  }

  async processByVersion(db: Queryable, bpmnProcessId: string, version: number): Promise<ProcessDefinitionRow | undefined> {
    const r = await db.query<PdDbRow>(`SELECT ${PD_COLUMNS} FROM engine.process_definition WHERE bpmn_process_id = $1 AND version = $2`, [
      bpmnProcessId,
      version,
    ]);
    return r.rows[0] ? toPd(r.rows[0]) : undefined;
  }

  async processByKey(db: Queryable, key: string): Promise<ProcessDefinitionRow | undefined> {
    const r = await db.query<PdDbRow>(`SELECT ${PD_COLUMNS} FROM engine.process_definition WHERE key = $1`, [key]);
    return r.rows[0] ? toPd(r.rows[0]) : undefined;
  }

  async insertProcess(
    db: Queryable,
    row: ProcessDefinitionRow & { name: string | undefined; deploymentKey: string; xml: string; at: number },
  ): Promise<void> {
    await db.query(
      `INSERT INTO engine.process_definition (key, bpmn_process_id, version, name, resource_name, checksum, deployment_key, model, xml, deployed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10::float8 / 1000))`,
      [
        row.key,
        row.bpmnProcessId,
        row.version,
        row.name ?? null,
        row.resourceName,
        row.checksum,
        row.deploymentKey,
        JSON.stringify(row.model),
        row.xml,
        row.at,
      ],
    );
  }

  async latestForm(db: Queryable, formId: string): Promise<FormRow | undefined> {
    const r = await db.query<{ key: string; form_id: string; version: number; resource_name: string; checksum: string }>(
      'SELECT key::text AS key, form_id, version, resource_name, checksum FROM engine.form WHERE form_id = $1 ORDER BY version DESC LIMIT 1',
      [formId],
    );
    const f = r.rows[0];
    return f ? { key: f.key, formId: f.form_id, version: f.version, resourceName: f.resource_name, checksum: f.checksum } : undefined;
  }

  async latestFormKeys(db: Queryable): Promise<Map<string, string>> {
    const r = await db.query<{ form_id: string; key: string }>(
      'SELECT DISTINCT ON (form_id) form_id, key::text AS key FROM engine.form ORDER BY form_id, version DESC',
    );
    return new Map(r.rows.map((x) => [x.form_id, x.key]));
  }

  async insertForm(db: Queryable, row: FormRow & { deploymentKey: string; schema: unknown; at: number }): Promise<void> {
    await db.query(
      `INSERT INTO engine.form (key, form_id, version, resource_name, checksum, deployment_key, schema, deployed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8::float8 / 1000))`,
      [row.key, row.formId, row.version, row.resourceName, row.checksum, row.deploymentKey, JSON.stringify(row.schema), row.at],
    );
  }
}
