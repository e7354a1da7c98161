// `npm start`: compile (about a second with swc), then run the server in this process so
// Ctrl-C and SIGTERM reach it directly.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
process.setSourceMapsEnabled(true);
createRequire(import.meta.url)(join(root, 'dist/apps/server/src/main.js'));
