/**
 * The read endpoints of the procedure records (notices, committees, credit records, seal
 * custody, star ratings) with their permission cases, and the workers' idempotency: records
 * are written by calling the handlers directly, a retry with the same job key included.
 */
import type { INestApplication } from '@nestjs/common';
import { CommitteesService } from '../../src/committees/committees.service';
import type { ActivatedJob, JobOutcome } from '@rp/workflow';
import { PROCEDURE_HANDLERS } from '../../src/procedure-workers/procedure-handlers';
import type { ProcedureHandler } from '../../src/procedure-workers/procedure-handler';
import { call, login, seedDemo, type Json } from '../identity/identity-client';
import type { TestServer } from '../support/test-server';
import { count, fakeJob, startProcedureServer } from './procedure-workers-client';

const JINXIU = 'wf-dongda-nanying-jinxiu';
const YUHUA = 'wf-dongda-nanying-yuhua';
const NANYING = 'wf-dongda-nanying';
const HEPING = 'bg-hongqi-zhangbei-heping';

type Handled = Extract<JobOutcome, { kind: 'complete' }>['variables'];

describe('procedure records API', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const as = (user: string) => tokens[user];

  const handler = (app: INestApplication, type: keyof typeof PROCEDURE_HANDLERS): ProcedureHandler =>
    app.get<ProcedureHandler>(PROCEDURE_HANDLERS[type]);
  /** Runs the job's handler and expects it to complete; answers the variables. */
  const complete = async (job: ActivatedJob): Promise<Handled> => {
    const outcome = await handler(server.server.app, job.type as keyof typeof PROCEDURE_HANDLERS).handle(job);
    if (outcome.kind !== 'complete') throw new Error(`${job.type} did not complete: ${JSON.stringify(outcome)}`);
    return outcome.variables;
  };
  const publish = (compoundId: string, title: string) =>
    complete(fakeJob('rp.publish-notice', { noticeStage: 'result', compoundId, title, implementationResult: '已完工', actualCost: 1000 }));

  beforeAll(async () => {
    server = await startProcedureServer();
    await seedDemo(server);
    for (const user of ['resident', 'community', 'property', 'city-admin']) tokens[user] = await login(server, user);
  });
  afterAll(() => server.close());

  describe('GET /api/notices', () => {
    beforeAll(async () => {
      await publish(JINXIU, '锦绣花园楼道照明改造');
      await publish(YUHUA, '裕华苑停车位划线');
      await complete(
        fakeJob('rp.publish-notice', {
          noticeStage: 'annual-ratings',
          industryPartyId: 'wf',
          reviewYear: 2025,
          ratings: [{ name: '陈经理', companyName: '安泰物业', averageScore: 88, rating: '良好' }],
        }),
      );
    });

    it('shows an owner the notices of their compound and of the units above it', async () => {
      const response = await call(server, 'GET', `/api/notices?orgUnit=${JINXIU}`, { token: as('resident') });
      expect(response.status).toBe(200);
      expect(response.body.map((n: Json) => n.title)).toEqual([
        '【评议结果】2025年度物业服务企业党支部书记述职评议结果',
        '【结果公开】锦绣花园楼道照明改造',
      ]);
      expect(response.body[1]).toMatchObject({
        kind: 'result',
        kindName: '结果公开',
        orgUnitId: JINXIU,
        body: '实施结果：已完工\n实际费用：1000.00元',
        bpmnProcessId: 'pw-publish-notice',
      });
      expect(Date.parse(response.body[1].publicityEnd) - Date.parse(response.body[1].publicityStart)).toBe(7 * 86_400_000);
    });

    it('hides a sibling compound’s notices from an owner who asks for the whole community', async () => {
      const response = await call(server, 'GET', `/api/notices?orgUnit=${NANYING}`, { token: as('resident') });
      expect(response.status).toBe(200);
      expect(response.body.map((n: Json) => n.orgUnitId).sort()).toEqual([JINXIU, 'wf'].sort());
    });

    it('shows the community party organisation every compound of the community', async () => {
      const response = await call(server, 'GET', `/api/notices?orgUnit=${NANYING}`, { token: as('community') });
      expect(response.body.map((n: Json) => n.orgUnitId).sort()).toEqual([JINXIU, YUHUA, 'wf'].sort());
    });

    it('answers 404 in Chinese for a unit the caller cannot see, as for one that does not exist', async () => {
      for (const unit of [YUHUA, 'no-such-unit']) {
        const response = await call(server, 'GET', `/api/notices?orgUnit=${unit}`, { token: as('resident') });
        expect(response.status).toBe(404);
        expect(response.body).toMatchObject({ code: 'NOT_FOUND', message: '组织单元不存在' });
      }
    });

    it('names a missing or malformed orgUnit, and asks for sign-in without a token', async () => {
      const missing = await call(server, 'GET', '/api/notices', { token: as('resident') });
      expect(missing.status).toBe(400);
      expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'orgUnit', message: '必须是文本' })]));
      const malformed = await call(server, 'GET', '/api/notices?orgUnit=%2Fanyang%25', { token: as('resident') });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0]).toMatchObject({ field: 'orgUnit', message: '格式不正确' });
      const anonymous = await call(server, 'GET', `/api/notices?orgUnit=${JINXIU}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.message).toBe('请先登录');
    });
  });

  describe('GET /api/committees', () => {
    let helpingId: string;
    beforeAll(async () => {
      const registered = await complete(
        fakeJob('rp.register-committee', {
          compoundId: HEPING,
          seats: 3,
          electionResults: [
            { name: '孙立新', roomNo: '1-101', votes: 20, elected: true },
            { name: '钱红梅', roomNo: '1-102', votes: 18, elected: true },
            { name: '郑春生', roomNo: '1-201', votes: 17, elected: true },
          ],
          termStart: '2026-12-01',
          termEnd: '2031-11-30',
        }),
      );
      helpingId = registered['committeeId'] as string;
    });

    it('lists the committee of the owner’s compound with its term and members in office', async () => {
      const response = await call(server, 'GET', `/api/committees?orgUnit=${JINXIU}`, { token: as('resident') });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        expect.objectContaining({
          compoundId: JINXIU,
          seats: 5,
          servingMembers: 5,
          termStart: '2024-03-01',
          termEnd: '2029-02-28',
          status: 'active',
        }),
      ]);
    });

    it('shows a committee with every member and its history', async () => {
      const [committee] = (await call(server, 'GET', `/api/committees?orgUnit=${JINXIU}`, { token: as('community') })).body;
      const response = await call(server, 'GET', `/api/committees/${committee.id}`, { token: as('resident') });
      expect(response.status).toBe(200);
      expect(response.body.members.map((m: Json) => m.name)).toEqual(['刘芳', '李建华', '王秀英', '赵国庆', '张志强']);
      expect(response.body.members[0]).toMatchObject({
        roomNo: '1-102',
        votes: 31,
        isPartyMember: true,
        status: 'serving',
        joinedOn: '2024-03-01',
        leftOn: null,
      });
      expect(response.body.history).toEqual([expect.objectContaining({ kind: 'registered', summary: expect.stringContaining('委员5人') })]);
    });

    it('answers 404 for a committee of a compound the caller cannot see, and shows it to the city', async () => {
      const hidden = await call(server, 'GET', `/api/committees/${helpingId}`, { token: as('resident') });
      expect(hidden.status).toBe(404);
      expect(hidden.body.message).toBe('业主委员会不存在');
      const city = await call(server, 'GET', `/api/committees/${helpingId}`, { token: as('city-admin') });
      expect(city.status).toBe(200);
      expect(city.body.members).toHaveLength(3);
    });

    it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
      expect((await call(server, 'GET', '/api/committees/abc', { token: as('resident') })).status).toBe(400);
      expect((await call(server, 'GET', '/api/committees/00000000-0000-4000-8000-000000000000', { token: as('resident') })).status).toBe(
        404,
      );
    });
  });

  describe('GET /api/credit-records and /api/seal-custody', () => {
    beforeAll(async () => {
      await complete(
        fakeJob('rp.record-credit', {
          compoundId: JINXIU,
          findingType: 'missed-report',
          findingDescription: '连续两个季度未报告',
          investigationFindings: '属实',
          target: 'member',
          memberName: '赵国庆',
        }),
      );
    });

    it('shows the credit record to the community party organisation', async () => {
      const response = await call(server, 'GET', `/api/credit-records?orgUnit=${NANYING}`, { token: as('community') });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        expect.objectContaining({
          orgUnitId: JINXIU,
          target: 'member',
          memberName: '赵国庆',
          findingType: 'missed-report',
          committeeId: expect.any(String),
        }),
      ]);
    });

    it('refuses residents with 403 in Chinese, and answers 404 for a unit outside an official’s tree', async () => {
      const resident = await call(server, 'GET', `/api/credit-records?orgUnit=${JINXIU}`, { token: as('resident') });
      expect(resident.status).toBe(403);
      expect(resident.body).toMatchObject({ code: 'FORBIDDEN', message: '无权查看信用档案' });
      const outside = await call(server, 'GET', `/api/credit-records?orgUnit=${HEPING}`, { token: as('property') });
      expect(outside.status).toBe(404);
      const seals = await call(server, 'GET', `/api/seal-custody?orgUnit=${JINXIU}`, { token: as('resident') });
      expect(seals.status).toBe(403);
      expect(seals.body.message).toBe('无权查看印章代管记录');
    });

    it('shows the seal custody history of a compound to its officials', async () => {
      const response = await call(server, 'GET', `/api/seal-custody?orgUnit=${JINXIU}`, { token: as('property') });
      expect(response.status).toBe(200);
      expect(response.body).toEqual([
        expect.objectContaining({
          compoundId: JINXIU,
          custodianUnitId: NANYING,
          seals: ['业主大会印章', '业主委员会印章'],
          handoverDate: '2024-01-01',
        }),
      ]);
    });
  });

  describe('GET /api/star-ratings', () => {
    it('shows the stars of the project in the owner’s compound, moved by two years of ratings', async () => {
      const me = (await call(server, 'GET', '/api/me', { token: as('property') })).body.user.id as string;
      const secretaries = [{ secretaryId: me, orgUnitId: JINXIU }];
      await complete(
        fakeJob('rp.update-star-rating', {
          reviewYear: 2024,
          secretaries,
          ratings: [{ secretaryId: me, name: '陈经理', companyName: '安泰物业', averageScore: 95, rating: '优秀' }],
        }),
      );
      await complete(
        fakeJob('rp.update-star-rating', {
          reviewYear: 2025,
          secretaries,
          ratings: [{ secretaryId: me, name: '陈经理', companyName: '安泰物业', averageScore: 65, rating: '一般' }],
        }),
      );
      const response = await call(server, 'GET', `/api/star-ratings?orgUnit=${JINXIU}`, { token: as('resident') });
      expect(response.status).toBe(200);
      expect(response.body.map((s: Json) => [s.reviewYear, s.rating, s.previousStars, s.stars])).toEqual([
        [2025, '一般', 4, 3],
        [2024, '优秀', null, 4],
      ]);
    });
  });

  describe('idempotency on the job key', () => {
    it('publishes one notice for a job handled twice and answers the same time', async () => {
      const job = fakeJob('rp.publish-notice', {
        noticeStage: 'rejected',
        compoundId: JINXIU,
        title: '加装道闸',
        deliberationOpinion: '费用过高',
      });
      const first = await complete(job);
      const second = await complete(job);
      expect(second).toEqual(first);
      expect(await count(server, 'notices', 'job_key = $1', [job.key])).toBe(1);
    });

    it('registers one committee for a retried registration and answers the same committee', async () => {
      const job = fakeJob('rp.register-committee', {
        compoundId: YUHUA,
        seats: 3,
        electionResults: ['甲', '乙', '丙'].map((name, i) => ({ name, roomNo: `2-${i}01`, votes: 9, elected: true })),
        termStart: '2026-12-01',
        termEnd: '2029-11-30',
      });
      const first = await complete(job);
      const second = await complete(job);
      expect(second).toEqual(first);
      expect(await count(server, 'committees', 'compound_id = $1', [YUHUA])).toBe(1);
      expect(await count(server, 'committee_members m JOIN committees c ON c.id = m.committee_id', 'c.compound_id = $1', [YUHUA])).toBe(3);
    });

    it('keeps the first deadline, sample and recipients when rectification, rating and notification jobs are retried', async () => {
      const rectification = fakeJob('rp.issue-rectification-notice', {
        compoundId: JINXIU,
        target: 'committee',
        rectificationRequirements: '补交报告',
      });
      expect(await complete(rectification)).toEqual(await complete(rectification));
      const rating = fakeJob('rp.record-rating', { compoundId: JINXIU, satisfaction: 'satisfied', ratingScore: 5 });
      expect(await complete(rating)).toEqual(await complete(rating));
      const notify = fakeJob('rp.notify-parties', {
        noticeStage: 'vote-failed',
        compoundId: JINXIU,
        communityId: NANYING,
        findingType: 'complaint',
        findingDescription: 'x',
        assemblyResult: { passed: false, reason: '参与表决面积不足三分之二' },
      });
      await complete(notify);
      await complete(notify);
      expect(await count(server, 'notifications', 'job_key = $1', [notify.key])).toBe(2);
      expect(await count(server, 'rectification_notices', 'job_key = $1', [rectification.key])).toBe(1);
      expect(await count(server, 'committee_events', `job_key = $1 AND kind = 'rectification-notice'`, [rectification.key])).toBe(1);
      expect(await count(server, 'service_quality_records', 'job_key = $1', [rating.key])).toBe(1);
    });

    it('removes a member once when the exit job is retried, answering the same vacancy', async () => {
      const job = fakeJob('rp.deregister-committee', {
        compoundId: JINXIU,
        target: 'member',
        memberName: '王秀英',
        assemblyResult: { passed: true },
      });
      const first = await complete(job);
      expect(first).toEqual({ vacantSeats: 1, committeeDissolved: false });
      expect(await complete(job)).toEqual(first);
      const committee = await server.server.app.get(CommitteesService).activeOf(JINXIU);
      expect(await count(server, 'committee_members', `committee_id = $1 AND status = 'serving'`, [committee?.id])).toBe(4);
    });
  });

  describe('the committee registry through exit and by-election', () => {
    const LVDU = 'wf-ziwei-guangming-lvdu';
    const WENFENG = 'wf-dongda-gulou-wenfeng';
    const elect = (compoundId: string, names: readonly string[], byElection: boolean) =>
      complete(
        fakeJob('rp.register-committee', {
          compoundId,
          seats: byElection ? 1 : 3,
          byElection,
          electionResults: names.map((name, i) => ({ name, roomNo: `3-${i}01`, votes: 10, elected: true })),
          termStart: byElection ? '2027-04-01' : '2026-12-01',
          termEnd: '2031-11-30',
        }),
      );

    it('fills a removed member’s seat in the same committee by a by-election, keeping the history', async () => {
      const { committeeId } = await elect(LVDU, ['周一', '吴二', '郑三'], false);
      expect(
        await complete(
          fakeJob('rp.deregister-committee', {
            compoundId: LVDU,
            target: 'member',
            memberName: '吴二',
            assemblyResult: { passed: true },
            meetingDate: '2027-03-01',
          }),
        ),
      ).toEqual({
        vacantSeats: 1,
        committeeDissolved: false,
      });
      expect(await elect(LVDU, ['王四'], true)).toEqual({ committeeId });
      const detail = await call(server, 'GET', `/api/committees/${committeeId as string}`, { token: as('city-admin') });
      expect(detail.body).toMatchObject({ status: 'active', servingMembers: 3 });
      expect(detail.body.members.map((m: Json) => [m.name, m.status])).toEqual([
        ['周一', 'serving'],
        ['吴二', 'removed'],
        ['郑三', 'serving'],
        ['王四', 'serving'],
      ]);
      expect(detail.body.history.map((h: Json) => h.kind)).toEqual(['registered', 'member-removed', 'by-elected']);
    });

    it('dissolves the committee, frees every seat, and a by-election without a committee is an incident', async () => {
      const { committeeId } = await elect(WENFENG, ['甲一', '乙二', '丙三'], false);
      expect(
        await complete(fakeJob('rp.deregister-committee', { compoundId: WENFENG, target: 'committee', assemblyResult: { passed: true } })),
      ).toEqual({
        vacantSeats: 3,
        committeeDissolved: true,
      });
      const detail = await call(server, 'GET', `/api/committees/${committeeId as string}`, { token: as('city-admin') });
      expect(detail.body).toMatchObject({ status: 'dissolved', servingMembers: 0 });
      expect(detail.body.members.every((m: Json) => m.status === 'ended')).toBe(true);
      const outcome = await handler(server.server.app, 'rp.register-committee').handle(
        fakeJob('rp.register-committee', {
          compoundId: WENFENG,
          seats: 1,
          byElection: true,
          electionResults: [{ name: '丁四', roomNo: '1-101', votes: 5, elected: true }],
          termStart: '2027-01-01',
          termEnd: '2031-11-30',
        }),
      );
      expect(outcome).toMatchObject({ kind: 'fail', retries: 0, message: expect.stringContaining('没有在册的业主委员会') });
    });
  });

  describe('job input checks', () => {
    it('fails with no retries and names the member who is not serving', async () => {
      const outcome = await handler(server.server.app, 'rp.deregister-committee').handle(
        fakeJob('rp.deregister-committee', {
          compoundId: JINXIU,
          target: 'member',
          memberName: '不存在的人',
          assemblyResult: { passed: true },
        }),
      );
      expect(outcome).toEqual({
        kind: 'fail',
        retries: 0,
        retryBackOffMs: 0,
        message: '业主委员会成员不存在的人：业主委员会现任委员中没有不存在的人',
      });
    });

    it('fails with no retries when a list item is malformed', async () => {
      const outcome = await handler(server.server.app, 'rp.check-slate').handle(
        fakeJob('rp.check-slate', { compoundId: JINXIU, seats: 4.5, candidates: [{ name: '张三' }, 'x'] }),
      );
      expect(outcome).toMatchObject({ kind: 'fail', retries: 0 });
      const message = (outcome as Extract<JobOutcome, { kind: 'fail' }>).message;
      expect(message).toContain('seats 须为整数（must be an integer）');
      expect(message).toContain('candidates[0].roomNo 缺失（missing）');
      expect(message).toContain('candidates[1] 须为对象（must be an object）');
    });
  });
});
