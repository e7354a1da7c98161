import { call, login, seedDemo } from '../identity/identity-client';
import { FIXTURE_ENV } from '../inbox/inbox-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('engine clock (admin)', () => {
  describe('with ENGINE_CONTROLLABLE_CLOCK=true', () => {
    let server: TestServer;
    let admin: string;
    let resident: string;
    beforeAll(async () => {
      server = await startTestServer({ ...FIXTURE_ENV, ENGINE_CONTROLLABLE_CLOCK: 'true' });
      await seedDemo(server);
      admin = await login(server, 'admin');
      resident = await login(server, 'resident');
    });
    afterAll(() => server.close());

    it('reads, advances, sets and resets engine time', async () => {
      const before = await call(server, 'GET', '/api/admin/engine-clock', { token: admin });
      expect(before.status).toBe(200);
      const start = Date.parse(before.body.now);
      expect(Math.abs(start - Date.now())).toBeLessThan(5000);

      const advanced = await call(server, 'POST', '/api/admin/engine-clock', { token: admin, body: { advanceMs: 25 * 3600_000 } });
      expect(advanced.status).toBe(200);
      expect(Date.parse(advanced.body.now) - start).toBeGreaterThanOrEqual(25 * 3600_000);

      const set = await call(server, 'POST', '/api/admin/engine-clock', { token: admin, body: { set: '2030-01-01T00:00:00Z' } });
      expect(set.status).toBe(200);
      expect(Date.parse(set.body.now)).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
      const read = await call(server, 'GET', '/api/admin/engine-clock', { token: admin });
      expect(read.body.now.startsWith('2030-01-01')).toBe(true);

      const reset = await call(server, 'POST', '/api/admin/engine-clock', { token: admin, body: { reset: true } });
      expect(reset.status).toBe(200);
      expect(Math.abs(Date.parse(reset.body.now) - Date.now())).toBeLessThan(5000);
    });

    it('answers 400 for a bad or ambiguous body', async () => {
      for (const body of [
        {},
        { advanceMs: -1 },
        { advanceMs: 1.5 },
        { set: 'tomorrow' },
        { reset: false },
        { advanceMs: 1, reset: true },
        { speed: 2 },
      ]) {
        const response = await call(server, 'POST', '/api/admin/engine-clock', { token: admin, body });
        expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status: 400, code: 'VALIDATION_FAILED' });
      }
    });

    it('answers 403 to non-admins and 401 without a token', async () => {
      expect((await call(server, 'GET', '/api/admin/engine-clock', { token: resident })).status).toBe(403);
      const post = await call(server, 'POST', '/api/admin/engine-clock', { token: resident, body: { advanceMs: 1000 } });
      expect(post.status).toBe(403);
      expect(post.body.code).toBe('FORBIDDEN');
      expect((await call(server, 'GET', '/api/admin/engine-clock')).status).toBe(401);
    });

    it('is documented in OpenAPI', async () => {
      const doc = await call(server, 'GET', '/api/docs-json');
      expect(Object.keys(doc.body.paths['/api/admin/engine-clock'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    });
  });

  describe('by default', () => {
    let server: TestServer;
    let admin: string;
    beforeAll(async () => {
      server = await startTestServer(FIXTURE_ENV);
      await seedDemo(server);
      admin = await login(server, 'admin');
    });
    afterAll(() => server.close());

    it('answers 409 with a Chinese message', async () => {
      const get = await call(server, 'GET', '/api/admin/engine-clock', { token: admin });
      expect(get.status).toBe(409);
      expect(get.body).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('ENGINE_CONTROLLABLE_CLOCK') });
      const post = await call(server, 'POST', '/api/admin/engine-clock', { token: admin, body: { advanceMs: 1000 } });
      expect(post.status).toBe(409);
    });
  });
});
