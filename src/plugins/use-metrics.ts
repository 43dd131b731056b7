import type { MikroORM } from '@mikro-orm/postgresql';
import { type DocumentNode, type GraphQLError, getOperationAST, Kind, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CredentialCache } from '../auth/credential-cache.js';
import type { RateLimits } from '../auth/rate-limits.js';
import { type Metrics, type OperationInstruments, OperationNames } from '../core/metrics.js';
import { auditEventsWritten } from '../database/audit.js';
import { poolState } from '../database/availability.js';

/** Error codes are ours and GraphQL's; anything else (or too long) is `other`. */
const ERROR_CODE = /^[A-Z_]{1,40}$/;

type Phase = 'parse' | 'validate' | 'execute';

type Options = {
  metrics: Metrics;
  /** The operation names that get a label (allowListedNames). */
  names: OperationNames;
  /** Whether the request's credentials were accepted: only then may its operation name take a label of its own. */
  isAuthenticated: (request: Request) => boolean;
};

/**
 * GraphQL operations by operation name (bounded by `names`) and type: how many, the duration of each (from its
 * parse to its result) and of parse, validate and execute, and the errors of each phase by code. The names are
 * those of @graphql-yoga/plugin-prometheus (so its dashboards work), measured here with performance.now() and
 * instruments made once per operation name: the plugin timed whole milliseconds and cost 4-8% of operation 1's
 * CPU (bench/results; docs/operations.md).
 */
export function useGraphQlMetrics({ metrics, names, isAuthenticated }: Options): Plugin {
  /** Per request context: the operation's instruments and when its parse began. */
  const operations = new WeakMap<object, { instruments: OperationInstruments; startedAt: number }>();
  const instrumentsOf = (document: DocumentNode, operationName: string | undefined, request: Request) => {
    const operation = getOperationAST(document, operationName);
    const label = names.label(operation?.name?.value, isAuthenticated(request));
    return metrics.operation(label, operation?.operation ?? 'unknown');
  };
  const countErrors = (
    labels: OperationInstruments['labels'],
    phase: Phase,
    errors: readonly (GraphQLError | Error)[],
  ) => {
    for (const error of errors) {
      const code = (error as { extensions?: { code?: unknown } }).extensions?.code;
      metrics.operationErrors.inc({
        ...labels,
        phase,
        code: typeof code === 'string' && ERROR_CODE.test(code) ? code : 'other',
      });
    }
  };
  return {
    onParse({ context }) {
      const startedAt = performance.now();
      return ({ result }) => {
        const seconds = (performance.now() - startedAt) / 1000;
        if (result instanceof Error) {
          countErrors({ operationName: 'unknown', operationType: 'unknown' }, 'parse', [result]);
          return;
        }
        if (!result) return;
        const { params, request } = context as { params?: { operationName?: string }; request: Request };
        const instruments = instrumentsOf(result, params?.operationName ?? undefined, request);
        instruments.parse.observe(seconds);
        operations.set(context, { instruments, startedAt });
      };
    },
    onValidate({ context }) {
      const operation = operations.get(context);
      if (!operation) return;
      const startedAt = performance.now();
      return ({ result }) => {
        operation.instruments.validate.observe((performance.now() - startedAt) / 1000);
        if (result.length === 0) return;
        countErrors(operation.instruments.labels, 'validate', result);
        operations.delete(context);
      };
    },
    onExecute({ args }) {
      const operation = operations.get(args.contextValue as object);
      if (!operation) return;
      operations.delete(args.contextValue as object);
      const startedAt = performance.now();
      return {
        onExecuteDone({ result }) {
          const now = performance.now();
          const { instruments } = operation;
          instruments.execute.observe((now - startedAt) / 1000);
          instruments.duration.observe((now - operation.startedAt) / 1000);
          instruments.executed.inc();
          const errors = 'errors' in result ? result.errors : undefined;
          if (errors?.length) countErrors(instruments.labels, 'execute', errors);
        },
      };
    },
  };
}

/** The names of the operations of the allow-list's documents (persisted operations and REST routes). */
export function allowListedNames(documents: Iterable<string>): OperationNames {
  const names = new Set<string>();
  for (const document of documents) {
    for (const definition of parse(document).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return new OperationNames(names);
}

type GatewayState = {
  orm: MikroORM;
  rateLimits: RateLimits;
  cache: CredentialCache | undefined;
  /** Whether the database answered the last statement (databaseOutages). */
  databaseAnswering: () => boolean;
};

/** The metrics read from the gateway's parts when scraped: nothing of them is counted per request here. */
export function watchGatewayState(metrics: Metrics, { orm, rateLimits, cache, databaseAnswering }: GatewayState) {
  metrics.watch((m) => {
    const pool = poolState(orm);
    m.set('salure_database_pool_connections', { state: 'in_use' }, pool.inUse);
    m.set('salure_database_pool_connections', { state: 'idle' }, pool.idle);
    m.set('salure_database_pool_connections', { state: 'waiting' }, pool.waiting);
    m.set('salure_dependency_up', { dependency: 'database' }, databaseAnswering() ? 1 : 0);
    const redis = rateLimits.redisAnswering();
    if (redis !== undefined) m.set('salure_dependency_up', { dependency: 'redis' }, redis ? 1 : 0);
    for (const [kind, count] of Object.entries(rateLimits.refused)) m.set('salure_rate_limited_total', { kind }, count);
    for (const [action, count] of auditEventsWritten) m.set('salure_audit_events_total', { action }, count);
    if (cache) {
      m.set('salure_credential_cache_lookups_total', { result: 'hit' }, cache.counts.hits);
      m.set('salure_credential_cache_lookups_total', { result: 'miss' }, cache.counts.misses);
      m.set('salure_credential_cache_invalidations_total', {}, cache.counts.invalidations);
    }
  });
}
