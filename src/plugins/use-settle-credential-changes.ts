import type { MikroORM } from '@mikro-orm/postgresql';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../core/logger.js';
import { settleCredentialChanges } from '../database/notifications.js';

/**
 * A mutation's answer waits until every gateway process on the database has dropped the cached credentials it
 * changed (revoked, rotated, ended, ...), so that the next request anywhere sees the change.
 */
export function useSettleCredentialChanges({
  orm,
  logger,
}: {
  orm: MikroORM;
  logger: Logger;
}): Plugin<{ request: Request }> {
  const mutations = new WeakSet<Request>();
  return {
    onExecute({ args }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      mutations.add(args.contextValue.request);
    },
    // Not async: a query has nothing to wait for, and a hook that returns no promise keeps yoga's path synchronous.
    onExecutionResult({ request }) {
      if (!mutations.has(request)) return;
      return settleCredentialChanges(orm.em).then((late) => {
        if (late.length > 0) {
          logger.warn({ processes: late }, 'gateway processes did not confirm a credential change in time');
        }
      });
    },
  };
}
