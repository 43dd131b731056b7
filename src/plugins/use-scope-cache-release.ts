import { RequestCache } from '@pothos/plugin-scope-auth';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * Drops scope-auth's per-request cache when the operation is done. Pothos keeps it in a WeakMap keyed by the
 * context, and the cache holds the context. V8's young-generation collector keeps a WeakMap's values alive, so
 * through that entry each request's whole graph (request, context, rows, loaders) survived every scavenge until a
 * full collection: under load about 5 MB of every scavenge was copied, promoted and only then freed
 * (docs/performance.md, "Garbage collection").
 */
export function useScopeCacheRelease(): Plugin {
  return {
    onExecute({ args }) {
      const release = () => RequestCache.clearForContext(args.contextValue);
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result)) return { onEnd: release };
          release();
        },
      };
    },
  };
}
