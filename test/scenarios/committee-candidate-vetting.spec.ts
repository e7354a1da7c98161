/**
 * P1 业主委员会成员候选人推荐、提名、考察 (committee-candidate-vetting) end to end, as the
 * officials work it: the community party organisation registers the preparatory group,
 * proposes the structure and the candidates, every review department vets them (联审), the
 * slate is publicised (an owner may object through POST /api/candidate-objections), the
 * election result is recorded and the committee registered. Runs the repository's real
 * processes/ and forms/; the 7-day publicity period is passed with the admin engine clock.
 */
import { call, login, type Json } from '../../apps/server/test/identity/identity-client';
import { waitFor, waitForTask } from '../../apps/server/test/inbox/inbox-client';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { scenarioSteps } from './support/scenario-steps';

// Many officials and steps per case on a shared 2-core machine.
jest.setTimeout(300_000);

const COMPOUND = 'wf-dongda-nanying-jinxiu';
const DAY = 24 * 3600_000;
/** A second review department (东大街派出所) beside the demo 文峰区住建局 (`department` at wf). */
const POLICE = { username: 'dongda-police', unit: 'wf-dongda' };
const USERS = ['community', 'department', 'police', 'street', 'branch', 'committee', 'resident', 'admin', 'city-admin'] as const;
type User = (typeof USERS)[number];

/** Owners of 锦绣花园 in the demo register (room → name); 孙明 is nobody's name there. */
const OWNERS = {
  wu: { name: '吴桂英', roomNo: '1-101', isPartyMember: false },
  liu: { name: '刘芳', roomNo: '1-102', isPartyMember: true },
  zhang: { name: '张志强', roomNo: '1-201', isPartyMember: true },
  li: { name: '李建华', roomNo: '1-202', isPartyMember: true },
  wang: { name: '王秀英', roomNo: '1-301', isPartyMember: true },
  zhao: { name: '赵国庆', roomNo: '1-302', isPartyMember: false },
} as const;
type Person = { readonly name: string; readonly roomNo: string; readonly isPartyMember: boolean };
const NOT_AN_OWNER: Person = { name: '孙明', roomNo: '9-909', isPartyMember: false };
const SLATE: readonly Person[] = [OWNERS.liu, OWNERS.li, OWNERS.wang, OWNERS.zhao, OWNERS.zhang];

/** The nomination form's rows, as the browser submits them. */
const rows = (people: readonly Person[]): Json[] =>
  people.map((p) => ({
    name: p.name,
    roomNo: p.roomNo,
    isOwner: true,
    isPartyMember: p.isPartyMember,
    isTwoCommitteeMember: false,
    isBranchMember: p.isPartyMember,
    isInServiceMember: false,
    isBuildingLeader: false,
  }));

