/**
 * Test harness: a fresh database, an engine on a free port, and the three real clients
 * (`@camunda8/sdk` gRPC client, `zeebe-node`, `zbctl`) pointed at it.
 */
import { Camunda8 } from '@camunda8/sdk';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { createTestDatabase, type TestDatabase } from '@rp/testing';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { ZBClient } from 'zeebe-node';
import { startEngine, type EmbeddedEngine, type EngineOptions } from '../../src';

export const BPMN_DIR = join(__dirname, '..', 'bpmn');
export const ZBCTL = join(__dirname, '..', '..', '..', '..', 'node_modules', 'zbctl', 'bin', 'zbctl-cli.linux');

export function bpmnPath(name: string): string {
  return join(BPMN_DIR, name);
}

export function bpmn(name: string): Buffer {
  return readFileSync(bpmnPath(name));
}

export interface Harness {
  db: TestDatabase;
  engine: EmbeddedEngine;
  sql: Pool;
  camunda: ReturnType<Camunda8['getZeebeGrpcApiClient']>;
  zbc: ZBClient;
  zbctl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }>;
  close(): Promise<void>;
}

export function sdkClient(port: number): ReturnType<Camunda8['getZeebeGrpcApiClient']> {
  return new Camunda8({
    ZEEBE_GRPC_ADDRESS: `grpc://127.0.0.1:${port}`,
    CAMUNDA_AUTH_STRATEGY: 'NONE',
    CAMUNDA_LOG_LEVEL: 'none',
    // The SDK reads its gRPC log level from this sub-key only.
    zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
    CAMUNDA_OAUTH_DISABLED: true,
  }).getZeebeGrpcApiClient();
}

export function zeebeNodeClient(port: number): ZBClient {
  return new ZBClient(`127.0.0.1:${port}`, { useTLS: false, loglevel: 'NONE', longPoll: 2000 });
}

export async function startHarness(options: Partial<Omit<EngineOptions, 'databaseUrl' | 'port'>> = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const engine = await startEngine({ ...options, databaseUrl: db.url, port: 0 });
  const sql = new Pool({ connectionString: db.url, max: 2 });
  const camunda = sdkClient(engine.port);
  const zbc = zeebeNodeClient(engine.port);
  return {
    db,
    engine,
    sql,
    camunda,
    zbc,
    zbctl: (...args: string[]) =>
      new Promise((resolve) => {
        execFile(ZBCTL, ['--insecure', '--address', engine.address, ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
          resolve({ stdout, stderr, code });
        });
      }),
    async close() {
      await camunda.close().catch(() => undefined);
      await zbc.close().catch(() => undefined);
      await engine.stop();
      await sql.end();
      await db.drop();
    },
  };
}

/** Polls `check` until it returns a value other than undefined (for effects observed through SQL). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function instanceState(sql: Pool, key: string): Promise<string | undefined> {
  const r = await sql.query<{ state: string }>('SELECT state FROM engine.process_instance WHERE key = $1', [key]);
  return r.rows[0]?.state;
}

export async function waitForInstanceState(sql: Pool, key: string, state: string): Promise<void> {
  await eventually(async () => ((await instanceState(sql, key)) === state ? true : undefined));
}

export interface IncidentRow {
  key: string;
  element_id: string;
  error_type: string;
  error_message: string;
  state: string;
  job_key: string | null;
}

export async function incidents(sql: Pool, processInstanceKey: string): Promise<IncidentRow[]> {
  const r = await sql.query<IncidentRow>(
    `SELECT key::text AS key, element_id, error_type, error_message, state, job_key::text AS job_key
     FROM engine.incident WHERE process_instance_key = $1 ORDER BY key`,
    [processInstanceKey],
  );
  return r.rows;
}

export async function waitForIncident(sql: Pool, processInstanceKey: string): Promise<IncidentRow> {
  return eventually(async () => (await incidents(sql, processInstanceKey)).find((i) => i.state === 'ACTIVE'));
}

export async function elementStates(
  sql: Pool,
  processInstanceKey: string,
): Promise<Array<{ element_id: string; element_type: string; state: string }>> {
  const r = await sql.query<{ element_id: string; element_type: string; state: string }>(
    'SELECT element_id, element_type, state FROM engine.element_instance WHERE process_instance_key = $1 ORDER BY key',
    [processInstanceKey],
  );
  return r.rows;
}

export async function rootVariables(sql: Pool, processInstanceKey: string): Promise<Record<string, unknown>> {
  const r = await sql.query<{ variables: Record<string, unknown> }>('SELECT variables FROM engine.process_instance WHERE key = $1', [
    processInstanceKey,
  ]);
  return r.rows[0]?.variables ?? {};
}

/** A bare gRPC client of `gateway_protocol.Gateway`, for requests the client libraries never send. */
export interface RawJob {
  key: string;
  processInstanceKey: string;
  elementId: string;
}

export function rawGateway(address: string): {
  call<T>(method: string, req: object): Promise<T>;
  activate(req: object): Promise<RawJob[]>;
  close(): void;
} {
  const definition = protoLoader.loadSync(join(__dirname, '..', '..', 'src', 'gateway', 'zeebe.proto'), {
    keepCase: true,
    longs: String,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { gateway_protocol: { Gateway: grpc.ServiceClientConstructor } };
  const client = new pkg.gateway_protocol.Gateway(address, grpc.credentials.createInsecure());
  return {
    call<T>(method: string, req: object): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const fn = (client as unknown as Record<string, (r: object, cb: (e: grpc.ServiceError | null, v: T) => void) => void>)[method];
        fn.call(client, req, (err, value) => (err ? reject(err) : resolve(value)));
      });
    },
    activate(req: object): Promise<RawJob[]> {
      return new Promise<RawJob[]>((resolve, reject) => {
        const jobs: RawJob[] = [];
        const stream = (client as unknown as { ActivateJobs(r: object): grpc.ClientReadableStream<{ jobs: RawJob[] }> }).ActivateJobs(req);
        stream.on('data', (d: { jobs: RawJob[] }) => jobs.push(...d.jobs));
        stream.on('error', reject);
        stream.on('end', () => resolve(jobs));
      });
    },
    close: () => client.close(),
  };
}
