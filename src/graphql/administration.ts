import {
  type ClientToken,
  clientTokens,
  MAX_BULK_IDS,
  MAX_REASON_LENGTH,
  removeClientFromToken,
  revokeClientTokens,
} from '../auth/administration.js';
import { POLICY_RULES } from '../auth/client-policy.js';
import type { Principal } from '../auth/principal.js';
import type { Page } from '../core/pages.js';
import { AuditPersonRef } from './audit.js';
import { builder, type Context, withForkedEm } from './builder.js';
import { ClientRef, clientsOf } from './clients.js';
import { digestOf, OrderDirection } from './page-lists.js';
import type { NamedLists } from './page-types.js';
import { PageEnum } from './page-types.js';
import { decodeCursor, pageWindow, type SortKind, toConnection, windowInMemory } from './pagination.js';

// The organisation's view (docs/organisation.md): a client's administrators see and govern every token that can
// read the client. Every field takes the client it acts for and is guarded by `administers` of that client; the
// row type checks it again.

/** The administrators' lists served over REST (rest/routes.ts): Query field -> path, the client in the path. */
export const governedLists: NamedLists = new Map([
  ['clientApiTokens', { path: 'clients/{clientId}/api-tokens', tag: 'Administration' }],
  ['clientApiTokenRequests', { path: 'clients/{clientId}/api-token-requests', tag: 'Administration' }],
]);

export const PolicyRuleEnum = builder.enumType('TokenPolicyRule', {
  description: "A rule of a client's token policy.",
  values: POLICY_RULES,
});

const ClientApiTokenStatus = builder.enumType('ClientApiTokenStatus', {
  values: {
    ACTIVE: {},
    PENDING: { description: 'Not valid yet: before its notBefore.' },
    EXPIRED: { description: 'Past its end date, or stopped by the lifetime or idle limit.' },
    REVOKED: {},
    BLOCKED: { description: "Held back for this client by the client's token policy (see policyRule)." },
  },
});

const TokenOwnerRef = builder.objectRef<{ id: string; name: string; email: string }>('TokenOwner').implement({
  description: "The person who owns a token, as the client's administrators see them.",
  fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), email: t.exposeString('email') }),
});

/** The administered clients of the caller among `ids`. */
function administered(ctx: Context, ids: readonly string[]): string[] {
  return ids.filter((id) => ctx.principal?.adminClientIds.has(id));
}

export const ClientApiTokenRef = builder.objectRef<ClientToken>('ClientApiToken').implement({
  description:
    "A token that can read a client, as the client's administrators see it. Its other clients are counted, not named.",
  // Defence in depth: only an administrator of the client it was read for, whatever the path.
  authScopes: (row) => ({ user: true, administers: row.clientId }),
  fields: (t) => ({
    id: t.exposeID('id'),
    label: t.string({ resolve: (row) => row.token.label }),
    hint: t.string({ description: 'The first characters of the secret.', resolve: (row) => row.token.hint }),
    owner: t.field({
      type: TokenOwnerRef,
      description: 'The person who owns it; for a service token, the client (its id and name, no e-mail).',
      resolve: (row) => row.owner,
    }),
    serviceToken: t.boolean({
      description: 'Owned by the client, not a person: made, rotated and revoked by its administrators.',
      resolve: (row) => row.token.ownerClient !== null && row.token.ownerClient !== undefined,
    }),
    createdBy: t.field({
      type: AuditPersonRef,
      nullable: true,
      description:
        "The administrator who made a service token (null when that user is gone, and for a person's token).",
      resolve: (row) => row.createdBy,
    }),
    pages: t.field({ type: [PageEnum], resolve: (row) => row.token.pages }),
    allClients: t.boolean({
      description: "The token reads all of its owner's clients (today's and future ones).",
      resolve: (row) => row.token.clientIds === null,
    }),
    clients: t.field({
      type: [ClientRef],
      description: 'The clients the token reads now that you administer.',
      resolve: (row, _args, ctx) => clientsOf(ctx, administered(ctx, row.effectiveClientIds)),
    }),
    otherClientCount: t.int({
      description: 'How many other clients the token reads now (not named: you do not administer them).',
      resolve: (row, _args, ctx) => row.effectiveClientIds.length - administered(ctx, row.effectiveClientIds).length,
    }),
    status: t.field({ type: ClientApiTokenStatus, resolve: (row) => row.status }),
    statusReason: t.string({ nullable: true, resolve: (row) => row.statusReason }),
    policyRule: t.field({
      type: PolicyRuleEnum,
      nullable: true,
      description: 'The rule that blocks it, when BLOCKED.',
      resolve: (row) => row.block?.rule ?? null,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (row) => row.token.createdAt }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => row.token.expiresAt }),
    endsAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it stops working if nothing changes (end date, lifetime or idle limit).',
      resolve: (row) => row.endsAt,
    }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => row.token.lastUsedAt }),
    lastUsedIp: t.string({ nullable: true, resolve: (row) => row.token.lastUsedIp }),
    lastUsedUserAgent: t.string({ nullable: true, resolve: (row) => row.token.lastUsedUserAgent }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (row) => row.token.revokedAt }),
    requests30Days: t.int({ description: 'Requests in the last 30 days (UTC days).', resolve: (row) => row.requests }),
    refused30Days: t.int({ description: 'Of those, the ones refused.', resolve: (row) => row.refused }),
  }),
});

