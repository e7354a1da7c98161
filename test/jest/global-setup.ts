/**
 * Jest global setup: starts one throwaway embedded PostgreSQL for the whole run and
 * migrates the template database that every spec file clones.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../apps/server/src/database/data-source-options';
import { startEmbeddedPostgres } from '../../libs/postgres/src/embedded-postgres';
import { databaseUrl, TEMPLATE_DATABASE, TEST_PG_URL_ENV } from '../../libs/testing/src/test-postgres';

export default async function globalSetup(): Promise<void> {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'rp-test-pg-')), 'data');
  const postgres = await startEmbeddedPostgres({
    dataDir,
    port: 0,
    // A throwaway cluster: durability of the machine's disk is not under test here.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  const serverUrl = postgres.url();
  process.env[TEST_PG_URL_ENV] = serverUrl;
  (globalThis as { __rpTestPostgres?: unknown }).__rpTestPostgres = { postgres, dataDir };

  const admin = new DataSource({ type: 'postgres', url: serverUrl });
  await admin.initialize();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.destroy();

  const template = new DataSource(buildDataSourceOptions(databaseUrl(serverUrl, TEMPLATE_DATABASE)));
  await template.initialize();
  await template.runMigrations();
  await template.destroy();
}
