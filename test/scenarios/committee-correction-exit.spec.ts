/**
 * P3 业主委员会纠错和退出 (committee-correction-exit) end to end, as the officials work it:
 * each signs in, finds the task in the inbox, opens it and submits its form. Runs the
 * repository's real processes/ and forms/ against the demo committee of 锦绣花园; the
 * rectification deadline is reached with the admin engine clock.
 */
import { call, login, type Json } from '../../apps/server/test/identity/identity-client';
import { waitFor, waitForTask } from '../../apps/server/test/inbox/inbox-client';
import { dataSourceOf } from '../../apps/server/test/procedure-workers/procedure-workers-client';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { scenarioSteps } from './support/scenario-steps';

// Every step goes through HTTP, the engine and the inbox on a machine shared with other test runs.
jest.setTimeout(180_000);

const COMPOUND = 'wf-dongda-nanying-jinxiu';
const COMMUNITY = 'wf-dongda-nanying';
const DAY = 24 * 3600_000;
/** The officials and the resident whose inboxes are checked (the admin sees all of the community's tasks by design). */
const INBOXES = ['community', 'committee', 'street', 'property', 'grid', 'branch', 'resident'] as const;

describe('P3 纠错和退出 committee-correction-exit scenarios', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  let communityUserId = '';

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true', ENGINE_CONTROLLABLE_CLOCK: 'true' });
    for (const user of [...INBOXES, 'admin']) tokens[user] = await login(server, user);
    communityUserId = (await call(server, 'GET', '/api/me', { token: tokens['community'] })).body.user.id;
  }, 180_000);
  afterAll(() => server.close());

  const { instanceRow, completed, work, advanceClock } = scenarioSteps({ server: () => server, token: (user) => tokens[user] ?? '' });

  /** The community party organisation registers a finding with the start form. */
  const registerFinding = async (data: Json): Promise<string> => {
    const processes = await call(server, 'GET', '/api/processes', { token: tokens['community'] });
    const p3 = processes.body.find((p: Json) => p.bpmnProcessId === 'committee-correction-exit');
    expect(p3.startForm.formId).toBe('correction-start');
    const started = await call(server, 'POST', '/api/processes/committee-correction-exit/instances', {
      token: tokens['community'],
      body: { data: { compoundId: COMPOUND, ...data } },
    });
    expect(started.status).toBe(201);
    expect(started.body.variables).toMatchObject({ compoundId: COMPOUND, communityId: COMMUNITY, streetId: 'wf-dongda', districtId: 'wf' });
    return started.body.processInstanceKey as string;
  };

  /** The users (of INBOXES) whose inbox lists an open task of the instance at the element, once someone's does. */
  const whoSees = (key: string, elementId: string): Promise<string[]> =>
    waitFor(`someone to see ${elementId} of ${key}`, async () => {
      const seen: string[] = [];
      for (const user of INBOXES) {
        const page = await call(server, 'GET', '/api/tasks?pageSize=100', { token: tokens[user] });
        if (page.body.items.some((t: Json) => t.processInstanceKey === key && t.elementId === elementId)) seen.push(user);
      }
      return seen.length > 0 ? seen : undefined;
    });

  const notificationsOf = (key: string): Promise<{ recipient: string; kind: string; title: string; body: string }[]> =>
    dataSourceOf(server).query(
      'SELECT recipient, kind, title, body FROM notifications WHERE process_instance_key = $1 ORDER BY recipient',
      [key],
    );

  const committeeDetail = async (): Promise<Json> => {
    const list = await call(server, 'GET', `/api/committees?orgUnit=${COMPOUND}`, { token: tokens['community'] });
    expect(list.status).toBe(200);
    const active = list.body.find((c: Json) => c.compoundId === COMPOUND && c.status === 'active');
    const detail = await call(server, 'GET', `/api/committees/${active.id}`, { token: tokens['community'] });
    expect(detail.status).toBe(200);
    return detail.body;
  };

  it('only the party organisations register findings', async () => {
    for (const user of ['committee', 'resident', 'property']) {
      const listed = await call(server, 'GET', '/api/processes', { token: tokens[user] });
      expect(listed.body.map((p: Json) => p.bpmnProcessId)).not.toContain('committee-correction-exit');
      const refused = await call(server, 'POST', '/api/processes/committee-correction-exit/instances', {
        token: tokens[user],
        body: { data: { compoundId: COMPOUND, findingType: 'complaint', target: 'committee', findingDescription: '业委会不作为' } },
      });
      expect(refused.status).toBe(403);
    }
  });

  it('an unfounded complaint is closed and the parties are told; nobody else gets a task', async () => {
    const key = await registerFinding({
      findingType: 'complaint',
      target: 'committee',
      findingDescription: '有业主反映业委会擅自与停车公司签约',
    });
    expect(await whoSees(key, 'Task_correction_investigate')).toEqual(['community']);
    const investigate = await work('community', key, 'Task_correction_investigate', 'correction-investigate', {
      investigationFindings: '经查，停车合同经业主大会表决通过，程序合规',
      correctionDecision: 'unfounded',
    });
    expect(investigate.candidateGroups).toEqual([`community-party:${COMMUNITY}`]);
    expect(investigate.data).toMatchObject({ findingType: 'complaint', findingDescription: '有业主反映业委会擅自与停车公司签约' });
    const variables = await completed(key);
    expect(variables).toMatchObject({ correctionDecision: 'unfounded', notifiedAt: expect.any(String) });
    expect(variables.creditRecordId).toBeUndefined();
    const sent = await notificationsOf(key);
    expect(sent.map((n) => n.recipient)).toEqual(
      [`group:community-party:${COMMUNITY}`, `group:owners-committee:${COMPOUND}`, `user:${communityUserId}`].sort(),
    );
    expect(sent[0]).toMatchObject({ kind: 'unfounded', title: '问题线索经调查不成立' });
    expect(sent[0]?.body).toContain('调查结论：经查，停车合同经业主大会表决通过，程序合规');
    const credit = await call(server, 'GET', `/api/credit-records?orgUnit=${COMPOUND}`, { token: tokens['community'] });
    expect(credit.body.filter((r: Json) => r.processInstanceKey === key)).toEqual([]);
  });

  it('corrected within the deadline: notice, rectification, a first verification sends it back, the second accepts; serious non-compliance is on the credit record', async () => {
    const key = await registerFinding({
      findingType: 'missed-report',
      target: 'committee',
      findingDescription: '业委会连续两个季度未向社区党组织报告工作',
    });
    await work('community', key, 'Task_correction_investigate', 'correction-investigate', {
      investigationFindings: '属实：2025年第二、三季度均未报告',
      correctionDecision: 'correct',
      seriousNonCompliance: true,
      rectificationRequirements: '补交两个季度的工作报告，并建立按季度报告台账',
      rectificationDays: 30,
    });
    // The owners' committee of the compound rectifies; the community and the street do not see it.
    const rectify = await waitForTask(server, tokens['committee'], key, 'Task_correction_rectify');
    expect(await whoSees(key, 'Task_correction_rectify')).toEqual(['committee']);
    expect(rectify.candidateGroups).toEqual([`owners-committee:${COMPOUND}`]);
    const opened = await work('committee', key, 'Task_correction_rectify', 'correction-rectify', {
      rectificationReport: '已补交第二季度报告',
    });
    expect(opened.data).toMatchObject({
      rectificationRequirements: '补交两个季度的工作报告，并建立按季度报告台账',
      rectificationDeadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T23:59:59\+08:00$/),
    });
    const deadline = opened.data.rectificationDeadline as string;
    // 30 days after issue (Beijing calendar), end of day; the inbox shows it as the due date.
    expect(Date.parse(deadline) - Date.now()).toBeGreaterThan(29 * DAY);
    expect(Date.parse(deadline) - Date.now()).toBeLessThanOrEqual(31 * DAY);
    expect(Date.parse(rectify.dueDate)).toBe(Date.parse(deadline));

    const firstCheck = await work('community', key, 'Task_correction_verify', 'correction-verify', {
      rectificationAccepted: false,
      verificationOpinion: '第三季度报告仍未补交',
    });
    expect(firstCheck.data).toMatchObject({ rectificationReport: '已补交第二季度报告' });
    const again = await work('committee', key, 'Task_correction_rectify', 'correction-rectify', {
      rectificationReport: '已补交第二、三季度报告，台账已建立',
    });
    expect(again.data).toMatchObject({ verificationOpinion: '第三季度报告仍未补交', rectificationDeadline: deadline });
    await work('community', key, 'Task_correction_verify', 'correction-verify', {
      rectificationAccepted: true,
      verificationOpinion: '整改到位',
    });
    const variables = await completed(key);
    expect(variables).toMatchObject({ rectificationAccepted: true, creditRecordId: expect.any(String) });
    expect(variables.exitDecision).toBeUndefined();

    const credit = await call(server, 'GET', `/api/credit-records?orgUnit=${COMPOUND}`, { token: tokens['community'] });
    expect(credit.body.filter((r: Json) => r.processInstanceKey === key)).toEqual([
      expect.objectContaining({
        id: variables.creditRecordId,
        orgUnitId: COMPOUND,
        target: 'committee',
        findingType: 'missed-report',
        investigationFindings: '属实：2025年第二、三季度均未报告',
        committeeId: expect.any(String),
      }),
    ]);
    // The credit record is for officials only.
    const resident = await call(server, 'GET', `/api/credit-records?orgUnit=${COMPOUND}`, { token: tokens['resident'] });
    expect(resident.status).toBeGreaterThanOrEqual(400);
    const committee = await committeeDetail();
    expect(committee.history).toContainEqual(
      expect.objectContaining({ kind: 'rectification-notice', processInstanceKey: key, summary: expect.stringContaining('整改期限至') }),
    );
    expect(committee.servingMembers).toBe(5);
  });

  it('a street that does not approve the exit sends it back to the community for a new investigation', async () => {
    const key = await registerFinding({
      findingType: 'seal-misuse',
      target: 'committee',
      findingDescription: '业委会未经表决加盖业主大会印章',
    });
    await work('community', key, 'Task_correction_investigate', 'correction-investigate', {
      investigationFindings: '属实',
      correctionDecision: 'exit',
    });
    expect(await whoSees(key, 'Task_correction_exit_approve')).toEqual(['street']);
    await work('street', key, 'Task_correction_exit_approve', 'correction-exit-approve', {
      exitDecision: 'reject',
      exitOpinion: '情节较轻，宜先纠错',
    });
    const back = await work('community', key, 'Task_correction_investigate', 'correction-investigate', {
      investigationFindings: '按街道意见改为纠错',
      correctionDecision: 'unfounded',
    });
    expect(back.data).toMatchObject({ exitOpinion: '情节较轻，宜先纠错', investigationFindings: '属实' });
    await completed(key);
  });

  it('an exit the owners’ assembly does not pass is announced and changes nothing in the registry', async () => {
    const key = await registerFinding({
      findingType: 'supervision',
      target: 'member',
      memberName: '李建华',
      findingDescription: '委员李建华长期不履职',
    });
    await work('community', key, 'Task_correction_investigate', 'correction-investigate', {
      investigationFindings: '属实，建议罢免',
      correctionDecision: 'exit',
    });
    await work('street', key, 'Task_correction_exit_approve', 'correction-exit-approve', { exitDecision: 'approve', exitOpinion: '同意' });
    const vote = await work('community', key, 'Task_correction_vote', 'correction-exit-vote', {
      meetingDate: '2026-03-01',
      participatingArea: 1000,
      participatingOwners: 20,
      approvingArea: 500,
      approvingOwners: 10,
    });
    expect(vote.data).toMatchObject({ totalArea: expect.any(Number), totalOwners: 48, memberName: '李建华' });
    const variables = await completed(key);
    expect(variables.assemblyResult).toEqual({ passed: false, reason: '参与表决专有部分面积不足三分之二' });
    expect((await notificationsOf(key)).map((n) => n.kind)).toContain('vote-failed');
    const committee = await committeeDetail();
    expect(committee.members.find((m: Json) => m.name === '李建华').status).toBe('serving');
  });

  it('an overdue rectification escalates to exit by its timer: street approves, assembly removes the member, seals to the community, a by-election starts', async () => {
    const key = await registerFinding({
      findingType: 'complaint',
      target: 'member',
      memberName: '赵国庆',
      findingDescription: '委员赵国庆私自收取停车费',
    });
    await work('community', key, 'Task_correction_investigate', 'correction-investigate', {
      investigationFindings: '属实',
      correctionDecision: 'correct',
      rectificationRequirements: '退还所收停车费并公开说明',
      rectificationDays: 3,
    });
    const rectify = await waitForTask(server, tokens['committee'], key, 'Task_correction_rectify');
    await advanceClock(5 * DAY);
    const closed = await waitFor('the rectification task to end', async () => {
      const task = await call(server, 'GET', `/api/tasks/${rectify.id}`, { token: tokens['committee'] });
      return task.body.state === 'open' ? undefined : task.body;
    });
    expect(closed).toMatchObject({ state: 'canceled', endReason: 'element-terminated' });

    expect(await whoSees(key, 'Task_correction_exit_approve')).toEqual(['street']);
    const approve = await work('street', key, 'Task_correction_exit_approve', 'correction-exit-approve', {
      exitDecision: 'approve',
      exitOpinion: '逾期未整改，同意提请业主大会表决罢免',
    });
    expect(approve.candidateGroups).toEqual(['street-party:wf-dongda']);
    expect(approve.data).toMatchObject({ memberName: '赵国庆', rectificationRequirements: '退还所收停车费并公开说明' });

    const vote = await waitForTask(server, tokens['community'], key, 'Task_correction_vote');
    const voteForm = await call(server, 'GET', `/api/tasks/${vote.id}`, { token: tokens['community'] });
    const { totalArea, totalOwners } = voteForm.body.data as { totalArea: number; totalOwners: number };
    expect(totalOwners).toBe(48);
    // Exactly two thirds take part and just over half of them agree: the least that passes.
    const participatingArea = Math.ceil(((totalArea * 2) / 3) * 100) / 100;
    await work('community', key, 'Task_correction_vote', 'correction-exit-vote', {
      meetingDate: '2026-04-01',
      participatingArea,
      participatingOwners: 32,
      approvingArea: Math.floor(participatingArea * 60) / 100,
      approvingOwners: 17,
    });

    const seals = await work('community', key, 'Task_correction_seals', 'correction-seals', {
      sealsReceived: true,
      sealList: '业主大会印章、业主委员会印章',
      handoverDate: '2026-04-02',
    });
    expect(seals.data).toMatchObject({ memberName: '赵国庆', assemblyResult: { reason: '经参与表决面积和人数过半数同意，决议通过' } });

    // The call activity starts P1 as a by-election of the one vacant seat.
    const child = await waitFor('the by-election instance', async () => {
      const rows = await dataSourceOf(server).query(
        `SELECT key::text AS key, variables FROM engine.process_instance WHERE bpmn_process_id = 'committee-candidate-vetting' AND parent_process_instance_key = $1`,
        [key],
      );
      return rows[0] as { key: string; variables: Json } | undefined;
    });
    expect(child.variables).toMatchObject({ compoundId: COMPOUND, communityId: COMMUNITY, seats: 1, byElection: true });
    expect(await whoSees(child.key, 'Task_vetting_structure')).toEqual(['community']);
    const parent = await instanceRow(key);
    expect(parent?.state).toBe('ACTIVE');
    expect(parent?.variables).toMatchObject({
      assemblyResult: { passed: true },
      vacantSeats: 1,
      committeeDissolved: false,
      sealCustodyId: expect.any(String),
    });

    const custody = await call(server, 'GET', `/api/seal-custody?orgUnit=${COMPOUND}`, { token: tokens['community'] });
    expect(custody.body.filter((c: Json) => c.processInstanceKey === key)).toEqual([
      expect.objectContaining({
        compoundId: COMPOUND,
        custodianUnitId: COMMUNITY,
        seals: ['业主大会印章', '业主委员会印章'],
        handoverDate: '2026-04-02',
      }),
    ]);
    const committee = await committeeDetail();
    expect(committee.servingMembers).toBe(4);
    expect(committee.members.find((m: Json) => m.name === '赵国庆')).toMatchObject({ status: 'removed', leftOn: '2026-04-01' });
    expect(committee.history).toContainEqual(expect.objectContaining({ kind: 'member-removed', processInstanceKey: key }));
  });

  // Last: it dissolves the demo committee.
  it('a committee exit dissolves the committee, records serious non-compliance, and starts a full election', async () => {
    const key = await registerFinding({
      findingType: 'seal-misuse',
      target: 'committee',
      findingDescription: '业委会擅自以业主大会名义对外签订合同并加盖印章',
    });
    await work('community', key, 'Task_correction_investigate', 'correction-investigate', {
      investigationFindings: '属实，情节严重',
      correctionDecision: 'exit',
      seriousNonCompliance: true,
    });
    await work('street', key, 'Task_correction_exit_approve', 'correction-exit-approve', {
      exitDecision: 'approve',
      exitOpinion: '同意提请业主大会表决解散业主委员会',
    });
    const vote = await waitForTask(server, tokens['community'], key, 'Task_correction_vote');
    const { totalArea } = (await call(server, 'GET', `/api/tasks/${vote.id}`, { token: tokens['community'] })).body.data;
    await work('community', key, 'Task_correction_vote', 'correction-exit-vote', {
      meetingDate: '2026-05-10',
      participatingArea: totalArea,
      participatingOwners: 48,
      approvingArea: totalArea,
      approvingOwners: 48,
    });
    // The seal list is prefilled with the two seals of 4.4.3.3.
    const seals = await waitForTask(server, tokens['community'], key, 'Task_correction_seals');
    const sealForm = await call(server, 'GET', `/api/tasks/${seals.id}`, { token: tokens['community'] });
    const sealList = sealForm.body.form.schema.components.find((c: Json) => c.key === 'sealList');
    expect(sealList.defaultValue).toBe('业主大会印章、业主委员会印章');
    await work('community', key, 'Task_correction_seals', 'correction-seals', {
      sealsReceived: true,
      sealList: sealList.defaultValue,
      handoverDate: '2026-05-11',
    });

    const child = await waitFor('the election instance', async () => {
      const rows = await dataSourceOf(server).query(
        `SELECT key::text AS key, variables FROM engine.process_instance WHERE bpmn_process_id = 'committee-candidate-vetting' AND parent_process_instance_key = $1`,
        [key],
      );
      return rows[0] as { key: string; variables: Json } | undefined;
    });
    expect(child.variables).toMatchObject({ compoundId: COMPOUND, seats: 5, byElection: false });
    expect(await whoSees(child.key, 'Task_vetting_structure')).toEqual(['community']);

    const list = await call(server, 'GET', `/api/committees?orgUnit=${COMPOUND}`, { token: tokens['community'] });
    expect(list.body.filter((c: Json) => c.compoundId === COMPOUND && c.status === 'active')).toEqual([]);
    const dissolved = list.body.find((c: Json) => c.compoundId === COMPOUND && c.status === 'dissolved');
    expect(dissolved).toMatchObject({ servingMembers: 0, endedAt: expect.any(String) });
    const credit = await call(server, 'GET', `/api/credit-records?orgUnit=${COMPOUND}`, { token: tokens['street'] });
    expect(credit.body.filter((r: Json) => r.processInstanceKey === key)).toEqual([
      expect.objectContaining({ target: 'committee', findingType: 'seal-misuse', committeeId: dissolved.id }),
    ]);
    const custody = await call(server, 'GET', `/api/seal-custody?orgUnit=${COMPOUND}`, { token: tokens['community'] });
    expect(custody.body.filter((c: Json) => c.processInstanceKey === key)).toEqual([
      expect.objectContaining({ custodianUnitId: COMMUNITY, seals: ['业主大会印章', '业主委员会印章'], handoverDate: '2026-05-11' }),
    ]);
  });
});
