import { RequestCache } from '@pothos/plugin-scope-auth';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * Drops scope-auth's per-request cache when the operation is done. Pothos keeps it in a WeakMap keyed by the
 * context, and the cache holds the context. V8's young-generation collector keeps a WeakMap's values alive, so
 * through that entry each request in flight at a scavenge (its context and all the context reaches) survived every
 * scavenge until a full collection: about 1 MB of the 5 MB promoted per scavenge under load on operation 6
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
