import { GraphQLError } from 'graphql';
import type { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { Principal } from './auth/principal.js';

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
export function rateLimited(retryAfterSeconds: number, what: string, state?: RateLimitState): GraphQLError {
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

/**
 * The gateway's rate limits (rate-limiter-flexible): in memory, or in Redis so that several gateway processes
 * share one budget. With Redis, an in-memory limiter stands in while Redis is unreachable, so an outage of Redis
 * never stops the gateway.
 */
export function createRateLimits(config: RateLimitConfig, redis?: Redis, keyPrefix = 'salure') {
  const limiter = (name: string, options: IRateLimiterOptions): RateLimiterAbstract =>
    redis
      ? new RateLimiterRedis({
          ...options,
          storeClient: redis,
          keyPrefix: `${keyPrefix}:${name}`,
          rejectIfRedisNotReady: true,
          insuranceLimiter: new RateLimiterMemory({ ...options, keyPrefix: `${keyPrefix}:${name}` }),
        })
      : new RateLimiterMemory({ ...options, keyPrefix: `${keyPrefix}:${name}` });

  const authenticated = limiter('requests', { points: config.perMinute, duration: 60 });
  const anonymous = limiter('anonymous', { points: config.anonymousPerMinute, duration: 60 });
  const loginWindow = { duration: config.loginWindowSeconds, blockDuration: config.loginWindowSeconds };
  const failedLoginsByEmail = limiter('login-email', { points: config.loginFailuresPerEmail, ...loginWindow });
  const failedLoginsByAddress = limiter('login-address', { points: config.loginFailuresPerAddress, ...loginWindow });

  const leakReports = limiter('leak-reports', { points: config.leakReportsPerMinute, duration: 60 });

  const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  return {
    /** Counts one request; throws RATE_LIMITED (HTTP 429) over the limit. */
    async consumeRequest(principal: Principal | null, address: string): Promise<RateLimitState> {
      const [bucket, key, limit] = principal
        ? [
            authenticated,
            principal.apiTokenId ? `token:${principal.apiTokenId}` : `session:${principal.sessionId}`,
            config.perMinute,
          ]
        : [anonymous, `address:${address}`, config.anonymousPerMinute];
      try {
        const res = await bucket.consume(key);
        return { limit, remaining: res.remainingPoints, resetSeconds: retryAfter(res), windowSeconds: 60 };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const reset = retryAfter(rejection);
        throw rateLimited(reset, 'requests', { limit, remaining: 0, resetSeconds: reset, windowSeconds: 60 });
      }
    },

    /** Counts a report of leaked secrets; throws RATE_LIMITED over the limit. */
    async consumeLeakReport(address: string): Promise<void> {
      await leakReports.consume(address).catch((rejection) => {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
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
      const taken = await Promise.allSettled(budgets.map(([limiter, key]) => limiter.consume(key)));
      const refused = taken.find((result) => result.status === 'rejected');
      if (refused) {
        await Promise.all(
          budgets.map(([limiter, key], index) =>
            taken[index]?.status === 'fulfilled' ? limiter.reward(key).catch(() => undefined) : undefined,
          ),
        );
        const rejection: unknown = refused.reason;
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw rateLimited(retryAfter(rejection), 'failed logins');
      }
      return {
        async succeeded() {
          await Promise.all([failedLoginsByEmail.delete(email), failedLoginsByAddress.reward(address)]);
        },
      };
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
