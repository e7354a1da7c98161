/**
 * Vite for the web app: `vite --config apps/web/vite.config.ts` serves it with /api proxied
 * to the server on :3000; `vite build --config apps/web/vite.config.ts` writes dist/web,
 * which the server serves at its own URL (with an index.html fallback for client routes).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  // Keep Vite's dependency cache with the workspace's node_modules, not in apps/web.
  cacheDir: here('../../node_modules/.vite/web'),
  plugins: [react()],
  resolve: {
    // The standard's pure rules (role and level names) are shared with the server.
    alias: { '@rp/domain': here('../../libs/domain/src/index.ts') },
  },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    // The entry stays well under this; the limit warns if a heavy library slips into it.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: { host: '127.0.0.1', port: 4173, proxy: { '/api': { target: 'http://127.0.0.1:3000' } } },
});
