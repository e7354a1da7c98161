/**
 * The one place that says which entities and migrations make up the server's schema.
 * Used by the app at boot, by the migration scripts and by the test template database.
 * `synchronize` is never on: the schema changes only through the generated migrations.
 */
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function buildDataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [...ENTITIES],
    migrations: [...MIGRATIONS],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: 10 },
  };
}
