/**
 * Serves the built web app (dist/web) at the server's own URL: static files, and
 * index.html for any other GET outside /api so the single-page app's routes reload.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** dist/web, seen from the compiled server (dist/apps/server/src/web) or from its sources. */
export function findWebRoot(): string | undefined {
  const candidates = [join(__dirname, '../../../../web'), join(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

export function serveWebApp(app: NestExpressApplication, webRoot: string): void {
  // Vite names assets by content hash, so they never change under the same URL.
  app.useStaticAssets(join(webRoot, 'assets'), { prefix: '/assets', index: false, immutable: true, maxAge: '365d' });
  app.useStaticAssets(webRoot, { index: false, maxAge: '1h', setHeaders: noCacheForHtml });
  const indexHtml = join(webRoot, 'index.html');
  app.use((request: Request, response: Response, next: NextFunction) => {
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') && !request.path.startsWith('/api') && request.accepts('html') === 'html';
    if (!wantsPage) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(indexHtml);
  });
}

function noCacheForHtml(response: Response, path: string): void {
  if (path.endsWith('.html')) response.setHeader('Cache-Control', 'no-cache');
}
