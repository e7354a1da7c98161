/**
 * The engine as its own process: `node dist/libs/engine/src/cli.js` with DATABASE_URL and
 * ENGINE_GRPC_PORT (default 26500), ENGINE_GRPC_HOST (default 127.0.0.1). Prints one JSON
 * line `{"event":"listening","port":…}` when ready; stops on SIGTERM/SIGINT.
 */
import { startEngine } from './index';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  const port = Number(process.env.ENGINE_GRPC_PORT ?? '26500');
  const host = process.env.ENGINE_GRPC_HOST ?? '127.0.0.1';
  const log = (level: string) => (o: object, msg?: string) => process.stderr.write(`${JSON.stringify({ level, msg, ...o })}\n`);
  const engine = await startEngine({ databaseUrl, host, port, logger: { info: log('info'), warn: log('warn'), error: log('error') } });
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: engine.port, address: engine.address })}\n`);
  const shutdown = () => {
    engine.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
