/**
 * ENGINE=zeebe: the gateway cannot say which unit an instance belongs to, but the server's
 * own tables often can — the audit log's `start` entry for every instance started through
 * the server (the unit it checked and set), and the inbox for every instance that ever had a
 * user task (the instance's variables as the task's job carried them). The unit is found by
 * the rule the monitor applies to the engine's tables: the unit variables, deepest first. The
 * monitor's operations use this to keep an admin inside their subtree without an engine
 * history to read (docs/monitor.md).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { UNIT_VARIABLES_DEEPEST_FIRST } from '../processes/org-variables';

/** The unit an inbox task's copy of the instance variables names (not the unit of the task's step). */
const TASK_INSTANCE_UNIT = `COALESCE(${UNIT_VARIABLES_DEEPEST_FIRST.map((name) => `variables->>'${name}'`).join(', ')})`;

export interface KnownInstanceUnit {
  readonly orgUnitId: string | null;
  readonly orgPath: string;
  readonly bpmnProcessId: string | null;
}

/**
 * Whether an admin may operate on an instance the server knows these units of: all of them
 * inside the admin's subtree; an instance with none known only for an admin of a root unit
 * (the city), since nothing narrower can be checked.
 */
export function mayOperateOnInstance(
  scope: { canManage(path: string): boolean },
  rootAdmin: boolean,
  knownPaths: readonly string[],
): boolean {
  return knownPaths.length === 0 ? rootAdmin : knownPaths.every((path) => scope.canManage(path));
}

@Injectable()
export class KnownInstanceUnits {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The distinct units the server has recorded for an instance, with their current paths:
   * the start first (set by the server itself), then the inbox tasks', oldest first. Empty
   * when the server never saw the instance or its variables name no unit it knows.
   */
  async of(processInstanceKey: string): Promise<KnownInstanceUnit[]> {
    const rows = await this.dataSource.query<KnownInstanceUnit[]>(
      `SELECT u.id AS "orgUnitId", u.path AS "orgPath", known.bpmn_process_id AS "bpmnProcessId"
       FROM (
         SELECT org_unit_id AS unit_id, bpmn_process_id, 0 AS source, at AS seen_at
         FROM audit_log WHERE action = 'start' AND process_instance_key = $1
         UNION ALL
         SELECT ${TASK_INSTANCE_UNIT}, bpmn_process_id, 1, created_at
         FROM inbox_tasks WHERE process_instance_key = $1
       ) known
       JOIN org_units u ON u.id = known.unit_id
       ORDER BY known.source, known.seen_at`,
      [processInstanceKey],
    );
    const seen = new Set<string>();
    return rows.filter((row) => !seen.has(row.orgPath) && seen.add(row.orgPath));
  }
}
