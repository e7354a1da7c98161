// `npm test`: everything, in order of speed: compile, type-check, lint, format, then every Jest
// spec (unit and integration; Jest's global setup starts the embedded PostgreSQL).
// Extra arguments go to Jest, e.g. `npm test -- libs/engine`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const jestArgs = process.argv.slice(2);
const started = Date.now();

function step(title, command, args, env = {}) {
  const t0 = Date.now();
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1', ...env },
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`✖ ${title} failed after ${seconds} s\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`✔ ${title} (${seconds} s)\n`);
}

const bin = (name) => join(root, 'node_modules/.bin', name);
step('build', process.execPath, [join(root, 'scripts/build.mjs')]);
if (jestArgs.length === 0) {
  step('type-check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  if (existsSync(join(root, 'apps/web/tsconfig.json'))) step('type-check web', bin('tsc'), ['-p', 'apps/web/tsconfig.json', '--noEmit']);
  // The web app's unit tests are checked with the web app's compiler settings (bundler resolution, DOM).
  if (existsSync(join(root, 'test/web/tsconfig.json')))
    step('type-check web tests', bin('tsc'), ['-p', 'test/web/tsconfig.json', '--noEmit']);
  // @nx/enforce-module-boundaries reads Nx's cached project graph and silently skips itself without one (a fresh clone).
  step('project graph', bin('nx'), ['show', 'projects'], { NX_DAEMON: 'false' });
  step('lint', bin('eslint'), ['--max-warnings', '0', '.']);
  step('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
}

const out = mkdtempSync(join(tmpdir(), 'rp-jest-'));
const resultsFile = join(out, 'results.json');
const t0 = Date.now();
process.stdout.write('\n▶ jest\n');
const jest = spawnSync(
  process.execPath,
  [join(root, 'node_modules/jest/bin/jest.js'), '--ci', '--json', `--outputFile=${resultsFile}`, ...jestArgs],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
let summary = '';
try {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  summary = `${results.numPassedTests} passed, ${results.numFailedTests} failed`;
  if (results.numTotalTests === 0) summary = '0 passed, 1 failed';
} catch {
  summary = '0 passed, 1 failed';
}
rmSync(out, { recursive: true, force: true });
process.stdout.write(`\njest: ${((Date.now() - t0) / 1000).toFixed(1)} s; npm test: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
process.stdout.write(`${summary}\n`);
process.exit(jest.status ?? 1);
