import type { Plugin } from 'graphql-yoga';
import type { Clock, Principal } from '../auth/principal.js';
import type { TokenUsage } from '../auth/token-usage.js';
import type { Context } from '../graphql/builder.js';

/**
 * Counts each request made with an API token for its usage (auth/token-usage.ts): refused when it was answered with
 * an HTTP error (a rate limit, an address refused, a REST call's 400 or 404) or any field was refused. A REST call
 * is counted once, with the status REST answered, whether its document ran or the REST API refused it first.
 */
export function useTokenUsage({
  usage,
  principalOf,
  clock,
}: {
  usage: TokenUsage;
  /** Who made a request (use-authentication.ts). */
  principalOf: (request: Request) => Principal | null | undefined;
  clock: Clock;
}): Plugin<object, Partial<Pick<Context, 'refusals'>>> {
  const withRefusals = new WeakSet<Request>();
  return {
    onExecutionResult({ context }) {
      // Also called for a document refused before execution, whose context was never built (no refusals).
      if ((context.refusals?.length ?? 0) > 0) withRefusals.add(context.request);
    },
    onResponse({ request, response }) {
      const refused = withRefusals.delete(request);
      const tokenId = principalOf(request)?.apiTokenId;
      if (!tokenId) return;
      usage.count(tokenId, response.status >= 400 || refused, clock());
    },
  };
}
