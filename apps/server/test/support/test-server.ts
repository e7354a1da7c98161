/**
 * An in-process server for integration tests: its own migrated database, the embedded
 * engine on a free port, HTTP on a free port. Requests go through real HTTP (fetch).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@rp/testing';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { startServer, type RunningServer } from '../../src/server';
import { seedDemoIfWanted } from '../../src/startup';

export interface TestServer {
  readonly url: string;
  readonly config: AppConfig;
  readonly database: TestDatabase;
  readonly server: RunningServer;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'rp-server-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    PORT: '0',
    ENGINE_GRPC_PORT: '0',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const server = await startServer(config, database.url);
  await seedDemoIfWanted(server, config);
  return {
    url: server.url,
    config,
    database,
    server,
    close: async () => {
      await server.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