describe('P1 业主委员会成员候选人推荐、提名、考察 committee-candidate-vetting scenarios', () => {
  let server: TestServer;
  const tokens = {} as Record<User, string>;
  /** An owner of the neighbouring 裕华苑: not one of 锦绣花园's people. */
  let neighbourToken = '';

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true', ENGINE_CONTROLLABLE_CLOCK: 'true' });
    for (const user of USERS.filter((u) => u !== 'police')) tokens[user] = await login(server, user);
    const created = await call(server, 'POST', '/api/users', {
      token: tokens['city-admin'],
      body: {
        username: POLICE.username,
        displayName: '东大街派出所 户籍民警 郑强',
        password: 'police-demo-1234',
        memberships: [{ role: 'department', orgUnitId: POLICE.unit }],
      },
    });
    expect(created.status).toBe(201);
    tokens.police = await login(server, POLICE.username, 'police-demo-1234');
    const neighbour = await call(server, 'POST', '/api/users', {
      token: tokens['city-admin'],
      body: {
        username: 'yuhua-owner',
        displayName: '裕华苑业主 钱进',
        password: 'owner-demo-1234',
        memberships: [{ role: 'resident', orgUnitId: 'wf-dongda-nanying-yuhua' }],
      },
    });
    expect(neighbour.status).toBe(201);
    neighbourToken = await login(server, 'yuhua-owner', 'owner-demo-1234');
  }, 300_000);
  afterAll(() => server.close());

  const { completed, work, waitingAt, advanceClock } = scenarioSteps({ server: () => server, token: (user) => tokens[user as User] });

  const openTasks = async (user: User, key: string, elementId: string): Promise<Json[]> => {
    const inbox = await call(server, 'GET', '/api/tasks?pageSize=100', { token: tokens[user] });
    return inbox.body.items.filter((t: Json) => t.processInstanceKey === key && t.elementId === elementId);
  };

  /** Only `holders` see the open task at `elementId`; every other demo official does not. */
  const expectOnlyIn = async (holders: readonly User[], key: string, elementId: string): Promise<void> => {
    for (const user of holders) await waitForTask(server, tokens[user], key, elementId);
    for (const user of USERS.filter((u) => !holders.includes(u) && u !== 'admin' && u !== 'city-admin'))
      expect({ user, elementId, seen: (await openTasks(user, key, elementId)).length }).toEqual({ user, elementId, seen: 0 });
  };

  const candidateNotices = async (key: string): Promise<Json[]> => {
    const listed = await call(server, 'GET', `/api/notices?orgUnit=${COMPOUND}`, { token: tokens.resident });
    expect(listed.status).toBe(200);
    return listed.body.filter((n: Json) => n.processInstanceKey === key && n.kind === 'candidates').reverse();
  };
  /** The candidate notices, once there are `count` and the instance waits out the newest's publicity (timer or objection). */
  const waitForNotices = async (key: string, count: number): Promise<Json[]> => {
    const notices = await waitFor(`${count} candidate notice(s) of ${key}`, async () => {
      const found = await candidateNotices(key);
      return found.length >= count ? found : undefined;
    });
    await waitingAt(key, 'Gateway_vetting_publicity');
    return notices;
  };

  /** The community party organisation registers the preparatory group (start form). */
  const register = async (seats = 5): Promise<string> => {
    const processes = await call(server, 'GET', '/api/processes', { token: tokens.community });
    const p1 = processes.body.find((p: Json) => p.bpmnProcessId === 'committee-candidate-vetting');
    expect(p1.startForm.formId).toBe('vetting-start');
    const started = await call(server, 'POST', '/api/processes/committee-candidate-vetting/instances', {
      token: tokens.community,
      body: { data: { compoundId: COMPOUND, seats, electionDate: '2027-03-01' } },
    });
    expect(started.status).toBe(201);
    expect(started.body.variables).toMatchObject({ compoundId: COMPOUND, communityId: 'wf-dongda-nanying', streetId: 'wf-dongda', seats });
    return started.body.processInstanceKey as string;
  };

  /** 结构建议 with the defaults the form shows (5 seats, 5 years, 60 %), or other answers. */
  const propose = (key: string, answers: Json = {}): Promise<Json> =>
    work('community', key, 'Task_vetting_structure', 'vetting-structure', {
      seats: 5,
      termYears: 5,
      partyShareTargetPercent: 60,
      ...answers,
    });

  const nominate = (key: string, people: readonly Person[]): Promise<Json> =>
    work('community', key, 'Task_vetting_nominate', 'vetting-candidates', { candidates: rows(people) });

  /** Every review department answers; `fail` names candidates it rejects, with the reason. */
  const review = async (key: string, failBy: Partial<Record<'department' | 'police', Record<string, string>>> = {}): Promise<Json[]> => {
    const opened: Json[] = [];
    for (const user of ['department', 'police'] as const) {
      const listed = await waitForTask(server, tokens[user], key, 'Task_vetting_qualification');
      const task = (await call(server, 'GET', `/api/tasks/${listed.id}`, { token: tokens[user] })).body;
      const fail = failBy[user] ?? {};
      const reviewResults = task.data.reviewResults.map((r: Json) => ({
        ...r,
        passed: fail[r.name] === undefined,
        reason: fail[r.name] ?? '',
      }));
      opened.push(await work(user, key, 'Task_vetting_qualification', 'vetting-qualification', { reviewResults }));
    }
    return opened;
  };

  /** 记录选举结果: the form is prefilled with the publicised candidates; `elected` marks who won. */
  const recordElection = async (key: string, elected: readonly string[]): Promise<Json> => {
    const listed = await waitForTask(server, tokens.community, key, 'Task_vetting_election');
    const task = (await call(server, 'GET', `/api/tasks/${listed.id}`, { token: tokens.community })).body;
    const electionResults = task.data.electionResults.map((r: Json, i: number) => ({
      name: r.name,
      roomNo: r.roomNo,
      votes: 36 - i,
      elected: elected.includes(r.name),
    }));
    await work('community', key, 'Task_vetting_election', 'vetting-election', {
      ballotsCast: 40,
      validBallots: 38,
      electionResults,
      termStart: task.data.termStart,
    });
    return task;
  };

  it('happy path: 结构建议, 人选建议, 联审 by every department, 公示 7 days, 选举, committee registered', async () => {
    const key = await register();
    await expectOnlyIn(['community'], key, 'Task_vetting_structure');
    const structure = await propose(key);
    expect(structure.data).toMatchObject({ seats: 5, compoundId: COMPOUND });
    await nominate(key, SLATE);

    // One review task per department, each in that department's inbox only.
    await expectOnlyIn(['department', 'police'], key, 'Task_vetting_qualification');
    const reviews = await review(key);
    expect(reviews.map((r) => r.candidateGroups)).toEqual([['department:wf'], ['department:wf-dongda']]);
    expect(reviews[0].data.reviewResults).toHaveLength(5);
    expect(reviews[0].data.reviewResults.every((r: Json) => r.passed === true)).toBe(true);

    const [notice] = await waitForNotices(key, 1);
    expect(notice.orgUnitId).toBe(COMPOUND);
    for (const p of SLATE) expect(notice.body).toContain(p.name);
    expect(await openTasks('community', key, 'Task_vetting_election')).toEqual([]);
    await advanceClock(7 * DAY + 60_000);

    const election = await recordElection(key, [OWNERS.liu.name, OWNERS.li.name, OWNERS.wang.name, OWNERS.zhao.name, OWNERS.zhang.name]);
    expect(election.data.termStart).toBe('2027-03-01');
    const variables = await completed(key);
    expect(variables).toMatchObject({ electionOk: true, termEnd: '2032-03-01', invalidBallots: 2, committeeId: expect.any(String) });

    const committees = await call(server, 'GET', `/api/committees?orgUnit=${COMPOUND}`, { token: tokens.community });
    const active = committees.body.filter((c: Json) => c.status === 'active');
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({
      id: variables.committeeId,
      seats: 5,
      servingMembers: 5,
      termStart: '2027-03-01',
      termEnd: '2032-03-01',
    });
    // The demo committee of 2024 is superseded by the new one.
    expect(committees.body.filter((c: Json) => c.status === 'superseded')).toHaveLength(1);
    const detail = await call(server, 'GET', `/api/committees/${variables.committeeId}`, { token: tokens.resident });
    expect(detail.body.members.map((m: Json) => m.name).sort()).toEqual(SLATE.map((p) => p.name).sort());
  });

  it('only the community party organisation (or the street) registers a preparatory group', async () => {
    for (const user of ['resident', 'branch', 'committee', 'department'] as const) {
      const refused = await call(server, 'POST', '/api/processes/committee-candidate-vetting/instances', {
        token: tokens[user],
        body: { data: { compoundId: COMPOUND, seats: 5, electionDate: '2027-03-01' } },
      });
      expect({ user, status: refused.status }).toEqual({ user, status: 403 });
    }
  });

  it('a slate with a non-owner and too few party members goes back to 人选建议 with the reasons', async () => {
    const key = await register();
    await propose(key);
    await nominate(key, [OWNERS.wu, OWNERS.zhao, OWNERS.liu, OWNERS.li, NOT_AN_OWNER]);
    const again = await waitForTask(server, tokens.community, key, 'Task_vetting_nominate');
    const opened = (await call(server, 'GET', `/api/tasks/${again.id}`, { token: tokens.community })).body;
    expect(opened.data.slateReasons).toEqual(
      expect.arrayContaining(['候选人孙明不是本物业管理区域业主', '候选人中党员2人，占5人的比例低于目标60%']),
    );
    // No department was asked and nothing was publicised.
    expect(await openTasks('department', key, 'Task_vetting_qualification')).toEqual([]);
    // The corrected slate proceeds to 联审; end the instance there by the other branch's path.
    await nominate(key, SLATE);
    await review(key);
    await waitForNotices(key, 1);
    await advanceClock(7 * DAY + 60_000);
    await recordElection(
      key,
      SLATE.map((p) => p.name),
    );
    await completed(key);
  });

  it('a party share below 60 % is accepted when the structure proposal records a reason, and the reason is registered', async () => {
    const key = await register(3);
    const reason = '小区党员业主较少，经社区党委研究适当降低';
    await propose(key, { seats: 3, partyShareTargetPercent: 30, partyShareReason: reason });
    const slate = [OWNERS.wu, OWNERS.zhao, OWNERS.liu];
    await nominate(key, slate);
    await review(key);
    await waitForNotices(key, 1);
    await advanceClock(7 * DAY + 60_000);
    await recordElection(
      key,
      slate.map((p) => p.name),
    );
    const variables = await completed(key);
    const committee = await call(server, 'GET', `/api/committees/${variables.committeeId}`, { token: tokens.community });
    expect(committee.body).toMatchObject({ seats: 3, servingMembers: 3, partyShareReason: reason, status: 'active' });
  });

  it('a department rejects a candidate in 联审: the candidate is removed and the short slate goes back to 人选建议', async () => {
    const key = await register();
    await propose(key);
    await nominate(key, SLATE);
    await review(key, { police: { [OWNERS.zhao.name]: '有违法犯罪记录，不宜担任' } });
    const again = await waitForTask(server, tokens.community, key, 'Task_vetting_nominate');
    const opened = (await call(server, 'GET', `/api/tasks/${again.id}`, { token: tokens.community })).body;
    expect(opened.data.slateReasons).toEqual(
      expect.arrayContaining(['候选人4人，少于委员名额5人', '候选人赵国庆资格审查未通过（wf-dongda：有违法犯罪记录，不宜担任）']),
    );
    // The removed candidate is no longer on the nomination form; the others are, for the nominator to complete.
    expect(opened.data.candidates.map((c: Json) => c.name)).toEqual([OWNERS.liu.name, OWNERS.li.name, OWNERS.wang.name, OWNERS.zhang.name]);
    // A replacement candidate: every department reviews the new slate; the rejected one is not publicised.
    await nominate(key, [OWNERS.liu, OWNERS.li, OWNERS.wang, OWNERS.wu, OWNERS.zhang]);
    await review(key);
    const [notice] = await waitForNotices(key, 1);
    expect(notice.body).toContain(OWNERS.wu.name);
    expect(notice.body).not.toContain(OWNERS.zhao.name);
    await advanceClock(7 * DAY + 60_000);
    await recordElection(key, [OWNERS.liu.name, OWNERS.li.name, OWNERS.wang.name]);
    expect(await completed(key)).toMatchObject({ electionOk: true });
  });

  it('a department rejects one of six candidates: the slate still suffices and is publicised without them', async () => {
    const key = await register();
    await propose(key);
    await nominate(key, [...SLATE, OWNERS.wu]);
    await review(key, { department: { [OWNERS.wu.name]: '不符合任职条件' } });
    const [notice] = await waitForNotices(key, 1);
    expect(notice.body).toContain('候选人共5人');
    expect(notice.body).not.toContain(OWNERS.wu.name);
    // No second nomination round: the election follows the publicity, prefilled without the rejected one.
    expect(await openTasks('community', key, 'Task_vetting_nominate')).toEqual([]);
    await advanceClock(7 * DAY + 60_000);
    const election = await recordElection(key, [OWNERS.liu.name, OWNERS.li.name, OWNERS.wang.name]);
    expect(election.data.electionResults.map((r: Json) => r.name)).toEqual(SLATE.map((p) => p.name));
    expect(await completed(key)).toMatchObject({ electionOk: true });
  });

  it('an election result with an even number elected goes back to the record with the reason', async () => {
    const key = await register();
    await propose(key);
    await nominate(key, SLATE);
    await review(key);
    await waitForNotices(key, 1);
    await advanceClock(7 * DAY + 60_000);
    await recordElection(key, [OWNERS.liu.name, OWNERS.li.name, OWNERS.wang.name, OWNERS.zhao.name]);
    const again = await waitForTask(server, tokens.community, key, 'Task_vetting_election');
    const opened = (await call(server, 'GET', `/api/tasks/${again.id}`, { token: tokens.community })).body;
    expect(opened.data.electionReasons).toEqual(['当选委员须为3人以上单数，当前为4人']);
    // The rows come back as recorded, for correction.
    expect(opened.data.electionResults.filter((r: Json) => r.elected === true)).toHaveLength(4);
    await recordElection(key, [OWNERS.liu.name, OWNERS.li.name, OWNERS.wang.name]);
    expect(await completed(key)).toMatchObject({ electionOk: true });
  });

  describe('objections during the publicity period (POST /api/candidate-objections)', () => {
    /** Through 联审 to the candidates notice; answers the notice. */
    const toPublicity = async (key: string): Promise<Json> => {
      await propose(key);
      await nominate(key, SLATE);
      await review(key);
      const notices = await waitForNotices(key, 1);
      return notices[notices.length - 1];
    };

    const object = (user: User, body: Json) => call(server, 'POST', '/api/candidate-objections', { token: tokens[user], body });

    it('an upheld objection interrupts the publicity and sends the slate back to 人选建议', async () => {
      const key = await register();
      const notice = await toPublicity(key);
      const lodged = await object('resident', {
        noticeId: notice.id,
        candidateName: OWNERS.zhao.name,
        objectionText: '赵国庆长期拖欠物业费，不宜担任业主委员会委员',
      });
      expect(lodged.status).toBe(201);
      expect(lodged.body).toMatchObject({
        compoundId: COMPOUND,
        processInstanceKey: key,
        candidateName: OWNERS.zhao.name,
        objectorName: '锦绣花园业主 吴桂英',
      });

      await expectOnlyIn(['community'], key, 'Task_vetting_objection');
      const check = await work('community', key, 'Task_vetting_objection', 'vetting-objection', {
        objectionUpheld: true,
        objectionFinding: '经核实，赵国庆拖欠物业费两年，异议成立',
      });
      expect(check.data).toMatchObject({
        objectorName: '锦绣花园业主 吴桂英',
        objectionText: '赵国庆长期拖欠物业费，不宜担任业主委员会委员',
        candidateName: OWNERS.zhao.name,
      });
      const back = await waitForTask(server, tokens.community, key, 'Task_vetting_nominate');
      const opened = (await call(server, 'GET', `/api/tasks/${back.id}`, { token: tokens.community })).body;
      expect(opened.data.objectionFinding).toBe('经核实，赵国庆拖欠物业费两年，异议成立');

      // The publicity ended: the objection period is over for that notice.
      const late = await object('resident', { noticeId: notice.id, objectionText: '补充异议：候选人名单未在楼栋张贴' });
      expect(late.status).toBe(409);

      const listed = await call(server, 'GET', `/api/candidate-objections?orgUnit=${COMPOUND}`, { token: tokens.community });
      expect(listed.status).toBe(200);
      expect(listed.body.filter((o: Json) => o.processInstanceKey === key)).toHaveLength(1);

      await nominate(key, [OWNERS.liu, OWNERS.li, OWNERS.wang, OWNERS.wu, OWNERS.zhang]);
      await review(key);
      await waitForNotices(key, 2);
      await advanceClock(7 * DAY + 60_000);
      await recordElection(key, [OWNERS.liu.name, OWNERS.li.name, OWNERS.wang.name]);
      await completed(key);
    });

    it('a dismissed objection publishes the slate again for a new 7-day period with the finding', async () => {
      const key = await register();
      const first = await toPublicity(key);
      await advanceClock(3 * DAY);
      const lodged = await object('branch', { noticeId: first.id, objectionText: '对候选人名单有异议：党员比例是否属实' });
      expect(lodged.status).toBe(201);
      await work('community', key, 'Task_vetting_objection', 'vetting-objection', {
        objectionUpheld: false,
        objectionFinding: '经核实，候选人党员身份属实，异议不成立',
      });
      const notices = await waitForNotices(key, 2);
      expect(notices[1].body).toContain('异议核查结论：经核实，候选人党员身份属实，异议不成立');
      // The new period counts from the new notice: 5 more days are not enough.
      await advanceClock(5 * DAY);
      expect(await openTasks('community', key, 'Task_vetting_election')).toEqual([]);
      // The first notice was superseded by the new one.
      expect((await object('resident', { noticeId: first.id, objectionText: '对旧名单的异议' })).status).toBe(409);
      await advanceClock(2 * DAY + 60_000);
      await recordElection(
        key,
        SLATE.map((p) => p.name),
      );
      expect(await completed(key)).toMatchObject({ objectionUpheld: false, electionOk: true });
    });

    it('bad objections get a clear 4xx naming the field', async () => {
      const key = await register();
      const notice = await toPublicity(key);
      const empty = await object('resident', { noticeId: notice.id, objectionText: ' ' });
      expect(empty.status).toBe(400);
      expect(empty.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(empty.body.errors.map((e: Json) => e.field)).toEqual(['objectionText']);
      const badId = await object('resident', { noticeId: 'not-a-uuid', objectionText: '有异议' });
      expect(badId.status).toBe(400);
      expect(badId.body.errors.map((e: Json) => e.field)).toEqual(['noticeId']);
      const stranger = await object('resident', { noticeId: notice.id, candidateName: '孙明', objectionText: '孙明不是候选人吗？' });
      expect(stranger.status).toBe(400);
      expect(stranger.body.errors.map((e: Json) => e.field)).toEqual(['candidateName']);
      const unknown = await object('resident', { noticeId: '00000000-0000-4000-8000-000000000000', objectionText: '有异议' });
      expect(unknown.status).toBe(404);
      // An owner of another compound does not learn the notice exists.
      const outsider = await call(server, 'POST', '/api/candidate-objections', {
        token: neighbourToken,
        body: { noticeId: notice.id, objectionText: '我不是锦绣花园业主' },
      });
      expect(outsider.status).toBe(404);
      // Residents may object but not read the objections (they name people).
      expect((await call(server, 'GET', `/api/candidate-objections?orgUnit=${COMPOUND}`, { token: tokens.resident })).status).toBe(403);
      // Nothing interrupted the publicity: it runs out and the election follows.
      expect(await openTasks('community', key, 'Task_vetting_objection')).toEqual([]);
      await advanceClock(7 * DAY + 60_000);
      await recordElection(
        key,
        SLATE.map((p) => p.name),
      );
      await completed(key);
    });
  });

  it('a second preparatory group for the compound is refused (409) while its vetting runs, and accepted once it has ended', async () => {
    const key = await register();
    await propose(key);
    // The objection message is keyed by compound: a second vetting beside this one would make objections ambiguous.
    const second = await call(server, 'POST', '/api/processes/committee-candidate-vetting/instances', {
      token: tokens.street,
      body: { data: { compoundId: COMPOUND, seats: 7, electionDate: '2027-05-01' } },
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ statusCode: 409, code: 'CONFLICT', runningProcessInstanceKey: key });
    expect(second.body.message).toContain(`锦绣花园小区已有正在进行的“业主委员会成员候选人推荐、提名、考察”（流程实例 ${key}，`);
    expect(second.body.errors).toEqual([expect.objectContaining({ field: 'data.compoundId', code: 'instanceRunning' })]);
    // Nothing was started: the community's inbox holds no second 提出结构建议 or 人选建议 for the compound.
    await waitForTask(server, tokens.community, key, 'Task_vetting_nominate');
    const inbox = await call(server, 'GET', '/api/tasks?pageSize=100', { token: tokens.community });
    const vetting = inbox.body.items.filter((t: Json) => t.bpmnProcessId === 'committee-candidate-vetting');
    expect(vetting.map((t: Json) => t.processInstanceKey)).toEqual([key]);

    // The administrator cancels the vetting (流程实例 → 取消): a new preparatory group may start.
    expect((await call(server, 'POST', `/api/process-instances/${key}/cancel`, { token: tokens.admin })).status).toBe(204);
    const next = await register();
    expect(next).not.toBe(key);
    expect((await call(server, 'POST', `/api/process-instances/${next}/cancel`, { token: tokens.admin })).status).toBe(204);
  });
});
