/**
 * /api/analytics against a brute-force model: generated history is written straight into
 * the engine's and the inbox's tables, the loader runs, and every figure is compared with
 * the same figure computed in TypeScript: counts, means, min and max exactly, percentiles
 * (read from the rollups' log histograms) within the stated relative accuracy.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { AnalyticsLoader } from '../../src/analytics/analytics-loader';
import { bucketIndex, bucketUpperMs, RELATIVE_ACCURACY } from '../../src/analytics/sketch';
import { call, login, seedDemo } from '../identity/identity-client';
import { startTestServer, type TestServer } from '../support/test-server';
import { ACCEPT_DUE_MS, generate, Model, PROCESS_ID, PROCESS_NAME, writeHistory, unitPaths, type Scope } from './analytics-fixture';

const BASE = `/api/analytics/processes/${PROCESS_ID}`;
const CITY = '/anyang/';
const WF = '/anyang/wf/';
const NANYING = '/anyang/wf/wf-dongda/wf-dongda-nanying/';

/** Equal up to float rounding (PostgreSQL numeric → float8 vs a JavaScript division). */
function close(actual: number | null | undefined, expected: number | null | undefined, label: string): void {
  if (expected === null || expected === undefined) {
    expect({ label, actual: actual ?? null }).toEqual({ label, actual: null });
    return;
  }
  if (typeof actual !== 'number' || Math.abs(actual - expected) > 1e-6 * Math.max(1, Math.abs(expected))) {
    throw new Error(`${label}: expected ${expected}, got ${String(actual)}`);
  }
}

/** Within the histograms' relative accuracy (percentiles). */
function near(actual: number | null | undefined, expected: number | null | undefined, label: string): void {
  if (expected === null || expected === undefined) {
    expect({ label, actual: actual ?? null }).toEqual({ label, actual: null });
    return;
  }
  if (typeof actual !== 'number' || Math.abs(actual - expected) > RELATIVE_ACCURACY * Math.abs(expected) + 1e-6) {
    throw new Error(`${label}: expected ${expected} ± ${RELATIVE_ACCURACY * 100} %, got ${String(actual)}`);
  }
}

/** Percentiles within the stated accuracy, everything else (mean, min, max) exact. */
function compareStats(actual: Record<string, unknown>, expected: Record<string, unknown>, label: string, keys: readonly string[]): void {
  for (const key of keys) {
    const compare = /^p\d+$/.test(key) ? near : close;
    compare(actual[key] as number | null, expected[key] as number | null, `${label}.${key}`);
  }
}

const STAT_KEYS = ['mean', 'min', 'max', 'p50', 'p90', 'p99'] as const;

/** A range with partial months and partial days at both ends: whole months, whole days and hours are all read. */
const UNALIGNED = { from: '2026-02-10T13:30:00+08:00', to: '2026-04-20T09:15:00+08:00' };
const unalignedQuery = `from=${encodeURIComponent(UNALIGNED.from)}&to=${encodeURIComponent(UNALIGNED.to)}`;
const unalignedScope = (path: string): Scope => ({ paths: [path], from: Date.parse(UNALIGNED.from), to: Date.parse(UNALIGNED.to) });
/** The city (day rollups), a district (day rollups at its own depth) and a community (facts). */
const EDGE_SCOPES = [
  ['the city', '', '/anyang/'],
  ['a district', '&orgUnit=wf', '/anyang/wf/'],
  ['a community', '&orgUnit=wf-dongda-nanying', '/anyang/wf/wf-dongda/wf-dongda-nanying/'],
] as const;

/** The API's breach order: latest first, then instance key, the instance before its steps, then reason. */
function breachOrder(
  a: { lateMs: number; processInstanceKey: string; elementInstanceKey: string | null; reason: string },
  b: { lateMs: number; processInstanceKey: string; elementInstanceKey: string | null; reason: string },
): number {
  const big = (x: string | null): bigint => (x === null ? -1n : BigInt(x));
  const keys = (x: bigint, y: bigint): number => (x < y ? -1 : x > y ? 1 : 0);
  return (
    b.lateMs - a.lateMs ||
    keys(big(a.processInstanceKey), big(b.processInstanceKey)) ||
    keys(big(a.elementInstanceKey), big(b.elementInstanceKey)) ||
    (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)
  );
}
const COUNT_KEYS = ['count', 'running', 'completed', 'terminated'] as const;

