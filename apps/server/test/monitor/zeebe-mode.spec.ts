/**
 * ENGINE=zeebe: the gateway gRPC API has no queries, so instance browsing answers 501 with
 * the route to take; operations by key still go through the gateway for an admin of the
 * root unit (no subtree can be checked without a reader).
 */
import { join } from 'node:path';
import { call, login, seedDemo } from '../identity/identity-client';
import { waitFor } from '../inbox/inbox-client';
import type { TestServer } from '../support/test-server';
import { startZeebeModeServer, type ZeebeClient, type ZeebeModeServer } from '../support/zeebe-mode-engine';
import { MONITOR_FIXTURES } from './monitor-client';

jest.setTimeout(120_000);

describe('the monitor on ENGINE=zeebe', () => {
  let zeebeMode: ZeebeModeServer;
  let server: TestServer;
  let zeebe: ZeebeClient;
  const tokens: Record<string, string> = {};

  const engineState = async (key: string): Promise<string | undefined> =>
    (await zeebeMode.engineSql.query('SELECT state FROM engine.process_instance WHERE key = $1', [key])).rows[0]?.state;

  beforeAll(async () => {
    zeebeMode = await startZeebeModeServer({
      PROCESSES_DIR: join(MONITOR_FIXTURES, 'processes'),
      FORMS_DIR: join(MONITOR_FIXTURES, 'forms'),
    });
    ({ server, zeebe } = zeebeMode);
    await seedDemo(server);
    for (const user of ['admin', 'city-admin']) tokens[user] = await login(server, user);
  });
  afterAll(async () => {
    await zeebeMode?.close();
  });

  it('answers 501 with the route to Camunda’s REST search for browsing', async () => {
    const list = await call(server, 'GET', '/api/process-instances', { token: tokens['city-admin'] });
    expect(list.status).toBe(501);
    expect(list.body).toMatchObject({ statusCode: 501, code: 'NOT_IMPLEMENTED' });
    expect(list.body.message).toContain('内嵌引擎');
    expect(list.body.message).toContain('/v2/process-instances/search');
    expect((await call(server, 'GET', '/api/process-instances/2251799813685249', { token: tokens['admin'] })).status).toBe(501);
  });

  it('still serves the deployed definitions with their XML', async () => {
    const list = await call(server, 'GET', '/api/process-definitions?bpmnProcessId=monitor-notify', { token: tokens['admin'] });
    expect(list.status).toBe(200);
    const one = await call(server, 'GET', `/api/process-definitions/${list.body[0].processDefinitionKey}`, { token: tokens['admin'] });
    expect(one.body.bpmnXml).toContain('monitor-notify');
  });

  it('cancels through the gateway for a root-unit admin; others get 501', async () => {
    const created = await zeebe.createProcessInstance({ bpmnProcessId: 'monitor-notify', variables: {} });
    const key = String(created.processInstanceKey);
    expect((await call(server, 'POST', `/api/process-instances/${key}/cancel`, { token: tokens['admin'] })).status).toBe(501);
    expect(await engineState(key)).toBe('ACTIVE');
    const canceled = await call(server, 'POST', `/api/process-instances/${key}/cancel`, { token: tokens['city-admin'] });
    expect(canceled.status).toBe(204);
    expect(await waitFor('the cancel', async () => ((await engineState(key)) === 'TERMINATED' ? true : undefined))).toBe(true);
    const gone = await call(server, 'POST', `/api/process-instances/2251799813999999/cancel`, { token: tokens['city-admin'] });
    expect(gone.status).toBe(404);
  });
});
