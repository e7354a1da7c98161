/**
 * What the web app's inbox needs from GET /api/tasks and the history: the 即将到期 / 已逾期
 * filters and their counts, per-row claim and unclaim rights, and people's names in the
 * history.
 */
import { call, login, seedDemo, type Json } from '../identity/identity-client';
import type { TestServer } from '../support/test-server';
import { deployDueFixture, startDue, startInboxServer, waitForTask } from './inbox-client';

const HOUR = 3600_000;

// Generous: the machine is shared, and a server start can take long under load.
jest.setTimeout(120_000);

describe('inbox API: due filters, row actions, history names', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const as = (user: string) => tokens[user];
  const list = async (user: string, query: string): Promise<Json> => {
    const response = await call(server, 'GET', `/api/tasks?pageSize=100&${query}`, { token: as(user) });
    expect(response.status).toBe(200);
    return response.body;
  };
  const idsOf = (page: Json): string[] => page.items.map((t: Json) => t.id);

  beforeAll(async () => {
    server = await startInboxServer();
    await seedDemo(server);
    await deployDueFixture(server);
    for (const user of ['community', 'branch', 'admin', 'analyst', 'grid']) tokens[user] = await login(server, user);
    const created = await call(server, 'POST', '/api/users', {
      token: as('admin'),
      body: {
        username: 'community2',
        displayName: '南营社区党委 王强',
        password: 'demo1234',
        memberships: [{ orgUnitId: 'wf-dongda-nanying', role: 'community-party' }],
      },
    });
    expect(created.status).toBe(201);
    tokens['community2'] = await login(server, 'community2');
    for (const user of ['community', 'community2', 'admin'])
      ids[user] = (await call(server, 'GET', '/api/me', { token: as(user) })).body.user.id;
  });
  afterAll(() => server.close());

  describe('due soon and overdue', () => {
    const tasks: Record<'soon' | 'overdue' | 'later' | 'none', Json> = {} as never;

    beforeAll(async () => {
      const due = { soon: new Date(Date.now() + 2 * HOUR), overdue: new Date(Date.now() - HOUR), later: new Date(Date.now() + 72 * HOUR) };
      for (const [name, at] of Object.entries(due)) {
        const instance = await startDue(server, at);
        tasks[name as keyof typeof due] = await waitForTask(server, as('community'), instance, 'Task_due');
      }
      const review = await call(server, 'POST', '/api/processes/inbox-review/instances', {
        token: as('branch'),
        body: { data: { title: '无期限', category: 'other', compoundId: 'wf-dongda-nanying-jinxiu' } },
      });
      expect(review.status).toBe(201);
      tasks.none = await waitForTask(server, as('community'), review.body.processInstanceKey, 'Task_review');
    });

    it('lists under dueSoon only what falls due within 24 hours and is not yet overdue', async () => {
      const page = await list('community', 'filter=dueSoon');
      expect(idsOf(page)).toEqual([tasks.soon.id]);
      expect(tasks.soon.name).toBe('限期办理');
    });

    it('lists under overdue only what is past its due date', async () => {
      expect(idsOf(await list('community', 'filter=overdue'))).toEqual([tasks.overdue.id]);
    });

    it('counts both with the other filters, on every page and with the same narrowing', async () => {
      for (const filter of ['all', 'mine', 'dueSoon', 'completed']) {
        const page = await list('community', `filter=${filter}`);
        expect(page.counts).toMatchObject({ dueSoon: 1, overdue: 1 });
        expect(page.counts.all).toBeGreaterThanOrEqual(4);
      }
      expect((await list('community', 'processId=inbox-review')).counts).toMatchObject({ dueSoon: 0, overdue: 0 });
      expect((await list('community', 'processId=inbox-due')).counts).toMatchObject({ all: 3, dueSoon: 1, overdue: 1 });
      expect((await list('grid', 'filter=dueSoon')).counts).toMatchObject({ dueSoon: 0, overdue: 0 });
      // Admins of the unit see the unit's tasks, so the same counts.
      expect((await list('admin', 'orgUnit=wf-dongda-nanying')).counts).toMatchObject({ dueSoon: 1, overdue: 1 });
    });

    it('sorts a due filter by due date, keeps a claimed task in it and drops it once completed', async () => {
      expect((await call(server, 'POST', `/api/tasks/${tasks.soon.id}/claim`, { token: as('community') })).status).toBe(200);
      expect(idsOf(await list('community', 'filter=dueSoon&sort=dueDate'))).toEqual([tasks.soon.id]);
      expect((await list('community2', 'filter=dueSoon')).counts.dueSoon).toBe(1);
      const done = await call(server, 'POST', `/api/tasks/${tasks.soon.id}/complete`, { token: as('community'), body: { data: {} } });
      expect(done.status).toBe(200);
      const after = await list('community', 'filter=dueSoon');
      expect(after.items).toEqual([]);
      expect(after.counts).toMatchObject({ dueSoon: 0, overdue: 1 });
    });

    it('answers an unknown filter with 400 naming the field', async () => {
      const response = await call(server, 'GET', '/api/tasks?filter=soon', { token: as('community') });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: Json) => e.field)).toContain('filter');
    });
  });

  describe('per-row claim and unclaim', () => {
    let task: Json;
    const rowOf = async (user: string): Promise<Json> =>
      (await list(user, 'processId=inbox-review')).items.find((t: Json) => t.id === task.id);

    beforeAll(async () => {
      const review = await call(server, 'POST', '/api/processes/inbox-review/instances', {
        token: as('branch'),
        body: { data: { title: '按钮测试', category: 'repair', compoundId: 'wf-dongda-nanying-jinxiu' } },
      });
      task = await waitForTask(server, as('community'), review.body.processInstanceKey, 'Task_review');
    });

    it('offers 认领 to candidates of an unassigned task only', async () => {
      expect(await rowOf('community')).toMatchObject({ canClaim: true, canUnclaim: false });
      expect(await rowOf('community2')).toMatchObject({ canClaim: true, canUnclaim: false });
      // Admins and analysts see the unit's task but are not its candidates.
      expect(await rowOf('admin')).toMatchObject({ canClaim: false, canUnclaim: false });
      expect(await rowOf('analyst')).toMatchObject({ canClaim: false, canUnclaim: false });
    });

    it('offers 退回 to the holder and the unit’s admin once claimed, and nothing to the other candidate', async () => {
      const claimed = await call(server, 'POST', `/api/tasks/${task.id}/claim`, { token: as('community') });
      expect(claimed.status).toBe(200);
      expect(claimed.body).toMatchObject({ canClaim: false, canUnclaim: true });
      expect(await rowOf('community')).toMatchObject({ canClaim: false, canUnclaim: true });
      expect(await rowOf('community2')).toMatchObject({ canClaim: false, canUnclaim: false });
      expect(await rowOf('admin')).toMatchObject({ canClaim: false, canUnclaim: true });
      expect(await rowOf('analyst')).toMatchObject({ canClaim: false, canUnclaim: false });
      // The rights are the ones the API enforces.
      expect((await call(server, 'POST', `/api/tasks/${task.id}/unclaim`, { token: as('community2') })).status).toBe(409);
      expect((await call(server, 'POST', `/api/tasks/${task.id}/claim`, { token: as('admin') })).status).toBe(409);
    });
  });

  describe('history with names', () => {
    it('names the actor of each event and the people an assignment moved the task between', async () => {
      const review = await call(server, 'POST', '/api/processes/inbox-review/instances', {
        token: as('branch'),
        body: { data: { title: '经办记录', category: 'repair', compoundId: 'wf-dongda-nanying-jinxiu' } },
      });
      const task = await waitForTask(server, as('community'), review.body.processInstanceKey, 'Task_review');
      expect((await call(server, 'POST', `/api/tasks/${task.id}/claim`, { token: as('community') })).status).toBe(200);
      const assign = await call(server, 'POST', `/api/tasks/${task.id}/assign`, {
        token: as('admin'),
        body: { userId: ids['community2'] },
      });
      expect(assign.status).toBe(200);
      expect((await call(server, 'POST', `/api/tasks/${task.id}/unclaim`, { token: as('admin') })).status).toBe(200);

      const history = await call(server, 'GET', `/api/tasks/${task.id}/history`, { token: as('community') });
      expect(history.status).toBe(200);
      const [claim, assigned, unclaimed] = history.body.events;
      expect(claim).toMatchObject({
        action: 'claim',
        user: { id: ids['community'], username: 'community', displayName: '南营社区党委 李秀兰' },
        assignee: null,
        previousAssignee: null,
      });
      const adminName = (await call(server, 'GET', '/api/me', { token: as('admin') })).body.user.displayName;
      expect(assigned).toMatchObject({
        action: 'assign',
        user: { id: ids['admin'], username: 'admin', displayName: adminName },
        assignee: { id: ids['community2'], displayName: '南营社区党委 王强' },
        previousAssignee: { id: ids['community'], displayName: '南营社区党委 李秀兰' },
      });
      expect(unclaimed).toMatchObject({
        action: 'unclaim',
        assignee: null,
        previousAssignee: { id: ids['community2'], displayName: '南营社区党委 王强' },
      });
      expect(typeof adminName).toBe('string');
    });
  });
});
