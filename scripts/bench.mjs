// Benchmarks: `node scripts/bench.mjs engine|inbox|analytics` builds with scripts/build.mjs, then runs the
// compiled engine bench (it starts its own embedded PostgreSQL).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benches = {
  engine: 'dist/libs/engine/bench/engine-bench.js',
  inbox: 'dist/apps/server/bench/inbox-bench.js',
  analytics: 'dist/apps/server/bench/analytics-bench.js',
};
const which = process.argv[2] ?? 'engine';
if (!(which in benches)) {
  console.error(`unknown bench '${which}'; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, [join(root, benches[which]), ...process.argv.slice(3)], { cwd: root, stdio: 'inherit' });
