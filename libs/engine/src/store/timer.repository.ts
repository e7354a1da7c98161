/** Pending timers (`engine.timer`): due-timer lookup and the locking read of one due timer. */
import type { QueryResultRow } from 'pg';
import type { TimerRow } from '../runtime/types';
import { keyLiteral, type Queryable } from './database';

export const TIMER_COLUMNS = `key::text AS key, process_instance_key::text AS process_instance_key,
  element_instance_key::text AS element_instance_key, process_definition_key::text AS process_definition_key,
  bpmn_process_id, element_id, due::text AS due, fired, timer`;

export function toTimer(r: QueryResultRow): TimerRow {
  return {
    key: r.key as string,
    processInstanceKey: (r.process_instance_key as string | null) ?? null,
    elementInstanceKey: (r.element_instance_key as string | null) ?? null,
    processDefinitionKey: r.process_definition_key as string,
    bpmnProcessId: r.bpmn_process_id as string,
    elementId: r.element_id as string,
    due: Number(r.due),
    fired: Number(r.fired),
    timer: r.timer as unknown,
  };
}

/** The timer if it is still pending and due; skips a row another engine is firing right now. */
export function lockDueTimerSql(key: string, now: number): string {
  return `SELECT ${TIMER_COLUMNS} FROM engine.timer WHERE key = ${keyLiteral(key)} AND due <= ${Math.floor(now)} FOR UPDATE SKIP LOCKED`;
}

/** Like `lockDueTimerSql` for several timers (a batch of firings). */
export function lockDueTimersSql(keys: readonly string[], now: number): string {
  return `SELECT ${TIMER_COLUMNS} FROM engine.timer WHERE key IN (${keys.map(keyLiteral).join(',')}) AND due <= ${Math.floor(now)}
    ORDER BY due, key FOR UPDATE SKIP LOCKED`;
}

export class TimerRepository {
  async due(db: Queryable, now: number, limit: number): Promise<TimerRow[]> {
    const r = await db.query(`SELECT ${TIMER_COLUMNS} FROM engine.timer WHERE due <= $1 ORDER BY due, key LIMIT $2`, [
      Math.floor(now),
      limit,
    ]);
    return r.rows.map(toTimer);
  }

  async deleteStartTimers(db: Queryable, bpmnProcessId: string): Promise<void> {
    await db.query('DELETE FROM engine.timer WHERE bpmn_process_id = $1 AND process_instance_key IS NULL', [bpmnProcessId]);
  }

  async delete(db: Queryable, key: string): Promise<void> {
    await db.query('DELETE FROM engine.timer WHERE key = $1', [key]);
  }
}
