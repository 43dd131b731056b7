import type { Plugin } from 'graphql-yoga';
import { credentialKindOf } from '../auth/credentials.js';
import { bounded, MAX_LOGGED_PATH_LENGTH } from '../core/caller-input.js';
import type { Logger } from '../core/logger.js';
import type { Metrics } from '../core/metrics.js';
import { REST_PREFIX, type Route } from '../rest/routes.js';
import { routeOf } from './use-rest-api.js';

type Options = {
  logger: Logger;
  metrics: Metrics | undefined;
  /** The REST routes, whose templates are the route label of their calls. */
  routes: readonly Route[];
  /** The request's trace id when it is traced (use-tracing.ts). */
  traceIdOf?: (request: Request) => string | undefined;
};

/**
 * One log line per request (method, path, status, duration, the kind of credentials and the trace id) and its
 * HTTP metrics. Never a header value, a query text or variables (they may hold passwords and secrets).
 */
export function useAccessLog({ logger, metrics, routes, traceIdOf }: Options): Plugin {
  const startedAt = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      startedAt.set(request, performance.now());
    },
    onResponse({ request, response }) {
      const started = startedAt.get(request);
      startedAt.delete(request);
      const ms = started === undefined ? undefined : performance.now() - started;
      const path = new URL(request.url).pathname;
      if (metrics) {
        const http = metrics.http(routeLabel(routes, path), request.method, response.status);
        http.requests.inc();
        if (ms !== undefined) http.duration.observe(ms / 1000);
      }
      logger.info({
        method: request.method,
        path: bounded(path, MAX_LOGGED_PATH_LENGTH),
        status: response.status,
        ms: ms === undefined ? undefined : Math.round(ms),
        credentials: credentialKindOf(request.headers.get('authorization')),
        traceId: traceIdOf?.(request),
      });
    },
  };
}

/** The route of a path as a metric label: one of a fixed set, never the path a caller sent. */
export function routeLabel(routes: readonly Route[], path: string): string {
  if (path === '/graphql' || path === '/health' || path === '/ready' || path === '/') return path;
  if (path.startsWith('/assets/')) return '/assets';
  if (path.startsWith(`${REST_PREFIX}/`)) {
    if (path === `${REST_PREFIX}/openapi.json`) return path;
    return routeOf(routes, path)?.route.path ?? `${REST_PREFIX}/(unknown)`;
  }
  if (path.startsWith('/api/docs')) return '/api/docs';
  return '(other)';
}
