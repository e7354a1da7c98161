/**
 * Every environment variable the server reads, declared once with its default and a
 * one-line doc. `loadConfig()` validates them all at boot and names each bad one.
 * The README's configuration table is this list.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type EngineMode = 'embedded' | 'zeebe';

export interface AppConfig {
  /** HTTP port of the API and web app. */
  readonly port: number;
  /** Interface the HTTP server binds to. */
  readonly host: string;
  /** Where the embedded PostgreSQL cluster and generated secrets live. */
  readonly dataDir: string;
  /** PostgreSQL URL; unset means an embedded PostgreSQL under DATA_DIR/postgres. */
  readonly databaseUrl: string | undefined;
  /** Preferred port of the embedded PostgreSQL (a free one is chosen when taken). */
  readonly embeddedPgPort: number;
  /** `embedded` runs libs/engine in this process; `zeebe` talks to a Zeebe cluster. */
  readonly engine: EngineMode;
  /** gRPC port of the embedded engine's Zeebe gateway (127.0.0.1 only). */
  readonly engineGrpcPort: number;
  /** Let admins move the embedded engine's clock (POST /api/admin/engine-clock); for tests and demos, off in production. */
  readonly engineControllableClock: boolean;
  /** Address of the Zeebe gateway when ENGINE=zeebe, e.g. grpc://zeebe:26500. */
  readonly zeebeGrpcAddress: string | undefined;
  /** ENGINE=zeebe: how many open inbox tasks per second the sweeper checks with UpdateJobTimeout (ended jobs leave the inbox). */
  readonly inboxJobChecksPerSecond: number;
  /** Secret that signs access tokens; generated once and kept in DATA_DIR when unset. */
  readonly jwtSecret: string;
  /** Lifetime of an access token, in seconds. */
  readonly jwtTtlSeconds: number;
  /** Seed the demo organisation tree and users (default: true with the embedded database). */
  readonly seedDemo: boolean;
  /** Password of every demo account. */
  readonly demoPassword: string;
  /** BPMN (and DMN) files deployed to the engine at boot, one resource at a time. */
  readonly processesDir: string;
  /** form-js `.form` files deployed at boot and kept in the server's form registry. */
  readonly formsDir: string;
  /** pino log level. */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** The repository root (from src/ and from dist/apps/server/src alike): relative directories resolve against it. */
const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = <T>(name: string, parse: (raw: string) => T | undefined, fallback: T, expected: string): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = parse(raw);
    if (value === undefined) {
      problems.push(`${name}=${JSON.stringify(raw)}: expected ${expected}`);
      return fallback;
    }
    return value;
  };
  const port = (raw: string): number | undefined => {
    const n = Number(raw);
    return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
  };
  const bool = (raw: string): boolean | undefined =>
    ['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())
      ? true
      : ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())
        ? false
        : undefined;
  const oneOf =
    <T extends string>(...values: T[]) =>
    (raw: string): T | undefined =>
      values.find((v) => v === raw);

  const dataDir = resolve(env['DATA_DIR'] || '.data');
  const databaseUrl = read('DATABASE_URL', (raw) => (/^postgres(ql)?:\/\//.test(raw) ? raw : undefined), undefined, 'a postgres:// URL');
  const engine = read('ENGINE', oneOf<EngineMode>('embedded', 'zeebe'), 'embedded', '"embedded" or "zeebe"');
  const zeebeGrpcAddress = env['ZEEBE_GRPC_ADDRESS'] || undefined;
  if (engine === 'zeebe' && !zeebeGrpcAddress) problems.push('ZEEBE_GRPC_ADDRESS: required when ENGINE=zeebe (e.g. grpc://zeebe:26500)');
  const jwtSecret = env['JWT_SECRET'];
  if (jwtSecret !== undefined && jwtSecret.length > 0 && jwtSecret.length < 32) problems.push('JWT_SECRET: must be at least 32 characters');

  const config: AppConfig = {
    port: read('PORT', port, 3000, 'a port number 0-65535'),
    host: env['HOST'] || '127.0.0.1',
    dataDir,
    databaseUrl,
    embeddedPgPort: read('EMBEDDED_PG_PORT', port, 54329, 'a port number 0-65535'),
    engine,
    engineGrpcPort: read('ENGINE_GRPC_PORT', port, 26500, 'a port number 0-65535'),
    engineControllableClock: read('ENGINE_CONTROLLABLE_CLOCK', bool, false, 'true or false'),
    zeebeGrpcAddress,
    inboxJobChecksPerSecond: read(
      'INBOX_JOB_CHECKS_PER_SECOND',
      (raw) => (/^[1-9]\d{0,3}$/.test(raw) ? Number(raw) : undefined),
      50,
      'a whole number 1-9999',
    ),
    jwtSecret: jwtSecret || '',
    jwtTtlSeconds: read(
      'JWT_TTL_SECONDS',
      (raw) => (/^[1-9]\d*$/.test(raw) ? Number(raw) : undefined),
      8 * 3600,
      'a positive whole number of seconds',
    ),
    seedDemo: read('SEED_DEMO', bool, databaseUrl === undefined, 'true or false'),
    demoPassword: env['DEMO_PASSWORD'] || 'demo1234',
    processesDir: resolve(REPO_ROOT, env['PROCESSES_DIR'] || 'processes'),
    formsDir: resolve(REPO_ROOT, env['FORMS_DIR'] || 'forms'),
    logLevel: read('LOG_LEVEL', oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), 'info', 'a pino level'),
  };
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return config.jwtSecret ? config : { ...config, jwtSecret: persistentSecret(dataDir, 'jwt-secret') };
}

/** A random secret generated on first use and kept (mode 600) so tokens survive restarts. */
function persistentSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
