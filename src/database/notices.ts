import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Notice } from './governance-entities.js';
import { uuidArray } from './rows.js';

// Notices (docs/organisation.md): written once per subject (a unique key, whichever gateway writes it first) in the
// transaction of the change they tell of, and sent by whichever gateway claims them: a claim is a lease, taken with
// `for update skip locked`, so two gateways never hold the same notice at once, and a gateway that stops while
// sending leaves it to another once the lease has passed.

export type NewNotice = {
  kind: Notice['kind'];
  dedupeKey: string;
  tokenId: string;
  /** The person it is for, or for a service token its client (the client's administrators). */
  userId: string | null;
  clientId: string | null;
  subject: string;
  body: string;
};

/** Writes notices that are not written yet (in the caller's transaction, if any); answers how many are new. */
export async function addNotices(em: EntityManager, notices: readonly NewNotice[], now: Date): Promise<number> {
  if (notices.length === 0) return 0;
  const rows = notices.flatMap((notice) => [
    randomUUID(),
    notice.kind,
    notice.dedupeKey,
    notice.tokenId,
    notice.userId,
    notice.clientId,
    notice.subject,
    notice.body,
    now,
  ]);
  const added = await em.getConnection().execute<{ id: string }[]>(
    `insert into notice (id, kind, dedupe_key, token_id, user_id, client_id, subject, body, created_at)
     values ${notices.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
     on conflict (dedupe_key) do nothing returning id`,
    rows,
    'all',
    em.getTransactionContext(),
  );
  return added.length;
}

/** A notice claimed for sending, with the addresses it goes to. */
export type ClaimedNotice = { id: string; subject: string; body: string; recipients: string[] };

/**
 * Claims up to `limit` unsent notices until `until` (none that another gateway holds), with their recipients now:
 * the active owner, or the active administrators of a service token's client.
 */
export async function claimNotices(em: EntityManager, now: Date, until: Date, limit: number): Promise<ClaimedNotice[]> {
  return em
    .getConnection()
    .execute<ClaimedNotice[]>(
      `with claimed as (
       update notice set claimed_until = ?, attempts = attempts + 1
       where id in (select id from notice where sent_at is null and (claimed_until is null or claimed_until <= ?)
                    order by created_at, id limit ? for update skip locked)
       returning id, user_id, client_id, subject, body)
     select c.id, c.subject, c.body,
       coalesce((select array_agg(u.email order by u.email) from app_user u where u.is_active and
         (u.id = c.user_id or (c.user_id is null and u.admin_client_ids @> array[c.client_id]))), '{}') as recipients
     from claimed c`,
      [until, now, limit],
    )
    .then((rows) =>
      rows.map((row) => ({
        ...row,
        recipients: Array.isArray(row.recipients)
          ? row.recipients
          : em.getPlatform().unmarshallArray(String(row.recipients)),
      })),
    );
}

export async function markSent(em: EntityManager, id: string, now: Date): Promise<void> {
  await em
    .getConnection()
    .execute('update notice set sent_at = ?, claimed_until = null, last_error = null where id = ?', [now, id]);
}

/** A failed attempt: the lease stays, so the next try waits for it (a backoff of one lease). */
export async function markFailed(em: EntityManager, id: string, error: string): Promise<void> {
  await em.getConnection().execute('update notice set last_error = ? where id = ?', [error.slice(0, 500), id]);
}

/** A notice as the API reads it. */
export type NoticeRow = {
  id: string;
  kind: Notice['kind'];
  token_id: string | null;
  user_id: string | null;
  client_id: string | null;
  subject: string;
  body: string;
  created_at: Date | string;
  sent_at: Date | string | null;
};

const MINE = '(user_id = ? or (user_id is null and client_id = any(?::uuid[])))';

/** How many notices a person has (theirs and their administered clients'). */
export async function countNotices(em: EntityManager, who: { userId: string; adminClientIds: readonly string[] }) {
  const [row] = await em
    .getConnection()
    .execute<{ count: number }[]>(`select count(*)::int as count from notice where ${MINE}`, [
      who.userId,
      uuidArray(who.adminClientIds),
    ]);
  return row?.count ?? 0;
}

/** A person's notices and those of the clients they administer, newest first, after a position. */
export async function readNotices(
  em: EntityManager,
  who: { userId: string; adminClientIds: readonly string[] },
  after: { value: Date | string | number | null; id: string } | undefined,
  limit: number,
) {
  return em.getConnection().execute<NoticeRow[]>(
    `select id, kind, token_id, user_id, client_id, subject, body, created_at, sent_at from notice
     where ${MINE}
       ${after ? 'and (created_at, id) < (?, ?)' : ''}
     order by created_at desc, id desc limit ?`,
    [who.userId, uuidArray(who.adminClientIds), ...(after ? [after.value, after.id] : []), limit],
  );
}
