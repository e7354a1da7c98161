/** Signal subscriptions (`004_signals.sql`). */
import type { QueryResultRow } from 'pg';
import type { SignalSubscriptionRow } from '../runtime/types';
import { keyLiteral, type Queryable } from './database';

export const SIGNAL_COLUMNS = `key::text AS key, process_instance_key::text AS process_instance_key,
  element_instance_key::text AS element_instance_key, process_definition_key::text AS process_definition_key,
  bpmn_process_id, element_id, signal_name`;

export function toSignalSubscription(r: QueryResultRow): SignalSubscriptionRow {
  return {
    key: r.key as string,
    processInstanceKey: (r.process_instance_key as string | null) ?? null,
    elementInstanceKey: (r.element_instance_key as string | null) ?? null,
    processDefinitionKey: r.process_definition_key as string,
    bpmnProcessId: r.bpmn_process_id as string,
    elementId: r.element_id as string,
    signalName: r.signal_name as string,
  };
}

export function lockSignalSql(key: string): string {
  return `SELECT ${SIGNAL_COLUMNS} FROM engine.signal_subscription WHERE key = ${keyLiteral(key)} FOR UPDATE`;
}

export class SignalRepository {
  async byName(db: Queryable, name: string): Promise<SignalSubscriptionRow[]> {
    const r = await db.query(`SELECT ${SIGNAL_COLUMNS} FROM engine.signal_subscription WHERE signal_name = $1 ORDER BY key`, [name]);
    return r.rows.map(toSignalSubscription);
  }

  async deleteStartSubscriptions(db: Queryable, bpmnProcessId: string): Promise<void> {
    await db.query('DELETE FROM engine.signal_subscription WHERE bpmn_process_id = $1 AND process_instance_key IS NULL', [bpmnProcessId]);
  }
}
