import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { WorkflowEngineService } from '../../src/engine/workflow-engine.service';
import { call, login, seedDemo, type Json } from '../identity/identity-client';
import type { TestServer } from '../support/test-server';
import { startInboxServer, waitFor, waitForTask } from './inbox-client';

// Generous: the machine is shared, and a server start can take long under load.
jest.setTimeout(120_000);

describe('task inbox', () => {
  let server: TestServer;
  let db: DataSource;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const as = (user: string) => tokens[user];
  const startReview = async (
    user = 'branch',
    data: Json = { title: '楼道灯维修', category: 'repair', compoundId: 'wf-dongda-nanying-jinxiu' },
  ) => {
    const response = await call(server, 'POST', '/api/processes/inbox-review/instances', { token: as(user), body: { data } });
    expect(response.status).toBe(201);
    return response.body.processInstanceKey as string;
  };
  const validReview = { decision: 'approve', opinion: '同意维修', budget: 300, members: [{ name: '张三' }] };

  beforeAll(async () => {
    server = await startInboxServer();
    db = server.server.app.get<DataSource>(getDataSourceToken());
    await seedDemo(server);
    for (const user of ['community', 'branch', 'street', 'grid', 'admin', 'city-admin', 'analyst', 'resident'])
      tokens[user] = await login(server, user);
    for (const user of ['community', 'branch', 'admin'])
      ids[user] = (await call(server, 'GET', '/api/me', { token: as(user) })).body.user.id;
    // A second official of the same community party organisation, to compete for tasks.
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
    ids['community2'] = created.body.id;
    tokens['community2'] = await login(server, 'community2');
  });
  afterAll(() => server.close());

  describe('deploy on boot', () => {
    it('deploys the fixture processes and forms and lists the rejected form files on /api/health', async () => {
      const response = await call(server, 'GET', '/api/health');
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('ok');
      const { deployed, rejected } = response.body.deployments;
      expect(deployed.map((d: Json) => d.resource)).toEqual(
        expect.arrayContaining([
          'forms/inbox-start.form',
          'forms/inbox-review.form',
          'processes/inbox-review.bpmn',
          'processes/inbox-terminate.bpmn',
        ]),
      );
      expect(rejected).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ resource: 'forms/broken.form', reason: expect.stringContaining('form-js') }),
          expect.objectContaining({ resource: 'forms/not-json.form', reason: expect.stringContaining('JSON') }),
        ]),
      );
    });
  });

  describe('procedures', () => {
    it('lists the processes the caller may start, with their start form', async () => {
      const branch = await call(server, 'GET', '/api/processes', { token: as('branch') });
      expect(branch.status).toBe(200);
      const review = branch.body.find((p: Json) => p.bpmnProcessId === 'inbox-review');
      expect(review).toMatchObject({ name: '测试：事项审核', version: 1, startForm: { formId: 'inbox-start', version: 1 } });
      expect(review.startForm.schema.components).toHaveLength(3);
      const resident = await call(server, 'GET', '/api/processes', { token: as('resident') });
      expect(resident.body.map((p: Json) => p.bpmnProcessId)).not.toContain('inbox-review');
    });

    it('starts an instance with the organisation variables and the starter', async () => {
      const response = await call(server, 'POST', '/api/processes/inbox-review/instances', {
        token: as('branch'),
        body: { data: { title: '更换门禁', category: 'other', compoundId: 'wf-dongda-nanying-jinxiu' } },
        headers: { 'user-agent': 'inbox-spec' },
      });
      expect(response.status).toBe(201);
      expect(response.body.variables).toEqual({
        title: '更换门禁',
        category: 'other',
        compoundId: 'wf-dongda-nanying-jinxiu',
        orgUnitId: 'wf-dongda-nanying-jinxiu',
        cityId: 'anyang',
        districtId: 'wf',
        streetId: 'wf-dongda',
        communityId: 'wf-dongda-nanying',
        startedBy: ids['branch'],
        startedByUsername: 'branch',
      });
    });

    it('names each invalid start-form field', async () => {
      const response = await call(server, 'POST', '/api/processes/inbox-review/instances', {
        token: as('branch'),
        body: { data: { category: 'fireworks', compoundId: 'wf-dongda-nanying-jinxiu', extra: 1 } },
      });
      expect(response.status).toBe(400);
      const fields = response.body.errors.map((e: Json) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['title', 'category', 'extra']));
      for (const error of response.body.errors) expect(error.message).toMatch(/[\u4e00-\u9fff]/);
    });

    it('refuses a unit outside the caller’s memberships, an unknown unit and an unknown process', async () => {
      const outside = await call(server, 'POST', '/api/processes/inbox-review/instances', {
        token: as('branch'),
        body: { data: { title: 'x', category: 'repair', compoundId: 'bg-hongqi-zhangbei-heping' } },
      });
      expect(outside.status).toBe(403);
      const unknown = await call(server, 'POST', '/api/processes/inbox-review/instances', {
        token: as('branch'),
        body: { data: { title: 'x', category: 'repair', compoundId: 'no-such-unit' } },
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].field).toBe('data.compoundId');
      expect(
        (await call(server, 'POST', '/api/processes/no-such-process/instances', { token: as('branch'), body: { data: {} } })).status,
      ).toBe(404);
      expect(
        (await call(server, 'POST', '/api/processes/inbox-review/instances', { token: as('branch'), body: { data: 'text' } })).status,
      ).toBe(400);
    });
  });

  describe('listing', () => {
    let instance: string;
    let task: Json;
    beforeAll(async () => {
      instance = await startReview();
      task = await waitForTask(server, as('community'), instance, 'Task_review');
    });

    it('shows the task to members of its candidate group, with its name, unit, due date and counts', async () => {
      expect(task).toMatchObject({
        name: '社区审核',
        bpmnProcessId: 'inbox-review',
        processName: '测试：事项审核',
        formId: 'inbox-review',
        candidateGroups: ['community-party:wf-dongda-nanying'],
        orgUnit: { id: 'wf-dongda-nanying', name: '南营社区' },
        assignee: null,
        state: 'open',
      });
      expect(Date.parse(task.dueDate)).toBeGreaterThan(Date.now());
      const page = await call(server, 'GET', '/api/tasks', { token: as('community') });
      expect(page.body.counts).toMatchObject({
        all: expect.any(Number),
        mine: 0,
        unassigned: expect.any(Number),
        candidate: expect.any(Number),
      });
      expect(page.body.counts.candidate).toBeGreaterThanOrEqual(1);
    });

    it('hides it from other roles and other units, answering 404 for it', async () => {
      for (const user of ['grid', 'street', 'resident']) {
        const list = await call(server, 'GET', '/api/tasks', { token: as(user) });
        expect(list.body.items.map((t: Json) => t.id)).not.toContain(task.id);
        expect((await call(server, 'GET', `/api/tasks/${task.id}`, { token: as(user) })).status).toBe(404);
      }
    });

    it('shows admins and analysts the tasks of their subtree', async () => {
      for (const user of ['admin', 'city-admin', 'analyst']) {
        const list = await call(server, 'GET', '/api/tasks?pageSize=100', { token: as(user) });
        expect(list.body.items.map((t: Json) => t.id)).toContain(task.id);
      }
    });

    it('filters by process, unit, due date and text, and sorts', async () => {
      const q = (query: string) => call(server, 'GET', `/api/tasks?${query}`, { token: as('community') });
      expect((await q('processId=inbox-review')).body.items.map((t: Json) => t.id)).toContain(task.id);
      expect((await q('processId=inbox-terminate')).body.items.map((t: Json) => t.id)).not.toContain(task.id);
      expect((await q('orgUnit=wf-dongda-nanying')).body.items.map((t: Json) => t.id)).toContain(task.id);
      expect(
        (await q(`dueBefore=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`)).body.items.map((t: Json) => t.id),
      ).not.toContain(task.id);
      expect((await q('q=社区审')).body.items.map((t: Json) => t.id)).toContain(task.id);
      expect((await q('q=没有这个')).body.items).toEqual([]);
      const sorted = (await q('sort=createdAt&pageSize=100')).body.items.map((t: Json) => t.createdAt);
      expect([...sorted].sort()).toEqual(sorted);
      expect((await q('filter=nonsense')).status).toBe(400);
      expect((await q('pageSize=1000')).status).toBe(400);
    });

    it('separates mine, unassigned, candidate and completed', async () => {
      const claimed = await call(server, 'POST', `/api/tasks/${task.id}/claim`, { token: as('community') });
      expect(claimed.status).toBe(200);
      const list = async (user: string, filter: string) =>
        (await call(server, 'GET', `/api/tasks?filter=${filter}&pageSize=100`, { token: as(user) })).body.items.map((t: Json) => t.id);
      expect(await list('community', 'mine')).toContain(task.id);
      expect(await list('community', 'unassigned')).not.toContain(task.id);
      expect(await list('community2', 'candidate')).toContain(task.id);
      expect(await list('community2', 'mine')).not.toContain(task.id);
      const done = await call(server, 'POST', `/api/tasks/${task.id}/complete`, { token: as('community'), body: { data: validReview } });
      expect(done.status).toBe(200);
      expect(await list('community', 'completed')).toContain(task.id);
      expect(await list('community', 'all')).not.toContain(task.id);
    });
  });

  describe('a task’s form, drafts and completion', () => {
    let instance: string;
    let taskId: string;
    beforeAll(async () => {
      instance = await startReview('branch', { title: '维修资金使用', category: 'repair', compoundId: 'wf-dongda-nanying-jinxiu' });
      taskId = (await waitForTask(server, as('community'), instance, 'Task_review')).id;
    });

    it('opens with the form schema and the variables it reads', async () => {
      const response = await call(server, 'GET', `/api/tasks/${taskId}`, { token: as('community') });
      expect(response.status).toBe(200);
      expect(response.body.form).toMatchObject({ formId: 'inbox-review', version: 1 });
      expect(response.body.form.schema.components.length).toBeGreaterThan(0);
      expect(response.body.data).toMatchObject({ title: '维修资金使用' });
      expect(response.body.canClaim).toBe(true);
    });

    it('keeps a draft per user and prefills it over the variables', async () => {
      const saved = await call(server, 'PUT', `/api/tasks/${taskId}/draft`, {
        token: as('community'),
        body: { data: { opinion: '草稿意见', decision: 'reject' } },
      });
      expect(saved.status).toBe(200);
      expect(saved.body.savedAt).toEqual(expect.any(String));
      const mine = await call(server, 'GET', `/api/tasks/${taskId}`, { token: as('community') });
      expect(mine.body.data).toMatchObject({ title: '维修资金使用', opinion: '草稿意见', decision: 'reject' });
      expect(mine.body.draftSavedAt).toEqual(expect.any(String));
      const theirs = await call(server, 'GET', `/api/tasks/${taskId}`, { token: as('community2') });
      expect(theirs.body.data.opinion).toBeUndefined();
      expect((await call(server, 'PUT', `/api/tasks/${taskId}/draft`, { token: as('community'), body: { data: [1] } })).status).toBe(400);
    });

    it('names every wrong field on submit, in Chinese, and leaves the task open', async () => {
      const response = await call(server, 'POST', `/api/tasks/${taskId}/complete`, {
        token: as('community'),
        body: { data: { decision: 'maybe', opinion: 'x', budget: -5, members: [{ name: '' }], title: '改标题', hacker: true } },
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const fields = response.body.errors.map((e: Json) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['decision', 'opinion', 'budget', 'members[0].name', 'hacker']));
      for (const error of response.body.errors) expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      expect((await call(server, 'GET', `/api/tasks/${taskId}`, { token: as('community') })).body.state).toBe('open');
    });

    it('lets admins and analysts of the unit read the task but not claim or complete it', async () => {
      for (const user of ['admin', 'analyst']) {
        const detail = await call(server, 'GET', `/api/tasks/${taskId}`, { token: as(user) });
        expect(detail.status).toBe(200);
        expect(detail.body).toMatchObject({ canClaim: false, canComplete: false });
        expect((await call(server, 'POST', `/api/tasks/${taskId}/claim`, { token: as(user) })).status).toBe(403);
        expect((await call(server, 'POST', `/api/tasks/${taskId}/complete`, { token: as(user), body: { data: validReview } })).status).toBe(
          403,
        );
      }
      expect((await call(server, 'PUT', `/api/tasks/${taskId}/draft`, { token: as('grid'), body: { data: {} } })).status).toBe(404);
    });

    it('answers 409 naming the holder when someone else holds the task', async () => {
      expect((await call(server, 'POST', `/api/tasks/${taskId}/claim`, { token: as('community') })).status).toBe(200);
      const claim = await call(server, 'POST', `/api/tasks/${taskId}/claim`, { token: as('community2') });
      expect(claim.status).toBe(409);
      expect(claim.body.message).toContain('南营社区党委 李秀兰');
      const complete = await call(server, 'POST', `/api/tasks/${taskId}/complete`, {
        token: as('community2'),
        body: { data: validReview },
      });
      expect(complete.status).toBe(409);
      expect(complete.body.holder).toEqual({ id: ids['community'], displayName: '南营社区党委 李秀兰' });
    });

    it('lets only the unit’s admin assign to someone else or take a task back', async () => {
      expect(
        (await call(server, 'POST', `/api/tasks/${taskId}/assign`, { token: as('community'), body: { userId: ids['community2'] } })).status,
      ).toBe(403);
      expect((await call(server, 'POST', `/api/tasks/${taskId}/unclaim`, { token: as('community2') })).status).toBe(409);
      const assigned = await call(server, 'POST', `/api/tasks/${taskId}/assign`, {
        token: as('admin'),
        body: { userId: ids['community2'] },
      });
      expect(assigned.status).toBe(200);
      expect(assigned.body.assignee).toEqual({ id: ids['community2'], displayName: '南营社区党委 王强' });
      expect((await call(server, 'POST', `/api/tasks/${taskId}/unclaim`, { token: as('admin') })).status).toBe(200);
      expect(
        (
          await call(server, 'POST', `/api/tasks/${taskId}/assign`, {
            token: as('admin'),
            body: { userId: '00000000-0000-4000-8000-000000000000' },
          })
        ).status,
      ).toBe(404);
    });

    it('completes the job once with the validated variables, and the next task carries the embedded form to the starter', async () => {
      const response = await call(server, 'POST', `/api/tasks/${taskId}/complete`, {
        token: as('community'),
        body: { data: { ...validReview, title: '维修资金使用' } },
        headers: { 'user-agent': 'inbox-spec' },
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ state: 'completed', endReason: 'completed', completedBy: { id: ids['community'] } });
      const again = await call(server, 'POST', `/api/tasks/${taskId}/complete`, { token: as('community'), body: { data: validReview } });
      expect(again.status).toBe(409);

      const next = await waitForTask(server, as('branch'), instance, 'Task_confirm');
      expect(next.assignee).toEqual({ id: ids['branch'], displayName: expect.any(String) });
      const detail = await call(server, 'GET', `/api/tasks/${next.id}`, { token: as('branch') });
      expect(detail.body.form).toMatchObject({ formId: 'inbox-confirm', version: null });
      expect((await call(server, 'POST', `/api/tasks/${next.id}/complete`, { token: as('branch'), body: { data: {} } })).status).toBe(400);
      expect(
        (await call(server, 'POST', `/api/tasks/${next.id}/complete`, { token: as('branch'), body: { data: { confirmed: true } } })).status,
      ).toBe(200);
      const [instanceRow] = await db.query('SELECT state, variables FROM engine.process_instance WHERE key = $1', [instance]);
      expect(instanceRow.state).toBe('COMPLETED');
      expect(instanceRow.variables).toMatchObject({
        decision: 'approve',
        opinion: '同意维修',
        budget: 300,
        members: [{ name: '张三' }],
        confirmed: true,
      });
    });

    it('records who did what, when and from where', async () => {
      const history = await call(server, 'GET', `/api/tasks/${taskId}/history`, { token: as('community') });
      expect(history.status).toBe(200);
      expect(history.body.events.map((e: Json) => e.action)).toEqual(['draft', 'claim', 'assign', 'unclaim', 'complete']);
      const completion = history.body.events[4];
      expect(completion).toMatchObject({ user: { username: 'community' }, ip: expect.any(String), userAgent: 'inbox-spec' });
      const audit = await call(server, 'GET', '/api/audit?action=start', { token: as('admin') });
      expect(audit.status).toBe(200);
      expect(audit.body.items.length).toBeGreaterThan(0);
      expect(audit.body.items[0]).toMatchObject({ action: 'start', user: { username: 'branch' } });
      expect((await call(server, 'GET', '/api/audit', { token: as('community') })).status).toBe(403);
      expect((await call(server, 'GET', `/api/audit?taskId=${taskId}`, { token: as('admin') })).body.total).toBe(5);
    });
  });

  describe('concurrent completion', () => {
    it('lets exactly one of two simultaneous submissions through and completes the job once', async () => {
      const instance = await startReview();
      const task = await waitForTask(server, as('community'), instance, 'Task_review');
      const submit = (user: string) =>
        call(server, 'POST', `/api/tasks/${task.id}/complete`, { token: as(user), body: { data: validReview } });
      const results = await Promise.all([submit('community'), submit('community2'), submit('community')]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      await waitForTask(server, as('branch'), instance, 'Task_confirm');
      const confirms = await db.query(
        `SELECT count(*)::int AS n FROM engine.job WHERE process_instance_key = $1 AND element_id = 'Task_confirm'`,
        [instance],
      );
      expect(confirms[0].n).toBe(1);
      const [job] = await db.query('SELECT state FROM engine.job WHERE key = $1', [task.id]);
      expect(job.state).toBe('COMPLETED');
    });
  });

  describe('tasks that end without completion', () => {
    const startTerminate = async () => {
      const response = await call(server, 'POST', '/api/processes/inbox-terminate/instances', {
        token: as('community'),
        body: { data: {} },
      });
      expect(response.status).toBe(201);
      return response.body.processInstanceKey as string;
    };

    it('drops the task of a cancelled instance, saying why', async () => {
      const instance = await startTerminate();
      const task = await waitForTask(server, as('community'), instance, 'Task_handle');
      expect(task.formId).toBeNull();
      await server.server.app.get(WorkflowEngineService).grpc().cancelProcessInstance(instance);
      const detail = await call(server, 'GET', `/api/tasks/${task.id}`, { token: as('community') });
      expect(detail.body).toMatchObject({ state: 'canceled', endReason: 'instance-canceled' });
      const list = await call(server, 'GET', '/api/tasks?pageSize=100', { token: as('community') });
      expect(list.body.items.map((t: Json) => t.id)).not.toContain(task.id);
      expect((await call(server, 'POST', `/api/tasks/${task.id}/complete`, { token: as('community'), body: { data: {} } })).status).toBe(
        409,
      );
    });

    it('drops the task whose element a boundary event terminated', async () => {
      const instance = await startTerminate();
      const task = await waitForTask(server, as('community'), instance, 'Task_handle');
      const zeebe = server.server.app.get(WorkflowEngineService).grpc();
      const watch = await waitFor('the watch job', async () => {
        const jobs = await zeebe.activateJobs({
          type: 'inbox-test.watch',
          worker: 'spec',
          timeout: 60_000,
          maxJobsToActivate: 10,
          requestTimeout: 500,
        });
        return jobs.find((j) => j.processInstanceKey === instance);
      });
      await zeebe.throwError({ jobKey: watch.key, errorCode: 'abort', errorMessage: 'aborted by the spec' });
      const ended = await waitFor('the task to end', async () => {
        const response = await call(server, 'GET', `/api/tasks?filter=all&pageSize=100`, { token: as('community') });
        return response.body.items.some((t: Json) => t.id === task.id) ? undefined : response;
      });
      expect(ended.status).toBe(200);
      const detail = await call(server, 'GET', `/api/tasks/${task.id}`, { token: as('community') });
      expect(detail.body).toMatchObject({ state: 'canceled', endReason: 'element-terminated' });
    });
  });

  describe('bad input', () => {
    it('answers unknown and malformed task ids, oversized bodies and non-object data', async () => {
      expect((await call(server, 'GET', '/api/tasks/123456789', { token: as('community') })).status).toBe(404);
      expect((await call(server, 'GET', '/api/tasks/not-a-key', { token: as('community') })).status).toBe(400);
      const big = await call(server, 'PUT', '/api/tasks/123456789/draft', {
        token: as('community'),
        body: { data: { text: 'x'.repeat(1024 * 1024 + 10) } },
      });
      expect(big.status).toBe(413);
      const wrong = await call(server, 'POST', '/api/tasks/123456789/complete', { token: as('community'), body: { data: 'yes' } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors[0].field).toBe('data');
      expect((await call(server, 'GET', '/api/tasks')).status).toBe(401);
    });

    it('documents the inbox and procedure endpoints in OpenAPI', async () => {
      const response = await call(server, 'GET', '/api/docs-json');
      expect(Object.keys(response.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/tasks',
          '/api/tasks/{id}',
          '/api/tasks/{id}/claim',
          '/api/tasks/{id}/unclaim',
          '/api/tasks/{id}/assign',
          '/api/tasks/{id}/draft',
          '/api/tasks/{id}/complete',
          '/api/tasks/{id}/history',
          '/api/processes',
          '/api/processes/{bpmnProcessId}/instances',
          '/api/audit',
        ]),
      );
    });
  });
});
