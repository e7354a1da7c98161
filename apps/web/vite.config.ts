/**
 * Vite for the web app: `vite --config apps/web/vite.config.ts` serves it with /api proxied
 * to the server on :3000; `vite build --config apps/web/vite.config.ts` writes dist/web,
 * which the server serves at its own URL (with an index.html fallback for client routes).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * `virtual:bpmnlint-camunda-8-8`: bpmnlint-plugin-camunda-compat's Camunda 8.8 rules compiled
 * into a module the browser can import (bpmnlint resolves rules with Node's require; this is
 * what its own bundler plugins do). Used by 流程设计's live lint.
 */
function bpmnlintCamunda88(): Plugin {
  const id = 'virtual:bpmnlint-camunda-8-8';
  const compileConfig = createRequire(import.meta.url)('bpmnlint/lib/support/compile-config') as (config: object) => Promise<string>;
  return {
    name: 'bpmnlint-camunda-8-8',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load: (resolved) => (resolved === `\0${id}` ? compileConfig({ extends: ['plugin:camunda-compat/camunda-cloud-8-8'] }) : undefined),
  };
}

export default defineConfig({
  root: here('.'),
  base: '/',
  // Keep Vite's dependency cache with the workspace's node_modules, not in apps/web.
  cacheDir: here('../../node_modules/.vite/web'),
  plugins: [react(), bpmnlintCamunda88()],
  resolve: {
    // The standard's pure rules (role and level names) are shared with the server.
    alias: { '@rp/domain': here('../../libs/domain/src/index.ts') },
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: which chunks each lazy page loads (bench/web.mjs reads it).
    manifest: true,
    // The entry stays well under this; the limit warns if a heavy library slips into it. Above the
    // 流程设计 chunk (bpmn-js with the Camunda properties panel, ~2 MB, loaded only there);
    // `npm run bench:web` reports every chunk's gzipped size.
    chunkSizeWarningLimit: 2500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: { host: '127.0.0.1', port: 4173, proxy: { '/api': { target: 'http://127.0.0.1:3000' } } },
});
