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
  bpmnProcessId: string;
}

export function lockSubscriptionSql(key: string): string {
  return `SELECT ${SUBSCRIPTION_COLUMNS} FROM engine.message_subscription WHERE key = ${keyLiteral(key)} FOR UPDATE`;
}

/** Several subscriptions (a batch of correlations; their instances are locked first). */
export function lockSubscriptionsSql(keys: readonly string[]): string {
  return `SELECT ${SUBSCRIPTION_COLUMNS} FROM engine.message_subscription WHERE key IN (${keys.map(keyLiteral).join(',')}) ORDER BY key FOR UPDATE`;
}

/** The messages of a batch of correlations, and which of them already correlated to the batch's instances. */
export function messagesSql(keys: readonly string[]): string {
  return `SELECT key::text AS key, name, correlation_key, variables FROM engine.message WHERE key IN (${keys.map(keyLiteral).join(',')})`;
}

export function correlationsSql(messageKeys: readonly string[], targets: readonly string[]): string {
  const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
  return `SELECT message_key::text AS message_key, target FROM engine.message_correlation
    WHERE message_key IN (${messageKeys.map(keyLiteral).join(',')}) AND target IN (${targets.map(literal).join(',')})`;
}

export function toStoredMessage(r: QueryResultRow): StoredMessage {
  return {
    key: r.key as string,
    name: r.name as string,
    correlationKey: r.correlation_key as string,
    variables: r.variables as Record<string, unknown>,
  };
}

export class MessageRepository {
  /**
   * Serialises publishes of the same message ids: transaction advisory locks taken in hash
   * order, so two batches sharing ids cannot deadlock.
   */
  async lockMessageIds(db: Queryable, names: readonly string[], messageIds: readonly string[]): Promise<void> {
    await db.query(
      `SELECT pg_advisory_xact_lock(h) FROM (
         SELECT DISTINCT hashtext('engine.message:' || n || ':' || i) AS h FROM unnest($1::text[], $2::text[]) AS t(n, i)
         ORDER BY h OFFSET 0) ids`,
      [names, messageIds],
    );
  }

  /** Which of these (name, message id) pairs belong to a message still buffered at `now`. */
  async idsInUse(
    db: Queryable,
    names: readonly string[],
    messageIds: readonly string[],
    now: number,
  ): Promise<Array<{ name: string; messageId: string }>> {
    const r = await db.query<{ name: string; message_id: string }>(
      `SELECT DISTINCT m.name, m.message_id FROM engine.message m
       JOIN unnest($1::text[], $2::text[]) AS t(n, i) ON m.name = t.n AND m.message_id = t.i
       WHERE m.expires_at > $3`,
      [names, messageIds, Math.floor(now)],
    );
    return r.rows.map((x) => ({ name: x.name, messageId: x.message_id }));
  }

  /** Stores published messages (`expires_at` = `at` + TTL, engine time). */
  async insertMany(
    db: Queryable,
    messages: ReadonlyArray<{
      key: string;
      name: string;
      correlationKey: string;
      messageId: string;
      variables: Record<string, unknown>;
      ttlMs: number;
    }>,
    at: number,
  ): Promise<void> {
    if (messages.length === 0) return;
    await db.query(
      `INSERT INTO engine.message (key, name, correlation_key, message_id, variables, published_at, expires_at)
       SELECT m.key, m.name, m.ckey, NULLIF(m.mid, ''), m.vars, $2, $2 + GREATEST(m.ttl, 0)
       FROM jsonb_to_recordset($1::jsonb) AS m(key bigint, name text, ckey text, mid text, vars jsonb, ttl bigint)`,
      [
        JSON.stringify(
          messages.map((m) => ({
            key: m.key,
            name: m.name,
            ckey: m.correlationKey,
            mid: m.messageId,
            vars: m.variables,
            ttl: Math.floor(m.ttlMs),
          })),
        ),
        Math.floor(at),
      ],
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
   * subscription opened, and not yet correlated to that process (`correlationTarget`).
   */
  async pending(db: Queryable, now: number, limit: number): Promise<PendingCorrelation[]> {
    const r = await db.query<{
      message_key: string;
      subscription_key: string;
      process_instance_key: string | null;
      bpmn_process_id: string;
    }>(
      // Two joins rather than one with `OR`: an OR in the join condition rules out a hash
      // join on (name, correlation key) and makes 10,000 × 10,000 pairs a nested loop.
      `SELECT message_key::text AS message_key, subscription_key::text AS subscription_key,
              process_instance_key::text AS process_instance_key, bpmn_process_id
       FROM (
         SELECT m.key AS message_key, s.key AS subscription_key, s.process_instance_key, s.bpmn_process_id
         FROM engine.message m
         JOIN engine.message_subscription s ON s.message_name = m.name AND s.correlation_key = m.correlation_key
         WHERE s.process_instance_key IS NOT NULL
           AND (m.expires_at > $1 OR s.created_at <= m.published_at)
           AND NOT EXISTS (SELECT 1 FROM engine.message_correlation c
                           WHERE c.message_key = m.key AND c.target = 'process:' || s.bpmn_process_id)
         UNION ALL
         SELECT m.key, s.key, NULL, s.bpmn_process_id
         FROM engine.message m
         JOIN engine.message_subscription s ON s.message_name = m.name
         WHERE s.process_instance_key IS NULL
           AND (m.expires_at > $1 OR s.created_at <= m.published_at)
           AND NOT EXISTS (SELECT 1 FROM engine.message_correlation c
                           WHERE c.message_key = m.key AND c.target = 'process:' || s.bpmn_process_id)
       ) candidates
       ORDER BY message_key, subscription_key
       LIMIT $2`,
      [Math.floor(now), limit],
    );
    return r.rows.map((x) => ({
      messageKey: x.message_key,
      subscriptionKey: x.subscription_key,
      processInstanceKey: x.process_instance_key,
      bpmnProcessId: x.bpmn_process_id,
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
