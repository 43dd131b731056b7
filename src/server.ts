import { useGraphQlJit } from '@envelop/graphql-jit';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createYoga, useReadinessCheck, type YogaInitialContext } from 'graphql-yoga';
import type { CredentialCache } from './auth/credential-cache.js';
import { type Clock, systemClock } from './auth/principal.js';
import { createRateLimits, DEFAULT_RATE_LIMITS, type RateLimits } from './auth/rate-limits.js';
import type { TokenPolicy } from './auth/token-policy.js';
import { TokenUsage } from './auth/token-usage.js';
import type { WebhookSettings } from './auth/webhooks.js';
import type { Logger } from './core/logger.js';
import type { Metrics } from './core/metrics.js';
import { databaseOutages, isDatabaseReady } from './database/availability.js';
import { governedLists } from './graphql/administration.js';
import type { Context } from './graphql/builder.js';
import { deletionLists } from './graphql/deletions.js';
import { createLoaders } from './graphql/loaders.js';
import { pageOfType } from './graphql/page-types.js';
import { schema } from './graphql/schema.js';
import { maskedErrors, withMaskedOnRequest, yogaLogging } from './plugins/masked-errors.js';
import { useAccessLog } from './plugins/use-access-log.js';
import { useAuthentication } from './plugins/use-authentication.js';
import { useBodyLimit } from './plugins/use-body-limit.js';
import { corsPolicy, useVaryByOrigin } from './plugins/use-cors.js';
import { useErrorAnswers } from './plugins/use-error-answers.js';
import { useKnownOperationTypes } from './plugins/use-known-operation-types.js';
import { allowListedNames, useGraphQlMetrics, watchGatewayState } from './plugins/use-metrics.js';
import {
  loadPersistedOperations,
  type PersistedDocuments,
  type PersistedOperationsMode,
  usePersistedOperations,
} from './plugins/use-persisted-operations.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits, useQueryLimits } from './plugins/use-query-limits.js';
import { useRefusalAudit } from './plugins/use-refusal-audit.js';
import { useRestApi } from './plugins/use-rest-api.js';
import { useScopeCacheRelease } from './plugins/use-scope-cache-release.js';
import { useSettleCredentialChanges } from './plugins/use-settle-credential-changes.js';
import { useTokenUsage } from './plugins/use-token-usage.js';
import { useTracing } from './plugins/use-tracing.js';
import { useValidationCache } from './plugins/use-validation-cache.js';
import { useWebPages } from './plugins/use-web-pages.js';
import { openApiDocument } from './rest/openapi.js';
import { REST_PREFIX, restRoutes } from './rest/routes.js';

/** The paths yoga answers as GraphQL requests (a URLPattern pathname): /graphql, and the REST API's routes. */
const GRAPHQL_ENDPOINTS = `/:endpoint(graphql|${REST_PREFIX.slice(1)}/.+)`;

/**
 * Yoga's URLPattern (fetchAPI.URLPattern). Yoga tests every request against two patterns, GRAPHQL_ENDPOINTS and
 * the readiness check's /ready, and the polyfill's tests took 15% of a viewer query's CPU over HTTP. Both are
 * plain enough to match by hand: GRAPHQL_ENDPOINTS by prefix, a literal path as text. Any other pattern is
 * refused when it is made, so that nothing is matched silently wrong.
 */
class EndpointPattern {
  private readonly matches: (path: string) => boolean;
  constructor({ pathname }: { pathname: string }) {
    if (pathname === GRAPHQL_ENDPOINTS) this.matches = isGraphQlPath;
    else if (/^(\/[\w.-]+)+$/.test(pathname)) this.matches = (path) => path === pathname;
    else throw new Error(`The gateway matches no URL pattern like ${pathname}`);
  }
  test(url: URL): boolean {
    return this.matches(url.pathname);
  }
}

/** GRAPHQL_ENDPOINTS: /graphql, or a path under the REST API's prefix. */
function isGraphQlPath(path: string): boolean {
  return path === '/graphql' || (path.startsWith(`${REST_PREFIX}/`) && path.length > REST_PREFIX.length + 1);
}

/** The version of the REST API's OpenAPI document. */
const API_VERSION = '1.0.0';

type GatewayOptions = {
  orm: MikroORM;
  logger: Logger;
  sessionTtlMs: number;
  /** The time used for every expiry decision; tests pass their own. */
  clock?: Clock;
  limits?: QueryLimits;
  rateLimits?: RateLimits;
  persistedOperations?: { mode: PersistedOperationsMode; documents: PersistedDocuments };
  tokenPolicy?: TokenPolicy;
  /** TRUST_PROXY: proxies whose X-Forwarded-For is believed. */
  trustProxy?: string;
  /** Verified credentials kept in process (fed by listenForCredentialChanges); without it, every request reads them. */
  credentialCache?: CredentialCache;
  /** CORS_ORIGINS: origins whose browser applications may call the API; none by default. */
  corsOrigins?: readonly string[];
  /** Requests per API token and day; main.ts writes it every minute and at shutdown. */
  tokenUsage?: TokenUsage;
  /** TOKEN_USAGE=off: requests are not counted (ApiToken.usage answers what was counted before). */
  countTokenUsage?: boolean;
  /** Prometheus metrics (main.ts serves them on METRICS_PORT); none are counted without. */
  metrics?: Metrics;
  /** Spans for requests, phases, page fields and statements (main.ts starts the SDK: core/tracing.ts). */
  tracing?: boolean;
  /** Where webhook endpoints may point (WEBHOOK_ALLOW_HTTP_LOOPBACK). */
  webhooks?: WebhookSettings;
};

