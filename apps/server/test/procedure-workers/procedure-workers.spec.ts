/**
 * The rp.* workers through the embedded engine: each fixture diagram runs one system step,
 * and the spec checks the variables the step hands to the diagram's gateways, the rows it
 * writes, and the incident a malformed input raises.
 */
import { registerTotals } from '@rp/domain';
import { demoRegister } from '../../src/owners/procedure-demo-seed';
import { call, login, seedDemo, type Json } from '../identity/identity-client';
import type { TestServer } from '../support/test-server';
import { completedVariables, count, dataSourceOf, incidentOf, startProcedureServer, startStep } from './procedure-workers-client';

const JINXIU = 'wf-dongda-nanying-jinxiu';
const NANYING = 'wf-dongda-nanying';
const UNITS = { compoundId: JINXIU, communityId: NANYING, streetId: 'wf-dongda', districtId: 'wf' };
/** Owners of 锦绣花园 in the demo register; 赵国庆 is not a party member. */
const SLATE = [
  { name: '吴桂英', roomNo: '1-101', isPartyMember: true },
  { name: '刘芳', roomNo: '1-102', isPartyMember: true },
  { name: '张志强', roomNo: '1-201', isPartyMember: true },
  { name: '李建华', roomNo: '1-202', isPartyMember: false },
  { name: '王秀英', roomNo: '1-301', isPartyMember: true },
];

