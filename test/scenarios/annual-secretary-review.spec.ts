/**
 * P4 年度述职评议 (annual-secretary-review) end to end: the industry party committee starts the
 * review, every property company's branch secretary reports in their own inbox, every reviewer
 * scores every report assigned to them, the decision table rates the averages, the ratings are
 * published and feed the demonstration projects' star ratings. The scores sit on the edges of
 * the rating bands; the expected bands and stars come from the rule functions of libs/domain.
 */
import { averageScore, nextStars, ratingBand, type Rating } from '@rp/domain';
import { call, login, type Json } from '../../apps/server/test/identity/identity-client';
import { waitFor, waitForTask } from '../../apps/server/test/inbox/inbox-client';
import { dataSourceOf } from '../../apps/server/test/procedure-workers/procedure-workers-client';
import { startTestServer, type TestServer } from '../../apps/server/test/support/test-server';
import { scenarioSteps } from './support/scenario-steps';

// Every step goes through HTTP, the engine and the inbox on a machine shared with other test runs.
jest.setTimeout(180_000);

const INDUSTRY_PARTY = 'wf';
/** Extra accounts the city administrator adds: two more secretaries in 文峰区, one in 北关区, a second reviewer. */
const EXTRA_USERS = [
  { username: 'sec-yuhua', displayName: '裕华物业 钱书记', role: 'property-company', orgUnitId: 'wf-dongda-nanying-yuhua' },
  { username: 'sec-wenfeng', displayName: '文峰苑物业 孙书记', role: 'property-company', orgUnitId: 'wf-dongda-gulou-wenfeng' },
  { username: 'sec-heping', displayName: '和平里物业 周书记', role: 'property-company', orgUnitId: 'bg-hongqi-zhangbei-heping' },
  { username: 'industry2', displayName: '文峰区物业行业党委 钱红', role: 'industry-party', orgUnitId: INDUSTRY_PARTY },
] as const;
const SECRETARIES = ['property', 'sec-yuhua', 'sec-wenfeng'] as const;
const REVIEWERS = ['industry', 'industry2'] as const;
type SecretaryUser = (typeof SECRETARIES)[number];

/** A total split into the three criteria of 5.3.2 (0–40 / 0–30 / 0–30). */
function split(total: number): { scorePartyWork: number; scoreService: number; scoreSocial: number } {
  const scorePartyWork = Math.min(40, Math.round(total * 0.4));
  const scoreService = Math.min(30, Math.round((total - scorePartyWork) / 2));
  return { scorePartyWork, scoreService, scoreSocial: total - scorePartyWork - scoreService };
}

