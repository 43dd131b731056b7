import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestMeta } from '../core/caller-input.js';
import { bounded, MAX_DETAIL_LENGTH } from '../core/caller-input.js';
import type { AuditAction } from './entities.js';

type AuditInput = {
  action: AuditAction;
  actorUserId?: string | null;
  tokenId?: string | null;
  sessionId?: string | null;
  detail?: string | null;
  /** The administrator who acted on the user's token (docs/organisation.md). */
  byUserId?: string | null;
  /** The client an administrator acted for. */
  clientId?: string | null;
  /**
   * Events with the same key within one minute share a row whose `count` goes up, so a script that is refused in
   * a loop writes one row a minute, not one a request. Built from ids and names of the schema only, never from
   * what a caller typed, so it stays short (it is under a unique index).
   */
  dedupe?: string;
};

const COLUMNS = 13;

/** Audit events written by this process, by action (a running total for the metrics). */
export const auditEventsWritten = new Map<AuditAction, number>();

/**
 * Writes audit events (see AuditEventEntity) in one statement, so a request's events are recorded all or none.
 * Nothing in it can fail on caller input: the address and user agent are bounded where the request is read
 * (RequestMeta), the detail here, and events that share a dedupe key are merged before the insert (a statement
 * may not update one row twice).
 */
export async function recordAudit(
  em: EntityManager,
  /** Where the request came from; null for an operator's action (the CLI). */
  meta: RequestMeta | null,
  now: Date,
  events: AuditInput | readonly AuditInput[],
): Promise<void> {
  const minute = Math.floor(now.getTime() / 60_000);
  const byKey = new Map<string, AuditInput>();
  for (const event of Array.isArray(events) ? events : [events]) {
    byKey.set(event.dedupe ? `${event.dedupe}:${minute}` : randomUUID(), event);
  }
  if (byKey.size === 0) return;
  const values = [...byKey].flatMap(([key, event]) => [
    randomUUID(),
    now,
    event.action,
    event.actorUserId ?? null,
    event.tokenId ?? null,
    event.sessionId ?? null,
    meta?.address ?? null,
    meta?.userAgent ?? null,
    event.detail ? bounded(event.detail, MAX_DETAIL_LENGTH) : null,
    1,
    event.dedupe ? key : null,
    event.byUserId ?? null,
    event.clientId ?? null,
  ]);
  const row = `(${Array(COLUMNS).fill('?').join(', ')})`;
  await em.getConnection().execute(
    `insert into audit_event (id, at, action, actor_user_id, token_id, session_id, ip, user_agent, detail, count, dedupe_key, by_user_id, client_id)
     values ${Array(byKey.size).fill(row).join(', ')}
     on conflict (dedupe_key) do update set count = audit_event.count + 1, at = excluded.at`,
    values,
    'run',
    // Inside the caller's transaction when there is one: a change and its event commit together.
    em.getTransactionContext(),
  );
  for (const event of byKey.values()) {
    auditEventsWritten.set(event.action, (auditEventsWritten.get(event.action) ?? 0) + 1);
  }
}
