/**
 * ENGINE=zeebe: the gateway gRPC API has no queries, so instance browsing answers 501 with
 * the route to take; operations by key still go through the gateway — inside the admin's
 * subtree when the server recorded the instance's unit (its start, its inbox tasks), and for
 * an admin of the root unit only when it did not.
 */
import { join } from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { call, login, seedDemo, type Json } from '../identity/identity-client';
import { waitFor } from '../inbox/inbox-client';
import type { TestServer } from '../support/test-server';
import { startZeebeModeServer, type ZeebeClient, type ZeebeModeServer } from '../support/zeebe-mode-engine';
import { MONITOR_FIXTURES } from './monitor-client';

jest.setTimeout(120_000);

describe('the monitor on ENGINE=zeebe', () => {
  let zeebeMode: ZeebeModeServer;
  let server: TestServer;
  let zeebe: ZeebeClient;
  let db: DataSource;
  const tokens: Record<string, string> = {};

  const engineState = async (key: string): Promise<string | undefined> =>
    (await zeebeMode.engineSql.query('SELECT state FROM engine.process_instance WHERE key = $1', [key])).rows[0]?.state;
  const waitForEngineState = (key: string, state: string) =>
    waitFor(`instance ${key} ${state}`, async () => ((await engineState(key)) === state ? true : undefined));
  const cancel = (key: string, user: string) => call(server, 'POST', `/api/process-instances/${key}/cancel`, { token: tokens[user] });
  const setVariables = (key: string, user: string, variables: Json) =>
    call(server, 'PUT', `/api/process-instances/${key}/variables`, { token: tokens[user], body: { variables } });

  beforeAll(async () => {
    zeebeMode = await startZeebeModeServer({
      PROCESSES_DIR: join(MONITOR_FIXTURES, 'processes'),
      FORMS_DIR: join(MONITOR_FIXTURES, 'forms'),
    });
    ({ server, zeebe } = zeebeMode);
    db = server.server.app.get<DataSource>(getDataSourceToken());
    await seedDemo(server);
    for (const user of ['admin', 'city-admin', 'branch']) tokens[user] = await login(server, user);
    // An admin of another district (北关区), to check that subtrees stay apart.
    const created = await call(server, 'POST', '/api/users', {
      token: tokens['city-admin'],
      body: {
        username: 'bg-admin',
        displayName: '北关区系统管理员',
        password: 'demo1234',
        memberships: [{ orgUnitId: 'bg', role: 'admin' }],
      },
    });
    expect(created.status).toBe(201);
    tokens['bg-admin'] = await login(server, 'bg-admin');
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

  it('leaves an instance of no known unit to a root-unit admin; others get 404', async () => {
    const created = await zeebe.createProcessInstance({ bpmnProcessId: 'monitor-notify', variables: {} });
    const key = String(created.processInstanceKey);
    const refused = await cancel(key, 'admin');
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect((await setVariables(key, 'admin', { note: '补充说明' })).status).toBe(404);
    expect((await call(server, 'POST', '/api/incidents/2251799813999998/resolve', { token: tokens['admin'], body: {} })).status).toBe(404);
    expect(await engineState(key)).toBe('ACTIVE');
    expect((await cancel(key, 'city-admin')).status).toBe(204);
    expect(await waitForEngineState(key, 'TERMINATED')).toBe(true);
    expect((await cancel('2251799813999999', 'city-admin')).status).toBe(404);
  });

  it('lets a community admin operate on an instance started in their community', async () => {
    // Started through the server: the audit log's start entry names 锦绣花园 (南营社区).
    const started = await call(server, 'POST', '/api/processes/monitor-repair/instances', {
      token: tokens['branch'],
      body: { data: { budget: 500, title: '楼道灯维修' } },
    });
    expect(started.status).toBe(201);
    const key: string = started.body.processInstanceKey;
    expect((await setVariables(key, 'admin', { note: '补充说明' })).status).toBe(204);
    expect((await cancel(key, 'admin')).status).toBe(204);
    expect(await waitForEngineState(key, 'TERMINATED')).toBe(true);
    // The audit entry carries the recorded unit, so the community admin finds it in their audit log.
    const audit = await call(server, 'GET', '/api/audit?action=cancel&pageSize=100', { token: tokens['admin'] });
    expect(audit.status).toBe(200);
    expect(audit.body.items.find((entry: Json) => entry.processInstanceKey === key)).toMatchObject({
      action: 'cancel',
      user: { username: 'admin' },
      bpmnProcessId: 'monitor-repair',
      orgUnitId: 'wf-dongda-nanying-jinxiu',
    });
  });

  it('answers 404 to a community admin for another district’s instance, known from its inbox task', async () => {
    // Started through gRPC, so no start entry: the unit is known once the inbox projects the user task.
    const created = await zeebe.createProcessInstance({
      bpmnProcessId: 'monitor-repair',
      variables: {
        orgUnitId: 'bg-hongqi-zhangbei-heping',
        compoundId: 'bg-hongqi-zhangbei-heping',
        communityId: 'bg-hongqi-zhangbei',
        streetId: 'bg-hongqi',
        districtId: 'bg',
        cityId: 'anyang',
        budget: 500,
        title: '外墙修补',
      },
    });
    const key = String(created.processInstanceKey);
    const [task] = await waitFor('the inbox task', async () => {
      const rows: { variables: Json }[] = await db.query('SELECT variables FROM inbox_tasks WHERE process_instance_key = $1', [key]);
      return rows.length > 0 ? rows : undefined;
    });
    // The task keeps the instance's unit variables: 和平里小区, inside 北关区.
    expect(task?.variables.orgUnitId).toBe('bg-hongqi-zhangbei-heping');

    const refused = await cancel(key, 'admin');
    expect(refused.status).toBe(404);
    expect(refused.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    expect((await setVariables(key, 'admin', { note: '补充说明' })).status).toBe(404);
    expect(await engineState(key)).toBe('ACTIVE');
    // The district's own admin (not a root-unit admin) may: the unit is known.
    expect((await cancel(key, 'bg-admin')).status).toBe(204);
    expect(await waitForEngineState(key, 'TERMINATED')).toBe(true);
  });
});
