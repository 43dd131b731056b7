import { createEndpoint, enableEndpoint, endpointOf, endpointsOf, rotateEndpointSecret } from '../auth/webhooks.js';
import { notFound } from '../core/errors.js';
import { isUuid } from '../core/ids.js';
import type { WebhookEndpoint } from '../database/webhook-entities.js';
import { addTestDelivery, countDeliveries, readDeliveries, redeliver } from '../database/webhooks.js';
import { builder } from './builder.js';
import { decodeCursor, pageWindow, toConnection } from './pagination.js';

// Webhook endpoints and their delivery log (docs/changes.md). A user with a session or an API token makes them;
// each caller sees and changes only its own. What is delivered is read as the owner at the moment of delivery.

const EVENTS = {
  RUN_STARTED: 'run.started',
  RUN_SUCCEEDED: 'run.succeeded',
  RUN_FAILED: 'run.failed',
  TOKEN_EXPIRING: 'token.expiring',
  TOKEN_BLOCKED: 'token.blocked',
  TOKEN_REVOKED: 'token.revoked',
  TOKEN_APPROVAL_REQUESTED: 'token.approval_requested',
  TOKEN_APPROVAL_DECIDED: 'token.approval_decided',
} as const;
const EVENT_OF = Object.fromEntries(Object.entries(EVENTS).map(([name, type]) => [type, name])) as Record<
  string,
  keyof typeof EVENTS
>;

const WebhookEventEnum = builder.enumType('WebhookEvent', {
  values: {
    RUN_STARTED: { description: '`run.started`: a run was inserted as RUNNING.' },
    RUN_SUCCEEDED: { description: '`run.succeeded`: a run was inserted as, or changed to, SUCCEEDED.' },
    RUN_FAILED: { description: '`run.failed`: a run was inserted as, or changed to, FAILED.' },
    TOKEN_EXPIRING: { description: '`token.expiring`: a token stops working within 30, 7 or 1 days.' },
    TOKEN_BLOCKED: { description: "`token.blocked`: a client's token policy blocks a token there." },
    TOKEN_REVOKED: { description: '`token.revoked`: someone else revoked a token.' },
    TOKEN_APPROVAL_REQUESTED: {
      description:
        "`token.approval_requested`: a new token waits for an administrator's approval (administrators, logged in).",
    },
    TOKEN_APPROVAL_DECIDED: { description: "`token.approval_decided`: an administrator decided a token's request." },
  },
});

const WebhookEndpointRef = builder.objectRef<WebhookEndpoint>('WebhookEndpoint').implement({
  description: 'Where events are sent, signed with Standard Webhooks; only what its owner may read when sent.',
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    events: t.field({ type: [WebhookEventEnum], resolve: (e) => e.events.flatMap((type) => EVENT_OF[type] ?? []) }),
    clientIds: t.idList({
      nullable: true,
      description: 'Only runs (and token events naming a client) of these clients; null: all you read.',
      resolve: (e) => e.clientIds ?? null,
    }),
    interfaceIds: t.idList({
      nullable: true,
      description: 'Only runs of these interfaces; null: all.',
      resolve: (e) => e.interfaceIds ?? null,
    }),
    disabledAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Set when too many deliveries in a row failed; enableWebhookEndpoint sends again.',
      resolve: (e) => e.disabledAt ?? null,
    }),
    failures: t.exposeInt('failures', { description: 'Deliveries that failed for good in a row.' }),
    previousSecretUntil: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'After a rotation, the previous secret also signs until then.',
      resolve: (e) => e.previousUntil ?? null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const EndpointPayload = builder
  .objectRef<{ endpoint: WebhookEndpoint; secret: string }>('WebhookEndpointPayload')
  .implement({
    fields: (t) => ({
      endpoint: t.field({ type: WebhookEndpointRef, resolve: (p) => p.endpoint }),
      secret: t.exposeString('secret', { description: 'The signing secret (`whsec_…`), shown this once.' }),
    }),
  });

type DeliveryRow = Record<string, unknown>;
const asDate = (value: unknown) => (value ? new Date(String(value)) : null);

const WebhookDeliveryRef = builder.objectRef<DeliveryRow>('WebhookDelivery').implement({
  description: 'One event sent to an endpoint: every attempt of it counted, the last one described.',
  fields: (t) => ({
    id: t.id({ description: 'Also the `webhook-id` header, the same on every attempt.', resolve: (d) => String(d.id) }),
    event: t.string({ description: 'The event type, e.g. `run.failed`.', resolve: (d) => String(d.event_type) }),
    runId: t.id({ nullable: true, resolve: (d) => (d.run_id as string | null) ?? null }),
    status: t.string({
      description: 'PENDING, SUCCEEDED, FAILED (attempts spent) or SKIPPED (not readable by the owner).',
      resolve: (d) => String(d.status),
    }),
    attempts: t.int({ resolve: (d) => Number(d.attempts) }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (d) => (d.status === 'PENDING' ? asDate(d.next_attempt_at) : null),
    }),
    responseStatus: t.int({ nullable: true, resolve: (d) => (d.last_status as number | null) ?? null }),
    latencyMs: t.int({ nullable: true, resolve: (d) => (d.last_latency_ms as number | null) ?? null }),
    response: t.string({
      nullable: true,
      description: "The last answer's first bytes, or why it was skipped.",
      resolve: (d) => (d.last_response as string | null) ?? null,
    }),
    error: t.string({
      nullable: true,
      description: 'Why the last attempt got no answer.',
      resolve: (d) => (d.last_error as string | null) ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (d) => asDate(d.created_at) ?? new Date(0) }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (d) => asDate(d.finished_at) }),
  }),
});

