import { readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { projectFile } from '../core/project-files.js';

/** Where `npm run build` puts the API Access page. */
const WEB_DIST = projectFile('web/dist/');

const TYPES = new Map([
  ['.html', 'text/html; charset=utf-8'],
  ['.js', 'text/javascript; charset=utf-8'],
  ['.css', 'text/css; charset=utf-8'],
  ['.svg', 'image/svg+xml'],
  ['.png', 'image/png'],
]);

// The pages load nothing from elsewhere and talk to /graphql only; they may not be framed.
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
// GraphiQL's editor (Monaco) runs its language services in workers and sets styles on its elements; all of it
// from the gateway's own origin still.
const GRAPHIQL_HEADERS = {
  ...SECURITY_HEADERS,
  'content-security-policy':
    "default-src 'none'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
};

/** A browser asking for a page, as opposed to a GraphQL client (GET /graphql serves both). */
function wantsHtml(request: Request): boolean {
  return request.headers.get('accept')?.includes('text/html') ?? false;
}

/**
 * Serves the pages built into web/dist: the API Access page at `/`, GraphiQL on a browser's GET /graphql, and
 * their hashed assets under `/assets/` (cached for a year). Files are read once, when first asked for. Without a
 * build the gateway runs without the pages (GraphiQL says how to build it).
 */
export function useWebPages({ dist = WEB_DIST }: { dist?: string } = {}): Plugin {
  const files = new Map<string, { body: Buffer; type: string }>();
  const load = (path: string) => {
    const file = normalize(join(dist, path));
    if (!file.startsWith(dist) || !isFile(file)) return undefined;
    const entry = { body: readFileSync(file), type: TYPES.get(extname(file)) ?? 'application/octet-stream' };
    files.set(path, entry);
    return entry;
  };
  return {
    onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const graphiql = url.pathname === '/graphql' && wantsHtml(request);
      const path = graphiql
        ? 'graphiql.html'
        : url.pathname === '/'
          ? 'index.html'
          : url.pathname.startsWith('/assets/')
            ? url.pathname.slice(1)
            : null;
      if (!path) return;
      const file = files.get(path) ?? load(path);
      if (!file) {
        if (graphiql) endResponse(notBuilt());
        return;
      }
      const cache = path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable';
      endResponse(
        new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
          headers: {
            'content-type': file.type,
            'cache-control': cache,
            ...(graphiql ? GRAPHIQL_HEADERS : SECURITY_HEADERS),
          },
        }),
      );
    },
  };
}

function notBuilt(): Response {
  return new Response(
    '<!doctype html><title>GraphiQL</title><p>GraphiQL is not built. Run <code>npm run build</code> (<code>npm start</code> does it when the build is missing), or send GraphQL requests to this address.</p>',
    { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS } },
  );
}

/** Whether a path names a file (not `/assets/`, the folder itself, nor a name too long for the file system). */
function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}
