/**
 * 业主委员会定期报告 and the overdue monitor (4.4.3.3): reports are recorded through HTTP; a
 * committee whose quarterly report is overdue gets one `committee-report-overdue` message per
 * missed due date, which starts P3 纠错和退出 at 调查处理 for its community party organisation.
 * Real processes/ and forms/, the demo committee of 锦绣花园 (term from 2024-03-01).
 */
import { addMonths, beijingDate, committeeReportDue } from '@rp/domain';
import { CommitteeReportsService } from '../../src/committee-reports/committee-reports.service';
import { call, login, type Json } from '../identity/identity-client';
import { waitFor, waitForTask } from '../inbox/inbox-client';
import { dataSourceOf } from '../procedure-workers/procedure-workers-client';
import { startTestServer, type TestServer } from '../support/test-server';

// Every step goes through HTTP, the engine and the inbox on a machine shared with other test runs.
jest.setTimeout(180_000);

const COMPOUND = 'wf-dongda-nanying-jinxiu';

describe('committee reports and committee-report-overdue', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  let committeeId = '';

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true' });
    for (const user of ['committee', 'community', 'property', 'admin', 'street']) tokens[user] = await login(server, user);
    const list = await call(server, 'GET', `/api/committees?orgUnit=${COMPOUND}`, { token: tokens['community'] });
    committeeId = list.body.find((c: Json) => c.compoundId === COMPOUND && c.status === 'active').id;
  }, 180_000);
  afterAll(() => server.close());

  const p3Instances = async (): Promise<{ key: string; state: string; variables: Json }[]> =>
    dataSourceOf(server).query(
      `SELECT key::text AS key, state, variables FROM engine.process_instance WHERE bpmn_process_id = 'committee-correction-exit' ORDER BY key`,
    );

  it('a committee that never reported is overdue: the admin’s check starts P3 at 调查处理 for the community, once', async () => {
    const before = await call(server, 'GET', `/api/committees/${committeeId}/reports`, { token: tokens['community'] });
    expect(before.body).toEqual({ nextDueOn: '2024-06-01', overdue: true, items: [] });

    expect((await call(server, 'POST', '/api/admin/committee-reports/check', { token: tokens['community'] })).status).toBe(403);
    const checked = await call(server, 'POST', '/api/admin/committee-reports/check', { token: tokens['admin'] });
    expect(checked.status).toBe(200);
    expect(checked.body).toEqual({
      checkedOn: beijingDate(new Date()),
      published: [{ committeeId, compoundId: COMPOUND, dueOn: '2024-06-01' }],
    });

    const [instance] = await waitFor('the P3 instance', async () => ((await p3Instances()).length > 0 ? p3Instances() : undefined));
    expect(instance?.variables).toEqual({
      compoundId: COMPOUND,
      communityId: 'wf-dongda-nanying',
      streetId: 'wf-dongda',
      districtId: 'wf',
      findingType: 'missed-report',
      target: 'committee',
      findingDescription: '业主委员会应于2024年6月1日前向社区党组织报告工作，逾期未报告（本届业主委员会尚未报告过工作）。',
    });
    const task = await waitForTask(server, tokens['community'], instance?.key, 'Task_correction_investigate');
    const opened = await call(server, 'GET', `/api/tasks/${task.id}`, { token: tokens['community'] });
    expect(opened.body.data).toMatchObject({ findingType: 'missed-report', target: 'committee' });
    expect(task.candidateGroups).toEqual(['community-party:wf-dongda-nanying']);

    // Checking again finds the same missed date already handled.
    const again = await call(server, 'POST', '/api/admin/committee-reports/check', { token: tokens['admin'] });
    expect(again.body.published).toEqual([]);
    const after = await call(server, 'GET', `/api/committees/${committeeId}/reports`, { token: tokens['committee'] });
    expect(after.body.items).toEqual([expect.objectContaining({ kind: 'overdue', reportedOn: '2024-06-01', committeeId })]);
    expect(await p3Instances()).toHaveLength(1);
  });

  it('records a report of the committee, with clear errors for bad input and the wrong people', async () => {
    const path = `/api/committees/${committeeId}/reports`;
    const bad = await call(server, 'POST', path, { token: tokens['committee'], body: { summary: '  ', reportedOn: '2099-01-01' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(bad.body.errors.map((e: Json) => e.field)).toContain('summary');
    const future = await call(server, 'POST', path, {
      token: tokens['committee'],
      body: { summary: '工作报告', reportedOn: '2099-01-01' },
    });
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'reportedOn', code: 'notInFuture' })]);
    const beforeTerm = await call(server, 'POST', path, {
      token: tokens['committee'],
      body: { summary: '工作报告', reportedOn: '2023-12-31' },
    });
    expect(beforeTerm.body.errors).toEqual([expect.objectContaining({ field: 'reportedOn', code: 'withinTerm' })]);
    const notADate = await call(server, 'POST', path, {
      token: tokens['committee'],
      body: { summary: '工作报告', reportedOn: '2025-02-30' },
    });
    expect(notADate.body.errors).toEqual([expect.objectContaining({ field: 'reportedOn', code: 'isDate' })]);
    expect((await call(server, 'POST', path, { token: tokens['property'], body: { summary: '工作报告' } })).status).toBe(403);
    const unknown = await call(server, 'POST', '/api/committees/00000000-0000-4000-8000-000000000000/reports', {
      token: tokens['committee'],
      body: { summary: '工作报告' },
    });
    expect(unknown.status).toBe(404);

    const today = beijingDate(new Date());
    const recorded = await call(server, 'POST', path, { token: tokens['committee'], body: { summary: '第一季度工作报告' } });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ kind: 'report', reportedOn: today, summary: '第一季度工作报告', compoundId: COMPOUND });
    const twice = await call(server, 'POST', path, { token: tokens['community'], body: { summary: '重复登记', reportedOn: today } });
    expect(twice.status).toBe(409);
    const listed = await call(server, 'GET', path, { token: tokens['street'] });
    expect(listed.body).toMatchObject({ nextDueOn: addMonths(today, 3), overdue: false });
    expect(listed.body.nextDueOn).toBe(committeeReportDue('2024-03-01', today));
  });

  it('after a report, the committee is overdue only after the next due date; that message waits for the running P3 of the compound', async () => {
    const reports = server.server.app.get(CommitteeReportsService);
    const dueOn = addMonths(beijingDate(new Date()), 3);
    const onDueDate = new Date(`${dueOn}T12:00:00+08:00`);
    expect((await reports.checkOverdue(onDueDate)).published).toEqual([]);
    const dayAfter = new Date(onDueDate.getTime() + 24 * 3600_000);
    expect((await reports.checkOverdue(dayAfter)).published).toEqual([{ committeeId, compoundId: COMPOUND, dueOn }]);

    // One active instance per correlation key (the compound): the first P3 is still open.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const running = await p3Instances();
    expect(running.map((i) => i.state)).toEqual(['ACTIVE']);
    const first = running[0] as { key: string };
    const task = await waitForTask(server, tokens['community'], first.key, 'Task_correction_investigate');
    const done = await call(server, 'POST', `/api/tasks/${task.id}/complete`, {
      token: tokens['community'],
      body: { data: { investigationFindings: '已补报', correctionDecision: 'unfounded' } },
    });
    expect(done.status).toBe(200);
    const second = await waitFor('the buffered message to start the next P3', async () => {
      const all = await p3Instances();
      return all.length === 2 && all[0]?.state === 'COMPLETED' ? all[1] : undefined;
    });
    expect(second.variables.findingDescription).toContain(`应于${Number(dueOn.slice(0, 4))}年`);
  });
});
