import { startTestServer, type TestServer } from '../support/test-server';
import { call, DEMO_PASSWORD, freshAddress, login, seedDemo } from './identity-client';

describe('sign-in and /api/me', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await seedDemo(server);
  });
  afterAll(() => server.close());

  const attempt = (username: string, password: string, address = freshAddress()) =>
    call(server, 'POST', '/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': address } });

  describe('POST /api/auth/login', () => {
    it('gives a bearer token that expires after the configured time', async () => {
      const response = await attempt('community', DEMO_PASSWORD);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ accessToken: expect.any(String), expiresIn: server.config.jwtTtlSeconds, tokenType: 'Bearer' });
      const claims = JSON.parse(Buffer.from(response.body.accessToken.split('.')[1], 'base64url').toString());
      expect(claims.exp - claims.iat).toBe(server.config.jwtTtlSeconds);
    });

    it('accepts the username in any case and with surrounding spaces', async () => {
      expect((await attempt('  Community ', DEMO_PASSWORD)).status).toBe(200);
    });

    it('answers a wrong password and an unknown username with the same 401', async () => {
      const wrongPassword = await attempt('community', 'not-the-password');
      const unknownUser = await attempt('nobody-here', DEMO_PASSWORD);
      expect(wrongPassword.status).toBe(401);
      expect(wrongPassword.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' });
      expect(unknownUser.status).toBe(401);
      expect(unknownUser.body).toEqual(wrongPassword.body);
    });

    it('rejects a body without a password, naming the field in Chinese', async () => {
      const response = await call(server, 'POST', '/api/auth/login', { body: { username: 'community' } });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual(expect.arrayContaining([{ field: 'password', code: 'isString', message: '必须是文本' }]));
    });

    it('rejects fields it does not know', async () => {
      const response = await call(server, 'POST', '/api/auth/login', {
        body: { username: 'community', password: DEMO_PASSWORD, admin: true },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'admin', code: 'whitelistValidation', message: '不允许的字段' }]);
    });

    it('answers JSON that does not parse with a JSON 400 that says so', async () => {
      const response = await call(server, 'POST', '/api/auth/login', { body: '{"username": ' });
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ statusCode: 400, code: 'MALFORMED_JSON', message: '请求体不是合法的 JSON' });
    });

    it('answers a body over the size limit with 413', async () => {
      const response = await call(server, 'POST', '/api/auth/login', {
        body: { username: 'community', password: 'x'.repeat(1024 * 1024 + 10) },
      });
      expect(response.status).toBe(413);
      expect(response.body).toEqual({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' });
    });
  });

  describe('login throttling', () => {
    it('refuses a username after 5 failures with 429 and Retry-After, even with the right password', async () => {
      for (let i = 0; i < 5; i += 1) expect((await attempt('branch', 'wrong-password')).status).toBe(401);
      const response = await attempt('branch', DEMO_PASSWORD);
      expect(response.status).toBe(429);
      expect(response.body.code).toBe('TOO_MANY_REQUESTS');
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('refuses an address after 20 failures, whatever the username', async () => {
      const address = freshAddress();
      for (let i = 0; i < 20; i += 1) expect((await attempt(`guess-${i}`, 'wrong-password', address)).status).toBe(401);
      const response = await attempt('committee', DEMO_PASSWORD, address);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('keeps letting other addresses and usernames in', async () => {
      const address = freshAddress();
      for (let i = 0; i < 20; i += 1) await attempt(`other-${i}`, 'wrong-password', address);
      expect((await attempt('committee', DEMO_PASSWORD)).status).toBe(200);
    });
  });

  describe('GET /api/me', () => {
    it('shows the user, their memberships with unit name, level and path, and their candidate groups', async () => {
      const token = await login(server, 'community');
      const response = await call(server, 'GET', '/api/me', { token });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        user: { id: expect.any(String), username: 'community', displayName: '南营社区党委 李秀兰' },
        memberships: [
          {
            id: expect.any(String),
            role: 'community-party',
            roleName: '社区党组织',
            candidateGroup: 'community-party:wf-dongda-nanying',
            orgUnit: {
              id: 'wf-dongda-nanying',
              name: '南营社区',
              level: 'community',
              levelName: '社区',
              path: ['anyang', 'wf', 'wf-dongda', 'wf-dongda-nanying'],
            },
          },
        ],
        candidateGroups: ['community-party:wf-dongda-nanying'],
      });
    });

    it('needs a token', async () => {
      const response = await call(server, 'GET', '/api/me');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a token signed with another secret', async () => {
      const token = await login(server, 'community');
      const [header, payload] = token.split('.');
      const response = await call(server, 'GET', '/api/me', { token: `${header}.${payload}.AAAA` });
      expect(response.status).toBe(401);
    });

    it('stops accepting the token of a user an admin deactivates, and refuses their sign-in', async () => {
      const residentToken = await login(server, 'resident');
      const adminToken = await login(server, 'admin');
      const me = await call(server, 'GET', '/api/me', { token: residentToken });
      const deactivated = await call(server, 'PATCH', `/api/users/${me.body.user.id}`, { token: adminToken, body: { active: false } });
      expect(deactivated.status).toBe(200);

      expect((await call(server, 'GET', '/api/me', { token: residentToken })).status).toBe(401);
      const again = await attempt('resident', DEMO_PASSWORD);
      expect(again.status).toBe(401);
      expect(again.body.code).toBe('INVALID_CREDENTIALS');
    });
  });

  describe('the rest of the API surface', () => {
    it('answers an unknown route with a JSON 404', async () => {
      const response = await call(server, 'GET', '/api/no-such-thing');
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(response.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: '请求的资源不存在' });
    });

    it('keeps /api/health public', async () => {
      const response = await call(server, 'GET', '/api/health');
      expect(response.body.database).toEqual({ status: 'up' });
    });

    it('documents the identity endpoints in OpenAPI with bearer auth', async () => {
      const response = await call(server, 'GET', '/api/docs-json');
      expect(response.status).toBe(200);
      expect(Object.keys(response.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/auth/login',
          '/api/me',
          '/api/org-units',
          '/api/org-units/{id}',
          '/api/users',
          '/api/users/{id}',
          '/api/users/{id}/memberships',
          '/api/users/{id}/memberships/{membershipId}',
        ]),
      );
      expect(response.body.paths['/api/users'].get.security).toEqual([{ bearer: [] }]);
      expect(response.body.components.schemas.CreateUserDto.required).toEqual(
        expect.arrayContaining(['username', 'password', 'memberships']),
      );
    });
  });
});