export const ClientApiTokenConnection = builder.connectionObject(
  { type: ClientApiTokenRef, name: 'ClientApiTokenConnection' },
  { name: 'ClientApiTokenEdge' },
);

const ClientApiTokenFilter = builder.inputType('ClientApiTokenFilter', {
  fields: (t) => ({
    ownerId: t.id({ description: 'Tokens of this owner.' }),
    page: t.field({ type: PageEnum, description: 'Tokens that hold this page.' }),
    status: t.field({ type: [ClientApiTokenStatus], description: 'Any of these statuses.' }),
    lastUsedBefore: t.field({ type: 'DateTime', description: 'Last used before this instant (never used: left out).' }),
    endsBefore: t.field({ type: 'DateTime', description: 'Ending before this instant (end date, lifetime or idle).' }),
    neverUsed: t.boolean({ description: 'true: only tokens never used; false: only tokens used.' }),
    serviceToken: t.boolean({ description: "true: only the client's service tokens; false: only persons' tokens." }),
  }),
});

const ORDER_FIELDS = {
  CREATED_AT: { key: (row: ClientToken) => row.token.createdAt, nullable: false },
  LAST_USED_AT: { key: (row: ClientToken) => row.token.lastUsedAt ?? null, nullable: true },
  ENDS_AT: { key: (row: ClientToken) => row.endsAt, nullable: true },
  REQUESTED_AT: { key: (row: ClientToken) => row.approval?.requestedAt ?? null, nullable: true },
} as const;

const ClientApiTokenOrderField = builder.enumType('ClientApiTokenOrderField', {
  values: Object.keys(ORDER_FIELDS) as (keyof typeof ORDER_FIELDS)[],
});

export const ClientApiTokenOrder = builder.inputType('ClientApiTokenOrder', {
  fields: (t) => ({
    field: t.field({ type: ClientApiTokenOrderField, required: true }),
    direction: t.field({ type: OrderDirection, required: true }),
  }),
});

type InventoryFilter = {
  ownerId?: string | null;
  page?: Page | null;
  status?: readonly string[] | null;
  lastUsedBefore?: Date | null;
  endsBefore?: Date | null;
  neverUsed?: boolean | null;
  serviceToken?: boolean | null;
};

function matches(row: ClientToken, filter: InventoryFilter): boolean {
  const { token } = row;
  if (filter.ownerId && row.owner.id !== filter.ownerId) return false;
  if (filter.page && !token.pages.includes(filter.page)) return false;
  if (filter.status && !filter.status.includes(row.status)) return false;
  if (filter.lastUsedBefore && !(token.lastUsedAt && token.lastUsedAt < filter.lastUsedBefore)) return false;
  if (filter.endsBefore && !(row.endsAt && row.endsAt < filter.endsBefore)) return false;
  if (filter.neverUsed !== null && filter.neverUsed !== undefined && filter.neverUsed !== !token.lastUsedAt) {
    return false;
  }
  if (
    filter.serviceToken !== null &&
    filter.serviceToken !== undefined &&
    filter.serviceToken !== !!token.ownerClient
  ) {
    return false;
  }
  return true;
}

