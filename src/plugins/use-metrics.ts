import {
  createCounter,
  createHistogram,
  type FillLabelsFnParams,
  usePrometheus,
} from '@graphql-yoga/plugin-prometheus';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Kind, parse } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { CredentialCache } from '../auth/credential-cache.js';
import type { RateLimits } from '../auth/rate-limits.js';
import { DURATION_BUCKETS, type Metrics, OperationNames } from '../core/metrics.js';
import { auditEventsWritten } from '../database/audit.js';
import { poolState } from '../database/availability.js';

const OPERATION_LABELS = ['operationName', 'operationType'] as const;
/** Error codes are ours and GraphQL's; anything else (or too long) is `other`. */
const ERROR_CODE = /^[A-Z_]{1,40}$/;

/**
 * GraphQL operations by operation name (bounded by `names`) and type, with the duration of the whole operation and
 * of parse, validate and execute (@graphql-yoga/plugin-prometheus, under the names Yoga's and Hive's dashboards
 * use), and errors by phase and code.
 */
export function useGraphQlMetrics(metrics: Metrics, names: OperationNames): Plugin {
  const { registry } = metrics;
  const labels = (params: FillLabelsFnParams) => ({
    operationName: names.label(params.operationName),
    operationType: params.operationType ?? 'unknown',
  });
  const histogram = <Phase>(name: string, help: string, phase: Phase) =>
    createHistogram<Phase, (typeof OPERATION_LABELS)[number]>({
      registry,
      histogram: { name, help, labelNames: OPERATION_LABELS, buckets: DURATION_BUCKETS },
      fillLabelsFn: labels,
      phases: [phase],
    });
  return usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_request',
          help: 'GraphQL operations executed.',
          labelNames: OPERATION_LABELS,
        },
        fillLabelsFn: labels,
      }),
      graphql_envelop_request_duration: histogram(
        'graphql_envelop_request_duration',
        'Time of a GraphQL operation, from parse to its result.',
        'execute',
      ),
      graphql_envelop_phase_parse: histogram(
        'graphql_envelop_phase_parse',
        'Time spent parsing the document.',
        'parse',
      ),
      graphql_envelop_phase_validate: histogram(
        'graphql_envelop_phase_validate',
        'Time spent validating it.',
        'validate',
      ),
      graphql_envelop_phase_execute: histogram('graphql_envelop_phase_execute', 'Time spent executing it.', 'execute'),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'Errors in GraphQL results, by phase and code.',
          labelNames: [...OPERATION_LABELS, 'phase', 'code'] as const,
        },
        fillLabelsFn: (params) => {
          const code = (params.error as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;
          return {
            ...labels(params),
            phase: params.errorPhase ?? 'execute',
            code: typeof code === 'string' && ERROR_CODE.test(code) ? code : 'other',
          };
        },
      }),
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_execute_resolver: false,
      // salure_http_request_duration_seconds (use-access-log.ts) has every route, not GraphQL's alone.
      graphql_yoga_http_duration: false,
    },
  });
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
