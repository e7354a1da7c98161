/**
 * `npm start` as a newcomer runs it, in its own process: first start on an empty data
 * directory, a kill -9 in the middle of its life, a restart that keeps every
 * acknowledged write, a clean stop on SIGTERM, and a taken PostgreSQL port.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, startServerProcess, type ServerProcess } from '../support/server-process';

async function login(url: string, username: string, password = 'demo1234'): Promise<string> {
  const response = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function health(
  url: string,
): Promise<{ status: number; body: { status: string; database: { status: string }; engine: { status: string } } }> {
  const response = await fetch(`${url}/api/health`);
  return { status: response.status, body: (await response.json()) as never };
}

describe('the server process (npm start)', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let running: ServerProcess | undefined;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs')]);
    dataDir = join(mkdtempSync(join(tmpdir(), 'rp-lifecycle-')), 'data');
    env = {
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      ENGINE_GRPC_PORT: String(await freePort()),
      EMBEDDED_PG_PORT: String(await freePort()),
    };
  });
  afterAll(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited();
    }
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('starts on an empty data directory, healthy, and prints the URL and the demo logins', async () => {
    running = await startServerProcess(env);
    expect(running.output()).toContain(`红色物业 is running at http://127.0.0.1:${env['PORT']}`);
    expect(running.output()).toMatch(/Demo accounts \(password "demo1234"\)/);
    expect(running.output()).toMatch(/^\s+admin\s/m);
    const { status, body } = await health(running.url);
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: { status: 'up' }, engine: { status: 'up' } });
  });

  it('keeps what it acknowledged when killed with kill -9 and started again', async () => {
    const before = running!;
    const token = await login(before.url, 'admin');
    const created = await fetch(`${before.url}/api/org-units`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        id: 'wf-dongda-nanying-lifecycle',
        name: '生命周期测试小区',
        level: 'compound',
        parentId: 'wf-dongda-nanying',
      }),
    });
    expect(created.status).toBe(201);

    before.child.kill('SIGKILL');
    await before.exited();
    running = await startServerProcess(env);

    expect((await health(running.url)).body.status).toBe('ok');
    const afterToken = await login(running.url, 'admin');
    const found = await fetch(`${running.url}/api/org-units/wf-dongda-nanying-lifecycle`, {
      headers: { authorization: `Bearer ${afterToken}` },
    });
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({ id: 'wf-dongda-nanying-lifecycle', name: '生命周期测试小区' });
    // Tokens signed before the crash still verify: the generated JWT secret was kept.
    const me = await fetch(`${running.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('stops itself and its PostgreSQL on SIGTERM', async () => {
    const current = running!;
    current.child.kill('SIGTERM');
    expect(await current.exited()).toBe(0);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('starts when the preferred PostgreSQL port is taken', async () => {
    const blocker: Server = await new Promise((resolve) => {
      const server = createServer();
      server.listen(Number(env['EMBEDDED_PG_PORT']), '127.0.0.1', () => resolve(server));
    });
    try {
      running = await startServerProcess(env);
      expect((await health(running.url)).body.status).toBe('ok');
    } finally {
      blocker.close();
    }
  });
});
