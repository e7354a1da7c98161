/**
 * The instance reader over the embedded engine's tables (schema `engine`, see
 * libs/engine/src/store/migrations), joined with the server's organisation tree, users and
 * process registry. An instance belongs to the unit its variables name, deepest first
 * (processes/org-variables.ts) — the same rule the analytics loader and the inbox use.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UNIT_VARIABLES_DEEPEST_FIRST } from '../processes/org-variables';
import type { ElementRow, IncidentRow, InstanceFilter, InstanceReader, InstanceRow, InstanceWithVariables } from './instance-reader';

const UNIT_EXPRESSION = `COALESCE(${UNIT_VARIABLES_DEEPEST_FIRST.map((name) => `p.variables->>'${name}'`).join(', ')})`;

/** Columns of one instance row, aliased to InstanceRow's fields. */
const INSTANCE_COLUMNS = `
  p.key::text AS "key", p.process_definition_key::text AS "processDefinitionKey", p.bpmn_process_id AS "bpmnProcessId",
  COALESCE(r.name, d.name) AS "processName", p.version, p.state AS "engineState",
  (SELECT count(*)::int FROM engine.incident i WHERE i.process_instance_key = p.key AND i.state = 'ACTIVE') AS "incidentCount",
  COALESCE(u.id, ${UNIT_EXPRESSION}) AS "orgUnitId", u.name AS "orgUnitName", u.path AS "orgPath",
  p.started_at AS "startedAt", p.ended_at AS "endedAt",
  p.variables->>'startedBy' AS "starterId", su.username AS "starterUsername", su.display_name AS "starterName"`;

const INSTANCE_FROM = `
  FROM engine.process_instance p
  JOIN engine.process_definition d ON d.key = p.process_definition_key
  LEFT JOIN process_definitions r ON r.process_definition_key = p.process_definition_key
  LEFT JOIN org_units u ON u.id = ${UNIT_EXPRESSION}
  LEFT JOIN users su ON su.id::text = p.variables->>'startedBy'`;

const OPEN_INCIDENT = "EXISTS (SELECT 1 FROM engine.incident i WHERE i.process_instance_key = p.key AND i.state = 'ACTIVE')";

const STATE_CONDITIONS = {
  active: `p.state = 'ACTIVE' AND NOT ${OPEN_INCIDENT}`,
  incident: `p.state = 'ACTIVE' AND ${OPEN_INCIDENT}`,
  completed: "p.state = 'COMPLETED'",
  canceled: "p.state = 'TERMINATED'",
} as const;

/** Flow-node names: the server's registry first (it read them from the XML), else the engine's compiled model. */
const ELEMENT_NAME = (alias: string): string =>
  `COALESCE(r.user_tasks->${alias}.element_id->>'name', d.model->'elements'->${alias}.element_id->>'name')`;

@Injectable()
export class EngineTablesInstanceReader implements InstanceReader {
  readonly available = true;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(filter: InstanceFilter): Promise<{ rows: InstanceRow[]; total: number }> {
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const scope = `u.path LIKE ANY(${param(filter.scopePaths.map((path) => `${path}%`))}::text[])`;
    const where = [filter.includeUnscoped ? `(${scope} OR u.id IS NULL)` : scope];
    if (filter.bpmnProcessId !== undefined) where.push(`p.bpmn_process_id = ${param(filter.bpmnProcessId)}`);
    if (filter.state !== undefined) where.push(STATE_CONDITIONS[filter.state]);
    if (filter.startedFrom !== undefined) where.push(`p.started_at >= ${param(filter.startedFrom)}`);
    if (filter.startedTo !== undefined) where.push(`p.started_at < ${param(filter.startedTo)}`);
    if (filter.q !== undefined && filter.q.trim() !== '') {
      const text = filter.q.trim();
      const like = param(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(
        `(p.key::text = ${param(text)} OR p.bpmn_process_id ILIKE ${like} OR COALESCE(r.name, d.name) ILIKE ${like}
          OR u.name ILIKE ${like} OR su.display_name ILIKE ${like} OR su.username ILIKE ${like} OR p.variables::text ILIKE ${like})`,
      );
    }
    const condition = where.join(' AND ');
    const [{ total }] = await this.dataSource.query<{ total: number }[]>(
      `SELECT count(*)::int AS total ${INSTANCE_FROM} WHERE ${condition}`,
      params,
    );
    const rows = await this.dataSource.query<InstanceRow[]>(
      `SELECT ${INSTANCE_COLUMNS} ${INSTANCE_FROM} WHERE ${condition}
       ORDER BY p.started_at DESC, p.key DESC LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    );
    return { rows, total };
  }

  async find(processInstanceKey: string): Promise<InstanceWithVariables | null> {
    const rows = await this.dataSource.query<InstanceWithVariables[]>(
      `SELECT ${INSTANCE_COLUMNS}, p.variables ${INSTANCE_FROM} WHERE p.key = $1`,
      [processInstanceKey],
    );
    return rows[0] ?? null;
  }

  elements(processInstanceKey: string): Promise<ElementRow[]> {
    return this.dataSource.query<ElementRow[]>(
      `SELECT e.key::text AS "key", e.element_id AS "elementId", ${ELEMENT_NAME('e')} AS "name", e.element_type AS "type",
              e.state, e.activated_at AS "activatedAt", COALESCE(e.completed_at, e.terminated_at) AS "endedAt"
       FROM engine.element_instance e
       JOIN engine.process_definition d ON d.key = e.process_definition_key
       LEFT JOIN process_definitions r ON r.process_definition_key = e.process_definition_key
       WHERE e.process_instance_key = $1 AND e.element_type <> 'PROCESS'
       ORDER BY e.activated_at, e.key`,
      [processInstanceKey],
    );
  }

  openIncidents(processInstanceKey: string): Promise<IncidentRow[]> {
    return this.incidents('i.process_instance_key = $1 AND i.state = $2', [processInstanceKey, 'ACTIVE']);
  }

  async incident(incidentKey: string): Promise<IncidentRow | null> {
    return (await this.incidents('i.key = $1', [incidentKey]))[0] ?? null;
  }

  private incidents(condition: string, params: unknown[]): Promise<IncidentRow[]> {
    return this.dataSource.query<IncidentRow[]>(
      `SELECT i.key::text AS "key", i.process_instance_key::text AS "processInstanceKey", i.element_id AS "elementId",
              ${ELEMENT_NAME('i')} AS "elementName", i.error_type AS "errorType", i.error_message AS "errorMessage",
              i.job_key::text AS "jobKey", i.state, i.created_at AS "createdAt"
       FROM engine.incident i
       JOIN engine.process_definition d ON d.key = i.process_definition_key
       LEFT JOIN process_definitions r ON r.process_definition_key = i.process_definition_key
       WHERE ${condition}
       ORDER BY i.created_at, i.key`,
      params,
    );
  }
}
