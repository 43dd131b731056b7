import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Plugin } from 'graphql-yoga';
import { addressResolver } from '../auth/addresses.js';
import type { CredentialCache } from '../auth/credential-cache.js';
import { authenticate, credentialKindOf } from '../auth/credentials.js';
import type { Clock, Principal } from '../auth/principal.js';
import { type RateLimitState, type RateLimits, rateLimitHeaders } from '../auth/rate-limits.js';
import type { TokenPolicy } from '../auth/token-policy.js';
import { type RequestMeta, requestMeta } from '../core/caller-input.js';
import { credentialRefusalOf } from '../core/errors.js';
import type { Metrics } from '../core/metrics.js';

/** What the authentication step learnt of a request, for its context (see server.ts). */
export type Authentication = {
  /** Null when the request carries no credentials. */
  principal: Principal | null;
  meta: RequestMeta;
  rateLimit: RateLimitState;
  /** The request's own entity manager, forked when first asked for (a warm viewer query never needs one). */
  em(): EntityManager;
};

/** What node's HTTP server passes along with a request: the socket it came on. */
type ServerContext = { req?: { socket?: { remoteAddress?: string } } };

type Options = {
  orm: MikroORM;
  clock: Clock;
  policy: TokenPolicy;
  rateLimits: RateLimits;
  /** TRUST_PROXY: proxies whose X-Forwarded-For is believed. */
  trustProxy: string | undefined;
  cache: CredentialCache | undefined;
  metrics: Metrics | undefined;
};

/**
 * Resolves the credentials before the document is parsed or validated, so that bad credentials refuse the whole
 * request (HTTP 401) whatever the document, and validation can tell anonymous callers apart. Then counts the
 * request against its rate limit (per token, per session, or per address without credentials). On the answer:
 * the RateLimit-* headers and the token's end (Salure-Token-Expires). `authenticationOf` gives the context what
 * it learnt.
 */
export function useAuthentication({ orm, clock, policy, rateLimits, trustProxy, cache, metrics }: Options) {
  const resolveAddress = addressResolver(trustProxy);
  // Both are emptied when the answer is made: V8's young-generation collector keeps a WeakMap's values alive
  // whatever their key, so each request's principal and entity manager would outlive it until a full collection.
  const authentications = new WeakMap<Request, Authentication>();
  /** Who made each authenticated request, also when its rate limit then refused it. */
  const principals = new WeakMap<Request, Principal | null>();
  /**
   * Authenticates a request and counts it against its rate limit; throws the refusal (401, 403, 429, 503). The
   * REST API calls it for the calls it answers itself (no route, no credentials, a bad parameter), so that they
   * are rate limited and counted like any other.
   */
  async function admit(request: Request, serverContext: ServerContext): Promise<Authentication> {
    const meta = requestMeta(
      resolveAddress(serverContext.req?.socket?.remoteAddress ?? 'unknown', request.headers.get('x-forwarded-for')),
      request.headers.get('user-agent'),
    );
    const em = lazyFork(orm);
    const header = request.headers.get('authorization');
    let principal: Principal | null;
    try {
      principal = await authenticate(header, em, { clock, policy, meta, cache });
    } catch (refusal) {
      const reason = credentialRefusalOf(refusal);
      // Not a refusal of the credentials when the database could not be asked (503).
      if (reason) metrics?.credentials(credentialKindOf(header).replace('-', '_'), 'refused', reason).inc();
      // Refused credentials count against the address, so guessing is rate limited too.
      await rateLimits.consumeRequest(null, meta.address);
      throw refusal;
    }
    if (principal) {
      const kind = principal.kind === 'API_TOKEN' ? 'api_token' : 'session';
      metrics?.credentials(kind, 'accepted', 'none').inc();
    }
    principals.set(request, principal);
    const rateLimit = await rateLimits.consumeRequest(principal, meta.address);
    const authentication = { principal, meta, rateLimit, em };
    authentications.set(request, authentication);
    return authentication;
  }
  const plugin: Plugin<object, ServerContext> = {
    async onParams({ request, context }) {
      await admit(request, context);
    },
    onResponse({ request, response }) {
      const authentication = authentications.get(request);
      // The request's last hook here (server.ts lists the plugins that ask principalOf on the answer before it).
      authentications.delete(request);
      principals.delete(request);
      if (!authentication) return;
      const { rateLimit, principal } = authentication;
      for (const [name, value] of Object.entries(rateLimitHeaders(rateLimit))) response.headers.set(name, value);
      // Scripts can warn before their token stops working.
      if (principal?.apiTokenEndsAt) {
        response.headers.set('Salure-Token-Expires', principal.apiTokenEndsAt.toISOString());
      }
    },
  };
  return {
    plugin,
    admit,
    /** Who made this request, once its credentials were accepted (undefined before, or when refused). */
    principalOf(request: Request): Principal | null | undefined {
      return principals.get(request);
    },
    /** What the plugin learnt of this request; it has run (onParams) before any context is built. */
    authenticationOf(request: Request): Authentication {
      const authentication = authentications.get(request);
      if (!authentication) throw new Error('A context was built for a request that was not authenticated.');
      return authentication;
    },
  };
}

/**
 * The request's entity manager, forked when first asked for. Returned unnamed: tsx keeps the names of functions
 * bound to a name with a defineProperty per closure, which cost 3 µs per request here (a viewer query's profile).
 */
function lazyFork(orm: MikroORM): () => EntityManager {
  let forked: EntityManager | undefined;
  return () => (forked ??= orm.em.fork());
}
