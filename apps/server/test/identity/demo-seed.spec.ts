import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ROLE_IDS } from '@rp/domain';
import { DemoSeedService } from '../../src/seed/demo-seed.service';
import { startTestServer, type TestServer } from '../support/test-server';
import { call, DEMO_PASSWORD, login } from './identity-client';

describe(DemoSeedService.name, () => {
  let server: TestServer;
  let seed: DemoSeedService;
  let db: DataSource;
  const snapshot = async (): Promise<unknown> => ({
    units: await db.query('SELECT id, name, level, parent_id, path, updated_at FROM org_units ORDER BY id'),
    users: await db.query('SELECT id, username, display_name, password_hash, active, updated_at FROM users ORDER BY username'),
    memberships: await db.query('SELECT id, user_id, org_unit_id, role FROM memberships ORDER BY id'),
  });

  beforeAll(async () => {
    server = await startTestServer();
    seed = server.server.app.get(DemoSeedService);
    db = server.server.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => server.close());

  it('seeds 安阳市 with its four urban districts', async () => {
    await seed.seed(DEMO_PASSWORD);
    const districts: { name: string }[] = await db.query(
      `SELECT name FROM org_units WHERE level = 'district' AND parent_id = 'anyang' ORDER BY name`,
    );
    expect(districts.map((d) => d.name).sort()).toEqual(['北关区', '文峰区', '殷都区', '龙安区'].sort());
  });

  it('gives every role an account within the 南营社区 chain, all signing in with the demo password', async () => {
    const accounts = await seed.seed(DEMO_PASSWORD);
    const groups = accounts.flatMap((a) => a.roles);
    for (const role of ROLE_IDS) expect(groups.some((g) => g.startsWith(`${role}:`))).toBe(true);
    const token = await login(server, 'admin');
    const me = await call(server, 'GET', '/api/me', { token });
    expect(me.body.candidateGroups).toEqual(['admin:wf-dongda-nanying']);
  });

  it('changes nothing when run again', async () => {
    await seed.seed(DEMO_PASSWORD);
    const before = await snapshot();
    const accounts = await seed.seed('another-password');
    expect(await snapshot()).toEqual(before);
    expect(accounts.map((a) => a.username)).toContain('city-admin');
  });

  it('keeps an admin’s later edits to demo data', async () => {
    await seed.seed(DEMO_PASSWORD);
    await db.query(`UPDATE users SET display_name = '改过的名字' WHERE username = 'grid'`);
    await seed.seed(DEMO_PASSWORD);
    const [row] = await db.query(`SELECT display_name FROM users WHERE username = 'grid'`);
    expect(row.display_name).toBe('改过的名字');
  });
});
