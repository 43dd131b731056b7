import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Logger } from '../core/logger.js';
import type { Principal } from './principal.js';

export type RateLimitConfig = {
  /** Requests a minute per API token and per session. */
  perMinute: number;
  /** Requests a minute per address, for calls without credentials. */
  anonymousPerMinute: number;
  /** Failed logins per e-mail address within `loginWindowSeconds`, then blocked for that long. */
  loginFailuresPerEmail: number;
  /** Failed logins per client address within `loginWindowSeconds`. */
  loginFailuresPerAddress: number;
  loginWindowSeconds: number;
  /** revokeLeakedTokens calls a minute per address. */
  leakReportsPerMinute: number;
};

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  perMinute: 600,
  anonymousPerMinute: 120,
  loginFailuresPerEmail: 10,
  loginFailuresPerAddress: 50,
  loginWindowSeconds: 900,
  leakReportsPerMinute: 10,
};

/** What a request's answer says in its RateLimit-* headers. */
export type RateLimitState = { limit: number; remaining: number; resetSeconds: number; windowSeconds: number };

/** The RateLimit-* headers of an answer (IETF draft "RateLimit header fields for HTTP"). */
export function rateLimitHeaders(state: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Limit': String(state.limit),
    'RateLimit-Remaining': String(state.remaining),
    'RateLimit-Reset': String(state.resetSeconds),
    'RateLimit-Policy': `${state.limit};w=${state.windowSeconds}`,
  };
}

/** RATE_LIMITED: HTTP 429 with Retry-After, and the RateLimit-* headers of the budget that ran out when known. */
function rateLimited(retryAfterSeconds: number, what: string, state?: RateLimitState): GraphQLError {
  return new GraphQLError(`Too many ${what}; retry in ${retryAfterSeconds} s.`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfter: retryAfterSeconds,
      http: {
        status: 429,
        headers: { 'Retry-After': String(retryAfterSeconds), ...(state ? rateLimitHeaders(state) : {}) },
      },
    },
  });
}

/** No Redis command waits longer than this: a stalled Redis (paused, partitioned) costs a request at most this. */
const REDIS_COMMAND_TIMEOUT_MS = 250;
/** How often Redis is pinged while it answers, and while it does not. */
const REDIS_PING_INTERVAL_MS = 1_000;

/** A Redis client as the rate limits need it: no queue while disconnected, every command bounded. */
export async function connectRedis(url: string): Promise<Redis> {
  // ioredis is loaded only with REDIS_URL (unused, its modules would sit in the heap).
  const { Redis: IORedis } = await import('ioredis');
  const client = new IORedis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  });
  // Failures are seen (and logged once per outage) by the health watch below, not per error.
  client.on('error', () => undefined);
  return client;
}

/**
 * Whether Redis answers, by a bounded ping every second. While it does not (down, or stalled: a paused or
 * partitioned server keeps its connection open and never answers), the limiters count in process memory without
 * waiting on it; the outage is logged when it starts and when it ends, with how many requests were counted in
 * memory meanwhile.
 */
function watchRedis(redis: Redis, logger: Logger | undefined) {
  let answering = redis.status === 'ready';
  // A client still connecting at start is an outage from now: its first ready logs how long the connecting took.
  let outage = { since: Date.now(), counted: 0 };
  const update = (now: boolean) => {
    if (now === answering) return;
    answering = now;
    if (!now) {
      outage = { since: Date.now(), counted: 0 };
      logger?.warn('redis does not answer; rate limits count in process memory until it does');
    } else {
      logger?.info({ ms: Date.now() - outage.since, countedInMemory: outage.counted }, 'redis answers again');
    }
  };
  const ping = () =>
    redis.ping().then(
      () => update(true),
      () => update(false),
    );
  const timer = setInterval(ping, REDIS_PING_INTERVAL_MS);
  timer.unref();
  redis.on('ready', ping);
  redis.on('close', () => update(false));
  return {
    answering: () => answering,
    /** True while Redis answers; false counts one request in memory. */
    use(): boolean {
      if (!answering) outage.counted++;
      return answering;
    },
  };
}

/**
 * The gateway's rate limits (rate-limiter-flexible): in memory, or in Redis so that several gateway processes
 * share one budget. With Redis, each budget has an in-memory twin that counts while Redis does not answer (and
 * stands in for a command that times out), so an outage or a stall of Redis never stops or slows the gateway.
 */
