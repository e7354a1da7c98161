import { startTestServer, type TestServer } from '../support/test-server';
import { call, login, seedDemo } from './identity-client';

describe('organisation units API', () => {
  let server: TestServer;
  let cityAdmin: string;
  let communityAdmin: string;
  let resident: string;
  beforeAll(async () => {
    server = await startTestServer();
    await seedDemo(server);
    [cityAdmin, communityAdmin, resident] = await Promise.all([
      login(server, 'city-admin'),
      login(server, 'admin'),
      login(server, 'resident'),
    ]);
  });
  afterAll(() => server.close());

  describe('GET /api/org-units', () => {
    it('lists the whole city to a city admin, root first, with its four urban districts', async () => {
      const response = await call(server, 'GET', '/api/org-units?level=district', { token: cityAdmin });
      expect(response.status).toBe(200);
      expect(response.body.map((u: { name: string }) => u.name).sort()).toEqual(['北关区', '文峰区', '殷都区', '龙安区'].sort());
      const all = await call(server, 'GET', '/api/org-units', { token: cityAdmin });
      expect(all.body[0]).toEqual({
        id: 'anyang',
        name: '安阳市',
        level: 'city',
        levelName: '市',
        parentId: null,
        path: ['anyang'],
        manageable: true,
      });
    });

    it('lists only the community subtree to a community admin', async () => {
      const response = await call(server, 'GET', '/api/org-units', { token: communityAdmin });
      const ids = response.body.map((u: { id: string }) => u.id);
      expect(ids).toEqual(['wf-dongda-nanying', 'wf-dongda-nanying-g1', 'wf-dongda-nanying-jinxiu', 'wf-dongda-nanying-yuhua']);
    });

    it('narrows to one unit and below with ?under=', async () => {
      const response = await call(server, 'GET', '/api/org-units?under=wf-ziwei', { token: cityAdmin });
      expect(response.body.map((u: { id: string }) => u.id)).toEqual(['wf-ziwei', 'wf-ziwei-guangming', 'wf-ziwei-guangming-lvdu']);
    });

    it('answers 404 for ?under= a unit outside what the caller can see', async () => {
      const response = await call(server, 'GET', '/api/org-units?under=bg', { token: communityAdmin });
      expect(response.status).toBe(404);
    });

    it('rejects an unknown level', async () => {
      const response = await call(server, 'GET', '/api/org-units?level=province', { token: cityAdmin });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'level', code: 'isIn', message: '不是允许的取值' }]);
    });

    it('needs a token', async () => {
      expect((await call(server, 'GET', '/api/org-units')).status).toBe(401);
    });
  });

  describe('GET /api/org-units/:id', () => {
    it('shows a unit with its ancestors and children', async () => {
      const response = await call(server, 'GET', '/api/org-units/wf-dongda', { token: cityAdmin });
      expect(response.status).toBe(200);
      expect(response.body.ancestors.map((u: { id: string }) => u.id)).toEqual(['anyang', 'wf']);
      expect(response.body.children.map((u: { name: string }) => u.name)).toEqual(['鼓楼社区', '南营社区']);
    });

    it('shows ancestors of the caller’s unit as visible but not manageable, without their other children', async () => {
      const response = await call(server, 'GET', '/api/org-units/wf-dongda', { token: communityAdmin });
      expect(response.status).toBe(200);
      expect(response.body.manageable).toBe(false);
      expect(response.body.children.map((u: { id: string }) => u.id)).toEqual(['wf-dongda-nanying']);
    });

    it('lets a resident see their compound', async () => {
      const response = await call(server, 'GET', '/api/org-units/wf-dongda-nanying-jinxiu', { token: resident });
      expect(response.status).toBe(200);
      expect(response.body.manageable).toBe(false);
    });

    it('answers 404 for a unit in another subtree, as for one that does not exist', async () => {
      const hidden = await call(server, 'GET', '/api/org-units/wf-dongda-gulou', { token: communityAdmin });
      const missing = await call(server, 'GET', '/api/org-units/no-such-unit', { token: communityAdmin });
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual(missing.body);
    });

    it('rejects an id that is not a unit id', async () => {
      const response = await call(server, 'GET', '/api/org-units/Not_An_Id', { token: cityAdmin });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toEqual({ field: 'id', code: 'matches', message: '格式不正确' });
    });
  });

  describe('POST /api/org-units', () => {
    it('lets an admin add a compound to their community', async () => {
      const response = await call(server, 'POST', '/api/org-units', {
        token: communityAdmin,
        body: { id: 'wf-dongda-nanying-hexie', name: ' 和谐家园小区 ', level: 'compound', parentId: 'wf-dongda-nanying' },
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual(
        expect.objectContaining({
          id: 'wf-dongda-nanying-hexie',
          name: '和谐家园小区',
          path: ['anyang', 'wf', 'wf-dongda', 'wf-dongda-nanying', 'wf-dongda-nanying-hexie'],
          manageable: true,
          children: [],
        }),
      );
    });

    it('answers 403 when the parent is visible but above the admin’s unit', async () => {
      const response = await call(server, 'POST', '/api/org-units', {
        token: communityAdmin,
        body: { id: 'wf-dongda-xinjian', name: '新建社区', level: 'community', parentId: 'wf-dongda' },
      });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    });

    it('answers 404 when the parent is outside what the admin can see', async () => {
      const response = await call(server, 'POST', '/api/org-units', {
        token: communityAdmin,
        body: { id: 'bg-hongqi-xin', name: '新社区', level: 'community', parentId: 'bg-hongqi' },
      });
      expect(response.status).toBe(404);
    });

    it('answers 403 to a non-admin', async () => {
      const response = await call(server, 'POST', '/api/org-units', {
        token: resident,
        body: { id: 'wf-dongda-nanying-x', name: '某小区', level: 'compound', parentId: 'wf-dongda-nanying' },
      });
      expect(response.status).toBe(403);
    });

    it('refuses a level that does not fit under the parent', async () => {
      const response = await call(server, 'POST', '/api/org-units', {
        token: cityAdmin,
        body: { id: 'wf-x', name: '某社区', level: 'community', parentId: 'wf' },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'level', code: 'levelNotAllowed', message: '区之下不能设立社区' }]);
    });

    it('answers 409 for an id already in use', async () => {
      const response = await call(server, 'POST', '/api/org-units', {
        token: cityAdmin,
        body: { id: 'wf-dongda', name: '重复', level: 'street', parentId: 'wf' },
      });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('CONFLICT');
    });

    it('names every invalid field', async () => {
      const response = await call(server, 'POST', '/api/org-units', {
        token: cityAdmin,
        body: { id: 'Bad Id', name: '', level: 'village' },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['id', 'level', 'name', 'parentId', 'parentId', 'parentId'].sort(),
      );
    });
  });

  describe('PATCH /api/org-units/:id', () => {
    it('renames a unit the admin manages', async () => {
      const response = await call(server, 'PATCH', '/api/org-units/wf-dongda-nanying-g1', {
        token: communityAdmin,
        body: { name: '南营第一网格' },
      });
      expect(response.status).toBe(200);
      expect(response.body.name).toBe('南营第一网格');
    });

    it('answers 403 for renaming a visible ancestor', async () => {
      const response = await call(server, 'PATCH', '/api/org-units/wf', { token: communityAdmin, body: { name: '文峰' } });
      expect(response.status).toBe(403);
      expect((await call(server, 'GET', '/api/org-units/wf', { token: cityAdmin })).body.name).toBe('文峰区');
    });

    it('moves a community with its whole subtree to another street', async () => {
      const response = await call(server, 'PATCH', '/api/org-units/wf-ziwei-guangming', {
        token: cityAdmin,
        body: { parentId: 'wf-dongda' },
      });
      expect(response.status).toBe(200);
      expect(response.body.parentId).toBe('wf-dongda');
      const compound = await call(server, 'GET', '/api/org-units/wf-ziwei-guangming-lvdu', { token: cityAdmin });
      expect(compound.body.path).toEqual(['anyang', 'wf', 'wf-dongda', 'wf-ziwei-guangming', 'wf-ziwei-guangming-lvdu']);
      const under = await call(server, 'GET', '/api/org-units?under=wf-ziwei', { token: cityAdmin });
      expect(under.body.map((u: { id: string }) => u.id)).toEqual(['wf-ziwei']);
    });

    it('refuses to move a unit below itself, leaving the tree unchanged', async () => {
      const response = await call(server, 'PATCH', '/api/org-units/wf', {
        token: cityAdmin,
        body: { name: '改名', parentId: 'wf-dongda' },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toEqual(expect.objectContaining({ field: 'parentId', code: 'cycle' }));
      const unchanged = await call(server, 'GET', '/api/org-units/wf', { token: cityAdmin });
      expect(unchanged.body).toEqual(expect.objectContaining({ name: '文峰区', parentId: 'anyang' }));
    });

    it('refuses a parent of the wrong level', async () => {
      const response = await call(server, 'PATCH', '/api/org-units/bg-hongqi-zhangbei', { token: cityAdmin, body: { parentId: 'bg' } });
      expect(response.status).toBe(400);
      expect(response.body.errors[0].code).toBe('levelNotAllowed');
    });
  });
});
