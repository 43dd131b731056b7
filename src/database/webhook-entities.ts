import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ApiTokenEntity, UserEntity } from './entities.js';

// Webhooks (docs/changes.md): endpoints, the outbox of events (written by triggers on `run` and `notice`) and
// deliveries.

/** Instants are stored to the millisecond, as in entities.ts. */
const MS = 3;

export const RUN_EVENT_TYPES = ['run.started', 'run.succeeded', 'run.failed'] as const;
/** Written by a trigger on `notice`: one per notice about a token. */
export const TOKEN_EVENT_TYPES = [
  'token.expiring',
  'token.blocked',
  'token.revoked',
  'token.approval_requested',
  'token.approval_decided',
] as const;
export const WEBHOOK_EVENT_TYPES = [...RUN_EVENT_TYPES, ...TOKEN_EVENT_TYPES] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number] | 'webhook.test';
export const DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED', 'SKIPPED'] as const;

/** Where a user (with a session) or an API token wants to be told; it delivers what its owner reads. */
export const WebhookEndpointEntity = defineEntity({
  name: 'WebhookEndpoint',
  tableName: 'webhook_endpoint',
  properties: {
    id: p.uuid().primary(),
    /** Made with a session: the user's. */
    user: () => p.manyToOne(UserEntity).ref().nullable().index().deleteRule('cascade'),
    /** Made with an API token: the token's (it stops when the token does). */
    token: () => p.manyToOne(ApiTokenEntity).ref().nullable().index().deleteRule('cascade'),
    url: p.text(),
    events: p.array().columnType('text[]').$type<WebhookEventType[]>(),
    clientIds: p.array().columnType('uuid[]').nullable(),
    interfaceIds: p.array().columnType('uuid[]').nullable(),
    /** The signing secret (`whsec_…`): the gateway signs with it, so it is kept, never shown again. */
    secret: p.text().lazy(),
    /** After a rotation, the previous secret signs too until `previousUntil`. */
    previousSecret: p.text().nullable().lazy(),
    previousUntil: p.datetime(MS).nullable(),
    disabledAt: p.datetime(MS).nullable(),
    /** Deliveries that failed in a row; at the limit the endpoint is disabled. */
    failures: p.integer().default(0),
    createdAt: p.datetime(MS),
  },
});
export type WebhookEndpoint = InferEntity<typeof WebhookEndpointEntity>;

export const WebhookEventEntity = defineEntity({
  name: 'WebhookEvent',
  tableName: 'webhook_event',
  properties: {
    id: p.uuid().primary().defaultRaw('gen_random_uuid()'),
    type: p.text().$type<WebhookEventType>(),
    /** Null for a test event. */
    clientId: p.uuid().nullable(),
    runId: p.uuid().nullable(),
    interfaceId: p.uuid().nullable(),
    /** A token event's notice (its subject, body, token and recipient). */
    noticeId: p.uuid().nullable(),
    occurredAt: p.datetime(MS).defaultRaw('now()'),
    /** When it was fanned out to the endpoints that want it. */
    dispatchedAt: p.datetime(MS).nullable(),
  },
  indexes: [{ name: 'webhook_event_dispatched_occurred_idx', properties: ['dispatchedAt', 'occurredAt'] }],
});

export const WebhookDeliveryEntity = defineEntity({
  name: 'WebhookDelivery',
  tableName: 'webhook_delivery',
  properties: {
    id: p.uuid().primary(),
    endpoint: () => p.manyToOne(WebhookEndpointEntity).ref().deleteRule('cascade'),
    event: () => p.manyToOne(WebhookEventEntity).ref().deleteRule('cascade'),
    status: p.text().$type<(typeof DELIVERY_STATUSES)[number]>(),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(MS),
    /** A sender holds it until then; after that another may. */
    claimedUntil: p.datetime(MS).nullable(),
    lastStatus: p.integer().nullable(),
    lastLatencyMs: p.integer().nullable(),
    /** The first bytes of the last response (or why it was skipped). */
    lastResponse: p.text().nullable(),
    lastError: p.text().nullable(),
    createdAt: p.datetime(MS),
    finishedAt: p.datetime(MS).nullable(),
  },
  uniques: [{ name: 'webhook_delivery_endpoint_event_unique', properties: ['endpoint', 'event'] }],
  indexes: [
    { name: 'webhook_delivery_status_next_idx', properties: ['status', 'nextAttemptAt'] },
    { name: 'webhook_delivery_endpoint_created_idx', properties: ['endpoint', 'createdAt'] },
  ],
});

export const webhookEntities = [WebhookEndpointEntity, WebhookEventEntity, WebhookDeliveryEntity];
