// Compiles the server and the libraries with swc into dist/ (path aliases rewritten).
// Type checking is `npm run typecheck`; this step only emits JavaScript, in about a second.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist', 'apps'), { recursive: true, force: true });
rmSync(join(root, 'dist', 'libs'), { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(root, 'node_modules/@swc/cli/bin/swc.js'), 'apps/server/src', 'libs', '-d', 'dist', '--copy-files', '--quiet'],
  { cwd: root, stdio: 'inherit' },
);
