/**
 * P2 三议一审两公开 (major-matter-decision) end to end, as the officials work it: the proposer
 * moves the matter, the community party organisation convenes 联议, the owners' committee
 * records the assembly vote, the street party working committee reviews, the proposer
 * implements; every stage is a notice to the compound's owners. Runs the repository's real
 * processes/ and forms/; the 7-day notice period is passed with the admin engine clock.
 */
import { call, login, type Json } from '../../apps/server/test/identity/identity-client';
import { waitFor, waitForTask } from '../../apps/server/test/inbox/inbox-client';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { scenarioSteps } from './support/scenario-steps';

// Eight officials and several steps per case on a shared 2-core machine.
jest.setTimeout(300_000);

const COMPOUND = 'wf-dongda-nanying-jinxiu';
const DAY = 24 * 3600_000;
const USERS = ['branch', 'committee', 'property', 'community', 'street', 'resident', 'department', 'admin'] as const;
type User = (typeof USERS)[number];

/** The assembly's turnout and votes, areas in hundredths of m² so the edges are exact. */
interface Vote {
  readonly participatingHundredths: bigint;
  readonly participatingOwners: number;
  readonly approvingHundredths: bigint;
  readonly approvingOwners: number;
}

/** Smallest integer n with n * den >= part * num (ceil of part·num/den). */
const ceilShare = (whole: bigint, num: bigint, den: bigint): bigint => (whole * num + den - 1n) / den;
const toArea = (h: bigint): number => Number(h) / 100;

