/**
 * Gives the server a migrated PostgreSQL: the one in DATABASE_URL, or an embedded one
 * under DATA_DIR/postgres started here. Migrations run before anything else touches it.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ensureDatabase, startEmbeddedPostgres, type RunningPostgres } from '@rp/postgres';
import type { AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source-options';

export const EMBEDDED_DATABASE_NAME = 'red_property';

export interface OpenedDatabase {
  readonly url: string;
  /** Present when this process started the server; stop it last on shutdown. */
  readonly embedded?: RunningPostgres;
}

export async function openDatabase(config: AppConfig, logger: Logger): Promise<OpenedDatabase> {
  let opened: OpenedDatabase;
  if (config.databaseUrl) {
    opened = { url: config.databaseUrl };
  } else {
    const started = Date.now();
    const embedded = await startEmbeddedPostgres({
      dataDir: join(config.dataDir, 'postgres'),
      port: config.embeddedPgPort,
      onLog: (line) => logger.debug({ component: 'postgres' }, line),
    });
    await ensureDatabase(embedded.url(), EMBEDDED_DATABASE_NAME);
    opened = { url: embedded.url(EMBEDDED_DATABASE_NAME), embedded };
    logger.info(
      { component: 'postgres', port: embedded.port, initialised: embedded.initialised, ms: Date.now() - started },
      embedded.initialised ? 'embedded PostgreSQL initialised and started' : 'embedded PostgreSQL started',
    );
  }
  await migrate(opened.url, logger);
  return opened;
}

export async function migrate(url: string, logger: Logger): Promise<void> {
  const dataSource = new DataSource(buildDataSourceOptions(url));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.info({ component: 'database', migrations: applied.map((m) => m.name) }, 'migrations applied');
  } finally {
    await dataSource.destroy();
  }
}