export function createRateLimits(
  config: RateLimitConfig,
  redis?: Redis,
  { keyPrefix = 'salure', logger }: { keyPrefix?: string; logger?: Logger } = {},
) {
  const health = redis ? watchRedis(redis, logger) : undefined;
  const limiter = (name: string, options: IRateLimiterOptions): (() => RateLimiterAbstract) => {
    const memory = new RateLimiterMemory({ ...options, keyPrefix: `${keyPrefix}:${name}` });
    if (!redis || !health) return () => memory;
    const shared = new RateLimiterRedis({
      ...options,
      storeClient: redis,
      keyPrefix: `${keyPrefix}:${name}`,
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
    return () => (health.use() ? shared : memory);
  };

  const authenticated = limiter('requests', { points: config.perMinute, duration: 60 });
  const anonymous = limiter('anonymous', { points: config.anonymousPerMinute, duration: 60 });
  const loginWindow = { duration: config.loginWindowSeconds, blockDuration: config.loginWindowSeconds };
  const failedLoginsByEmail = limiter('login-email', { points: config.loginFailuresPerEmail, ...loginWindow });
  const failedLoginsByAddress = limiter('login-address', { points: config.loginFailuresPerAddress, ...loginWindow });

  const leakReports = limiter('leak-reports', { points: config.leakReportsPerMinute, duration: 60 });

  const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));
  /** Requests refused by each budget, for the metrics. */
  const refusals = { token: 0, session: 0, anonymous: 0, login: 0, leak_report: 0 };

  return {
    refused: refusals as Readonly<typeof refusals>,
    /** Whether Redis answers now; undefined without Redis. */
    redisAnswering: (): boolean | undefined => health?.answering(),

    /** Counts one request; throws RATE_LIMITED (HTTP 429) over the limit. */
    async consumeRequest(principal: Principal | null, address: string): Promise<RateLimitState> {
      const [budget, key, limit] = principal
        ? [
            authenticated,
            principal.apiTokenId ? `token:${principal.apiTokenId}` : `session:${principal.sessionId}`,
            config.perMinute,
          ]
        : [anonymous, `address:${address}`, config.anonymousPerMinute];
      try {
        const res = await budget().consume(key);
        return { limit, remaining: res.remainingPoints, resetSeconds: retryAfter(res), windowSeconds: 60 };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        refusals[principal ? (principal.apiTokenId ? 'token' : 'session') : 'anonymous']++;
        const reset = retryAfter(rejection);
        throw rateLimited(reset, 'requests', { limit, remaining: 0, resetSeconds: reset, windowSeconds: 60 });
      }
    },

    /** Counts a report of leaked secrets; throws RATE_LIMITED over the limit. */
    async consumeLeakReport(address: string): Promise<void> {
      await leakReports()
        .consume(address)
        .catch((rejection) => {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          refusals.leak_report++;
          throw rateLimited(retryAfter(rejection), 'leaked-secret reports');
        });
    },

    /**
     * Takes a login attempt from the failed-login budgets of the e-mail and of the address before the password is
     * checked, so concurrent attempts cannot overrun them: at most the limit of passwords is checked per window.
     * RATE_LIMITED when either budget is spent (what was taken from the other is given back). The attempt is
     * counted as a failure unless `succeeded` is called: that clears the e-mail's failures and gives the address
     * its attempt back.
     */
    async startLogin(email: string, address: string): Promise<{ succeeded(): Promise<void> }> {
      const budgets = [
        [failedLoginsByEmail, email],
        [failedLoginsByAddress, address],
      ] as const;
      const taken = await Promise.allSettled(budgets.map(([budget, key]) => budget().consume(key)));
      const refused = taken.find((result) => result.status === 'rejected');
      if (refused) {
        await Promise.all(
          budgets.map(([budget, key], index) =>
            taken[index]?.status === 'fulfilled'
              ? budget()
                  .reward(key)
                  .catch(() => undefined)
              : undefined,
          ),
        );
        const rejection: unknown = refused.reason;
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        refusals.login++;
        throw rateLimited(retryAfter(rejection), 'failed logins');
      }
      return {
        async succeeded() {
          await Promise.all([failedLoginsByEmail().delete(email), failedLoginsByAddress().reward(address)]);
        },
      };
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