describe('P2 三议一审两公开 major-matter-decision scenarios', () => {
  let server: TestServer;
  const tokens = {} as Record<User, string>;

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true', ENGINE_CONTROLLABLE_CLOCK: 'true' });
    for (const user of USERS) tokens[user] = await login(server, user);
  }, 300_000);
  afterAll(() => server.close());

  const { completed, work, advanceClock } = scenarioSteps({ server: () => server, token: (user) => tokens[user as User] });

  /** The proposer moves a matter (动议) with the start form. */
  const propose = async (category = 'maintenance-fund', title = '3号楼外墙渗水维修动用维修资金'): Promise<string> => {
    const processes = await call(server, 'GET', '/api/processes', { token: tokens.branch });
    const p2 = processes.body.find((p: Json) => p.bpmnProcessId === 'major-matter-decision');
    expect(p2.startForm.formId).toBe('matter-start');
    const started = await call(server, 'POST', '/api/processes/major-matter-decision/instances', {
      token: tokens.branch,
      body: {
        data: {
          compoundId: COMPOUND,
          proposerRole: 'compound-branch',
          title,
          category,
          description: '3号楼东侧外墙多处渗水，拟使用专项维修资金进行防水维修。',
          estimatedCost: 86500,
        },
      },
    });
    expect(started.status).toBe(201);
    expect(started.body.variables).toMatchObject({ compoundId: COMPOUND, communityId: 'wf-dongda-nanying', streetId: 'wf-dongda' });
    return started.body.processInstanceKey as string;
  };

  /** Only `holders` see the open task at `elementId` in their inbox; every other demo official does not. */
  const expectOnlyIn = async (holders: readonly User[], key: string, elementId: string): Promise<void> => {
    for (const user of holders) await waitForTask(server, tokens[user], key, elementId);
    for (const user of USERS.filter((u) => !holders.includes(u) && u !== 'admin')) {
      const inbox = await call(server, 'GET', '/api/tasks?pageSize=100', { token: tokens[user] });
      const seen = inbox.body.items.filter((t: Json) => t.processInstanceKey === key && t.elementId === elementId);
      expect({ user, elementId, seen: seen.length }).toEqual({ user, elementId, seen: 0 });
    }
  };

  /** The notices of this instance the compound's resident can read, oldest first. */
  const noticesOf = async (key: string): Promise<Json[]> => {
    const listed = await call(server, 'GET', `/api/notices?orgUnit=${COMPOUND}`, { token: tokens.resident });
    expect(listed.status).toBe(200);
    return listed.body.filter((n: Json) => n.processInstanceKey === key).reverse();
  };
  const waitForNotice = (key: string, kind: string): Promise<Json> =>
    waitFor(`notice ${kind} of ${key}`, async () => (await noticesOf(key)).find((n) => n.kind === kind));

  const deliberate = (key: string, outcome: 'proceed' | 'revise' | 'reject', opinion: string): Promise<Json> =>
    work('community', key, 'Task_matter_deliberation', 'matter-deliberation', {
      deliberationOutcome: outcome,
      deliberationOpinion: opinion,
    });

  /** 联议 proceeds, the deliberation notice is published, and the 7-day notice period runs out. */
  const throughNoticePeriod = async (key: string): Promise<void> => {
    await deliberate(key, 'proceed', '联议同意提交业主大会表决');
    const progress = await waitForNotice(key, 'deliberation');
    expect(progress.orgUnitId).toBe(COMPOUND);
    // The assembly task waits for the notice period: nothing for the committee yet.
    const early = await call(server, 'GET', '/api/tasks?pageSize=100', { token: tokens.committee });
    expect(early.body.items.filter((t: Json) => t.processInstanceKey === key)).toEqual([]);
    await advanceClock(7 * DAY + 60_000);
  };

  /** The owners' committee records the vote; the totals come prefilled from the owner register. */
  const recordVote = async (key: string, vote: (totalHundredths: bigint, totalOwners: number) => Vote): Promise<Json> => {
    const listed = await waitForTask(server, tokens.committee, key, 'Task_matter_assembly');
    const opened = await call(server, 'GET', `/api/tasks/${listed.id}`, { token: tokens.committee });
    const { totalArea, totalOwners } = opened.body.data;
    expect(totalOwners).toBe(48);
    const v = vote(BigInt(Math.round(totalArea * 100)), totalOwners);
    await work('committee', key, 'Task_matter_assembly', 'matter-assembly', {
      meetingDate: '2026-12-20',
      participatingArea: toArea(v.participatingHundredths),
      participatingOwners: v.participatingOwners,
      approvingArea: toArea(v.approvingHundredths),
      approvingOwners: v.approvingOwners,
    });
    return opened.body;
  };

  /** Exactly at every edge: 2/3 of area and owners take part, 3/4 of both approve — passes. */
  const edgeVote = (total: bigint, owners: number): Vote => {
    const participatingHundredths = ceilShare(total, 2n, 3n);
    const participatingOwners = Math.ceil((owners * 2) / 3);
    return {
      participatingHundredths,
      participatingOwners,
      approvingHundredths: ceilShare(participatingHundredths, 3n, 4n),
      approvingOwners: Math.ceil((participatingOwners * 3) / 4),
    };
  };

  it('happy path: 动议, 联议, 过程公开, 业主大会 at the exact 2/3 and 3/4 edges, 街道审核, 实施, 结果公开', async () => {
    const key = await propose();
    await expectOnlyIn(['community'], key, 'Task_matter_deliberation');
    const deliberation = await deliberate(key, 'proceed', '联议同意提交业主大会表决');
    expect(deliberation.data).toMatchObject({ title: '3号楼外墙渗水维修动用维修资金', category: 'maintenance-fund', estimatedCost: 86500 });
    expect(deliberation.candidateGroups).toEqual(['community-party:wf-dongda-nanying']);
    const progress = await waitForNotice(key, 'deliberation');
    expect(progress.title).toContain('3号楼外墙渗水维修动用维修资金');
    await advanceClock(7 * DAY + 60_000);

    await expectOnlyIn(['committee'], key, 'Task_matter_assembly');
    const assembly = await recordVote(key, edgeVote);
    expect(assembly.candidateGroups).toEqual(['owners-committee:wf-dongda-nanying-jinxiu']);

    await expectOnlyIn(['street'], key, 'Task_matter_review');
    const review = await work('street', key, 'Task_matter_review', 'matter-review', {
      reviewDecision: 'approve',
      reviewOpinion: '程序合规，同意实施',
    });
    expect(review.data.assemblyResult).toEqual({ passed: true, reason: '经参与表决面积和人数四分之三以上同意，决议通过' });

    await expectOnlyIn(['branch'], key, 'Task_matter_implement');
    await work('branch', key, 'Task_matter_implement', 'matter-implementation', {
      implementationResult: '外墙防水维修完工，经业主代表验收合格',
      completedOn: '2027-01-15',
      actualCost: 84200,
    });
    const variables = await completed(key);
    expect(variables).toMatchObject({ deliberationOutcome: 'proceed', reviewDecision: 'approve', assemblyResult: { passed: true } });
    const notices = await noticesOf(key);
    expect(notices.map((n) => n.kind)).toEqual(['deliberation', 'result']);
    expect(notices[1].body).toContain('外墙防水维修完工');
  });

  it('only the compound party branch, owners committee or property company may move a matter (动议)', async () => {
    for (const user of ['resident', 'community', 'street'] as const) {
      const listed = await call(server, 'GET', '/api/processes', { token: tokens[user] });
      expect({ user, listed: listed.body.some((p: Json) => p.bpmnProcessId === 'major-matter-decision') }).toEqual({ user, listed: false });
    }
    const refused = await call(server, 'POST', '/api/processes/major-matter-decision/instances', {
      token: tokens.resident,
      body: {
        data: {
          compoundId: COMPOUND,
          proposerRole: 'owners-committee',
          title: '冒名动议',
          category: 'other',
          description: '居民不能以业委会名义动议',
        },
      },
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
  });

  it('the proposer role (动议方) must be one the starter holds at the compound', async () => {
    const move = (user: User, proposerRole: unknown) =>
      call(server, 'POST', '/api/processes/major-matter-decision/instances', {
        token: tokens[user],
        body: {
          data: { compoundId: COMPOUND, proposerRole, title: '以他人名义动议', category: 'other', description: '动议方须为本人身份' },
        },
      });
    const posing = await move('branch', 'owners-committee');
    expect(posing.status).toBe(403);
    expect(posing.body).toMatchObject({
      statusCode: 403,
      code: 'FORBIDDEN',
      message: '您在锦绣花园小区没有“业主委员会”角色，不能以该身份发起',
      errors: [{ field: 'proposerRole', code: 'roleNotHeld' }],
    });
    const unknown = await move('property', 'street-party');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(unknown.body.errors.map((e: Json) => e.field)).toEqual(['proposerRole']);
    // Each proposer moves in the role they hold; the revision goes back to that role's inbox.
    const own = await move('property', 'property-company');
    expect(own.status).toBe(201);
    expect(own.body.variables).toMatchObject({ proposerRole: 'property-company', compoundId: COMPOUND });
    await deliberate(own.body.processInstanceKey, 'revise', '请补充说明');
    await expectOnlyIn(['property'], own.body.processInstanceKey, 'Task_matter_revise');
  });

  it('rejected at 联议: the reason is published to all owners and the matter ends', async () => {
    const key = await propose('other', '小区东门加装广告灯箱');
    await deliberate(key, 'reject', '广告灯箱影响消防通道，不予通过');
    const variables = await completed(key);
    expect(variables).toMatchObject({ deliberationOutcome: 'reject' });
    const rejected = await waitForNotice(key, 'rejected');
    expect(rejected.body).toContain('广告灯箱影响消防通道，不予通过');
    expect((await noticesOf(key)).map((n) => n.kind)).toEqual(['rejected']);
  });

  it('returned for revision at 联议: the proposer edits the prefilled matter and it comes back to 联议', async () => {
    const key = await propose('other', '更换小区门禁系统');
    await deliberate(key, 'revise', '请补充报价比选材料，费用控制在5万元以内');
    await expectOnlyIn(['branch'], key, 'Task_matter_revise');
    const revise = await work('branch', key, 'Task_matter_revise', 'matter-revise', {
      title: '更换小区门禁系统（修改稿）',
      description: '三家报价比选后选定最低价方案。',
      estimatedCost: 48000,
    });
    expect(revise.data).toMatchObject({ title: '更换小区门禁系统', deliberationOpinion: '请补充报价比选材料，费用控制在5万元以内' });
    const again = await work('community', key, 'Task_matter_deliberation', 'matter-deliberation', {
      deliberationOutcome: 'reject',
      deliberationOpinion: '经再次联议，不予通过',
    });
    expect(again.data).toMatchObject({ title: '更换小区门禁系统（修改稿）', estimatedCost: 48000 });
    await completed(key);
  });

  it('returned at 审核: the street sends it back to 联议, which can then reject it', async () => {
    const key = await propose('property-service', '续聘安泰物业');
    await throughNoticePeriod(key);
    const total = await recordVote(key, (t, owners) => ({
      participatingHundredths: t,
      participatingOwners: owners,
      approvingHundredths: t,
      approvingOwners: owners,
    }));
    expect(total.data.totalOwners).toBe(48);
    await work('street', key, 'Task_matter_review', 'matter-review', {
      reviewDecision: 'return',
      reviewOpinion: '续聘合同条款未经联议审查，退回重新联议',
    });
    const back = await work('community', key, 'Task_matter_deliberation', 'matter-deliberation', {
      deliberationOutcome: 'reject',
      deliberationOpinion: '合同条款不合规，不予通过',
    });
    expect(back.data).toMatchObject({ title: '续聘安泰物业' });
    const variables = await completed(key);
    expect(variables).toMatchObject({ reviewDecision: 'return', deliberationOutcome: 'reject' });
    expect((await noticesOf(key)).map((n) => n.kind)).toEqual(['deliberation', 'rejected']);
  });

  /** Each threshold of 民法典 第278条 missed by the smallest step (one hundredth of m² or one owner). */
  const FAILING_VOTES: readonly { name: string; category: string; reason: string; vote: (t: bigint, o: number) => Vote }[] = [
    {
      name: 'participating area one hundredth of m² below 2/3',
      category: 'maintenance-fund',
      reason: '参与表决专有部分面积不足三分之二',
      vote: (t, o) => ({
        ...edgeVote(t, o),
        participatingHundredths: ceilShare(t, 2n, 3n) - 1n,
        approvingHundredths: ceilShare(t, 2n, 3n) - 1n,
      }),
    },
    {
      name: 'participating owners one below 2/3',
      category: 'maintenance-fund',
      reason: '参与表决人数不足三分之二',
      vote: (t, o) => ({ ...edgeVote(t, o), participatingOwners: Math.ceil((o * 2) / 3) - 1, approvingOwners: Math.ceil((o * 2) / 3) - 1 }),
    },
    {
      name: 'special matter: approving area one hundredth below 3/4 of participating',
      category: 'rebuild',
      reason: '同意的专有部分面积未达参与表决面积四分之三',
      vote: (t, o) => {
        const edge = edgeVote(t, o);
        return { ...edge, approvingHundredths: edge.approvingHundredths - 1n };
      },
    },
    {
      name: 'special matter: approving owners one below 3/4 of participants',
      category: 'common-parts',
      reason: '同意人数未达参与表决人数四分之三',
      vote: (t, o) => {
        const edge = edgeVote(t, o);
        return { ...edge, approvingOwners: edge.approvingOwners - 1 };
      },
    },
    {
      name: 'other matter: approving area exactly half of participating',
      category: 'other',
      reason: '同意的专有部分面积未过参与表决面积半数',
      vote: (t, o) => {
        const edge = edgeVote(t, o);
        // an even participating area so that exactly half exists
        const participatingHundredths = edge.participatingHundredths + (edge.participatingHundredths % 2n);
        return {
          ...edge,
          participatingHundredths,
          approvingHundredths: participatingHundredths / 2n,
          approvingOwners: edge.participatingOwners,
        };
      },
    },
    {
      name: 'other matter: approving owners exactly half of participants',
      category: 'property-service',
      reason: '同意人数未过参与表决人数半数',
      vote: (t, o) => {
        const edge = edgeVote(t, o);
        return { ...edge, approvingHundredths: edge.participatingHundredths, approvingOwners: edge.participatingOwners / 2 };
      },
    },
  ];

  it.each(FAILING_VOTES)('assembly vote fails ($name): the result is published and the matter ends', async ({ category, reason, vote }) => {
    const key = await propose(category, `表决未通过的事项（${category}）`);
    await throughNoticePeriod(key);
    await recordVote(key, vote);
    const variables = await completed(key);
    expect(variables.assemblyResult).toEqual({ passed: false, reason });
    const failed = await waitForNotice(key, 'assembly-failed');
    expect(failed.body).toContain(reason);
    // Nothing reached the street.
    const street = await call(server, 'GET', '/api/tasks?pageSize=100', { token: tokens.street });
    expect(street.body.items.filter((t: Json) => t.processInstanceKey === key)).toEqual([]);
  });
});
