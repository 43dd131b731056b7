import type { MikroORM } from '@mikro-orm/postgresql';
import { context, propagation, ROOT_CONTEXT, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { bounded, MAX_LOGGED_PATH_LENGTH } from '../core/caller-input.js';
import { endSpan, inSpan, SpanKind, startSpan } from '../core/tracing.js';
import { observeStatements } from '../database/statements.js';
import type { Route } from '../rest/routes.js';
import { routeLabel } from './use-access-log.js';

/** Statements running at once, far above any pool (DB_POOL_MAX ≤ 100). */
const MAX_OPEN_STATEMENTS = 10_000;

const HEADERS = {
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
  keys: (headers: Headers) => [...headers.keys()],
};

/**
 * Spans (OpenTelemetry) for the HTTP request, parse, validate and execute (yoga's instrumentation), each page field's
 * resolver (graphql/builder.ts) and each SQL statement (by its name, never its text or values), in one trace that
 * continues the caller's W3C `traceparent`. A REST call's GraphQL request is a child of the REST call's span.
 * Installed only while tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT).
 */
export function useTracing({ orm, routes }: { orm: MikroORM; routes: readonly Route[] }) {
  const requestSpans = new WeakMap<Request, Span>();
  const statements = new Map<string, Span>();
  observeStatements(orm, {
    started(id, name) {
      // Statements outside a request (token usage flushes, notifications) have no trace to join.
      if (!trace.getActiveSpan()) return;
      // A statement whose end was never told (never seen) would be kept for good: a bound, not a leak.
      if (statements.size >= MAX_OPEN_STATEMENTS) statements.clear();
      const [operation, table] = name.split(' ');
      statements.set(
        id,
        startSpan(
          name,
          { 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.collection.name': table },
          SpanKind.CLIENT,
        ),
      );
    },
    finished(id, failed) {
      const span = statements.get(id);
      if (!span) return;
      statements.delete(id);
      endSpan(span, failed ? 'failed' : undefined);
    },
  });

  const plugin: Plugin = {
    instrumentation: {
      request({ request }, wrapped) {
        const url = new URL(request.url);
        const route = routeLabel(routes, url.pathname);
        const parent = propagation.extract(ROOT_CONTEXT, request.headers, HEADERS);
        const span = startSpan(
          `${request.method} ${route}`,
          {
            'http.request.method': request.method,
            'http.route': route,
            'url.path': bounded(url.pathname, MAX_LOGGED_PATH_LENGTH),
          },
          SpanKind.SERVER,
          parent,
        );
        requestSpans.set(request, span);
        return context.with(parent, () => inSpan(span, wrapped));
      },
      parse: (_payload, wrapped) => inSpan(startSpan('graphql.parse', {}), wrapped),
      validate: (_payload, wrapped) => inSpan(startSpan('graphql.validate', {}), wrapped),
      execute: (_payload, wrapped) => inSpan(startSpan('graphql.execute', {}), wrapped),
    },
    onExecute({ args }) {
      // Inside the execute span (the instrumentation wraps these hooks).
      const operation = getOperationAST(args.document, args.operationName);
      trace.getActiveSpan()?.setAttributes({
        'graphql.operation.name': operation?.name?.value ?? '',
        'graphql.operation.type': operation?.operation ?? '',
      });
    },
    onResponse({ request, response }) {
      const span = requestSpans.get(request);
      span?.setAttribute('http.response.status_code', response.status);
      if (response.status >= 500) span?.setStatus({ code: SpanStatusCode.ERROR });
    },
  };
  return {
    plugin,
    /** The trace id of a request's span, for its log line. */
    traceIdOf: (request: Request) => requestSpans.get(request)?.spanContext().traceId,
  };
}
