/**
 * The instance monitor through HTTP: list filters, detail, an expression incident fixed by
 * setting the variable and resolving it, a job incident resolved with retries, cancel, and
 * who may see what. Instances start through the server's API or the real gRPC client.
 */
import { WorkflowEngineService } from '../../src/engine/workflow-engine.service';
import type { Json } from '../identity/identity-client';
import { waitFor } from '../inbox/inbox-client';
import type { TestServer } from '../support/test-server';
import { call, startMonitorServer, tokensFor } from './monitor-client';

jest.setTimeout(120_000);

const JINXIU = {
  orgUnitId: 'wf-dongda-nanying-jinxiu',
  compoundId: 'wf-dongda-nanying-jinxiu',
  communityId: 'wf-dongda-nanying',
  streetId: 'wf-dongda',
  districtId: 'wf',
  cityId: 'anyang',
};
const HEPING = {
  orgUnitId: 'bg-hongqi-zhangbei-heping',
  compoundId: 'bg-hongqi-zhangbei-heping',
  communityId: 'bg-hongqi-zhangbei',
  streetId: 'bg-hongqi',
  districtId: 'bg',
  cityId: 'anyang',
};

describe('process instance monitor', () => {
  let server: TestServer;
  let tokens: Record<string, string>;
  const keys: Record<string, string> = {};

  const as = (user: string) => tokens[user];
  const zeebe = () => server.server.app.get(WorkflowEngineService).grpc();
  const startAsBranch = async (data: Json): Promise<string> => {
    const response = await call(server, 'POST', '/api/processes/monitor-repair/instances', { token: as('branch'), body: { data } });
    expect(response.status).toBe(201);
    return response.body.processInstanceKey;
  };
  const startDirect = async (bpmnProcessId: string, variables: Json): Promise<string> =>
    String((await zeebe().createProcessInstance({ bpmnProcessId, variables })).processInstanceKey);
  const detail = (key: string, user = 'admin') => call(server, 'GET', `/api/process-instances/${key}`, { token: as(user) });
  const listKeys = async (query: string, user = 'admin'): Promise<string[]> => {
    const response = await call(server, 'GET', `/api/process-instances?pageSize=100${query}`, { token: as(user) });
    expect(response.status).toBe(200);
    return response.body.items.map((i: Json) => i.processInstanceKey);
  };

  beforeAll(async () => {
    server = await startMonitorServer();
    tokens = await tokensFor(server, ['admin', 'city-admin', 'branch', 'community']);
    // An admin of another district, to check that subtrees stay apart.
    const created = await call(server, 'POST', '/api/users', {
      token: as('city-admin'),
      body: {
        username: 'bg-admin',
        displayName: '北关区系统管理员',
        password: 'demo1234',
        memberships: [{ orgUnitId: 'bg', role: 'admin' }],
      },
    });
    expect(created.status).toBe(201);
    Object.assign(tokens, await tokensFor(server, ['bg-admin']));

    keys['small'] = await startAsBranch({ budget: 500, title: '楼道灯维修' });
    keys['missing'] = await startAsBranch({ title: '更换门禁' });
    keys['heping'] = await startDirect('monitor-repair', { ...HEPING, budget: 5000, title: '外墙修补' });
    keys['notify'] = await startDirect('monitor-notify', { ...JINXIU });
    keys['nowhere'] = await startDirect('monitor-notify', {});
  });
  afterAll(() => server.close());

  describe('list', () => {
    it('lists the instances of the admin’s subtree, newest first, with total', async () => {
      const response = await call(server, 'GET', '/api/process-instances', { token: as('admin') });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
      expect(response.body.items.map((i: Json) => i.processInstanceKey)).toEqual([keys['notify'], keys['missing'], keys['small']]);
      expect(response.body.items[2]).toEqual({
        processInstanceKey: keys['small'],
        processDefinitionKey: expect.stringMatching(/^\d+$/),
        bpmnProcessId: 'monitor-repair',
        processName: '测试：维修申请',
        version: 1,
        state: 'active',
        orgUnit: { id: 'wf-dongda-nanying-jinxiu', name: '锦绣花园小区' },
        startedAt: expect.stringMatching(/^\d{4}-/),
        endedAt: null,
        startedBy: { id: expect.any(String), username: 'branch', displayName: '锦绣花园党支部 张志强' },
        incidentCount: 0,
      });
      const city = await listKeys('', 'city-admin');
      expect(city).toEqual(expect.arrayContaining(Object.values(keys)));
      expect(await listKeys('', 'bg-admin')).toEqual([keys['heping']]);
    });

    it('filters by process, state, unit, start date and text, and pages', async () => {
      expect(await listKeys('&bpmnProcessId=monitor-notify')).toEqual([keys['notify']]);
      expect(await listKeys('&state=incident')).toEqual([keys['missing']]);
      expect(await listKeys('&state=active&bpmnProcessId=monitor-repair')).toEqual([keys['small']]);
      expect(await listKeys('&state=completed')).toEqual([]);
      expect(await listKeys('&orgUnit=wf-dongda-nanying-jinxiu&bpmnProcessId=monitor-repair')).toEqual([keys['missing'], keys['small']]);
      expect(await listKeys('&orgUnit=wf-dongda-nanying-yuhua')).toEqual([]);
      expect(await listKeys(`&q=${keys['small']}`)).toEqual([keys['small']]);
      expect(await listKeys(`&q=${encodeURIComponent('楼道灯')}`)).toEqual([keys['small']]);
      expect(await listKeys(`&q=${encodeURIComponent('张志强')}`)).toEqual([keys['missing'], keys['small']]);
      expect(await listKeys(`&q=${encodeURIComponent('外墙')}`)).toEqual([]); // outside the subtree
      expect(await listKeys(`&q=${encodeURIComponent('外墙')}`, 'bg-admin')).toEqual([keys['heping']]);
      expect(await listKeys(`&q=${encodeURIComponent('测试：发送')}`)).toEqual([keys['notify']]);
      expect(await listKeys('&q=100%25')).toEqual([]);

      // Bare dates are Beijing days: from the day the first of the admin's instances started to the day the last one did.
      const starts = (await call(server, 'GET', '/api/process-instances', { token: as('admin') })).body.items.map((i: Json) =>
        Date.parse(i.startedAt),
      );
      const beijingDay = (ms: number) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10);
      const firstDay = beijingDay(Math.min(...starts));
      const lastDay = beijingDay(Math.max(...starts));
      const dayAfter = beijingDay(Math.max(...starts) + 24 * 3600 * 1000);
      expect(await listKeys(`&startedFrom=${firstDay}&startedTo=${lastDay}`)).toHaveLength(3);
      expect(await listKeys(`&startedFrom=${dayAfter}`)).toEqual([]);
      expect(await listKeys(`&startedTo=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`)).toEqual([]);

      const first = await call(server, 'GET', '/api/process-instances?pageSize=2', { token: as('admin') });
      const second = await call(server, 'GET', '/api/process-instances?pageSize=2&page=2', { token: as('admin') });
      expect(first.body.total).toBe(3);
      expect(first.body.items).toHaveLength(2);
      expect(second.body.items.map((i: Json) => i.processInstanceKey)).toEqual([keys['small']]);
    });

    it('names each bad filter and hides units outside the subtree', async () => {
      const bad = await call(server, 'GET', '/api/process-instances?state=running&startedFrom=yesterday&pageSize=0', {
        token: as('admin'),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: Json) => e.field).sort()).toEqual(['pageSize', 'startedFrom', 'state']);
      for (const error of bad.body.errors) expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      const reversed = await call(server, 'GET', '/api/process-instances?startedFrom=2026-11-02&startedTo=2026-11-01', {
        token: as('admin'),
      });
      expect(reversed.status).toBe(400);
      expect(reversed.body.errors[0].field).toBe('startedTo');
      const outside = await call(server, 'GET', '/api/process-instances?orgUnit=bg', { token: as('admin') });
      expect(outside.status).toBe(404);
      const unknown = await call(server, 'GET', '/api/process-instances?orgUnit=no-such-unit', { token: as('admin') });
      expect(unknown.status).toBe(404);
    });
  });

  describe('detail', () => {
    it('shows elements, marker ids, variables, the starter and the instance’s tasks', async () => {
      const task = await waitFor('the task of the small repair', async () => {
        const response = await detail(keys['small']);
        return response.body.tasks.length > 0 ? response.body : undefined;
      });
      expect(task).toMatchObject({
        processInstanceKey: keys['small'],
        state: 'active',
        orgUnit: { id: 'wf-dongda-nanying-jinxiu', name: '锦绣花园小区' },
        startedBy: { username: 'branch' },
        activeElementIds: ['Task_community'],
        completedElementIds: ['Start', 'Gateway_budget'],
        incidents: [],
        variables: { budget: 500, title: '楼道灯维修', ...JINXIU, startedByUsername: 'branch' },
      });
      expect(task.elements.map((e: Json) => [e.elementId, e.name, e.type, e.state])).toEqual([
        ['Start', '提出申请', 'START_EVENT', 'completed'],
        ['Gateway_budget', '预算超过一千元？', 'EXCLUSIVE_GATEWAY', 'completed'],
        ['Task_community', '社区审核', 'USER_TASK', 'active'],
      ]);
      expect(task.elements[0].endedAt).toMatch(/^\d{4}-/);
      expect(task.elements[2].endedAt).toBeNull();
      expect(task.tasks).toEqual([
        expect.objectContaining({
          name: '社区审核',
          elementId: 'Task_community',
          state: 'open',
          candidateGroups: ['community-party:wf-dongda-nanying'],
        }),
      ]);
    });

    it('answers 400 for a malformed key, 404 for an unknown one or one outside the subtree, 403 for non-admins', async () => {
      const malformed = await call(server, 'GET', '/api/process-instances/12ab', { token: as('admin') });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].field).toBe('key');
      expect((await detail('2251799813999999')).status).toBe(404);
      const outside = await detail(keys['heping']);
      expect(outside.status).toBe(404);
      expect(outside.body.code).toBe('NOT_FOUND');
      expect((await detail(keys['heping'], 'bg-admin')).status).toBe(200);
      // Without a unit: only an admin of the root unit sees it.
      expect((await detail(keys['nowhere'])).status).toBe(404);
      expect((await detail(keys['nowhere'], 'city-admin')).body.orgUnit).toBeNull();
      const official = await call(server, 'GET', '/api/process-instances', { token: as('community') });
      expect(official.status).toBe(403);
      expect((await detail(keys['small'], 'community')).status).toBe(403);
      expect((await call(server, 'GET', '/api/process-instances')).status).toBe(401);
    });
  });

  describe('incidents', () => {
    it('shows the gateway incident, and clears it once the variable is set and the incident resolved', async () => {
      const broken = (await detail(keys['missing'])).body;
      expect(broken.state).toBe('incident');
      expect(broken.incidentCount).toBe(1);
      expect(broken.activeElementIds).toEqual(['Gateway_budget']);
      expect(broken.incidents).toEqual([
        {
          key: expect.stringMatching(/^\d+$/),
          elementId: 'Gateway_budget',
          elementName: '预算超过一千元？',
          errorType: expect.stringMatching(/ERROR$/),
          errorMessage: expect.stringContaining('budget'),
          jobKey: null,
          createdAt: expect.stringMatching(/^\d{4}-/),
        },
      ]);
      const incidentKey = broken.incidents[0].key;

      // Resolving before the cause is fixed: the gateway fails again with a new incident.
      const early = await call(server, 'POST', `/api/incidents/${incidentKey}/resolve`, { token: as('admin'), body: {} });
      expect(early.status).toBe(204);
      const again = (await detail(keys['missing'])).body;
      expect(again.state).toBe('incident');
      expect(again.incidents).toHaveLength(1);
      expect(again.incidents[0].key).not.toBe(incidentKey);
      expect((await call(server, 'POST', `/api/incidents/${incidentKey}/resolve`, { token: as('admin'), body: {} })).status).toBe(409);

      const retries = await call(server, 'POST', `/api/incidents/${again.incidents[0].key}/resolve`, {
        token: as('admin'),
        body: { retries: 2 },
      });
      expect(retries.status).toBe(400);
      expect(retries.body.errors[0].field).toBe('retries');

      const set = await call(server, 'PUT', `/api/process-instances/${keys['missing']}/variables`, {
        token: as('admin'),
        body: { variables: { budget: 1500 } },
      });
      expect(set.status).toBe(204);
      const resolved = await call(server, 'POST', `/api/incidents/${again.incidents[0].key}/resolve`, { token: as('admin'), body: {} });
      expect(resolved.status).toBe(204);
      const fixed = (await detail(keys['missing'])).body;
      expect(fixed).toMatchObject({ state: 'active', incidentCount: 0, incidents: [], activeElementIds: ['Task_street'] });
      expect(fixed.variables.budget).toBe(1500);
      expect(fixed.completedElementIds).toEqual(expect.arrayContaining(['Start', 'Gateway_budget']));

      // Both repairs are in the audit log: who, on which instance, the variable names (not their values).
      const audited = await call(server, 'GET', '/api/audit?pageSize=100', { token: as('admin') });
      expect(audited.status).toBe(200);
      const repairs = audited.body.items.filter(
        (e: Json) => e.processInstanceKey === keys['missing'] && ['set-variables', 'resolve-incident'].includes(e.action),
      );
      const seen = repairs.map((e: Json) => [e.action, e.user.username, e.details]);
      expect(seen).toHaveLength(3);
      expect(seen).toEqual(
        expect.arrayContaining([
          ['resolve-incident', 'admin', { incidentKey: incidentKey, jobKey: null, retries: null }],
          ['resolve-incident', 'admin', { incidentKey: again.incidents[0].key, jobKey: null, retries: null }],
          ['set-variables', 'admin', { names: ['budget'] }],
        ]),
      );
    });

    it('resolves a job incident with new retries so the job runs again', async () => {
      const activate = () =>
        zeebe().activateJobs({ type: 'monitor-test.notify', worker: 'spec', timeout: 60_000, maxJobsToActivate: 10, requestTimeout: 500 });
      const job = await waitFor('the notify job', async () => (await activate()).find((j) => j.processInstanceKey === keys['notify']));
      await zeebe().failJob({ jobKey: job.key, retries: 0, errorMessage: '短信网关不可用', retryBackOff: 0 });
      const broken = await waitFor('the job incident', async () => {
        const body = (await detail(keys['notify'])).body;
        return body.incidents.length > 0 ? body : undefined;
      });
      expect(broken.incidents[0]).toMatchObject({
        elementId: 'Task_notify',
        elementName: '发送通知',
        errorType: 'JOB_NO_RETRIES',
        errorMessage: '短信网关不可用',
        jobKey: job.key,
      });
      expect(await listKeys('&state=incident')).toEqual([keys['notify']]);

      const resolved = await call(server, 'POST', `/api/incidents/${broken.incidents[0].key}/resolve`, {
        token: as('admin'),
        body: { retries: 2 },
      });
      expect(resolved.status).toBe(204);
      const again = await waitFor('the job again', async () => (await activate()).find((j) => j.processInstanceKey === keys['notify']));
      expect(again.retries).toBe(2);
      await zeebe().completeJob({ jobKey: again.key, variables: {} });
      const done = await waitFor('the instance to complete', async () => {
        const body = (await detail(keys['notify'])).body;
        return body.state === 'completed' ? body : undefined;
      });
      expect(done.endedAt).toMatch(/^\d{4}-/);
      expect(done.completedElementIds).toEqual(['Start', 'Task_notify', 'End']);
      expect(await listKeys('&state=completed')).toEqual([keys['notify']]);
    });

    it('refuses bad variables, naming each, and incidents outside the subtree', async () => {
      const bad = await call(server, 'PUT', `/api/process-instances/${keys['small']}/variables`, {
        token: as('admin'),
        body: { variables: { orgUnitId: 'bg', '9lives': 1, fine: true } },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: Json) => e.field).sort()).toEqual(['variables.9lives', 'variables.orgUnitId']);
      const empty = await call(server, 'PUT', `/api/process-instances/${keys['small']}/variables`, {
        token: as('admin'),
        body: { variables: {} },
      });
      expect(empty.body.errors[0].field).toBe('variables');
      const notObject = await call(server, 'PUT', `/api/process-instances/${keys['small']}/variables`, {
        token: as('admin'),
        body: { variables: 3 },
      });
      expect(notObject.status).toBe(400);
      expect(notObject.body.errors[0].field).toBe('variables');
      const outside = await call(server, 'PUT', `/api/process-instances/${keys['heping']}/variables`, {
        token: as('admin'),
        body: { variables: { budget: 1 } },
      });
      expect(outside.status).toBe(404);
      expect((await call(server, 'POST', '/api/incidents/2251799813999999/resolve', { token: as('admin'), body: {} })).status).toBe(404);
      expect((await call(server, 'POST', '/api/incidents/x1/resolve', { token: as('admin'), body: {} })).body.errors[0].field).toBe('key');
      const tooMany = await call(server, 'POST', '/api/incidents/2251799813999999/resolve', { token: as('admin'), body: { retries: 0 } });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.errors[0].field).toBe('retries');
    });
  });

  describe('cancel', () => {
    it('cancels an instance of the subtree, ending its task; a second cancel conflicts', async () => {
      expect((await call(server, 'POST', `/api/process-instances/${keys['heping']}/cancel`, { token: as('admin') })).status).toBe(404);
      expect((await call(server, 'POST', `/api/process-instances/${keys['small']}/cancel`, { token: as('community') })).status).toBe(403);
      const canceled = await call(server, 'POST', `/api/process-instances/${keys['small']}/cancel`, { token: as('admin') });
      expect(canceled.status).toBe(204);
      const ended = await waitFor('the task to leave the inbox', async () => {
        const body = (await detail(keys['small'])).body;
        return body.tasks[0]?.state === 'canceled' ? body : undefined;
      });
      expect(ended).toMatchObject({ state: 'canceled', activeElementIds: [] });
      expect(ended.elements.find((e: Json) => e.elementId === 'Task_community').state).toBe('terminated');
      expect(await listKeys('&state=canceled')).toEqual([keys['small']]);
      const audited = await call(server, 'GET', '/api/audit?action=cancel&pageSize=100', { token: as('admin') });
      expect(audited.body.items.filter((e: Json) => e.processInstanceKey === keys['small']).map((e: Json) => e.user.username)).toEqual([
        'admin',
      ]);
      const again = await call(server, 'POST', `/api/process-instances/${keys['small']}/cancel`, { token: as('admin') });
      expect(again.status).toBe(409);
      const variables = await call(server, 'PUT', `/api/process-instances/${keys['small']}/variables`, {
        token: as('admin'),
        body: { variables: { budget: 1 } },
      });
      expect(variables.status).toBe(409);
    });
  });
});
