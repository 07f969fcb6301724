import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { packagePath } from '../core/paths.js';

const require = createRequire(import.meta.url);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

/** The dashboard: no inline scripts, nothing from another origin. */
const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Leaflet positions its panes with inline style attributes.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

export const WEB_DIR = packagePath('web');

/** url path → file on disk: a fixed list built at start-up, so no request path ever reaches the file system. */
function assetTable(): Map<string, string> {
  const table = new Map<string, string>();
  if (existsSync(WEB_DIR)) {
    for (const name of readdirSync(WEB_DIR)) if (CONTENT_TYPES[extname(name)]) table.set(`/${name}`, join(WEB_DIR, name));
  }
  const index = table.get('/index.html');
  if (index) table.set('/', index);
  const leafletDist = join(dirname(require.resolve('leaflet/package.json')), 'dist');
  for (const name of ['leaflet-src.esm.js', 'leaflet.css']) table.set(`/vendor/leaflet/${name}`, join(leafletDist, name));
  for (const name of readdirSync(join(leafletDist, 'images'))) table.set(`/vendor/leaflet/images/${name}`, join(leafletDist, 'images', name));
  return table;
}

export function registerStaticAssets(app: FastifyInstance): void {
  const table = assetTable();
  for (const [url, file] of table) {
    app.get(url, async (_request, reply) => {
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      // Read per request: assets are small, and edits to web/ show without a restart.
      return reply
        .header('content-type', type)
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', DASHBOARD_CSP)
        .header('referrer-policy', 'no-referrer')
        .send(readFileSync(file));
    });
  }
}
