import type { EntityManager } from '@mikro-orm/postgresql';
import { readRows } from './prepared.js';
import type { WebhookEventType } from './webhook-entities.js';

// The webhook outbox's statements (docs/changes.md): fan events out to the endpoints that want them, claim due
// deliveries with a lease (`for update skip locked`: several gateways share the work, none sends one twice at
// once), and record what each attempt got.

/** A delivery claimed for one attempt, with what sending it needs. */
export type ClaimedDelivery = {
  id: string;
  attempts: number;
  endpointId: string;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousUntil: Date | null;
  userId: string | null;
  tokenId: string | null;
  eventType: WebhookEventType;
  clientId: string | null;
  runId: string | null;
  noticeId: string | null;
  occurredAt: Date;
};

/**
 * Fans up to `batch` new events out to the enabled endpoints whose events and filters match; one statement. A run
 * event goes to owners who may read its client at all; a token event (a notice) to the notice's recipient: the
 * person's own endpoints, a client's administrators' for a service token or a waiting request, and the token's
 * own. The delivery checks everything again as it is sent.
 */
export async function fanOutEvents(em: EntityManager, now: Date, batch: number): Promise<number> {
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `with picked as (
       select id, type, client_id, interface_id, notice_id from webhook_event where dispatched_at is null
       order by occurred_at limit ? for update skip locked),
     runs as (
       insert into webhook_delivery (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), e.id, p.id, 'PENDING', 0, ?, ? from picked p join webhook_endpoint e
         on e.disabled_at is null and p.type = any(e.events)
        and (e.client_ids is null or p.client_id = any(e.client_ids))
        and (e.interface_ids is null or p.interface_id = any(e.interface_ids))
       left join api_token t on t.id = e.token_id
       left join app_user u on u.id = coalesce(e.user_id, t.user_id)
       where p.notice_id is null and t.revoked_at is null
         and p.client_id = any(coalesce(t.client_ids, u.client_ids, array[t.owner_client_id]))
       on conflict do nothing returning 1),
     tokens as (
       insert into webhook_delivery (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
       select gen_random_uuid(), e.id, p.id, 'PENDING', 0, ?, ? from picked p join notice n on n.id = p.notice_id
       join webhook_endpoint e on e.disabled_at is null and p.type = any(e.events)
        and (e.client_ids is null or n.client_id is null or n.client_id = any(e.client_ids))
       left join api_token t on t.id = e.token_id
       left join app_user u on u.id = e.user_id
       where (t.id = n.token_id and t.revoked_at is null)
          or u.id = n.user_id or (n.user_id is null and u.admin_client_ids @> array[n.client_id])
       on conflict do nothing returning 1)
     update webhook_event set dispatched_at = ? where id in (select id from picked) returning id`,
    [batch, now, now, now, now, now],
  );
  return rows.length;
}

/** Claims up to `batch` due deliveries until `leaseUntil`, counting the attempt. */
export async function claimDeliveries(
  em: EntityManager,
  now: Date,
  leaseUntil: Date,
  batch: number,
): Promise<ClaimedDelivery[]> {
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `with due as (
       update webhook_delivery d set claimed_until = ?, attempts = d.attempts + 1
       from (select id from webhook_delivery where status = 'PENDING' and next_attempt_at <= ?
               and (claimed_until is null or claimed_until < ?)
             order by next_attempt_at limit ? for update skip locked) picked
       where d.id = picked.id returning d.id, d.attempts, d.endpoint_id, d.event_id)
     select due.id, due.attempts, e.id as endpoint_id, e.url, e.secret, e.previous_secret, e.previous_until,
            e.user_id, e.token_id, v.type, v.client_id, v.run_id, v.notice_id, v.occurred_at
     from due join webhook_endpoint e on e.id = due.endpoint_id join webhook_event v on v.id = due.event_id`,
    [leaseUntil, now, now, batch],
  );
  return rows.map((row) => ({
    id: String(row.id),
    attempts: Number(row.attempts),
    endpointId: String(row.endpoint_id),
    url: String(row.url),
    secret: String(row.secret),
    previousSecret: (row.previous_secret as string | null) ?? null,
    previousUntil: row.previous_until ? new Date(String(row.previous_until)) : null,
    userId: (row.user_id as string | null) ?? null,
    tokenId: (row.token_id as string | null) ?? null,
    eventType: row.type as WebhookEventType,
    clientId: (row.client_id as string | null) ?? null,
    runId: (row.run_id as string | null) ?? null,
    noticeId: (row.notice_id as string | null) ?? null,
    occurredAt: new Date(String(row.occurred_at)),
  }));
}

/** A token event's notice with what its payload names: the token and the client. */
export type NoticeEventRow = {
  id: string;
  kind: string;
  user_id: string | null;
  client_id: string | null;
  token_id: string | null;
  subject: string;
  body: string;
  token_label: string | null;
  token_hint: string | null;
  token_owner_client_id: string | null;
  client_name: string | null;
};

export async function readNoticeEvent(em: EntityManager, noticeId: string): Promise<NoticeEventRow | undefined> {
  const [row] = await readRows<NoticeEventRow>(
    em,
    `select n.id, n.kind, n.user_id, n.client_id, n.token_id, n.subject, n.body, t.label as token_label,
            t.hint as token_hint, t.owner_client_id as token_owner_client_id, c.name as client_name
     from notice n left join api_token t on t.id = n.token_id left join client c on c.id = n.client_id
     where n.id = ?`,
    [noticeId],
  );
  return row;
}

/** What an attempt got: an answer (any status), or no answer (an error), or nothing sent (skipped). */
export type AttemptResult = {
  status: 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'PENDING';
  /** For PENDING: when to try again. */
  nextAttemptAt?: Date;
  httpStatus?: number | null;
  latencyMs?: number | null;
  response?: string | null;
  error?: string | null;
};

