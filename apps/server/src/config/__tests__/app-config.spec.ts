import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../app-config';

describe(loadConfig.name, () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'rp-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      dataDir,
      databaseUrl: undefined,
      engine: 'embedded',
      engineGrpcPort: 26500,
      seedDemo: true,
      demoPassword: 'demo1234',
      logLevel: 'info',
    });
  });

  it('does not seed demo data by default on an external database', () => {
    expect(loadConfig({ DATA_DIR: dataDir, DATABASE_URL: 'postgres://u:p@db:5432/rp' }).seedDemo).toBe(false);
  });

  it('generates a JWT secret once and keeps it, readable only by its owner', () => {
    const first = loadConfig({ DATA_DIR: dataDir }).jwtSecret;
    const second = loadConfig({ DATA_DIR: dataDir }).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second).toBe(first);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o777).toBe(0o600);
  });

  it('names every invalid variable at once', () => {
    const load = (): unknown =>
      loadConfig({
        DATA_DIR: dataDir,
        PORT: 'eighty',
        ENGINE: 'camunda7',
        SEED_DEMO: 'maybe',
        JWT_SECRET: 'short',
        DATABASE_URL: 'mysql://x',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT="eighty": expected a port number/);
    expect(load).toThrow(/ENGINE="camunda7"/);
    expect(load).toThrow(/SEED_DEMO="maybe"/);
    expect(load).toThrow(/JWT_SECRET: must be at least 32 characters/);
    expect(load).toThrow(/DATABASE_URL="mysql:\/\/x"/);
  });

  it('requires the Zeebe gateway address when the engine is Zeebe', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, ENGINE: 'zeebe' })).toThrow(/ZEEBE_GRPC_ADDRESS: required when ENGINE=zeebe/);
    expect(loadConfig({ DATA_DIR: dataDir, ENGINE: 'zeebe', ZEEBE_GRPC_ADDRESS: 'grpc://zeebe:26500' }).zeebeGrpcAddress).toBe(
      'grpc://zeebe:26500',
    );
  });
});
