/**
 * Objections to a publicised candidate slate (P1 候选人公示) judged on the engine's clock, and
 * the slates an owner may object to (GET /api/candidate-objections/slates): moving the engine
 * clock within the 7-day publicity leaves objections open, moving it past closes them, on
 * the engine's time rather than the wall clock's.
 */
import { demoRegister } from '../../src/owners/procedure-demo-seed';
import { call, login, type Json } from '../identity/identity-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { bringP1ToPublicity, JINXIU_SLATE } from './p1-publicity';

// Two instances through four steps each on a shared 2-core machine.
jest.setTimeout(300_000);

const JINXIU = 'wf-dongda-nanying-jinxiu';
const YUHUA = 'wf-dongda-nanying-yuhua';
const DAY = 24 * 3600_000;

/** Five distinct owners of 裕华苑's demo register, four of them party members. */
const yuhuaSlate = () =>
  [...new Map(demoRegister(YUHUA).map((e) => [e.ownerName, e])).values()]
    .slice(0, 5)
    .map((e, i) => ({ name: e.ownerName, roomNo: e.roomNo, isPartyMember: i < 4 }));

describe('candidate objections on engine time', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true', ENGINE_CONTROLLABLE_CLOCK: 'true' });
    for (const user of ['community', 'department', 'resident', 'branch', 'admin']) tokens[user] = await login(server, user);
  }, 300_000);
  afterAll(() => server.close());

  const advanceClock = async (advanceMs: number): Promise<void> => {
    const moved = await call(server, 'POST', '/api/admin/engine-clock', { token: tokens['admin'], body: { advanceMs } });
    expect(moved.status).toBe(200);
  };
  const object = (user: string, noticeId: string, objectionText: string) =>
    call(server, 'POST', '/api/candidate-objections', { token: tokens[user], body: { noticeId, objectionText } });
  const slates = async (user: string, query = ''): Promise<Json[]> => {
    const listed = await call(server, 'GET', `/api/candidate-objections/slates${query}`, { token: tokens[user] });
    expect(listed.status).toBe(200);
    return listed.body;
  };

  it('lists the slates in publicity for the caller’s compounds, and objections follow the engine clock', async () => {
    const officials = { community: tokens['community'], departments: [tokens['department']] };
    const jinxiu = await bringP1ToPublicity(server, officials, JINXIU);
    const yuhua = await bringP1ToPublicity(server, officials, YUHUA, yuhuaSlate());

    // 锦绣花园's resident sees 锦绣花园's slate only, with its roster; the community sees both.
    const mine = await slates('resident');
    expect(mine.map((s) => s.noticeId)).toEqual([jinxiu.notice.id]);
    expect(mine[0]).toMatchObject({
      compoundId: JINXIU,
      compoundName: '锦绣花园小区',
      processInstanceKey: jinxiu.key,
      objectionLodged: false,
      publicityEnd: jinxiu.notice.publicityEnd,
    });
    expect(mine[0].candidates).toEqual(
      JINXIU_SLATE.map((p) => ({ name: p.name, roomNo: p.roomNo, note: p.isPartyMember ? '中共党员' : '' })),
    );
    expect((await slates('community')).map((s) => s.compoundId).sort()).toEqual([JINXIU, YUHUA]);
    expect((await slates('community', `?orgUnit=${YUHUA}`)).map((s) => s.noticeId)).toEqual([yuhua.notice.id]);

    // Six days on the engine clock: still within the publicity period.
    await advanceClock(6 * DAY);
    const inTime = await object('resident', jinxiu.notice.id, '赵国庆长期拖欠物业费，不宜担任业主委员会委员');
    expect(inTime.status).toBe(201);
    expect((await slates('resident'))[0]).toMatchObject({ noticeId: jinxiu.notice.id, objectionLodged: true });

    // One more day and a minute: 裕华苑's period is over on engine time, though not on the wall clock.
    await advanceClock(DAY + 60_000);
    const late = await object('community', yuhua.notice.id, '候选人名单未在楼栋张贴');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ statusCode: 409, code: 'CONFLICT', message: '公示期已结束，不能再提出异议' });
    expect((await slates('community')).map((s) => s.compoundId)).not.toContain(YUHUA);
    // The objection made in time reached the process: 核查异议 waits for the community.
    const listed = await call(server, 'GET', `/api/candidate-objections?orgUnit=${JINXIU}`, { token: tokens['community'] });
    expect(listed.body.filter((o: Json) => o.processInstanceKey === jinxiu.key)).toHaveLength(1);
  });

  it('validates the unit it narrows to', async () => {
    const bad = await call(server, 'GET', '/api/candidate-objections/slates?orgUnit=Not A Unit', { token: tokens['resident'] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(bad.body.errors.map((e: Json) => e.field)).toEqual(['orgUnit']);
    const elsewhere = await call(server, 'GET', '/api/candidate-objections/slates?orgUnit=bg-hongqi', { token: tokens['resident'] });
    expect(elsewhere.status).toBe(404);
  });
});
