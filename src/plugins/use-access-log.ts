import type { Plugin } from 'graphql-yoga';
import { credentialKindOf } from '../auth/credentials.js';
import { bounded, MAX_LOGGED_PATH_LENGTH } from '../core/caller-input.js';
import type { Logger } from '../core/logger.js';
import { isRestInnerRequest } from './use-rest-api.js';

/**
 * One log line per request: method, path, status, duration and the kind of credentials. Never a header value, a
 * query text or variables (they may hold passwords and secrets).
 */
export function useAccessLog(logger: Logger): Plugin {
  const startedAt = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      startedAt.set(request, performance.now());
    },
    onResponse({ request, response }) {
      // A REST call's GraphQL request: the REST call has the line.
      if (isRestInnerRequest(request)) return;
      const started = startedAt.get(request);
      logger.info({
        method: request.method,
        path: bounded(new URL(request.url).pathname, MAX_LOGGED_PATH_LENGTH),
        status: response.status,
        ms: started === undefined ? undefined : Math.round(performance.now() - started),
        credentials: credentialKindOf(request.headers.get('authorization')),
      });
    },
  };
}
