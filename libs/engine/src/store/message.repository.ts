/** Messages, message subscriptions and correlations (`003_messages.sql`). */
import type { QueryResultRow } from 'pg';
import type { SubscriptionRow } from '../runtime/types';
import { keyLiteral, type Queryable } from './database';

export const SUBSCRIPTION_COLUMNS = `key::text AS key, process_instance_key::text AS process_instance_key,
  element_instance_key::text AS element_instance_key, process_definition_key::text AS process_definition_key,
  bpmn_process_id, element_id, message_name, correlation_key`;

export function toSubscription(r: QueryResultRow): SubscriptionRow {
  return {
    key: r.key as string,
    processInstanceKey: (r.process_instance_key as string | null) ?? null,
    elementInstanceKey: (r.element_instance_key as string | null) ?? null,
    processDefinitionKey: r.process_definition_key as string,
    bpmnProcessId: r.bpmn_process_id as string,
    elementId: r.element_id as string,
    messageName: r.message_name as string,
    correlationKey: r.correlation_key as string,
  };
}

export interface StoredMessage {
  key: string;
  name: string;
  correlationKey: string;
  variables: Record<string, unknown>;
}

/** A message that may correlate to a subscription (not yet correlated to its instance / process). */
export interface PendingCorrelation {
  messageKey: string;
  subscriptionKey: string;
  processInstanceKey: string | null;
}

export function lockSubscriptionSql(key: string): string {
  return `SELECT ${SUBSCRIPTION_COLUMNS} FROM engine.message_subscription WHERE key = ${keyLiteral(key)} FOR UPDATE`;
}

export class MessageRepository {
  /** Serialises publishes of one message id (and deployments' start subscriptions with their correlations). */
  async lockMessageId(db: Queryable, name: string, messageId: string): Promise<void> {
    await db.query("SELECT pg_advisory_xact_lock(hashtext('engine.message:' || $1 || ':' || $2))", [name, messageId]);
  }

  async idInUse(db: Queryable, name: string, messageId: string, now: number): Promise<boolean> {
    const r = await db.query('SELECT 1 FROM engine.message WHERE name = $1 AND message_id = $2 AND expires_at > $3 LIMIT 1', [
      name,
      messageId,
      Math.floor(now),
    ]);
    return r.rows.length > 0;
  }

  async insert(
    db: Queryable,
    m: {
      key: string;
      name: string;
      correlationKey: string;
      messageId: string;
      variables: Record<string, unknown>;
      at: number;
      ttl: number;
    },
  ): Promise<void> {
    await db.query(
      `INSERT INTO engine.message (key, name, correlation_key, message_id, variables, published_at, expires_at)
       VALUES ($1, $2, $3, NULLIF($4, ''), $5::jsonb, $6, $7)`,
      [m.key, m.name, m.correlationKey, m.messageId, JSON.stringify(m.variables), Math.floor(m.at), Math.floor(m.at + Math.max(0, m.ttl))],
    );
  }

  async find(db: Queryable, key: string): Promise<StoredMessage | undefined> {
    const r = await db.query<{ key: string; name: string; correlation_key: string; variables: Record<string, unknown> }>(
      'SELECT key::text AS key, name, correlation_key, variables FROM engine.message WHERE key = $1',
      [key],
    );
    const row = r.rows[0];
    return row ? { key: row.key, name: row.name, correlationKey: row.correlation_key, variables: row.variables } : undefined;
  }

  async correlated(db: Queryable, messageKey: string, target: string): Promise<boolean> {
    const r = await db.query('SELECT 1 FROM engine.message_correlation WHERE message_key = $1 AND target = $2', [messageKey, target]);
    return r.rows.length > 0;
  }

  /**
   * Pairs (message, open subscription) that may correlate: same name (and correlation key,
   * except for start events), the message still buffered or published after the
   * subscription opened, and not yet correlated to that instance / process id.
   */
  async pending(db: Queryable, now: number, limit: number): Promise<PendingCorrelation[]> {
    const r = await db.query<{ message_key: string; subscription_key: string; process_instance_key: string | null }>(
      `SELECT m.key::text AS message_key, s.key::text AS subscription_key, s.process_instance_key::text AS process_instance_key
       FROM engine.message m
       JOIN engine.message_subscription s
         ON s.message_name = m.name AND (s.process_instance_key IS NULL OR s.correlation_key = m.correlation_key)
       WHERE (m.expires_at > $1 OR s.created_at <= m.published_at)
         AND NOT EXISTS (SELECT 1 FROM engine.message_correlation c
                         WHERE c.message_key = m.key
                           AND c.target = COALESCE(s.process_instance_key::text, 'start:' || s.bpmn_process_id))
       ORDER BY m.key, s.key
       LIMIT $2`,
      [Math.floor(now), limit],
    );
    return r.rows.map((x) => ({
      messageKey: x.message_key,
      subscriptionKey: x.subscription_key,
      processInstanceKey: x.process_instance_key,
    }));
  }

  /** Forgets messages that expired more than `graceMs` ago (their correlations with them). */
  async purgeExpired(db: Queryable, now: number, graceMs: number): Promise<void> {
    await db.query(
      `WITH gone AS (DELETE FROM engine.message WHERE expires_at < $1 RETURNING key)
       DELETE FROM engine.message_correlation WHERE message_key IN (SELECT key FROM gone)`,
      [Math.floor(now - graceMs)],
    );
  }

  async deleteStartSubscriptions(db: Queryable, bpmnProcessId: string): Promise<void> {
    await db.query('DELETE FROM engine.message_subscription WHERE bpmn_process_id = $1 AND process_instance_key IS NULL', [bpmnProcessId]);
  }

  async startInstanceActive(db: Queryable, bpmnProcessId: string, correlationKey: string): Promise<boolean> {
    const r = await db.query(
      `SELECT 1 FROM engine.message_start_instance s JOIN engine.process_instance p ON p.key = s.process_instance_key
       WHERE s.bpmn_process_id = $1 AND s.correlation_key = $2 AND p.state = 'ACTIVE'`,
      [bpmnProcessId, correlationKey],
    );
    return r.rows.length > 0;
  }

  async recordStartInstance(db: Queryable, bpmnProcessId: string, correlationKey: string, processInstanceKey: string): Promise<void> {
    await db.query(
      `INSERT INTO engine.message_start_instance (bpmn_process_id, correlation_key, process_instance_key) VALUES ($1, $2, $3)
       ON CONFLICT (bpmn_process_id, correlation_key) DO UPDATE SET process_instance_key = EXCLUDED.process_instance_key`,
      [bpmnProcessId, correlationKey, processInstanceKey],
    );
  }
}
