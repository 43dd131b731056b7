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
    async onExecutionResult({ request }) {
      if (!mutations.has(request)) return;
      const late = await settleCredentialChanges(orm.em);
      if (late.length > 0) {
        logger.warn({ processes: late }, 'gateway processes did not confirm a credential change in time');
      }
    },
  };
}