describe('procedure workers (embedded engine)', () => {
  let server: TestServer;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startProcedureServer();
    await seedDemo(server);
    for (const user of ['resident', 'property', 'industry'])
      ids[user] = (await call(server, 'GET', '/api/me', { token: await login(server, user) })).body.user.id;
  });
  afterAll(() => server.close());

  describe('P5 三单一访', () => {
    it('records a rating in the ledger and hands followUpSampled to the gateway', async () => {
      const key = await startStep(server, 'rp.record-rating', {
        ...UNITS,
        category: 'repair',
        satisfaction: 'unsatisfied',
        ratingScore: 2,
        ratingComment: '没修好',
        autoRated: false,
      });
      const variables = await completedVariables(server, key);
      expect(variables['followUpSampled']).toBe(false);
      const rows = await dataSourceOf(server).query(
        `SELECT kind, satisfaction, rating_score, notes FROM service_quality_records WHERE process_instance_key = $1`,
        [key],
      );
      expect(rows).toEqual([{ kind: 'rating', satisfaction: 'unsatisfied', rating_score: 2, notes: { ratingComment: '没修好' } }]);
    });

    it('writes supervision and follow-up records', async () => {
      const supervision = await startStep(server, 'rp.record-supervision', {
        ...UNITS,
        escalationReason: '24小时内未接单',
        supervisionNote: '已电话督促物业',
      });
      const followUp = await startStep(server, 'rp.record-follow-up', {
        ...UNITS,
        followUpResult: '居民认可处理结果',
        problemResolved: true,
      });
      await completedVariables(server, supervision);
      await completedVariables(server, followUp);
      expect(await count(server, 'service_quality_records', `process_instance_key IN ($1, $2)`, [supervision, followUp])).toBe(2);
    });

    it('tells the reporter a closed report is not a property matter', async () => {
      const key = await startStep(server, 'rp.notify-reporter', {
        ...UNITS,
        reporterId: ids['resident'],
        category: 'other',
        description: '小区外道路破损',
        dispatchNote: '属市政道路，已转城管',
      });
      const variables = await completedVariables(server, key);
      expect(typeof variables['notifiedAt']).toBe('string');
      const rows = await dataSourceOf(server).query('SELECT recipient, kind, body FROM notifications WHERE process_instance_key = $1', [
        key,
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ recipient: `user:${ids['resident']}`, kind: 'reporter-closed' });
      expect(rows[0].body).toContain('属市政道路，已转城管');
    });
  });

  describe('P2 三议一审两公开', () => {
    it('publishes the matter under deliberation as a notice with a 7-day publicity period', async () => {
      const key = await startStep(server, 'rp.publish-notice', {
        ...UNITS,
        noticeStage: 'deliberation',
        title: '更换3号楼电梯',
        category: 'maintenance-fund',
        description: '电梯老化',
        estimatedCost: 180000,
        deliberationOpinion: '同意提交业主大会',
      });
      const variables = await completedVariables(server, key);
      const [notice] = await dataSourceOf(server).query(
        'SELECT kind, org_unit_id, title, publicity_start, publicity_end, published_at FROM notices WHERE process_instance_key = $1',
        [key],
      );
      expect(notice).toMatchObject({ kind: 'deliberation', org_unit_id: JINXIU, title: '【过程公开】更换3号楼电梯' });
      expect(new Date(notice.publicity_end).getTime() - new Date(notice.publicity_start).getTime()).toBe(7 * 24 * 3600 * 1000);
      expect(variables['lastNoticeAt']).toBe(new Date(notice.published_at).toISOString());
    });

    it('prefills the assembly with the register totals of the compound', async () => {
      const key = await startStep(server, 'rp.load-owner-register', UNITS);
      const variables = await completedVariables(server, key);
      expect({ totalArea: variables['totalArea'], totalOwners: variables['totalOwners'] }).toEqual(registerTotals(demoRegister(JINXIU)));
      expect(variables['totalOwners']).toBe(48);
    });

    it('raises an incident naming the empty register rather than prefilling zeros', async () => {
      const key = await startStep(server, 'rp.load-owner-register', { compoundId: 'wf-dongda-nanying-g1' });
      const incident = await incidentOf(server, key);
      expect(incident.errorType).toBe('JOB_NO_RETRIES');
      expect(incident.errorMessage).toContain('业主名册为空');
      expect(incident.errorMessage).toContain('owner register is empty');
    });
  });

  describe('P1 候选人推荐、提名、考察', () => {
    it('accepts a slate of registered owners with enough party members', async () => {
      const key = await startStep(server, 'rp.check-slate', {
        ...UNITS,
        seats: 5,
        partyShareTargetPercent: 60,
        candidates: SLATE,
        departmentReviews: null,
      });
      const variables = await completedVariables(server, key);
      expect(variables['slateOk']).toBe(true);
      expect(variables['slateReasons']).toEqual([]);
      expect((variables['candidates'] as Json[]).map((c) => c.isOwner)).toEqual([true, true, true, true, true]);
    });

    it('sends the slate back with Chinese reasons after a department fails a candidate', async () => {
      const key = await startStep(server, 'rp.check-slate', {
        ...UNITS,
        seats: 5,
        partyShareTargetPercent: 60,
        candidates: SLATE,
        departmentReviews: [{ department: 'wf', results: [{ name: '刘芳', roomNo: '1-102', passed: false, reason: '有不良信用记录' }] }],
      });
      const variables = await completedVariables(server, key);
      expect(variables['slateOk']).toBe(false);
      expect(variables['slateReasons']).toEqual(['候选人4人，少于委员名额5人', '候选人刘芳资格审查未通过（wf：有不良信用记录）']);
      expect((variables['candidates'] as Json[]).find((c) => c.name === '刘芳')).toMatchObject({
        disqualified: true,
        disqualifiedReasons: ['wf：有不良信用记录'],
      });
    });

    it('marks a candidate who is not in the register as no owner', async () => {
      const key = await startStep(server, 'rp.check-slate', {
        ...UNITS,
        seats: 3,
        candidates: [...SLATE.slice(0, 2), { name: '钱多多', roomNo: '9-909', isOwner: true, isPartyMember: true }],
      });
      const variables = await completedVariables(server, key);
      expect(variables['slateOk']).toBe(false);
      expect(variables['slateReasons']).toEqual(['候选人钱多多不是本物业管理区域业主']);
    });

    it('lists the departments at or above the street for the joint review', async () => {
      const variables = await completedVariables(server, await startStep(server, 'rp.list-review-departments', UNITS));
      expect(variables['reviewDepartments']).toEqual(['wf']);
    });

    it('checks an election result and registers the elected committee, superseding the one in office', async () => {
      const election = {
        ...UNITS,
        seats: 5,
        electionResults: SLATE.map((c, i) => ({ ...c, votes: 40 - i, elected: true })),
        ballotsCast: 48,
        validBallots: 46,
        invalidBallots: 2,
        termStart: '2026-12-01',
        termEnd: '2031-11-30',
        byElection: false,
      };
      const checked = await completedVariables(server, await startStep(server, 'rp.check-election', election));
      expect(checked).toMatchObject({ electionOk: true, electionReasons: [] });

      const registered = await completedVariables(
        server,
        await startStep(server, 'rp.register-committee', { ...election, partyShareReason: null }),
      );
      const committeeId = registered['committeeId'] as string;
      const committees = await dataSourceOf(server).query(
        `SELECT id, status, seats, term_start::text AS term_start FROM committees WHERE compound_id = $1 ORDER BY created_at`,
        [JINXIU],
      );
      expect(committees.map((c: Json) => c.status)).toEqual(['superseded', 'active']);
      expect(committees[1]).toMatchObject({ id: committeeId, seats: 5, term_start: '2026-12-01' });
      expect(await count(server, 'committee_members', `committee_id = $1 AND status = 'serving'`, [committeeId])).toBe(5);
    });

    it('rejects an election with an even number elected and ballots that do not add up', async () => {
      const key = await startStep(server, 'rp.check-election', {
        ...UNITS,
        electionResults: SLATE.slice(0, 4).map((c) => ({ ...c, votes: 10, elected: true })),
        ballotsCast: 30,
        validBallots: 20,
        invalidBallots: 2,
        termStart: '2026-12-01',
        termEnd: '2032-12-01',
      });
      const variables = await completedVariables(server, key);
      expect(variables['electionOk']).toBe(false);
      expect(variables['electionReasons']).toEqual([
        '当选委员须为3人以上单数，当前为4人',
        '每届任期不得超过5年',
        '有效票20与无效票2之和不等于收回选票30',
      ]);
    });
  });

  describe('P3 纠错和退出', () => {
    it('issues a rectification notice with a deadline the boundary timer can read', async () => {
      const key = await startStep(server, 'rp.issue-rectification-notice', {
        ...UNITS,
        target: 'committee',
        memberName: null,
        rectificationRequirements: '30日内补交季度工作报告',
        rectificationDays: 30,
      });
      const variables = await completedVariables(server, key);
      expect(variables['rectificationDeadline']).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\+08:00$/);
      const days = (Date.parse(variables['rectificationDeadline'] as string) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29);
      expect(days).toBeLessThanOrEqual(31);
      expect(await count(server, 'rectification_notices', 'id = $1', [variables['rectificationNoticeId']])).toBe(1);
    });

    it('removes an exiting member and reports one vacant seat for the by-election', async () => {
      const key = await startStep(server, 'rp.deregister-committee', {
        ...UNITS,
        target: 'member',
        memberName: '李建华',
        assemblyResult: { passed: true, reason: '通过' },
        meetingDate: '2026-12-20',
      });
      const variables = await completedVariables(server, key);
      expect(variables).toMatchObject({ vacantSeats: 1, committeeDissolved: false });
      const [member] = await dataSourceOf(server).query(
        `SELECT m.status, m.left_on::text AS left_on FROM committee_members m JOIN committees c ON c.id = m.committee_id WHERE c.compound_id = $1 AND c.status = 'active' AND m.name = '李建华'`,
        [JINXIU],
      );
      expect(member).toEqual({ status: 'removed', left_on: '2026-12-20' });
    });

    it('records the hand-over of the seals to the community party organisation', async () => {
      const key = await startStep(server, 'rp.transfer-seals', {
        ...UNITS,
        sealsReceived: true,
        sealList: '业主大会印章、业主委员会印章，财务专用章',
        handoverDate: '2026-12-21',
      });
      const variables = await completedVariables(server, key);
      const [custody] = await dataSourceOf(server).query(
        'SELECT custodian_unit_id, seals, handover_date::text AS handover_date FROM seal_custody WHERE id = $1',
        [variables['sealCustodyId']],
      );
      expect(custody).toEqual({
        custodian_unit_id: NANYING,
        seals: ['业主大会印章', '业主委员会印章', '财务专用章'],
        handover_date: '2026-12-21',
      });
    });

    it('writes serious non-compliance to the credit record and tells the parties', async () => {
      const credit = await completedVariables(
        server,
        await startStep(server, 'rp.record-credit', {
          ...UNITS,
          findingType: 'seal-misuse',
          findingDescription: '擅自使用业主大会印章',
          investigationFindings: '情况属实',
          target: 'committee',
          memberName: null,
        }),
      );
      expect(await count(server, 'credit_records', 'id = $1', [credit['creditRecordId']])).toBe(1);
      const notified = await startStep(server, 'rp.notify-parties', {
        ...UNITS,
        noticeStage: 'unfounded',
        findingType: 'complaint',
        findingDescription: '业委会未公开账目',
        investigationFindings: '已按期公开',
      });
      await completedVariables(server, notified);
      const recipients = await dataSourceOf(server).query(
        'SELECT recipient FROM notifications WHERE process_instance_key = $1 ORDER BY recipient',
        [notified],
      );
      expect(recipients.map((r: Json) => r.recipient)).toEqual([`group:community-party:${NANYING}`, `group:owners-committee:${JINXIU}`]);
    });

    it('fails a job with a malformed input into an incident naming every problem, in Chinese and English, and writes nothing', async () => {
      const key = await startStep(server, 'rp.record-credit', {
        compoundId: 'Not A Unit',
        findingType: 'gossip',
        target: 'member',
        investigationFindings: 42,
      });
      const incident = await incidentOf(server, key);
      expect(incident.errorType).toBe('JOB_NO_RETRIES');
      expect(incident.errorMessage).toContain('任务变量有误（invalid job variables）');
      for (const field of ['compoundId', 'findingType', 'findingDescription', 'investigationFindings', 'memberName'])
        expect(incident.errorMessage).toContain(field);
      expect(await count(server, 'credit_records', 'process_instance_key = $1', [key])).toBe(0);
    });
  });

  describe('P4 年度述职评议', () => {
    it('lists the property companies’ secretaries under the industry party committee and who reviews each', async () => {
      const variables = await completedVariables(
        server,
        await startStep(server, 'rp.list-branch-secretaries', { reviewYear: 2025, industryPartyId: 'wf' }),
      );
      expect(variables['reviewYear']).toBe(2025);
      expect(variables['secretaries']).toEqual([
        { secretaryId: ids['property'], name: '陈经理', companyName: '安泰物业', orgUnitId: JINXIU, industryPartyId: 'wf' },
      ]);
      expect(variables['reviewAssignments']).toEqual([
        { secretaryId: ids['property'], reviewerId: ids['industry'], industryPartyId: 'wf' },
      ]);
    });

    it('publishes the ratings and moves the project’s stars', async () => {
      const secretaries = [
        { secretaryId: ids['property'], name: '陈经理', companyName: '安泰物业', orgUnitId: JINXIU, industryPartyId: 'wf' },
      ];
      const ratings = [{ secretaryId: ids['property'], name: '陈经理', companyName: '安泰物业', averageScore: 92.5, rating: '优秀' }];
      const published = await startStep(server, 'rp.publish-notice', {
        noticeStage: 'annual-ratings',
        reviewYear: 2025,
        industryPartyId: 'wf',
        ratings,
        secretaries,
      });
      await completedVariables(server, published);
      const [notice] = await dataSourceOf(server).query('SELECT org_unit_id, title FROM notices WHERE process_instance_key = $1', [
        published,
      ]);
      expect(notice).toEqual({ org_unit_id: 'wf', title: '【评议结果】2025年度物业服务企业党支部书记述职评议结果' });

      await completedVariables(server, await startStep(server, 'rp.update-star-rating', { reviewYear: 2025, ratings, secretaries }));
      const [star] = await dataSourceOf(server).query(
        'SELECT org_unit_id, rating, previous_stars, stars FROM star_ratings WHERE secretary_id = $1',
        [ids['property']],
      );
      expect(star).toEqual({ org_unit_id: JINXIU, rating: '优秀', previous_stars: null, stars: 4 });
    });
  });
});
