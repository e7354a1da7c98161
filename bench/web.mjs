// `npm run bench:web`: the web app's figures.
// 1. Production bundle sizes, gzipped (zlib level 6, what servers and CDNs typically send),
//    from dist/web and Vite's manifest: the entry (what every page loads) and, for the lazy
//    pages, what each loads on top of the entry — 流程设计 (bpmn-js modeler), 表单设计 (form-js
//    editor) and the form-js viewer chunk shared by 办理 and 发起.
// 2. Time to interactive 我的待办 in headless Debian Chromium: the compiled server (as
//    test/support/server-process.ts starts it) with the demo seed and 20 resident reports
//    waiting for the grid official; from navigation to the inbox table rendered with rows and
//    the page answering (a frame and a task after the rows), median of several runs, cold
//    (new browser context, empty cache) and warm (reload in the same context).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDir = join(root, 'dist/web');
const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 7);
const REPORTS = 20;
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });

// ---- 1. bundle sizes ----
const manifest = JSON.parse(readFileSync(join(webDir, '.vite/manifest.json'), 'utf8'));
const gzipped = new Map();
const gzipSize = (file) => {
  if (!gzipped.has(file)) gzipped.set(file, gzipSync(readFileSync(join(webDir, file)), { level: 6 }).length);
  return gzipped.get(file);
};
/** The files a manifest chunk loads before it runs: itself, its static imports (transitively) and their CSS. */
const closure = (key, files = new Set()) => {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return files;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) closure(imported, files);
  return files;
};
const sum = (files) => [...files].reduce((total, file) => total + gzipSize(file), 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const split = (files) => {
  const list = [...files];
  return `JS ${kb(sum(list.filter((f) => f.endsWith('.js'))))} + CSS ${kb(sum(list.filter((f) => f.endsWith('.css'))))}`;
};

const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const entry = closure(entryKey);
const onTop = (key) => new Set([...closure(key)].filter((file) => !entry.has(file)));
const keyOf = (test) => {
  const key = Object.keys(manifest).find(test);
  if (!key) throw new Error('chunk not found in dist/web/.vite/manifest.json');
  return key;
};

const entrySize = sum(entry);
console.log(`bundle (gzip level 6, from dist/web):`);
console.log(`  entry (every page): ${kb(entrySize)} (${split(entry)}; aim ≤ 500 KB)`);
const lazy = [
  ['流程设计, bpmn-js modeler (on top of entry)', keyOf((k) => k.endsWith('pages/designer/process-designer-page.tsx'))],
  ['流程设计, then its bpmnlint rules (after the diagram shows)', keyOf((k) => k.endsWith('pages/designer/bpmn-lint.ts'))],
  ['表单设计, form-js editor (on top of entry)', keyOf((k) => k.endsWith('pages/designer/form-designer-page.tsx'))],
  ['form-js viewer chunk (办理, 发起)', keyOf((k) => manifest[k].name === 'form-viewer' || k.endsWith('forms/form-viewer.tsx'))],
];
for (const [label, key] of lazy) {
  const files = key.endsWith('bpmn-lint.ts')
    ? new Set([...closure(key)].filter((f) => !closure(keyOf((k) => k.endsWith('process-designer-page.tsx'))).has(f)))
    : onTop(key);
  console.log(`  ${label}: ${kb(sum(files))} (${split(files)})`);
}

// ---- 2. time to interactive 我的待办 ----
if (!existsSync(CHROMIUM_PATH))
  throw new Error(`No Chromium at ${CHROMIUM_PATH} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`);
const freePort = () =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const dataDir = mkdtempSync(join(tmpdir(), 'rp-bench-web-'));
const port = await freePort();
const server = spawn(process.execPath, [join(root, 'dist/apps/server/src/main.js')], {
  cwd: root,
  env: {
    ...process.env,
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    PORT: String(port),
    ENGINE_GRPC_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    SEED_DEMO: 'true',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
server.stdout.on('data', (chunk) => (output += chunk));
server.stderr.on('data', (chunk) => (output += chunk));
const stopServer = () =>
  new Promise((done) => {
    if (server.exitCode !== null) return done();
    server.once('exit', done);
    server.kill('SIGTERM');
  });

let browser;
try {
  const deadline = Date.now() + 120_000;
  while (!output.includes('is running at')) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  const url = `http://127.0.0.1:${port}`;
  const api = async (method, path, token, body) => {
    const response = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const login = (username) => api('POST', '/api/auth/login', undefined, { username, password: process.env.DEMO_PASSWORD ?? 'demo1234' });

  // 20 resident reports, each waiting for the grid official's dispatch.
  const resident = (await login('resident')).accessToken;
  for (let i = 0; i < REPORTS; i += 1) {
    await api('POST', '/api/processes/resident-report/instances', resident, {
      data: {
        compoundId: 'wf-dongda-nanying-jinxiu',
        category: 'repair',
        location: `${i + 1}号楼`,
        description: '楼道灯不亮',
        contactPhone: '13800000000',
      },
    });
  }
  const grid = await login('grid');
  for (let tries = 0; ; tries += 1) {
    const page = await api('GET', '/api/tasks?pageSize=50', grid.accessToken);
    if (page.items.length >= REPORTS) break;
    if (tries > 200) throw new Error(`only ${page.items.length} of ${REPORTS} tasks reached the inbox`);
    await new Promise((done) => setTimeout(done, 100));
  }

  browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  const session = JSON.stringify({ accessToken: grid.accessToken, expiresAt: Date.now() + grid.expiresIn * 1000 });
  /** Milliseconds from navigation start to rows in the table and the page answering. */
  const timeToInteractive = async (page, navigate) => {
    await navigate();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="task-table"] tbody tr.ant-table-row').length > 0, null, {
      polling: 'raf',
      timeout: 60_000,
    });
    return page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0))));
  };
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const cold = [];
  const warm = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.addInitScript((value) => window.localStorage.setItem('rp.session', value), session);
    const page = await context.newPage();
    cold.push(await timeToInteractive(page, () => page.goto(`${url}/tasks`, { waitUntil: 'commit' })));
    warm.push(await timeToInteractive(page, () => page.reload({ waitUntil: 'commit' })));
    await context.close();
  }
  const show = (values) => `median ${Math.round(median(values))} ms (runs: ${values.map((v) => Math.round(v)).join(', ')} ms)`;
  console.log(`time to interactive 我的待办 (${REPORTS} tasks, headless Chromium, ${RUNS} runs):`);
  console.log(`  cold (empty cache): ${show(cold)}`);
  console.log(`  warm (reload):      ${show(warm)}`);
} finally {
  await browser?.close();
  await stopServer();
  rmSync(dataDir, { recursive: true, force: true });
}
