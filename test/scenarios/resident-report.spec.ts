/**
 * P5 三单一访 (resident-report) end to end, as the officials work it: each signs in, finds
 * the task in the inbox, opens it and submits its form. Runs the repository's real
 * processes/ and forms/; timers are driven with the admin engine clock.
 */
import { followUpSampled } from '@rp/domain';
import { call, login, type Json } from '../../apps/server/test/identity/identity-client';
import { waitFor, waitForTask } from '../../apps/server/test/inbox/inbox-client';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { scenarioSteps } from './support/scenario-steps';

const COMPOUND = 'wf-dongda-nanying-jinxiu';
const HOUR = 3600_000;
const DAY = 24 * HOUR;

describe('P5 三单一访 resident-report scenarios', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  let residentId = '';

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true', ENGINE_CONTROLLABLE_CLOCK: 'true' });
    for (const user of ['resident', 'grid', 'property', 'branch', 'community', 'admin']) tokens[user] = await login(server, user);
    residentId = (await call(server, 'GET', '/api/me', { token: tokens['resident'] })).body.user.id;
  }, 60_000);
  afterAll(() => server.close());

  const { instanceRow, completed, work, advanceClock } = scenarioSteps({ server: () => server, token: (user) => tokens[user] ?? '' });

  /** The resident reports a problem with the start form. */
  const report = async (description = '3号楼2单元楼道灯不亮'): Promise<string> => {
    const processes = await call(server, 'GET', '/api/processes', { token: tokens['resident'] });
    const p5 = processes.body.find((p: Json) => p.bpmnProcessId === 'resident-report');
    expect(p5.startForm.formId).toBe('report-start');
    const started = await call(server, 'POST', '/api/processes/resident-report/instances', {
      token: tokens['resident'],
      body: { data: { compoundId: COMPOUND, category: 'repair', location: '3号楼2单元', description, contactPhone: '13800000000' } },
    });
    expect(started.status).toBe(201);
    expect(started.body.variables).toMatchObject({ compoundId: COMPOUND, communityId: 'wf-dongda-nanying', startedBy: residentId });
    return started.body.processInstanceKey as string;
  };

  const dispatchAcceptHandle = async (key: string): Promise<void> => {
    const dispatch = await work('grid', key, 'Task_report_dispatch', 'report-dispatch', { dispatchDecision: 'dispatch' });
    expect(dispatch.data).toMatchObject({ location: '3号楼2单元', category: 'repair' });
    await work('property', key, 'Task_report_accept', 'report-accept', { handlerName: '维修工 刘师傅' });
    const handle = await work('property', key, 'Task_report_handle', 'report-handle', { handlingResult: '已更换楼道灯' });
    expect(handle.data).toMatchObject({ handlerName: '维修工 刘师傅' });
  };

  it('happy path: report, 派单, 接单, 处置, satisfied 评单 — done (follow-up only when sampled)', async () => {
    const key = await report();
    await dispatchAcceptHandle(key);
    // 评单 is assigned to the reporter: in their inbox as "mine".
    const rate = await waitForTask(server, tokens['resident'], key, 'Task_report_rate');
    expect(rate.assignee?.id).toBe(residentId);
    await work('resident', key, 'Task_report_rate', 'report-rate', { satisfaction: 'satisfied', ratingScore: 5 });
    if (followUpSampled('satisfied', key))
      await work('branch', key, 'Task_report_follow_up', 'report-follow-up', {
        followUpResult: '抽样回访，居民认可',
        problemResolved: true,
      });
    const variables = await completed(key);
    expect(variables).toMatchObject({
      reporterId: residentId,
      satisfaction: 'satisfied',
      autoRated: false,
      followUpSampled: followUpSampled('satisfied', key),
    });
  });

  it('closing as not a property matter tells the resident and ends', async () => {
    const key = await report('小区外道路井盖缺失');
    await work('grid', key, 'Task_report_dispatch', 'report-dispatch', {
      dispatchDecision: 'close',
      dispatchNote: '属市政设施，已转城管部门',
    });
    const variables = await completed(key);
    expect(variables).toMatchObject({ dispatchDecision: 'close', notifiedAt: expect.any(String) });
  });

  it('an unsatisfied rating forces the branch follow-up visit', async () => {
    const key = await report();
    await dispatchAcceptHandle(key);
    await work('resident', key, 'Task_report_rate', 'report-rate', {
      satisfaction: 'unsatisfied',
      ratingScore: 2,
      ratingComment: '灯还是时亮时不亮',
    });
    const visit = await work('branch', key, 'Task_report_follow_up', 'report-follow-up', {
      followUpResult: '上门回访，督促物业更换线路',
      problemResolved: false,
    });
    expect(visit.data).toMatchObject({ satisfaction: 'unsatisfied', ratingComment: '灯还是时亮时不亮' });
    const variables = await completed(key);
    expect(variables).toMatchObject({ satisfaction: 'unsatisfied', followUpSampled: false, followUpResult: '上门回访，督促物业更换线路' });
  });

  it('no rating within 7 days counts as satisfied', async () => {
    const key = await report();
    await dispatchAcceptHandle(key);
    const rate = await waitForTask(server, tokens['resident'], key, 'Task_report_rate');
    await advanceClock(7 * DAY + HOUR);
    if (followUpSampled('satisfied', key))
      await work('branch', key, 'Task_report_follow_up', 'report-follow-up', { followUpResult: '抽样回访', problemResolved: true });
    const variables = await completed(key);
    expect(variables).toMatchObject({ satisfaction: 'satisfied', autoRated: true });
    const closed = await waitFor('the rating task to end', async () => {
      const task = await call(server, 'GET', `/api/tasks/${rate.id}`, { token: tokens['resident'] });
      return task.body.state === 'open' ? undefined : task.body;
    });
    expect(closed).toMatchObject({ state: 'canceled', endReason: 'element-terminated' });
  });

  // Last: it leaves its instance waiting for 接单.
  it('no 接单 within 24 h opens a 督办 task for the community party organisation', async () => {
    const key = await report();
    await work('grid', key, 'Task_report_dispatch', 'report-dispatch', { dispatchDecision: 'dispatch' });
    const accept = await waitForTask(server, tokens['property'], key, 'Task_report_accept');
    await advanceClock(24 * HOUR + 60_000);
    const supervision = await work('community', key, 'Task_report_escalation', 'report-escalation', {
      supervisionNote: '已电话督促物业当日接单',
    });
    expect(supervision.data).toMatchObject({ escalationReason: '物业服务企业超过24小时未接单' });
    expect(supervision.candidateGroups).toEqual(['community-party:wf-dongda-nanying']);
    // The timer does not interrupt: 接单 stays open for the property company.
    const still = await call(server, 'GET', `/api/tasks/${accept.id}`, { token: tokens['property'] });
    expect(still.body.state).toBe('open');
    expect((await instanceRow(key))?.state).toBe('ACTIVE');
  });
});
