import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { startTestServer, type TestServer } from '../support/test-server';
import { call, DEMO_PASSWORD, login, seedDemo } from './identity-client';

describe('users and memberships API', () => {
  let server: TestServer;
  let cityAdmin: string;
  let communityAdmin: string;
  let grid: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer();
    await seedDemo(server);
    [cityAdmin, communityAdmin, grid] = await Promise.all([login(server, 'city-admin'), login(server, 'admin'), login(server, 'grid')]);
    const all = await call(server, 'GET', '/api/users?limit=200', { token: cityAdmin });
    for (const user of all.body.items) ids[user.username] = user.id;
  });
  afterAll(() => server.close());

  const newUser = (username: string, memberships: unknown[]) => ({
    username,
    displayName: '测试 用户',
    password: 'secret-pass-1',
    memberships,
  });
  const userCount = async (): Promise<number> =>
    Number((await server.server.app.get<DataSource>(getDataSourceToken()).query('SELECT count(*) AS n FROM users'))[0].n);

  describe('GET /api/users', () => {
    it('lists users with a membership in the admin’s subtree, with those memberships', async () => {
      const response = await call(server, 'GET', '/api/users', { token: communityAdmin });
      expect(response.status).toBe(200);
      const usernames = response.body.items.map((u: { username: string }) => u.username);
      expect(usernames).toEqual(
        expect.arrayContaining(['admin', 'analyst', 'branch', 'committee', 'community', 'grid', 'property', 'resident']),
      );
      expect(usernames).not.toContain('street');
      expect(usernames).not.toContain('city-admin');
      expect(response.body.total).toBe(usernames.length);
      const branch = response.body.items.find((u: { username: string }) => u.username === 'branch');
      expect(branch).toEqual({
        id: ids['branch'],
        username: 'branch',
        displayName: '锦绣花园党支部 张志强',
        active: true,
        manageable: true,
        memberships: [expect.objectContaining({ role: 'compound-branch', candidateGroup: 'compound-branch:wf-dongda-nanying-jinxiu' })],
      });
      expect(JSON.stringify(response.body)).not.toMatch(/argon2|password/i);
    });

    it('filters by unit, role and text, and pages', async () => {
      const byRole = await call(server, 'GET', '/api/users?role=street-party', { token: cityAdmin });
      expect(byRole.body.items.map((u: { username: string }) => u.username)).toEqual(['street']);
      const byUnit = await call(server, 'GET', '/api/users?orgUnitId=wf-dongda-nanying-jinxiu', { token: cityAdmin });
      expect(byUnit.body.items.map((u: { username: string }) => u.username)).toEqual([
        'branch',
        'committee',
        'grid',
        'property',
        'resident',
      ]);
      const byText = await call(server, 'GET', `/api/users?q=${encodeURIComponent('李秀兰')}`, { token: cityAdmin });
      expect(byText.body.items.map((u: { username: string }) => u.username)).toEqual(['community']);
      const page = await call(server, 'GET', '/api/users?limit=2&offset=1', { token: cityAdmin });
      expect(page.body.items).toHaveLength(2);
      expect(page.body.total).toBeGreaterThanOrEqual(13);
    });

    it('rejects a page size out of range', async () => {
      const response = await call(server, 'GET', '/api/users?limit=0', { token: cityAdmin });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'limit', code: 'min', message: '不能小于 1' }]);
    });

    it('answers 403 to a user who is not an admin', async () => {
      const response = await call(server, 'GET', '/api/users', { token: grid });
      expect(response.status).toBe(403);
      expect(response.body).toEqual({ statusCode: 403, code: 'FORBIDDEN', message: '需要管理员权限' });
    });
  });

  describe('GET /api/users/:id', () => {
    it('answers 404 for a user outside the admin’s subtree, as for one that does not exist', async () => {
      const outside = await call(server, 'GET', `/api/users/${ids['street']}`, { token: communityAdmin });
      const missing = await call(server, 'GET', '/api/users/00000000-0000-4000-8000-000000000000', { token: communityAdmin });
      expect(outside.status).toBe(404);
      expect(outside.body).toEqual(missing.body);
    });

    it('rejects an id that is not a UUID', async () => {
      const response = await call(server, 'GET', '/api/users/12', { token: cityAdmin });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'id', code: 'isUuid', message: '必须是 UUID' }]);
    });
  });

  describe('POST /api/users', () => {
    it('creates a user who can then sign in and holds the given roles', async () => {
      const created = await call(server, 'POST', '/api/users', {
        token: communityAdmin,
        body: newUser('zhang.wei', [
          { orgUnitId: 'wf-dongda-nanying-yuhua', role: 'resident' },
          { orgUnitId: 'wf-dongda-nanying-yuhua', role: 'owners-committee' },
        ]),
      });
      expect(created.status).toBe(201);
      expect(created.body.memberships.map((m: { candidateGroup: string }) => m.candidateGroup).sort()).toEqual([
        'owners-committee:wf-dongda-nanying-yuhua',
        'resident:wf-dongda-nanying-yuhua',
      ]);
      const token = await login(server, 'zhang.wei', 'secret-pass-1');
      const me = await call(server, 'GET', '/api/me', { token });
      expect(me.body.candidateGroups).toEqual(['owners-committee:wf-dongda-nanying-yuhua', 'resident:wf-dongda-nanying-yuhua']);
    });

    it('writes nothing when one of several memberships fails (duplicate role in one unit)', async () => {
      const before = await userCount();
      const response = await call(server, 'POST', '/api/users', {
        token: communityAdmin,
        body: newUser('half.written', [
          { orgUnitId: 'wf-dongda-nanying', role: 'resident' },
          { orgUnitId: 'wf-dongda-nanying', role: 'resident' },
        ]),
      });
      expect(response.status).toBe(409);
      expect(await userCount()).toBe(before);
      const retry = await call(server, 'POST', '/api/users', {
        token: communityAdmin,
        body: newUser('half.written', [{ orgUnitId: 'wf-dongda-nanying', role: 'resident' }]),
      });
      expect(retry.status).toBe(201);
    });

    it('answers 409 for a username in use', async () => {
      const response = await call(server, 'POST', '/api/users', {
        token: communityAdmin,
        body: newUser('grid', [{ orgUnitId: 'wf-dongda-nanying', role: 'resident' }]),
      });
      expect(response.status).toBe(409);
      expect(response.body.message).toBe('用户名已被使用');
    });

    it('answers 403 for a membership in a visible unit above the admin’s', async () => {
      const response = await call(server, 'POST', '/api/users', {
        token: communityAdmin,
        body: newUser('too.high', [{ orgUnitId: 'wf-dongda', role: 'street-party' }]),
      });
      expect(response.status).toBe(403);
    });

    it('answers 404 for a membership in a unit the admin cannot see', async () => {
      const response = await call(server, 'POST', '/api/users', {
        token: communityAdmin,
        body: newUser('elsewhere', [{ orgUnitId: 'bg-hongqi', role: 'street-party' }]),
      });
      expect(response.status).toBe(404);
    });

    it('names each invalid field, nested ones by path', async () => {
      const response = await call(server, 'POST', '/api/users', {
        token: communityAdmin,
        body: { username: 'X', displayName: '  ', password: 'short', memberships: [{ orgUnitId: 'wf-dongda-nanying', role: 'mayor' }] },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'username', code: 'matches', message: '格式不正确' },
          { field: 'displayName', code: 'isNotEmpty', message: '不能为空' },
          { field: 'password', code: 'minLength', message: '长度不能少于 8 个字符' },
          { field: 'memberships[0].role', code: 'isIn', message: '不是允许的取值' },
        ]),
      );
    });

    it('requires at least one membership', async () => {
      const response = await call(server, 'POST', '/api/users', { token: communityAdmin, body: newUser('lonely', []) });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'memberships', code: 'arrayMinSize', message: '至少需要 1 项' }]);
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('renames a user and resets their password', async () => {
      const response = await call(server, 'PATCH', `/api/users/${ids['property']}`, {
        token: communityAdmin,
        body: { displayName: '安泰物业 陈总', password: 'new-password-1' },
      });
      expect(response.status).toBe(200);
      expect(response.body.displayName).toBe('安泰物业 陈总');
      await expect(login(server, 'property', 'new-password-1')).resolves.toEqual(expect.any(String));
      await expect(login(server, 'property', DEMO_PASSWORD)).rejects.toThrow(/401/);
    });

    it('answers 403 for a visible user who also holds a role outside the admin’s subtree', async () => {
      const added = await call(server, 'POST', `/api/users/${ids['analyst']}/memberships`, {
        token: cityAdmin,
        body: { orgUnitId: 'bg', role: 'analyst' },
      });
      expect(added.status).toBe(201);
      const response = await call(server, 'PATCH', `/api/users/${ids['analyst']}`, { token: communityAdmin, body: { active: false } });
      expect(response.status).toBe(403);
      const seen = await call(server, 'GET', `/api/users/${ids['analyst']}`, { token: communityAdmin });
      expect(seen.body).toEqual(expect.objectContaining({ active: true, manageable: false }));
      expect(seen.body.memberships.map((m: { orgUnit: { id: string } }) => m.orgUnit.id)).toEqual(['wf-dongda-nanying']);
    });

    it('answers 404 for a user outside the admin’s subtree', async () => {
      const response = await call(server, 'PATCH', `/api/users/${ids['city-analyst']}`, { token: communityAdmin, body: { active: false } });
      expect(response.status).toBe(404);
    });

    it('does not let an admin deactivate themselves', async () => {
      const response = await call(server, 'PATCH', `/api/users/${ids['admin']}`, { token: communityAdmin, body: { active: false } });
      expect(response.status).toBe(403);
    });

    it('reactivates a deactivated user', async () => {
      await call(server, 'PATCH', `/api/users/${ids['committee']}`, { token: communityAdmin, body: { active: false } });
      const response = await call(server, 'PATCH', `/api/users/${ids['committee']}`, { token: communityAdmin, body: { active: true } });
      expect(response.body.active).toBe(true);
      await expect(login(server, 'committee')).resolves.toEqual(expect.any(String));
    });

    it('rejects a non-boolean active', async () => {
      const response = await call(server, 'PATCH', `/api/users/${ids['committee']}`, { token: communityAdmin, body: { active: 'no' } });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'active', code: 'isBoolean', message: '必须是布尔值' }]);
    });
  });

  describe('memberships', () => {
    it('grants a role in a unit, which becomes a candidate group at once', async () => {
      const granted = await call(server, 'POST', `/api/users/${ids['grid']}/memberships`, {
        token: communityAdmin,
        body: { orgUnitId: 'wf-dongda-nanying-g1', role: 'grid-worker' },
      });
      expect(granted.status).toBe(201);
      const me = await call(server, 'GET', '/api/me', { token: grid });
      expect(me.body.candidateGroups).toEqual([
        'grid-worker:wf-dongda-nanying',
        'grid-worker:wf-dongda-nanying-g1',
        'grid-worker:wf-dongda-nanying-jinxiu',
      ]);
    });

    it('answers 409 for a role the user already holds in that unit', async () => {
      const response = await call(server, 'POST', `/api/users/${ids['branch']}/memberships`, {
        token: communityAdmin,
        body: { orgUnitId: 'wf-dongda-nanying-jinxiu', role: 'compound-branch' },
      });
      expect(response.status).toBe(409);
    });

    it('revokes a membership', async () => {
      const user = await call(server, 'POST', `/api/users/${ids['resident']}/memberships`, {
        token: communityAdmin,
        body: { orgUnitId: 'wf-dongda-nanying-yuhua', role: 'resident' },
      });
      const membership = user.body.memberships.find((m: { orgUnit: { id: string } }) => m.orgUnit.id === 'wf-dongda-nanying-yuhua');
      const response = await call(server, 'DELETE', `/api/users/${ids['resident']}/memberships/${membership.id}`, {
        token: communityAdmin,
      });
      expect(response.status).toBe(200);
      expect(response.body.memberships.map((m: { orgUnit: { id: string } }) => m.orgUnit.id)).toEqual(['wf-dongda-nanying-jinxiu']);
    });

    it('refuses to revoke a user’s last membership', async () => {
      const user = await call(server, 'GET', `/api/users/${ids['committee']}`, { token: communityAdmin });
      const response = await call(server, 'DELETE', `/api/users/${ids['committee']}/memberships/${user.body.memberships[0].id}`, {
        token: communityAdmin,
      });
      expect(response.status).toBe(409);
    });

    it('answers 403 for revoking a membership held outside the admin’s subtree', async () => {
      const user = await call(server, 'POST', `/api/users/${ids['department']}/memberships`, {
        token: cityAdmin,
        body: { orgUnitId: 'wf-dongda-nanying', role: 'department' },
      });
      const outside = user.body.memberships.find((m: { orgUnit: { id: string } }) => m.orgUnit.id === 'wf');
      const response = await call(server, 'DELETE', `/api/users/${ids['department']}/memberships/${outside.id}`, { token: communityAdmin });
      expect(response.status).toBe(403);
    });

    it('answers 404 for a membership that is not the user’s', async () => {
      const response = await call(server, 'DELETE', `/api/users/${ids['branch']}/memberships/00000000-0000-4000-8000-000000000000`, {
        token: communityAdmin,
      });
      expect(response.status).toBe(404);
    });
  });
});