describe('P4 年度述职评议 annual-secretary-review scenarios', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  /** Secretary name (as the report form shows it) → account. */
  const nameOf: Record<string, SecretaryUser> = {};

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true', ENGINE_CONTROLLABLE_CLOCK: 'true' });
    const admin = await login(server, 'city-admin');
    for (const u of EXTRA_USERS) {
      const created = await call(server, 'POST', '/api/users', {
        token: admin,
        body: {
          username: u.username,
          displayName: u.displayName,
          password: 'secret-pass-1',
          memberships: [{ role: u.role, orgUnitId: u.orgUnitId }],
        },
      });
      expect(created.status).toBe(201);
    }
    for (const user of [...SECRETARIES, ...REVIEWERS, 'sec-heping', 'community', 'committee', 'street', 'grid', 'admin']) {
      tokens[user] = await login(server, user, EXTRA_USERS.some((u) => u.username === user) ? 'secret-pass-1' : undefined);
      ids[user] = (await call(server, 'GET', '/api/me', { token: tokens[user] })).body.user.id;
    }
  }, 180_000);
  afterAll(() => server.close());

  const { completed } = scenarioSteps({ server: () => server, token: (user) => tokens[user] ?? '' });

  const complete = async (user: string, taskId: string, data: Json): Promise<void> => {
    const done = await call(server, 'POST', `/api/tasks/${taskId}/complete`, { token: tokens[user], body: { data } });
    expect({ taskId, status: done.status, body: done.status === 200 ? undefined : done.body }).toEqual({
      taskId,
      status: 200,
      body: undefined,
    });
  };

  const tasksOf = async (user: string, key: string, elementId: string): Promise<Json[]> => {
    const page = await call(server, 'GET', '/api/tasks?pageSize=100', { token: tokens[user] });
    return page.body.items.filter((t: Json) => t.processInstanceKey === key && t.elementId === elementId);
  };

  /** The industry party committee starts the review of `year` with the start form. */
  const start = async (year: number): Promise<string> => {
    const refused = await call(server, 'POST', '/api/processes/annual-secretary-review/instances', {
      token: tokens['property'],
      body: { data: { reviewYear: year, industryPartyId: INDUSTRY_PARTY } },
    });
    expect(refused.status).toBe(403);
    const processes = await call(server, 'GET', '/api/processes', { token: tokens['industry'] });
    expect(processes.body.find((p: Json) => p.bpmnProcessId === 'annual-secretary-review').startForm.formId).toBe('review-start');
    const started = await call(server, 'POST', '/api/processes/annual-secretary-review/instances', {
      token: tokens['industry'],
      body: { data: { reviewYear: year, industryPartyId: INDUSTRY_PARTY } },
    });
    expect(started.status).toBe(201);
    return started.body.processInstanceKey as string;
  };

  /** Each secretary finds exactly one report task, about themself, and submits it. */
  const report = async (key: string, year: number): Promise<void> => {
    for (const user of SECRETARIES) {
      const listed = await waitForTask(server, tokens[user], key, 'Task_review_report');
      expect(await tasksOf(user, key, 'Task_review_report')).toHaveLength(1);
      const opened = await call(server, 'GET', `/api/tasks/${listed.id}`, { token: tokens[user] });
      expect(opened.body).toMatchObject({ state: 'open', canComplete: true, form: { formId: 'review-report' } });
      expect(opened.body.data.reviewYear).toBe(year);
      const name = opened.body.data.secretary.name as string;
      nameOf[name] = user;
      await complete(user, listed.id, {
        reportSummary: `${year}年度述职：${name}`,
        partyWork: '按月开展主题党日，党员亮身份',
        serviceWork: '报事报修按时办结',
        socialEvaluation: '业主满意度测评良好',
      });
    }
    expect(Object.values(nameOf).sort()).toEqual([...SECRETARIES].sort());
  };

  /**
   * Each reviewer scores each secretary's report in a task assigned to them; `totals[secretary]`
   * gives the two reviewers' totals. Returns the expected band per secretary name.
   */
  const score = async (key: string, totals: Record<SecretaryUser, readonly [number, number]>): Promise<Map<string, number>> => {
    for (const [r, reviewer] of REVIEWERS.entries()) {
      const mine = await waitFor(`${reviewer}'s three scoring tasks`, async () => {
        const tasks = (await tasksOf(reviewer, key, 'Task_review_score')).filter((t) => t.assignee?.id === ids[reviewer]);
        return tasks.length === SECRETARIES.length ? tasks : undefined;
      });
      for (const task of mine) {
        const opened = await call(server, 'GET', `/api/tasks/${task.id}`, { token: tokens[reviewer] });
        expect(opened.body).toMatchObject({ canComplete: true, form: { formId: 'review-score' } });
        const secretary = nameOf[opened.body.data.report.name as string];
        expect(opened.body.data.report.summary).toBe(`${opened.body.data.reviewYear}年度述职：${opened.body.data.report.name}`);
        const total = totals[secretary][r];
        await complete(reviewer, task.id, { ...split(total), reviewComment: `${total}分` });
      }
    }
    return new Map(Object.entries(nameOf).map(([name, user]) => [name, averageScore(totals[user])]));
  };

  const starRatings = async (year: number): Promise<Json[]> => {
    const response = await call(server, 'GET', `/api/star-ratings?orgUnit=${INDUSTRY_PARTY}`, { token: tokens['industry'] });
    expect(response.status).toBe(200);
    return response.body.filter((s: Json) => s.reviewYear === year);
  };

  let firstYear: Map<string, Rating>;

  it('one report per secretary in their own inbox, one score per reviewer × report, ratings at the upper band edges, published and starred', async () => {
    const key = await start(2025);
    await report(key, 2025);
    // 北关区's secretary is not under 文峰区's industry party committee; community officials score nothing.
    for (const user of ['sec-heping', 'community', 'committee', 'street', 'grid']) {
      expect(await tasksOf(user, key, 'Task_review_report')).toEqual([]);
      expect(await tasksOf(user, key, 'Task_review_score')).toEqual([]);
    }
    const averages = await score(key, { property: [90, 90], 'sec-yuhua': [80, 79], 'sec-wenfeng': [60, 59] });
    expect([...averages.values()].sort()).toEqual([59.5, 79.5, 90]);

    const variables = await completed(key);
    expect(variables.reviews).toHaveLength(SECRETARIES.length * REVIEWERS.length);
    firstYear = new Map();
    for (const rating of variables.ratings as { name: string; averageScore: number; rating: Rating }[]) {
      expect(rating.averageScore).toBe(averages.get(rating.name));
      expect(rating.rating).toBe(ratingBand(averages.get(rating.name) as number));
      firstYear.set(rating.name, rating.rating);
    }
    expect([...firstYear.values()].sort()).toEqual(['一般', '优秀', '较差'].sort());

    const notices = await call(server, 'GET', `/api/notices?orgUnit=${INDUSTRY_PARTY}`, { token: tokens['industry'] });
    const published = notices.body.find((n: Json) => n.processInstanceKey === key);
    expect(published).toMatchObject({ kind: 'annual-ratings', orgUnitId: INDUSTRY_PARTY });
    for (const [name, rating] of firstYear) {
      expect(published.body).toContain(name);
      expect(published.body).toContain(rating);
    }

    const stars = await starRatings(2025);
    expect(stars).toHaveLength(SECRETARIES.length);
    for (const s of stars) {
      expect(s.rating).toBe(firstYear.get(s.secretaryName));
      expect(s).toMatchObject({ previousStars: null, stars: nextStars(null, s.rating), processInstanceKey: key });
    }
  });

  it('the next year: the lower band edges, and the stars move from the previous year’s', async () => {
    const key = await start(2026);
    await report(key, 2026);
    const averages = await score(key, { property: [90, 89], 'sec-yuhua': [80, 80], 'sec-wenfeng': [60, 60] });
    expect([...averages.values()].sort()).toEqual([60, 80, 89.5]);
    const variables = await completed(key);
    const ratings = new Map((variables.ratings as { name: string; rating: Rating }[]).map((r) => [r.name, r.rating]));
    for (const [name, average] of averages) expect(ratings.get(name)).toBe(ratingBand(average));
    expect([...ratings.values()].sort()).toEqual(['一般', '良好', '良好'].sort());

    const before = await starRatings(2025);
    const stars = await starRatings(2026);
    expect(stars).toHaveLength(SECRETARIES.length);
    for (const s of stars) {
      const previous = before.find((b: Json) => b.secretaryId === s.secretaryId);
      expect(s).toMatchObject({ rating: ratings.get(s.secretaryName), previousStars: previous.stars });
      expect(s.stars).toBe(nextStars(previous.stars, s.rating));
    }
  });

  // Last: it moves the engine clock to next January.
  it('the yearly timer starts the review of the previous year on 10 January for every industry party committee', async () => {
    const clock = await call(server, 'GET', '/api/admin/engine-clock', { token: tokens['admin'] });
    const year = new Date(clock.body.now).getUTCFullYear() + 1;
    // 0 0 1 10 1 * is 01:00 UTC = 09:00 Beijing on 10 January.
    const moved = await call(server, 'POST', '/api/admin/engine-clock', {
      token: tokens['admin'],
      body: { set: `${year}-01-10T01:00:05Z` },
    });
    expect(moved.status).toBe(200);
    const started = await waitFor('the timer-started review', async () => {
      const rows = await dataSourceOf(server).query(
        `SELECT key::text AS key, variables FROM engine.process_instance WHERE bpmn_process_id = 'annual-secretary-review' AND NOT variables ? 'startedBy' AND variables ? 'secretaries'`,
      );
      return rows.length > 0 ? (rows as { key: string; variables: Json }[]) : undefined;
    });
    expect(started).toHaveLength(1);
    const key = started[0]?.key;
    // The default year is `today().year - 1`; the embedded engine's FEEL reads the system clock,
    // not the moved engine clock (Zeebe's reads its controlled clock), so the year is not asserted here.
    expect(started[0]?.variables).toMatchObject({ reviewYear: expect.any(Number), secretaries: expect.any(Array) });
    expect((started[0]?.variables.secretaries as Json[]).map((s) => s.orgUnitId).sort()).toEqual(
      ['wf-dongda-gulou-wenfeng', 'wf-dongda-nanying-jinxiu', 'wf-dongda-nanying-yuhua'].sort(),
    );
    for (const user of SECRETARIES) {
      const task = await waitForTask(server, tokens[user], key, 'Task_review_report');
      const opened = await call(server, 'GET', `/api/tasks/${task.id}`, { token: tokens[user] });
      expect(opened.body.data.reviewYear).toBe(started[0]?.variables.reviewYear);
    }
    expect(await tasksOf('sec-heping', key, 'Task_review_report')).toEqual([]);
  });
});
