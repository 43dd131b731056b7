import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { YogaServerOptions } from 'graphql-yoga';
import { bounded, MAX_ERROR_MESSAGE_LENGTH } from '../core/caller-input.js';
import type { Logger } from '../core/logger.js';
import { activeTraceId } from '../core/tracing.js';
import { type databaseOutages, databaseUnavailable, isDatabaseUnavailable } from '../database/availability.js';
import { problemResponse } from '../rest/problems.js';

/**
 * yoga's error masking: expected errors are GraphQLErrors with a code and pass; a database that cannot be reached
 * is SERVICE_UNAVAILABLE (its outage logged once, see databaseOutages); anything else is logged (without SQL or
 * values, see core/logger.ts) with a requestId and masked for the caller.
 */
export function maskedErrors(
  logger: Logger,
  outages: ReturnType<typeof databaseOutages>,
): NonNullable<YogaServerOptions<object, object>['maskedErrors']> {
  return {
    maskError(error) {
      const original = error instanceof GraphQLError ? error.originalError : error;
      if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
      if (isDatabaseUnavailable(original)) {
        outages.refused(original);
        return databaseUnavailable();
      }
      const requestId = randomUUID();
      // The trace id (while tracing) leads from the caller's requestId to the request's spans.
      logger.error({ err: original, requestId, traceId: activeTraceId() }, 'unexpected error');
      const path = error instanceof GraphQLError ? error.path : undefined;
      return new GraphQLError('Internal server error.', {
        nodes: error instanceof GraphQLError ? error.nodes : undefined,
        path,
        // A failed field is a partial result (HTTP 200); a request that failed as a whole is a 500.
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, ...(path ? {} : { http: { status: 500 } }) },
      });
    },
  };
}

/**
 * yoga's own log lines, through ours. yoga logs the original of every error it masks; maskError has logged it
 * already (with its requestId), so those are left out here.
 */
export function yogaLogging(logger: Logger) {
  const text = (args: unknown[]) => bounded(args.map(String).join(' '), MAX_ERROR_MESSAGE_LENGTH);
  return {
    debug: (...args: unknown[]) => logger.debug(text(args)),
    info: (...args: unknown[]) => logger.info(text(args)),
    warn: (...args: unknown[]) => logger.warn(text(args)),
    error: (...args: unknown[]) => {
      if (!args.some((arg) => arg instanceof Error)) logger.error(text(args));
    },
  };
}

/**
 * Every plugin's `onRequest` with a net: an unexpected throw there (before yoga's own error handling, which would
 * answer 500 with the stack as the body) is logged with a requestId and answered as any unexpected error is: a
 * masked 500 with that requestId (problem details under /api/), which the access log and the metrics then count.
 */
export function withMaskedOnRequest<P extends object>(plugins: P[], logger: Logger): P[] {
  return plugins.map((plugin) => {
    const { onRequest } = plugin as { onRequest?: (payload: OnRequestPayload) => unknown };
    if (!onRequest) return plugin;
    const fail = (payload: OnRequestPayload, error: unknown) => {
      const requestId = randomUUID();
      logger.error({ err: error, requestId, traceId: activeTraceId() }, 'unexpected error');
      payload.endResponse(unexpectedResponse(new URL(payload.request.url).pathname, requestId));
    };
    // A hook that answers at once stays synchronous (no promise, no closure per plugin and request on the hot path).
    const guarded = (payload: OnRequestPayload) => {
      try {
        const result = onRequest(payload);
        return result instanceof Promise ? result.catch((error: unknown) => fail(payload, error)) : result;
      } catch (error) {
        fail(payload, error);
      }
    };
    return { ...plugin, onRequest: guarded };
  });
}

/** What every onRequest hook is given, of what the net needs. */
type OnRequestPayload = { request: Request; endResponse(response: Response): void };

function unexpectedResponse(path: string, requestId: string): Response {
  if (path.startsWith('/api/')) {
    return problemResponse('INTERNAL_SERVER_ERROR', 'Internal server error.', { requestId });
  }
  const body = {
    errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }],
  };
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}