const DeliveryConnection = builder.connectionObject(
  { type: WebhookDeliveryRef, name: 'WebhookDeliveryConnection' },
  { name: 'WebhookDeliveryEdge' },
);

const EndpointInput = builder.inputType('CreateWebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'https (plain http only to loopback, where the gateway allows it).' }),
    events: t.field({ type: [WebhookEventEnum], required: true }),
    clientIds: t.idList({
      description: 'Only runs (and token events naming a client) of these of your clients; none: all you read then.',
    }),
    interfaceIds: t.idList({ description: 'Only runs of these interfaces.' }),
  }),
});

builder.queryField('webhookEndpoints', (t) =>
  t.withAuth({ loggedIn: true }).field({
    type: [WebhookEndpointRef],
    description: "Your endpoints (with a token: the token's own).",
    resolve: (_root, _args, ctx) => endpointsOf(ctx.em(), ctx.principal),
  }),
);

builder.queryField('webhookDeliveries', (t) =>
  t.withAuth({ loggedIn: true }).field({
    type: DeliveryConnection,
    nullable: true,
    description: "One of your endpoints' deliveries, newest first.",
    args: { endpointId: t.arg.id({ required: true }), first: t.arg.int(), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      await endpointOf(ctx.em(), ctx.principal, args.endpointId);
      const window = pageWindow(args);
      const list = `webhookDeliveries:${args.endpointId}`;
      const after = decodeCursor(list, { kind: 'date', nullable: false }, window.cursor);
      const position = after ? { value: after.value as Date, id: after.id } : undefined;
      const rows = await readDeliveries(ctx.reads, args.endpointId, position, window.limit + 1);
      const withIds = rows.map((row) => ({ ...row, id: String(row.id), createdAt: asDate(row.created_at) }));
      return toConnection(withIds, window, list, (row) => row.createdAt, {
        totalCount: () => countDeliveries(ctx.reads, args.endpointId),
      });
    },
  }),
);

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.withAuth({ loggedIn: true }).field({
    type: EndpointPayload,
    description:
      'An endpoint for events of what you read (with a token: what the token reads, and it stops with the token). Its secret is shown once.',
    args: { input: t.arg({ type: EndpointInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createEndpoint(
        ctx.em(),
        ctx.principal,
        { ...input, events: input.events.map((name) => EVENTS[name]) },
        ctx.webhooks,
        ctx.clock(),
      ),
  }),
  rotateWebhookSecret: t.withAuth({ loggedIn: true }).field({
    type: EndpointPayload,
    description: 'A new signing secret, shown once; the previous one also signs for 24 hours.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => rotateEndpointSecret(ctx.em(), ctx.principal, id, ctx.clock()),
  }),
  enableWebhookEndpoint: t.withAuth({ loggedIn: true }).field({
    type: WebhookEndpointRef,
    description: 'Sends to a disabled endpoint again.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => enableEndpoint(ctx.em(), ctx.principal, id),
  }),
  deleteWebhookEndpoint: t.withAuth({ loggedIn: true }).boolean({
    description: 'Deletes the endpoint and its deliveries; nothing more is sent to it.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const endpoint = await endpointOf(ctx.em(), ctx.principal, id);
      await ctx.em().remove(endpoint).flush();
      return true;
    },
  }),
  sendTestWebhook: t.withAuth({ loggedIn: true }).id({
    description: 'Sends a `webhook.test` event to the endpoint; answers the delivery id (see webhookDeliveries).',
    args: { endpointId: t.arg.id({ required: true }) },
    resolve: async (_root, { endpointId }, ctx) => {
      await endpointOf(ctx.em(), ctx.principal, endpointId);
      return addTestDelivery(ctx.em(), endpointId, ctx.clock());
    },
  }),
  redeliverWebhook: t.withAuth({ loggedIn: true }).boolean({
    description: 'Sends a delivery again from now, whatever it ended as.',
    args: { endpointId: t.arg.id({ required: true }), deliveryId: t.arg.id({ required: true }) },
    resolve: async (_root, { endpointId, deliveryId }, ctx) => {
      await endpointOf(ctx.em(), ctx.principal, endpointId);
      const found = isUuid(deliveryId) && (await redeliver(ctx.em(), deliveryId, endpointId, ctx.clock()));
      if (!found) throw notFound('WebhookDelivery');
      return true;
    },
  }),
}));
