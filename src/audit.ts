import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestMeta } from './auth/principal.js';
import type { AuditAction } from './database/entities.js';

export type AuditInput = {
  action: AuditAction;
  actorUserId?: string | null;
  tokenId?: string | null;
  sessionId?: string | null;
  detail?: string | null;
  /**
   * Events with the same key within one minute share a row whose `count` goes up, so a script that is refused in
   * a loop writes one row a minute, not one a request.
   */
  dedupe?: string;
};

const MAX_USER_AGENT = 300;

/** Writes an audit event (see AuditEventEntity), in the request's own entity manager. */
export async function recordAudit(em: EntityManager, meta: RequestMeta, now: Date, event: AuditInput): Promise<void> {
  const dedupeKey = event.dedupe ? `${event.dedupe}:${Math.floor(now.getTime() / 60_000)}` : null;
  await em.getConnection().execute(
    `insert into audit_event (id, at, action, actor_user_id, token_id, session_id, ip, user_agent, detail, count, dedupe_key)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
     on conflict (dedupe_key) do update set count = audit_event.count + 1, at = excluded.at`,
    [
      randomUUID(),
      now,
      event.action,
      event.actorUserId ?? null,
      event.tokenId ?? null,
      event.sessionId ?? null,
      meta.address,
      meta.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
      event.detail ?? null,
      dedupeKey,
    ],
  );
}