/**
 * Records an attempt and, for the endpoint, its run of failed deliveries: reset by a success, one more for a
 * delivery that failed for good; at `disableAfter` the endpoint is disabled. Answers whether it was.
 */
export async function recordAttempt(
  em: EntityManager,
  delivery: Pick<ClaimedDelivery, 'id' | 'endpointId'>,
  result: AttemptResult,
  now: Date,
  disableAfter: number,
): Promise<{ disabled: boolean }> {
  const done = result.status !== 'PENDING';
  return em.transactional(async (tx) => {
    // Each statement in the transaction's own connection.
    const run = <T extends Record<string, unknown>[]>(sql: string, values: unknown[]) =>
      tx.getConnection().execute<T>(sql, values, 'all', tx.getTransactionContext());
    await run(
      `update webhook_delivery set status = ?, next_attempt_at = coalesce(?, next_attempt_at), claimed_until = null,
         last_status = ?, last_latency_ms = ?, last_response = ?, last_error = ?, finished_at = ? where id = ?`,
      [
        result.status,
        result.nextAttemptAt ?? null,
        result.httpStatus ?? null,
        result.latencyMs ?? null,
        result.response ?? null,
        result.error ?? null,
        done ? now : null,
        delivery.id,
      ],
    );
    if (result.status === 'SUCCEEDED') {
      await run('update webhook_endpoint set failures = 0 where id = ?', [delivery.endpointId]);
    }
    if (result.status !== 'FAILED') return { disabled: false };
    const [endpoint] = await run<{ disabled: boolean }[]>(
      `update webhook_endpoint set failures = failures + 1,
         disabled_at = case when failures + 1 >= ? then coalesce(disabled_at, ?) else disabled_at end
       where id = ? returning (disabled_at is not null and failures = ?) as disabled`,
      [disableAfter, now, delivery.endpointId, disableAfter],
    );
    return { disabled: endpoint?.disabled === true };
  });
}

/** The notice that an endpoint was disabled, to its owner (for a service token's, the client's administrators). */
export async function noticeDisabledEndpoint(em: EntityManager, endpointId: string, now: Date): Promise<void> {
  await em.getConnection().execute(
    `insert into notice (id, kind, dedupe_key, token_id, user_id, client_id, subject, body, created_at)
     select gen_random_uuid(), 'WEBHOOK_DISABLED', 'webhook-disabled:' || e.id || ':' || ?, e.token_id,
            coalesce(e.user_id, t.user_id), t.owner_client_id, 'Webhook endpoint ' || e.url || ' was disabled',
            'Its deliveries failed ' || e.failures || ' times in a row, so nothing more is sent to it. Fix the receiver, enable the endpoint again (enableWebhookEndpoint) and redeliver what it missed (webhookDeliveries, redeliverWebhook).',
            ?
     from webhook_endpoint e left join api_token t on t.id = e.token_id where e.id = ?
     on conflict (dedupe_key) do nothing`,
    [now.toISOString(), now, endpointId],
  );
}

/** An endpoint's deliveries, newest first, after a position (created, id). */
export async function readDeliveries(
  em: EntityManager,
  endpointId: string,
  after: { value: Date; id: string } | undefined,
  limit: number,
) {
  return readRows<Record<string, unknown>>(
    em,
    `select d.*, v.type as event_type, v.run_id from webhook_delivery d join webhook_event v on v.id = d.event_id
     where d.endpoint_id = ? ${after ? 'and (d.created_at, d.id) < (?, ?)' : ''}
     order by d.created_at desc, d.id desc limit ?`,
    [endpointId, ...(after ? [after.value, after.id] : []), limit],
  );
}

export async function countDeliveries(em: EntityManager, endpointId: string): Promise<number> {
  const [row] = await readRows<{ count: string }>(
    em,
    'select count(*) as count from webhook_delivery where endpoint_id = ?',
    [endpointId],
  );
  return Number(row?.count ?? 0);
}

/** A test event for one endpoint, delivered like any other (fanned out to that endpoint only). */
export async function addTestDelivery(em: EntityManager, endpointId: string, now: Date): Promise<string> {
  const [row] = await em.getConnection().execute<{ id: string }[]>(
    `with event as (insert into webhook_event (type, occurred_at, dispatched_at) values ('webhook.test', ?, ?)
                    returning id)
     insert into webhook_delivery (id, endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
     select gen_random_uuid(), ?, event.id, 'PENDING', 0, ?, ? from event returning id`,
    [now, now, endpointId, now, now],
  );
  return String(row?.id);
}

/** Sends a delivery again from now (whatever it ended as), keeping its log. */
export async function redeliver(em: EntityManager, deliveryId: string, endpointId: string, now: Date) {
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `update webhook_delivery set status = 'PENDING', next_attempt_at = ?, finished_at = null, claimed_until = null
     where id = ? and endpoint_id = ? returning id`,
    [now, deliveryId, endpointId],
  );
  return rows.length > 0;
}

/** A new secret; the one it replaces keeps signing until `previousUntil`. */
export async function rotateSecret(em: EntityManager, endpointId: string, secret: string, previousUntil: Date) {
  await em
    .getConnection()
    .execute('update webhook_endpoint set previous_secret = secret, previous_until = ?, secret = ? where id = ?', [
      previousUntil,
      secret,
      endpointId,
    ]);
}

/** Drops events (and their deliveries) older than the retention. */
export async function pruneWebhookEvents(em: EntityManager, before: Date): Promise<void> {
  await em
    .getConnection()
    .execute('delete from webhook_event where occurred_at < ? and dispatched_at is not null', [before]);
}
