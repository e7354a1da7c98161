// Compiles the server and the libraries with swc into dist/ (path aliases rewritten), and
// the web app with Vite into dist/web when its sources changed since the last build.
// Type checking is `npm run typecheck`; this step only emits JavaScript.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Files are overwritten in place, never removed first: tests start compiled servers while
// other specs compile, and a wiped dist/ under a starting process makes it fail.
// `--clean` drops outputs whose sources were deleted.
if (process.argv.includes('--clean')) {
  rmSync(join(root, 'dist', 'apps'), { recursive: true, force: true });
  rmSync(join(root, 'dist', 'libs'), { recursive: true, force: true });
}
execFileSync(
  process.execPath,
  [
    join(root, 'node_modules/@swc/cli/bin/swc.js'),
    ...['apps/server/src', 'apps/server/bench', 'libs'].filter((dir) => existsSync(join(root, dir))),
    '-d',
    'dist',
    '--copy-files',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);

const webConfig = join(root, 'apps/web/vite.config.ts');
const webIndex = join(root, 'dist/web/index.html');
if (
  existsSync(webConfig) &&
  (process.argv.includes('--web') ||
    !existsSync(webIndex) ||
    Math.max(newestMtime(join(root, 'apps/web')), newestMtime(join(root, 'libs/domain/src'))) > statSync(webIndex).mtimeMs)
) {
  const started = Date.now();
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', webConfig, '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
    // Always a production bundle, even when a Jest run (NODE_ENV=test) triggers the build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  process.stdout.write(`web app built into dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
