/** Helpers for the inbox specs: a test server deploying the fixture directories, and polling. */
import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/test-server';
import { call, type Json } from '../identity/identity-client';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const FIXTURE_ENV = { PROCESSES_DIR: join(FIXTURES, 'processes'), FORMS_DIR: join(FIXTURES, 'forms') };

export function startInboxServer(): Promise<TestServer> {
  return startTestServer(FIXTURE_ENV);
}

/** Polls until `probe` returns a value (not undefined); fails after 15 s. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The open task of an instance at an element, as `token` sees it in the inbox. */
export function waitForTask(server: { url: string }, token: string, processInstanceKey: string, elementId: string): Promise<Json> {
  return waitFor(`task ${elementId} of ${processInstanceKey}`, async () => {
    const response = await call(server as TestServer, 'GET', '/api/tasks?pageSize=100', { token });
    return response.body.items.find((t: Json) => t.processInstanceKey === processInstanceKey && t.elementId === elementId);
  });
}
