import type { CORSOptions, Plugin } from 'graphql-yoga';

/** The answer headers a script in a browser may read. */
const EXPOSED_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Retry-After',
  'Salure-Token-Expires',
  'WWW-Authenticate',
];

/** Whether each entry of CORS_ORIGINS is an origin (`https://app.example.com[:port]`, no path); the bad ones. */
export function invalidOrigins(origins: readonly string[]): string[] {
  return origins.filter((origin) => {
    try {
      return new URL(origin).origin !== origin;
    } catch {
      return true;
    }
  });
}

/**
 * Cross-origin access (CORS_ORIGINS): only the listed origins are answered with CORS headers; every other origin
 * gets none, so a browser keeps its pages from reading the answers. The API Access page and GraphiQL are served
 * from the gateway's own origin and need none. Credentials (cookies) are never allowed: the gateway reads the
 * Authorization header only, which a script sets itself.
 */
export function corsPolicy(allowed: readonly string[]): (request: Request) => CORSOptions {
  const origins = new Set(allowed);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !origins.has(origin)) return false;
    return {
      origin,
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type'],
      exposedHeaders: EXPOSED_HEADERS,
      maxAge: 600,
    };
  };
}

/** The CORS headers depend on the Origin, so caches must keep answers apart by it. */
export function useVaryByOrigin(): Plugin {
  return {
    onResponse({ response }) {
      const vary = response.headers.get('vary');
      if (!vary?.toLowerCase().includes('origin')) response.headers.set('Vary', vary ? `${vary}, Origin` : 'Origin');
    },
  };
}
