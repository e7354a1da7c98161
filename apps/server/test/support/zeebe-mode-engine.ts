/**
 * ENGINE=zeebe for integration specs: a separately started engine on its own database,
 * reached by the server only through the Zeebe gateway gRPC API (no shared tables), as a
 * Zeebe cluster would be; the spec gets its own gRPC client and a read-only look at the
 * engine's tables to check what the engine did.
 */
import { Camunda8 } from '@camunda8/sdk';
import { Pool } from 'pg';
import { startEngine, type EmbeddedEngine } from '@rp/engine';
import { createTestDatabase, type TestDatabase } from '@rp/testing';
import { startTestServer, type TestServer } from './test-server';

export type ZeebeClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

export interface ZeebeModeServer {
  readonly engine: EmbeddedEngine;
  /** The server on ENGINE=zeebe, pointed at `engine`. */
  readonly server: TestServer;
  /** The spec's own gateway client. */
  readonly zeebe: ZeebeClient;
  /** The engine's own database: read only to check what the engine did. */
  readonly engineSql: Pool;
  close(): Promise<void>;
}

/** The SDK reads its auth settings from the environment on ENGINE=zeebe (as in docker-compose.yml). */
const SDK_ENV = { CAMUNDA_AUTH_STRATEGY: 'NONE', CAMUNDA_OAUTH_DISABLED: 'true' };

/**
 * Starts the engine, then the server with `env` plus ENGINE=zeebe and its address. Whatever
 * was started is stopped again (and the environment restored) by `close`, or at once when a
 * later step fails.
 */
export async function startZeebeModeServer(env: Record<string, string> = {}): Promise<ZeebeModeServer> {
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    cleanups.push(setEnvironment(SDK_ENV));
    const engineDb: TestDatabase = await createTestDatabase();
    cleanups.push(() => engineDb.drop());
    const engine = await startEngine({ databaseUrl: engineDb.url, port: 0 });
    cleanups.push(() => engine.stop());
    const address = `grpc://127.0.0.1:${engine.port}`;
    const engineSql = new Pool({ connectionString: engineDb.url, max: 1 });
    cleanups.push(() => engineSql.end());
    const server = await startTestServer({ ...env, ENGINE: 'zeebe', ZEEBE_GRPC_ADDRESS: address });
    cleanups.push(() => server.close());
    const zeebe = new Camunda8({
      ZEEBE_GRPC_ADDRESS: address,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      zeebeGrpcSettings: { ZEEBE_CLIENT_LOG_LEVEL: 'NONE' },
    }).getZeebeGrpcApiClient();
    cleanups.push(async () => {
      await zeebe.close().catch(() => undefined);
    });
    return { engine, server, zeebe, engineSql, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Sets process environment variables; the returned function puts the previous values back. */
function setEnvironment(values: Record<string, string>): () => Promise<void> {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  Object.assign(process.env, values);
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    return Promise.resolve();
  };
}