/**
 * The yoga instance: GraphQL on /graphql (GraphiQL on a browser's GET), the API Access page on /, liveness on
 * /health, readiness on /ready. The plugins run in the order listed; docs/architecture.md walks through them.
 */
export function createGateway({
  orm,
  logger,
  sessionTtlMs,
  clock = systemClock,
  limits = DEFAULT_QUERY_LIMITS,
  rateLimits = createRateLimits(DEFAULT_RATE_LIMITS),
  persistedOperations: persisted = { mode: 'allow', documents: loadPersistedOperations() },
  tokenPolicy: policy = {},
  trustProxy,
  credentialCache,
  corsOrigins = [],
  tokenUsage = new TokenUsage(orm.em, logger),
  countTokenUsage = true,
  metrics,
  tracing = false,
  webhooks = { allowHttpLoopback: false },
}: GatewayOptions) {
  const outages = databaseOutages(logger);
  // The REST routes run their documents as persisted operations, also where only the allow-list runs.
  const routes = restRoutes(schema, pageOfType, new Map([...governedLists, ...deletionLists]));
  const documents = new Map([
    ...persisted.documents,
    ...routes.map((route) => [route.documentId, route.document] as const),
  ]);
  orm.em.getConnection().getKnex().on('query-response', outages.answered);
  const authentication = useAuthentication({
    orm,
    clock,
    policy,
    rateLimits,
    trustProxy,
    cache: credentialCache,
    metrics,
  });
  if (metrics) {
    watchGatewayState(metrics, { orm, rateLimits, cache: credentialCache, databaseAnswering: outages.answering });
  }

  /** The request's context, built here and nowhere else, from what the authentication step learnt. */
  const requestContext = (context: YogaInitialContext): Context => {
    const { principal, meta, em } = authentication.authenticationOf(context.request);
    return {
      principal,
      em,
      meta,
      refusals: [],
      reads: orm.em,
      loaders: createLoaders(orm.em, { tokens: tokenUsage, now: clock }),
      clock,
      sessionTtlMs,
      rateLimits,
      policy,
      tokenUsage,
      webhooks,
    };
  };

  const traces = tracing ? useTracing({ orm, routes }) : undefined;

  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    // A REST call is a GraphQL request too (use-rest-api.ts gives it its route's document).
    graphqlEndpoint: GRAPHQL_ENDPOINTS,
    fetchAPI: { URLPattern: EndpointPattern },
    healthCheckEndpoint: '/health',
    landingPage: false,
    // useBodyLimit enforces a much lower limit; yoga's own pipes every body through a stream (see docs/access.md, "Limits").
    maxRequestBodySize: false,
    // GraphiQL is a build of the graphiql package served by useWebPages, not yoga's, which loads from a CDN.
    graphiql: false,
    // Without CORS_ORIGINS no origin is answered: yoga's CORS plugin is left out (no hook on every answer).
    cors: corsOrigins.length > 0 ? corsPolicy(corsOrigins) : false,
    logging: yogaLogging(logger),
    maskedErrors: maskedErrors(logger, outages),
    // Batched requests (an array of operations in one body) are off, yoga's default; GET runs queries only.
    batching: false,
    // Documents are kept by their text here; their validation results by useValidationCache.
    parserAndValidationCache: { validationCache: false },
    plugins: withMaskedOnRequest(
      [
        // Each document is compiled once into a function (kept as long as yoga's parse cache keeps the document).
        useGraphQlJit(
          {},
          { onError: (error) => logger.warn({ err: error }, 'graphql-jit could not compile a document') },
        ),
        useScopeCacheRelease(),
        ...(traces ? [traces.plugin] : []),
        useAccessLog({ logger, metrics, routes, traceIdOf: traces?.traceIdOf }),
        ...(metrics
          ? [
              useGraphQlMetrics({
                metrics,
                names: allowListedNames(documents.values()),
                isAuthenticated: (request) => Boolean(authentication.principalOf(request)),
              }),
            ]
          : []),
        ...(corsOrigins.length > 0 ? [useVaryByOrigin()] : []),
        useWebPages(),
        useRestApi({
          routes,
          openApi: openApiDocument(routes, API_VERSION),
          admit: authentication.admit,
          tokenEndOf: (request) => authentication.principalOf(request)?.apiTokenEndsAt,
        }),
        // Before the authentication plugin: its onResponse forgets the request's principal, which this one reads there.
        ...(countTokenUsage
          ? [useTokenUsage({ usage: tokenUsage, principalOf: authentication.principalOf, clock })]
          : []),
        authentication.plugin,
        useRefusalAudit({ orm, clock, metrics }),
        useSettleCredentialChanges({ orm, logger }),
        useBodyLimit({ maxBytes: limits.maxBodyBytes }),
        ...usePersistedOperations({ mode: persisted.mode, documents, maxCharacters: limits.maxCharacters }),
        useKnownOperationTypes(),
        ...useQueryLimits(limits),
        useValidationCache(),
        useErrorAnswers(),
        // Not ready while the database does not answer; /health stays up (the process lives).
        useReadinessCheck({ endpoint: '/ready', check: () => isDatabaseReady(orm) }),
      ],
      logger,
    ),
    context: requestContext,
  });
  return yoga;
}
