import { randomUUID } from 'node:crypto';
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError, getOperationAST } from 'graphql';
import { createYoga, type Plugin, useReadinessCheck } from 'graphql-yoga';
import { recordAudit } from './audit.js';
import { type AddressResolver, addressResolver } from './auth/addresses.js';
import { type CredentialCache, settleCredentialChanges } from './auth/credential-cache.js';
import { authenticate } from './auth/credentials.js';
import { type Clock, type Principal, type RequestMeta, systemClock } from './auth/principal.js';
import type { TokenPolicy } from './auth/token-policy.js';
import {
  bounded,
  MAX_ADDRESS_LENGTH,
  MAX_ERROR_MESSAGE_LENGTH,
  MAX_LOGGED_PATH_LENGTH,
  MAX_USER_AGENT_LENGTH,
} from './caller-input.js';
import { corsPolicy, varyByOrigin } from './cors.js';
import {
  databaseOutages,
  databaseUnavailable,
  isDatabaseReady,
  isDatabaseUnavailable,
} from './database/availability.js';
import type { Context } from './graphql/builder.js';
import { createLoaders } from './graphql/loaders.js';
import { schema } from './graphql/schema.js';
import {
  bodyLimit,
  DEFAULT_QUERY_LIMITS,
  type QueryLimits,
  queryLimitPlugins,
  refuseMissingOperationTypes,
  shapeErrorAnswers,
} from './limits.js';
import type { Logger } from './logger.js';
import {
  loadPersistedOperations,
  type PersistedDocuments,
  type PersistedOperationsMode,
  persistedOperations,
} from './persisted-operations.js';
import {
  createRateLimits,
  DEFAULT_RATE_LIMITS,
  type RateLimitState,
  type RateLimits,
  rateLimitHeaders,
} from './rate-limits.js';
import { webPages } from './web.js';

export type GatewayOptions = {
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
};

/**
 * One log line per request: method, path, status, duration and the credential scheme used. Never a header value,
 * a query text or variables (they may hold passwords and secrets).
 */
function accessLog(logger: Logger): Plugin {
  const startedAt = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      startedAt.set(request, performance.now());
    },
    onResponse({ request, response }) {
      const started = startedAt.get(request);
      logger.info({
        method: request.method,
        path: bounded(new URL(request.url).pathname, MAX_LOGGED_PATH_LENGTH),
        status: response.status,
        ms: started === undefined ? undefined : Math.round(performance.now() - started),
        credentials: credentialKind(request.headers.get('authorization')),
      });
    },
  };
}

type Authenticated = Pick<Context, 'principal' | 'em' | 'meta' | 'refusals'>;

/**
 * Resolves the credentials before the document is parsed or validated, so that bad credentials refuse the whole
 * request (HTTP 401) whatever the document, and validation can tell anonymous callers apart. Then counts the
 * request against its rate limit (per token, per session, or per address without credentials). On the answer:
 * the RateLimit-* headers, the token's end (Salure-Token-Expires), and the request's refusals in the audit log.
 */
function authentication(
  orm: MikroORM,
  {
    clock,
    policy,
    rateLimits,
    resolveAddress,
    cache,
  }: Pick<Context, 'clock' | 'policy' | 'rateLimits'> & {
    resolveAddress: AddressResolver;
    cache?: CredentialCache;
  },
): Plugin {
  const states = new WeakMap<Request, { rateLimit: RateLimitState; principal: Principal | null }>();
  return {
    async onParams({ request, context }) {
      const socket = (context as { req?: { socket?: { remoteAddress?: string } } }).req?.socket;
      // Bounded here, once: both are the caller's text and reach audit rows, token and session rows, and logs.
      const userAgent = request.headers.get('user-agent');
      const meta: RequestMeta = {
        address: bounded(
          resolveAddress(socket?.remoteAddress ?? 'unknown', request.headers.get('x-forwarded-for')),
          MAX_ADDRESS_LENGTH,
        ),
        userAgent: userAgent === null ? null : bounded(userAgent, MAX_USER_AGENT_LENGTH),
      };
      // The request's entity manager, forked when first used (a warm viewer query never needs one).
      let forked: EntityManager | undefined;
      const em = () => {
        forked ??= orm.em.fork();
        return forked;
      };
      let principal: Principal | null;
      try {
        principal = await authenticate(request.headers.get('authorization'), em, { clock, policy, meta, cache });
      } catch (refusal) {
        // Refused credentials count against the address, so guessing is rate limited too.
        await rateLimits.consumeRequest(null, meta.address);
        throw refusal;
      }
      states.set(request, { principal, rateLimit: await rateLimits.consumeRequest(principal, meta.address) });
      const authenticated: Omit<Authenticated, 'em'> = { principal, meta, refusals: [] };
      Object.assign(context, authenticated);
      Object.defineProperty(context, 'em', { get: em, enumerable: true });
    },
    async onExecutionResult({ context }) {
      const { principal, meta, refusals } = context as unknown as Authenticated;
      if (!principal || refusals.length === 0) return;
      const { em } = context as unknown as Authenticated;
      const credential = principal.apiTokenId ?? principal.sessionId;
      // One row per field and missing right (whatever the aliases), all of the request's in one statement.
      await recordAudit(
        em,
        meta,
        clock(),
        refusals.map(({ coordinate, lacking, reason }) => ({
          action: 'ACCESS_DENIED',
          actorUserId: principal.user.id,
          tokenId: principal.apiTokenId ?? null,
          sessionId: principal.sessionId ?? null,
          detail: `${coordinate}: ${reason}`,
          dedupe: `denied:${credential}:${coordinate}:${lacking}`,
        })),
      );
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      if (!state) return;
      const { rateLimit, principal } = state;
      for (const [name, value] of Object.entries(rateLimitHeaders(rateLimit))) response.headers.set(name, value);
      // Scripts can warn before their token stops working.
      if (principal?.apiTokenEndsAt)
        response.headers.set('Salure-Token-Expires', principal.apiTokenEndsAt.toISOString());
    },
  };
}

