import type { MikroORM } from '@mikro-orm/postgresql';
import type { Plugin } from 'graphql-yoga';
import type { Clock } from '../auth/principal.js';
import { auditActorOf } from '../auth/principal.js';
import type { Metrics } from '../core/metrics.js';
import { recordAudit } from '../database/audit.js';
import type { Context } from '../graphql/builder.js';

/**
 * Writes the request's FORBIDDEN refusals (collected by the scope guard in context.refusals) to the audit log when
 * it ends: one row per field and missing right, whatever the aliases, all of them in one statement. Counts them in
 * the metrics by what they lacked (a page, a client, a user's session).
 */
export function useRefusalAudit({
  orm,
  clock,
  metrics,
}: {
  orm: MikroORM;
  clock: Clock;
  metrics: Metrics | undefined;
}): Plugin<object, Pick<Context, 'principal' | 'meta' | 'refusals'>> {
  return {
    // Not async: most results have no refusals, and a hook that returns no promise keeps yoga's path synchronous.
    onExecutionResult({ context }) {
      const { principal, meta, refusals } = context;
      if (!principal || refusals.length === 0) return;
      for (const { lacking } of refusals) {
        metrics?.refusedFields.inc({ page: lacking.startsWith('page:') ? lacking.slice(5) : `(${lacking})` });
      }
      const credential = principal.apiTokenId ?? principal.sessionId;
      return recordAudit(
        orm.em,
        meta,
        clock(),
        refusals.map(({ coordinate, lacking, reason }) => ({
          action: 'ACCESS_DENIED',
          ...auditActorOf(principal),
          tokenId: principal.apiTokenId ?? null,
          sessionId: principal.sessionId ?? null,
          detail: `${coordinate}: ${reason}`,
          dedupe: `denied:${credential}:${coordinate}:${lacking}`,
        })),
      );
    },
  };
}