/** The caller of an administrator field (its `user` scope guarantees a session). */
export function adminOf(ctx: Context): Principal {
  if (!ctx.principal) throw new Error('An administrator field ran without a principal.');
  return ctx.principal;
}

/** The scopes of an administrator field: a session that administers the field's `clientId`. */
export const administers = (_root: unknown, args: { clientId: string }) => ({ user: true, administers: args.clientId });

builder.queryField('clientApiTokens', (t) =>
  t.field({
    type: ClientApiTokenConnection,
    nullable: true,
    description:
      "Every token that can read the client (any owner's), for the client's administrators. Newest first unless orderBy says otherwise.",
    authScopes: administers,
    args: {
      clientId: t.arg.id({ required: true }),
      filter: t.arg({ type: ClientApiTokenFilter }),
      orderBy: t.arg({ type: ClientApiTokenOrder }),
      first: t.arg.int(),
      after: t.arg.string(),
      last: t.arg.int(),
      before: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      inventoryConnection(ctx, args, 'clientApiTokens', 'CREATED_AT', (row) => matches(row, args.filter ?? {})),
  }),
);

type InventoryArgs = {
  clientId: string;
  orderBy?: { field: keyof typeof ORDER_FIELDS; direction: string } | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
};

/**
 * A window of the client's tokens that `keep` keeps, ordered and paged in process with exact keyset cursors bound
 * to the list, its arguments and its order (`list` names it).
 */
export async function inventoryConnection(
  ctx: Context,
  args: InventoryArgs & Record<string, unknown>,
  list: string,
  defaultOrder: keyof typeof ORDER_FIELDS,
  keep: (row: ClientToken) => boolean,
) {
  const window = pageWindow(args);
  const field = args.orderBy?.field ?? defaultOrder;
  const direction = args.orderBy?.direction === 'ASC' ? 'asc' : 'desc';
  const order = ORDER_FIELDS[field];
  const { first, after, last, before, orderBy, ...rest } = args;
  const cursorList = `${list}:${field}:${direction}:${digestOf(rest)}`;
  const sort: SortKind = { kind: 'date', nullable: order.nullable };
  const position = decodeCursor(cursorList, sort, window.cursor, window.cursorField);
  const rows = (await clientTokens(withForkedEm(ctx), args.clientId)).filter(keep);
  const page = windowInMemory(rows, order.key, direction, window, position);
  return toConnection(page, window, cursorList, order.key, { totalCount: async () => rows.length });
}

builder.mutationField('revokeClientApiTokens', (t) =>
  t.field({
    type: [ClientApiTokenRef],
    description: `Revokes tokens that read the client (1 to ${MAX_BULK_IDS} ids), all or none: an id that is not a token of the client fails the whole call (NOT_FOUND). Each owner sees who revoked it and why. For the client's administrators.`,
    authScopes: administers,
    args: {
      clientId: t.arg.id({ required: true }),
      ids: t.arg.idList({ required: true }),
      reason: t.arg.string({ required: true, description: `1 to ${MAX_REASON_LENGTH} characters; the owners see it.` }),
    },
    resolve: (_root, args, ctx) =>
      revokeClientTokens(withForkedEm(ctx), adminOf(ctx), args.clientId, args.ids, args.reason),
  }),
);

builder.mutationField('removeClientFromApiToken', (t) =>
  t.field({
    type: ClientApiTokenRef,
    nullable: true,
    description:
      "Stops one token reading the client; it keeps its other clients (a token for all of its owner's clients keeps the owner's other clients of today). A token left with no client is revoked and answered as REVOKED; otherwise the answer is null (the token no longer reads the client). For the client's administrators.",
    authScopes: administers,
    args: {
      clientId: t.arg.id({ required: true }),
      id: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true, description: `1 to ${MAX_REASON_LENGTH} characters; the owner sees it.` }),
    },
    resolve: (_root, args, ctx) =>
      removeClientFromToken(withForkedEm(ctx), adminOf(ctx), args.clientId, args.id, args.reason),
  }),
);

/** The clients the caller administers, for the viewer. */
export async function administeredClients(ctx: Context, principal: Principal) {
  return (await clientsOf(ctx, [...principal.adminClientIds])).sort((a, b) => a.name.localeCompare(b.name));
}
