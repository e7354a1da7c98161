/** Helpers for the inbox specs: a test server deploying the fixture directories, and polling. */
import { join } from 'node:path';
import { deployResources, listResources, WORKFLOW_CLIENT, type WorkflowClient } from '@rp/workflow';
import { WorkflowEngineService } from '../../src/engine/workflow-engine.service';
import { DeploymentService } from '../../src/processes/deployment.service';
import { startTestServer, type TestServer } from '../support/test-server';
import { call, type Json } from '../identity/identity-client';

export const FIXTURES = join(__dirname, '..', 'fixtures');
export const FIXTURE_ENV = { PROCESSES_DIR: join(FIXTURES, 'processes'), FORMS_DIR: join(FIXTURES, 'forms') };

export function startInboxServer(): Promise<TestServer> {
  return startTestServer(FIXTURE_ENV);
}

/** Polls until `probe` returns a value (not undefined); fails after 30 s (generous: the machine is shared). */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
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

/** A fixture of the inbox specs alone: `inbox-due`, one task for 南营社区 due when its `dueDate` variable says. */
export const DUE_FIXTURE_DIR = join(__dirname, 'fixtures');

/** Deploys `inbox-due` the way the server deploys at boot: DeployResource, then the process registry. */
export async function deployDueFixture(server: TestServer): Promise<void> {
  const client = server.server.app.get<() => WorkflowClient>(WORKFLOW_CLIENT)();
  const deployment = server.server.app.get(DeploymentService);
  for (const outcome of await deployResources(client, listResources([DUE_FIXTURE_DIR]))) {
    if (!outcome.ok) throw new Error(`inbox-due fixture rejected: ${outcome.reason}`);
    await deployment.record(outcome);
  }
}

/** Starts `inbox-due` for 南营社区 with the given due date; returns the instance key. */
export async function startDue(server: TestServer, due: Date): Promise<string> {
  const created = await server.server.app
    .get(WorkflowEngineService)
    .grpc()
    .createProcessInstance({ bpmnProcessId: 'inbox-due', variables: { communityId: 'wf-dongda-nanying', dueDate: due.toISOString() } });
  return String(created.processInstanceKey);
}
