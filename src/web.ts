import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Plugin } from 'graphql-yoga';

/** Where `npm run build` puts the API Access page. */
export const WEB_DIST = new URL('../web/dist/', import.meta.url).pathname;

const TYPES = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
]);

// The page loads nothing from elsewhere and talks to /graphql only; it may not be framed.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * Serves the API Access page: `/` and its hashed assets under `/assets/` (cached for a year). Files are read once,
 * at start. Without a build (web/dist) the gateway runs without the page.
 */
export function apiAccessPage(dist = WEB_DIST): Plugin {
  const files = new Map<string, { body: Buffer; type: string }>();
  const load = (path: string) => {
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist) || !existsSync(file)) return undefined;
    const entry = { body: readFileSync(file), type: TYPES.get(extname(file)) ?? 'application/octet-stream' };
    files.set(path, entry);
    return entry;
  };
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const path =
        url.pathname === '/' ? 'index.html' : url.pathname.startsWith('/assets/') ? url.pathname.slice(1) : null;
      if (!path) return;
      const file = files.get(path) ?? load(path);
      if (!file) return;
      const cache = path === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable';
      endResponse(
        new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
          headers: { 'content-type': file.type, 'cache-control': cache, ...SECURITY_HEADERS },
        }),
      );
    },
  };
}
