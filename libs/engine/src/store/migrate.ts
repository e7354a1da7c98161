/**
 * Applies the engine's SQL migrations (`migrations/*.sql`, in name order) once each,
 * under a PostgreSQL advisory lock so several engines starting together do not race.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';

/** Arbitrary constant shared by every engine process: "engine" in ASCII. */
const MIGRATION_LOCK_ID = 0x656e67696e65;

export async function migrate(pool: Pool): Promise<string[]> {
  const dir = join(__dirname, 'migrations');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await client.query('CREATE SCHEMA IF NOT EXISTS engine');
      await client.query(
        'CREATE TABLE IF NOT EXISTS engine.schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set((await client.query<{ name: string }>('SELECT name FROM engine.schema_migration')).rows.map((r) => r.name));
      for (const file of files) {
        if (done.has(file)) continue;
        const sql = readFileSync(join(dir, file), 'utf8');
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO engine.schema_migration (name) VALUES ($1)', [file]);
          await client.query('COMMIT');
          applied.push(file);
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    client.release();
  }
  return applied;
}