describe('analytics API', () => {
  let server: TestServer;
  let model: Model;
  let cityAnalyst: string;
  let communityAnalyst: string;
  let wfAnalyst: string;
  let cityAdmin: string;
  let communityAdmin: string;

  const load = () => server.server.app.get(AnalyticsLoader).runOnce();
  // it.each tables are built before beforeAll runs: tokens are read when the test runs.
  const cityAnalystToken = () => cityAnalyst;
  const communityAnalystToken = () => communityAnalyst;

  beforeAll(async () => {
    server = await startTestServer({ SEED_DEMO: 'true' });
    await seedDemo(server);
    const instances = generate(400);
    await writeHistory(server.database.url, instances, randomUUID());
    model = new Model(instances, await unitPaths(server.database.url));
    [cityAnalyst, communityAnalyst, cityAdmin, communityAdmin] = await Promise.all([
      login(server, 'city-analyst'),
      login(server, 'analyst'),
      login(server, 'city-admin'),
      login(server, 'admin'),
    ]);
    const created = await call(server, 'POST', '/api/users', {
      token: cityAdmin,
      body: {
        username: 'wf-analyst',
        displayName: '文峰区数据分析员',
        password: 'wf-analyst-pass-1',
        memberships: [{ role: 'analyst', orgUnitId: 'wf' }],
      },
    });
    if (created.status !== 201) throw new Error(`create wf-analyst: ${created.status} ${JSON.stringify(created.body)}`);
    wfAnalyst = await login(server, 'wf-analyst', 'wf-analyst-pass-1');
    server.server.app.get(AnalyticsLoader).stopSchedule();
    await load();
  }, 180_000);
  afterAll(() => server.close());

  describe('GET …/durations', () => {
    /** A durations answer equals the brute force for `scope`: counts exactly, figures as compareStats, every step with its split. */
    const expectDurations = (body: Record<string, any>, scope: Scope): void => {
      const expected = model.instanceFigures(scope);
      expect(expected.completed).toBeGreaterThan(5);
      for (const key of COUNT_KEYS) expect({ key, value: body[key] }).toEqual({ key, value: expected[key] });
      compareStats(body, expected, 'instance', STAT_KEYS);
      const elements = model.elementFigures(scope);
      expect(body.byElement.map((e: { elementId: string }) => e.elementId).sort()).toEqual(elements.map((e) => e.elementId).sort());
      for (const want of elements) {
        const got = body.byElement.find((e: { elementId: string }) => e.elementId === want.elementId);
        expect({ id: want.elementId, count: got.count, active: got.active }).toEqual({
          id: want.elementId,
          count: want.count,
          active: want.active,
        });
        compareStats(got, want, want.elementId, STAT_KEYS);
        if (want.waiting && want.working) {
          expect(got.waiting.count).toBe(want.waiting.count);
          compareStats(got.waiting, want.waiting, `${want.elementId}.waiting`, ['mean', 'p50', 'p90', 'p99']);
          compareStats(got.working, want.working, `${want.elementId}.working`, ['mean', 'p50', 'p90', 'p99']);
        } else {
          expect(got.waiting).toBeUndefined();
        }
      }
    };

    it('matches the brute-force figures for the whole city, per instance and per element', async () => {
      const response = await call(server, 'GET', `${BASE}/durations`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ bpmnProcessId: PROCESS_ID, name: PROCESS_NAME });
      expectDurations(response.body, { paths: [CITY] });
    });

    it('names steps from the deployed model and splits only human steps into waiting and working', async () => {
      const response = await call(server, 'GET', `${BASE}/durations`, { token: cityAnalyst });
      const accept = response.body.byElement.find((e: { elementId: string }) => e.elementId === 'accept');
      expect(accept).toMatchObject({ name: '受理', elementType: 'USER_TASK' });
      const notify = response.body.byElement.find((e: { elementId: string }) => e.elementId === 'notify');
      expect(notify).toMatchObject({ name: '结果公开', elementType: 'SERVICE_TASK' });
      expect(notify.waiting).toBeUndefined();
      expect(response.body.byElement.some((e: { elementType: string }) => e.elementType === 'PROCESS')).toBe(false);
    });

    it('waiting plus working is each completed human step’s duration', async () => {
      const client = new Client({ connectionString: server.database.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM analytics_element_instances WHERE waiting_ms IS NOT NULL AND waiting_ms + working_ms <> duration_ms`,
        );
        expect(rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    });

    it('applies from/to (a bare date is Beijing midnight), version and orgUnit together', async () => {
      const query = 'from=2026-02-01&to=2026-05-01T00:00:00%2B08:00&version=2&orgUnit=wf-dongda';
      const response = await call(server, 'GET', `${BASE}/durations?${query}`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      const scope: Scope = {
        paths: ['/anyang/wf/wf-dongda/'],
        from: Date.parse('2026-02-01T00:00:00+08:00'),
        to: Date.parse('2026-05-01T00:00:00+08:00'),
        version: 2,
      };
      const expected = model.instanceFigures(scope);
      expect(expected.count).toBeGreaterThan(5);
      for (const key of COUNT_KEYS) expect(response.body[key]).toBe(expected[key]);
      compareStats(response.body, expected, 'filtered', STAT_KEYS);
      for (const want of model.elementFigures(scope)) {
        const got = response.body.byElement.find((e: { elementId: string }) => e.elementId === want.elementId);
        expect(got.count).toBe(want.count);
        compareStats(got, want, want.elementId, STAT_KEYS);
      }
    });

    it.each(EDGE_SCOPES)('adds whole months, whole days and partial days at the edges of a range for %s', async (_, unit, path) => {
      const response = await call(server, 'GET', `${BASE}/durations?${unalignedQuery}${unit}`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      expectDurations(response.body, unalignedScope(path));
    });

    it('lists steps in the order they were first activated', async () => {
      const response = await call(server, 'GET', `${BASE}/durations`, { token: cityAnalyst });
      expect(response.body.byElement.map((e: { elementId: string }) => e.elementId)).toEqual([
        'start',
        'accept',
        'review',
        'notify',
        'end',
      ]);
    });

    it('answers zeros for a process without history', async () => {
      const response = await call(server, 'GET', '/api/analytics/processes/no-such-process/durations', { token: cityAnalyst });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ count: 0, running: 0, completed: 0, mean: null, p50: null, byElement: [] });
    });
  });

  describe('scope', () => {
    it('shows a community analyst only their community', async () => {
      const response = await call(server, 'GET', `${BASE}/durations`, { token: communityAnalyst });
      expect(response.status).toBe(200);
      const expected = model.instanceFigures({ paths: [NANYING] });
      expect(expected.count).toBeGreaterThan(0);
      expect(expected.count).toBeLessThan(model.instanceFigures({ paths: [CITY] }).count);
      expect(response.body.count).toBe(expected.count);
      compareStats(response.body, expected, 'community', STAT_KEYS);
    });

    it('never shows 北关区 to an analyst of 文峰区', async () => {
      const byDistrict = await call(server, 'GET', `${BASE}/by-org-unit?level=district`, { token: wfAnalyst });
      expect(byDistrict.status).toBe(200);
      expect(byDistrict.body.units.map((u: { orgUnitId: string }) => u.orgUnitId)).toEqual(['wf']);
      expect(byDistrict.body.units[0].count).toBe(model.instanceFigures({ paths: [WF] }).count);
      expect((await call(server, 'GET', `${BASE}/durations?orgUnit=bg`, { token: wfAnalyst })).status).toBe(404);
      expect((await call(server, 'GET', `${BASE}/breaches?orgUnit=bg-hongqi`, { token: wfAnalyst })).status).toBe(404);
      const breaches = await call(server, 'GET', `${BASE}/breaches?limit=1000`, { token: wfAnalyst });
      expect(breaches.body.items.every((b: { orgUnitId: string }) => !b.orgUnitId.startsWith('bg'))).toBe(true);
    });

    it('lets admins read their subtree', async () => {
      const response = await call(server, 'GET', `${BASE}/durations`, { token: communityAdmin });
      expect(response.status).toBe(200);
      expect(response.body.count).toBe(model.instanceFigures({ paths: [NANYING] }).count);
    });

    it.each(['resident', 'community', 'street', 'grid'])('answers 403 to %s (no analyst or admin role)', async (username) => {
      const token = await login(server, username);
      for (const path of ['durations', 'trend', 'by-org-unit', 'breaches', 'targets', 'histogram', 'slowest']) {
        const response = await call(server, 'GET', `${BASE}/${path}`, { token });
        expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
      }
    });

    it('needs a token', async () => {
      expect((await call(server, 'GET', `${BASE}/durations`)).status).toBe(401);
    });
  });

  describe('GET …/trend', () => {
    it.each([
      ['by Beijing month over all history', 'bucket=month', 'month', () => ({ paths: [CITY] })],
      [
        'by week over a range that starts and ends mid-week and mid-day',
        `bucket=week&${unalignedQuery}`,
        'week',
        () => unalignedScope(CITY),
      ],
    ] as const)('buckets %s: started, completed and their percentiles', async (_, query, grain, scope) => {
      const response = await call(server, 'GET', `${BASE}/trend?${query}`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ bucket: grain, timeZone: 'Asia/Shanghai' });
      const expected = model.trend(scope(), grain);
      expect(expected.length).toBeGreaterThan(4);
      expect(response.body.buckets.map((b: { bucket: string }) => b.bucket)).toEqual(expected.map((b) => b.bucket));
      for (const [i, want] of expected.entries()) {
        const got = response.body.buckets[i];
        expect({ bucket: got.bucket, started: got.started, completed: got.completed }).toEqual({
          bucket: want.bucket,
          started: want.started,
          completed: want.completed,
        });
        compareStats(got, want, want.bucket, ['p50', 'p90']);
      }
    });

    it('buckets by week starting on Monday, filtered by unit', async () => {
      const response = await call(server, 'GET', `${BASE}/trend?bucket=week&orgUnit=wf`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      const buckets: { bucket: string; started: number }[] = response.body.buckets;
      expect(buckets.length).toBeGreaterThan(4);
      for (const b of buckets) expect(new Date(`${b.bucket}T00:00:00Z`).getUTCDay()).toBe(1);
      expect(buckets.reduce((sum, b) => sum + b.started, 0)).toBe(model.instanceFigures({ paths: [WF] }).count);
    });
  });

  describe('GET …/by-org-unit', () => {
    it('compares districts over a range with partial months and days', async () => {
      const response = await call(server, 'GET', `${BASE}/by-org-unit?level=district&${unalignedQuery}`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      const expected = model.byUnit(unalignedScope(CITY), 3);
      expect(response.body.units.map((u: { orgUnitId: string }) => u.orgUnitId).sort()).toEqual(expected.map((u) => u.orgUnitId).sort());
      for (const want of expected) {
        const got = response.body.units.find((u: { orgUnitId: string }) => u.orgUnitId === want.orgUnitId);
        for (const key of COUNT_KEYS)
          expect({ unit: want.orgUnitId, key, value: got[key] }).toEqual({ unit: want.orgUnitId, key, value: want[key] });
        compareStats(got, want, want.orgUnitId, STAT_KEYS);
      }
    });

    it.each([
      ['district', 3],
      ['street', 4],
      ['community', 5],
    ] as const)('gives the figures per %s with unit names', async (level, position) => {
      const response = await call(server, 'GET', `${BASE}/by-org-unit?level=${level}`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      const expected = model.byUnit({ paths: [CITY] }, position);
      expect(response.body.units.map((u: { orgUnitId: string }) => u.orgUnitId).sort()).toEqual(expected.map((u) => u.orgUnitId).sort());
      for (const want of expected) {
        const got = response.body.units.find((u: { orgUnitId: string }) => u.orgUnitId === want.orgUnitId);
        expect(typeof got.name).toBe('string');
        for (const key of COUNT_KEYS)
          expect({ unit: want.orgUnitId, key, value: got[key] }).toEqual({ unit: want.orgUnitId, key, value: want[key] });
        compareStats(got, want, want.orgUnitId, STAT_KEYS);
      }
    });

    it('compares 文峰区 with 北关区', async () => {
      const response = await call(server, 'GET', `${BASE}/by-org-unit?level=district`, { token: cityAnalyst });
      const names = response.body.units.map((u: { name: string }) => u.name);
      expect(names).toEqual(expect.arrayContaining(['文峰区', '北关区']));
    });
  });

  describe('targets and GET …/breaches', () => {
    const targets = new Map<string, number>([
      [PROCESS_ID, 5 * 24 * 3600_000],
      ['review', 2 * 24 * 3600_000],
    ]);

    beforeAll(async () => {
      for (const [elementId, targetMs] of targets) {
        const response = await call(server, 'PUT', `${BASE}/targets/${elementId}`, { token: cityAdmin, body: { targetMs } });
        expect(response.status).toBe(200);
      }
    });

    it('lists the targets with names', async () => {
      const response = await call(server, 'GET', `${BASE}/targets`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      expect(
        response.body.map((t: { elementId: string; name: string; targetMs: number; updatedBy: string }) => [
          t.elementId,
          t.name,
          t.targetMs,
          t.updatedBy,
        ]),
      ).toEqual([
        [PROCESS_ID, PROCESS_NAME, targets.get(PROCESS_ID), 'city-admin'],
        ['review', '审核', targets.get('review'), 'city-admin'],
      ]);
    });

    it('lets only a city admin set targets', async () => {
      expect((await call(server, 'PUT', `${BASE}/targets/accept`, { token: communityAdmin, body: { targetMs: 1000 } })).status).toBe(403);
      expect((await call(server, 'PUT', `${BASE}/targets/accept`, { token: cityAnalyst, body: { targetMs: 1000 } })).status).toBe(403);
    });

    it('lists every instance and step past its target or due date, with how late', async () => {
      const before = Date.now();
      const response = await call(server, 'GET', `${BASE}/breaches?limit=1000`, { token: cityAnalyst });
      const after = Date.now();
      expect(response.status).toBe(200);
      const expected = model.breaches({ paths: [CITY] }, targets, before);
      const id = (b: { kind: string; reason: string; processInstanceKey: string; elementInstanceKey: string | null }) =>
        `${b.kind}/${b.reason}/${b.processInstanceKey}/${b.elementInstanceKey ?? ''}`;
      expect(response.body.total).toBe(expected.length);
      expect(response.body.items.map(id).sort()).toEqual(expected.map(id).sort());
      const byId = new Map(response.body.items.map((b: { lateMs: number }) => [id(b as never), b]));
      for (const want of expected) {
        const got = byId.get(id(want)) as { lateMs: number };
        if (want.running) {
          expect(got.lateMs).toBeGreaterThanOrEqual(want.lateMs - 1);
          expect(got.lateMs).toBeLessThanOrEqual(want.lateMs + (after - before) + 1);
        } else {
          expect({ key: id(want), lateMs: got.lateMs }).toEqual({ key: id(want), lateMs: want.lateMs });
        }
      }
      const lates: number[] = response.body.items.map((b: { lateMs: number }) => b.lateMs);
      expect(lates).toEqual([...lates].sort((a, b) => b - a));
    });

    it.each(EDGE_SCOPES)('counts every breach exactly over a range with partial months and days for %s', async (_, unit, path) => {
      const before = Date.now();
      const response = await call(server, 'GET', `${BASE}/breaches?${unalignedQuery}${unit}&limit=1`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      const expected = model.breachCounts(unalignedScope(path), targets, before);
      expect(expected.length).toBeGreaterThan(1);
      const got = response.body.summary.map((c: { kind: string; reason: string; elementId: string; count: number }) => {
        return `${c.kind}/${c.reason}/${c.elementId}=${c.count}`;
      });
      expect(got.sort()).toEqual(expected);
      expect(response.body.total).toBe(model.breaches(unalignedScope(path), targets, before).length);
    });

    it('lists the latest breaches first, cut at the limit', async () => {
      const before = Date.now();
      const response = await call(server, 'GET', `${BASE}/breaches?limit=7`, { token: cityAnalyst });
      const after = Date.now();
      expect(response.status).toBe(200);
      const expected = model.breaches({ paths: [CITY] }, targets, before).sort(breachOrder);
      // Running breaches grow later while the request runs: the cut must not fall between two that close.
      expect(Math.abs(expected[6].lateMs - expected[7].lateMs)).toBeGreaterThan(after - before + 1);
      const id = (b: { kind: string; reason: string; processInstanceKey: string; elementInstanceKey: string | null }) =>
        `${b.kind}/${b.reason}/${b.processInstanceKey}/${b.elementInstanceKey ?? ''}`;
      expect(response.body.items.map(id)).toEqual(expected.slice(0, 7).map(id));
      expect(response.body.total).toBe(expected.length);
    });

    it('counts runs exactly at, just under and just over a target, and on the histogram’s bucket edges', async () => {
      const durations = model
        .completed({ paths: [CITY] }, 'review')
        .map((r) => r.durationMs)
        .sort((a, b) => a - b);
      const median = durations[Math.floor(durations.length / 2)];
      const edge = bucketUpperMs(bucketIndex(median)) - 1;
      try {
        for (const targetMs of [median, median - 1, median + 1, edge, edge + 1, durations[0], durations[durations.length - 1]]) {
          const response = await call(server, 'PUT', `${BASE}/targets/review`, { token: cityAdmin, body: { targetMs } });
          expect(response.status).toBe(200);
          const now = Date.now();
          const answer = await call(server, 'GET', `${BASE}/breaches?limit=1`, { token: cityAnalyst });
          const got = answer.body.summary.find(
            (c: { elementId: string; reason: string }) => c.elementId === 'review' && c.reason === 'target',
          );
          const want = model
            .breaches({ paths: [CITY] }, new Map([['review', targetMs]]), now)
            .filter((b) => b.reason === 'target' && b.elementId === 'review').length;
          expect({ targetMs, count: got?.count ?? 0 }).toEqual({ targetMs, count: want });
        }
      } finally {
        await call(server, 'PUT', `${BASE}/targets/review`, { token: cityAdmin, body: { targetMs: targets.get('review') } });
      }
    });

    it('counts the acceptances that missed the 24-hour deadline in one month', async () => {
      const response = await call(server, 'GET', `${BASE}/breaches?from=2026-03-01&to=2026-04-01&limit=5`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      const scope: Scope = { paths: [CITY], from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') };
      const expected = model.breaches(scope, targets, Date.now()).filter((b) => b.reason === 'dueDate' && b.elementId === 'accept');
      expect(expected.length).toBeGreaterThan(0);
      const row = response.body.summary.find(
        (s: { elementId: string; reason: string }) => s.elementId === 'accept' && s.reason === 'dueDate',
      );
      expect(row).toMatchObject({ kind: 'element', name: '受理', count: expected.length });
      expect(response.body.items).toHaveLength(5);
      expect(ACCEPT_DUE_MS).toBe(86_400_000);
    });
  });

  describe('GET …/histogram', () => {
    it.each([
      ['whole instances', undefined, cityAnalystToken, [CITY]],
      ['the accept step', 'accept', cityAnalystToken, [CITY]],
      ['a community analyst', undefined, communityAnalystToken, [NANYING]],
    ] as const)('counts every completed duration of %s in its bar', async (_label, elementId, token, paths) => {
      const query = elementId ? `?elementId=${elementId}` : '';
      const response = await call(server, 'GET', `${BASE}/histogram${query}`, { token: token() });
      expect(response.status).toBe(200);
      const durations = model.completed({ paths }, elementId).map((c) => c.durationMs);
      expect(durations.length).toBeGreaterThan(5);
      expect(response.body).toMatchObject({ elementId: elementId ?? null, count: durations.length });
      const buckets: { lowerMs: number; upperMs: number; count: number }[] = response.body.buckets;
      expect(buckets.length).toBeLessThanOrEqual(40);
      for (const [i, b] of buckets.entries()) {
        expect(b.lowerMs).toBeLessThanOrEqual(b.upperMs);
        if (i > 0) expect(b.lowerMs).toBe(buckets[i - 1].upperMs + 1);
        expect({ b, count: b.count }).toEqual({ b, count: durations.filter((d) => d >= b.lowerMs && d <= b.upperMs).length });
      }
      expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(durations.length);
    });
  });

  describe('GET …/slowest', () => {
    const expectSlowest = (
      got: { processInstanceKey: string; durationMs: number; orgUnitId: string }[],
      paths: string[],
      elementId?: string,
      limit = 10,
    ) => {
      const want = model
        .completed({ paths }, elementId)
        .sort((a, b) => b.durationMs - a.durationMs || (a.processInstanceKey < b.processInstanceKey ? -1 : 1))
        .slice(0, limit);
      expect(want.length).toBe(limit);
      expect(got.map((r) => [r.processInstanceKey, r.durationMs])).toEqual(want.map((r) => [r.processInstanceKey, r.durationMs]));
      for (const [i, r] of got.entries()) expect(want[i].path.endsWith(`/${r.orgUnitId}/`)).toBe(true);
    };

    it('lists the slowest completed instances, longest first, with their unit', async () => {
      const response = await call(server, 'GET', `${BASE}/slowest`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      expectSlowest(response.body, [CITY]);
      expect(response.body[0]).toMatchObject({ orgUnitName: expect.any(String), startedAt: expect.stringMatching(/^2026-/) });
    });

    it('lists one step’s slowest instances, limited', async () => {
      const response = await call(server, 'GET', `${BASE}/slowest?elementId=review&limit=7`, { token: cityAnalyst });
      expect(response.status).toBe(200);
      expectSlowest(response.body, [CITY], 'review', 7);
    });

    it('shows a community analyst only their community', async () => {
      const response = await call(server, 'GET', `${BASE}/slowest?limit=3`, { token: communityAnalyst });
      expect(response.status).toBe(200);
      expectSlowest(response.body, [NANYING], undefined, 3);
    });
  });

  describe('CSV export', () => {
    it('exports durations as UTF-8 CSV with a BOM and Chinese headers (?format=csv)', async () => {
      const response = await fetch(`${server.url}${BASE}/durations?format=csv`, { headers: { authorization: `Bearer ${cityAnalyst}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment;/);
      const bytes = new Uint8Array(await response.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1).trimEnd().split('\r\n');
      expect(lines[0].split(',').slice(0, 4)).toEqual(['环节ID', '环节名称', '类型', '完成数']);
      expect(lines[1].startsWith(`${PROCESS_ID},${PROCESS_NAME},整个流程,${model.instanceFigures({ paths: [CITY] }).completed},`)).toBe(
        true,
      );
      expect(lines.some((l) => l.startsWith('accept,受理,USER_TASK,'))).toBe(true);
    });

    it.each(['trend', 'by-org-unit', 'breaches', 'targets', 'histogram', 'slowest?elementId=accept'])(
      'exports %s when Accept asks for text/csv',
      async (path) => {
        const response = await fetch(`${server.url}${BASE}/${path}`, {
          headers: { authorization: `Bearer ${cityAnalyst}`, accept: 'text/csv' },
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
        const text = await response.text();
        expect(text.split('\r\n')[0]).toMatch(/[\u4e00-\u9fff]/);
      },
    );
  });

  describe('validation', () => {
    it.each([
      ['durations?from=yesterday', 'from', 'isIso8601', '必须是 ISO 8601 日期'],
      ['durations?version=abc', 'version', 'matches', '格式不正确'],
      ['durations?version=0', 'version', 'matches', '格式不正确'],
      ['durations?orgUnit=Bad%20Unit', 'orgUnit', 'matches', '格式不正确'],
      ['durations?format=xlsx', 'format', 'isIn', '不是允许的取值'],
      ['durations?color=red', 'color', 'whitelistValidation', '不允许的字段'],
      ['trend?bucket=year', 'bucket', 'isIn', '不是允许的取值'],
      ['by-org-unit?level=city', 'level', 'isIn', '不是允许的取值'],
      ['breaches?limit=5000', 'limit', 'max', '不能大于 1000'],
      ['slowest?limit=0', 'limit', 'min', '不能小于 1'],
      ['histogram?elementId=1bad', 'elementId', 'matches', '格式不正确'],
      ['durations?from=2026-05-01&to=2026-04-01', 'to', 'isAfterFrom', '结束时间必须晚于开始时间'],
    ])('rejects %s', async (path, field, code, message) => {
      const response = await call(server, 'GET', `${BASE}/${path}`, { token: cityAnalyst });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field, code, message }]);
    });

    it('rejects a bad target', async () => {
      const response = await call(server, 'PUT', `${BASE}/targets/review`, { token: cityAdmin, body: { targetMs: -5 } });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'targetMs', code: 'min', message: '不能小于 1' }]);
    });
  });
});
