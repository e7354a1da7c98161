/** Helpers for the monitor specs: a test server deploying the monitor fixtures, seeded with the demo tree. */
import { join } from 'node:path';
import { call, login, seedDemo } from '../identity/identity-client';
import { startTestServer, type TestServer } from '../support/test-server';

export const MONITOR_FIXTURES = join(__dirname, 'fixtures');

export async function startMonitorServer(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer({
    PROCESSES_DIR: join(MONITOR_FIXTURES, 'processes'),
    FORMS_DIR: join(MONITOR_FIXTURES, 'forms'),
    ...env,
  });
  await seedDemo(server);
  return server;
}

export async function tokensFor(server: TestServer, users: readonly string[]): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const user of users) tokens[user] = await login(server, user);
  return tokens;
}

export { call };