/**
 * A mutation's answer waits until every gateway process on the database has dropped the cached credentials it
 * changed (revoked, rotated, ended, ...), so that the next request anywhere sees the change.
 */
function settleCredentialChangesOfMutations(orm: MikroORM, logger: Logger): Plugin {
  const mutations = new WeakSet<Request>();
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      mutations.add((args.contextValue as { request: Request }).request);
    },
    async onExecutionResult({ request }) {
      if (!mutations.has(request)) return;
      const late = await settleCredentialChanges(orm.em);
      if (late.length > 0)
        logger.warn({ processes: late }, 'gateway processes did not confirm a credential change in time');
    },
  };
}

/**
 * yoga's own log lines, through ours. yoga logs the original of every error it masks; maskError below has logged
 * it already (with its requestId, through the safe error serializer), so those are left out here.
 */
function yogaLogging(logger: Logger) {
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

/** The kind of credentials, for the log: a known scheme name only, never a part of the value. */
function credentialKind(header: string | null): string {
  if (header === null) return 'none';
  const scheme = header.trimStart().split(' ', 1)[0]?.toLowerCase();
  return scheme === 'saluretoken' ? 'api-token' : scheme === 'bearer' ? 'session' : 'unrecognised';
}

/** The yoga instance: GraphQL on /graphql (GraphiQL on a browser GET), liveness on /health. */
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
}: GatewayOptions) {
  const outages = databaseOutages(logger);
  orm.em.getConnection().getKnex().on('query-response', outages.answered);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    // `bodyLimit` below enforces the (much lower) limit; yoga's own pipes every body through a TransformStream
    // whose AbortController throws a DOMException at each request's end (viewer query: 1542 -> 5042 req/s).
    maxRequestBodySize: false,
    // GraphiQL is built from the graphiql package and served by webPages, not loaded from a CDN by yoga.
    graphiql: false,
    cors: corsPolicy(corsOrigins),
    logging: yogaLogging(logger),
    maskedErrors: {
      // Expected errors are GraphQLErrors with a code; anything else is logged in full and masked for the caller.
      maskError(error) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
        if (isDatabaseUnavailable(original)) {
          outages.refused(original);
          return databaseUnavailable();
        }
        const requestId = randomUUID();
        logger.error({ err: original, requestId }, 'unexpected error');
        const path = error instanceof GraphQLError ? error.path : undefined;
        return new GraphQLError('Internal server error.', {
          nodes: error instanceof GraphQLError ? error.nodes : undefined,
          path,
          // A failed field is a partial result (HTTP 200); a request that failed as a whole is a 500.
          extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, ...(path ? {} : { http: { status: 500 } }) },
        });
      },
    },
    // Batched requests (an array of operations in one body) are off, yoga's default; GET runs queries only.
    batching: false,
    plugins: [
      // Compiles each document (once, kept as long as yoga's parse cache keeps it) into a JavaScript function.
      useGraphQlJit(
        {},
        { onError: (error) => logger.warn({ err: error }, 'graphql-jit could not compile a document') },
      ),
      accessLog(logger),
      ...(corsOrigins.length > 0 ? [varyByOrigin()] : []),
      webPages(),
      authentication(orm, {
        clock,
        policy,
        rateLimits,
        resolveAddress: addressResolver(trustProxy),
        cache: credentialCache,
      }),
      settleCredentialChangesOfMutations(orm, logger),
      bodyLimit(limits.maxBodyBytes),
      ...persistedOperations(persisted.mode, persisted.documents, { maxCharacters: limits.maxCharacters }),
      refuseMissingOperationTypes(),
      ...queryLimitPlugins(limits),
      shapeErrorAnswers(),
      // Not ready while the database does not answer; /health stays up (the process lives).
      useReadinessCheck({ endpoint: '/ready', check: () => isDatabaseReady(orm) }),
    ],
    context: () => {
      // The authentication plugin has put the principal, the request's entity manager (a getter that forks it
      // when first read: left where it is, not copied) and its origin there.
      const extension: Omit<Context, keyof Authenticated> = {
        reads: orm.em,
        loaders: createLoaders(orm.em),
        clock,
        sessionTtlMs,
        rateLimits,
        policy,
      };
      // Yoga merges the extension into the initial context, where the rest of Context already is.
      return extension as Context;
    },
  });
}
