import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const root = join(__dirname, '../../..');
const runner = join(__dirname, 'run-embedded-postgres.cjs');

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  readonly initialised: boolean;
  readonly url: string;
}

function start(dataDir: string, port: number): Promise<Started> {
  const child = spawn(process.execPath, [runner, dataDir, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, ...(JSON.parse(line) as Omit<Started, 'child'>) });
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('startEmbeddedPostgres', () => {
  let workDir: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')]);
    workDir = mkdtempSync(join(tmpdir(), 'rp-embedded-pg-'));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map(exited));
    rmSync(workDir, { recursive: true, force: true });
  });

  it('initialises a cluster on first start and keeps its data across a kill -9 of its owner', async () => {
    const dataDir = join(workDir, 'killed');
    const first = await start(dataDir, 56410);
    children.push(first.child);
    expect(first.initialised).toBe(true);
    await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)');

    first.child.kill('SIGKILL');
    await exited(first.child);
    // The orphaned server still holds the data directory and its postmaster.pid.
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(true);

    const second = await start(dataDir, 56410);
    children.push(second.child);
    expect(second.initialised).toBe(false);
    expect(await query<{ id: number }>(second.url, 'SELECT id FROM kept')).toEqual([{ id: 42 }]);
  });

  it('chooses another port when the preferred one is taken', async () => {
    const blocker = await listen(56420);
    try {
      const started = await start(join(workDir, 'port'), 56420);
      children.push(started.child);
      expect(started.port).not.toBe(56420);
      expect(await query<{ one: number }>(started.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      blocker.close();
    }
  });

  it('stops the server on SIGTERM', async () => {
    const dataDir = join(workDir, 'stopped');
    const started = await start(dataDir, 56430);
    started.child.kill('SIGTERM');
    await exited(started.child);
    expect(started.child.exitCode).toBe(0);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
    await expect(query(started.url, 'SELECT 1')).rejects.toThrow();
  });
});
