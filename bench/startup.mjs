// `npm run bench:startup`: `npm start` to a healthy /api/health, on a fresh data directory
// (initdb, migrations, demo seed) and warm (everything already there), each measured from
// spawning `node scripts/start.mjs` (which compiles first, as `npm start` does).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

async function timeToHealthy(env) {
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${env.PORT}/api/health`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 25));
  }
  const seconds = (performance.now() - started) / 1000;
  await new Promise((done) => {
    child.once('exit', done);
    child.kill('SIGTERM');
  });
  return seconds;
}

const dataDir = join(mkdtempSync(join(tmpdir(), 'rp-bench-startup-')), 'data');
const env = {
  DATA_DIR: dataDir,
  PORT: String(await freePort()),
  ENGINE_GRPC_PORT: String(await freePort()),
  EMBEDDED_PG_PORT: String(await freePort()),
};
try {
  const first = await timeToHealthy(env);
  console.log(`first start (initdb, migrations, demo seed) to healthy: ${first.toFixed(2)} s`);
  const warm = [];
  for (let run = 0; run < 3; run += 1) warm.push(await timeToHealthy(env));
  warm.sort((a, b) => a - b);
  console.log(`warm start to healthy: median ${warm[1].toFixed(2)} s (runs: ${warm.map((s) => s.toFixed(2)).join(', ')} s)`);
} finally {
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
}
