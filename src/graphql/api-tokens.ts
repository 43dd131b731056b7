import {
  createApiToken,
  listApiTokens,
  MAX_LABEL_LENGTH,
  MAX_LEAKED_SECRETS,
  revokeApiToken,
  revokeLeakedTokens,
  rotateApiToken,
} from '../auth/api-tokens.js';
import { blockedClientsOf, type ClientBlock } from '../auth/client-policy.js';
import { intersect } from '../auth/principal.js';
import { apiTokenStatus, endOf } from '../auth/token-policy.js';
import { MAX_USAGE_DAYS } from '../auth/token-usage.js';
import { badUserInput } from '../core/errors.js';
import type { Page } from '../core/pages.js';
import type { ApiToken, Client } from '../database/entities.js';
import type { ClientTokenPolicy } from '../database/governance-entities.js';
import { PolicyRuleEnum } from './administration.js';
import { builder, type Context, withForkedEm } from './builder.js';
import { ClientRef, clientsOf } from './clients.js';
import { PageEnum } from './page-types.js';

const ApiTokenStatus = builder.enumType('ApiTokenStatus', {
  values: {
    ACTIVE: {},
    EXPIRED: { description: 'Past its end date, or stopped by the lifetime or idle policy (see statusReason).' },
    REVOKED: {},
    PENDING: { description: 'Not valid yet: before its notBefore.' },
  },
});

const NO_RIGHTS = { pages: new Set<Page>(), clientIds: new Set<string>() };

/**
 * The owner's current rights, as the viewer of a token sees them (the owner, or the token itself). The type's
 * guard lets only the owner read a token, so there is a principal; without one, no rights.
 */
function ownerRights(ctx: Context) {
  return ctx.principal?.owner ?? NO_RIGHTS;
}

const TokenEndReason = builder.enumType('TokenEndReason', {
  description: 'Why a token ends: the end date given, the lifetime limit, or the idle limit.',
  values: ['END_DATE', 'LIFETIME_LIMIT', 'IDLE_LIMIT'] as const,
});

const TokenUsageDayRef = builder
  .objectRef<{ day: string; requests: number; refused: number }>('TokenUsageDay')
  .implement({
    description: "A day's use of an API token (UTC).",
    fields: (t) => ({
      day: t.exposeString('day', { description: 'The day, as YYYY-MM-DD (UTC).' }),
      requests: t.exposeInt('requests', { description: 'Requests made with the token that day.' }),
      refused: t.exposeInt('refused', {
        description: 'Of those, the ones refused: an HTTP error (rate limit, address) or a field refused.',
      }),
    }),
  });

const TokenClientBlockRef = builder.objectRef<ClientBlock & { client: Client }>('TokenClientBlock').implement({
  description: 'A client whose token policy a token breaks, and the rule (the first one it breaks).',
  fields: (t) => ({
    client: t.field({ type: ClientRef, resolve: (block) => block.client }),
    rule: t.field({ type: PolicyRuleEnum, resolve: (block) => block.rule }),
    message: t.exposeString('message'),
  }),
});

export const ApiTokenRef = builder.objectRef<ApiToken>('ApiToken').implement({
  description: 'An API token, as its owner sees it. The secret is never part of it.',
  // Defence in depth: only the owner ever sees a token, whatever the path.
  // A service token (no owning person) is seen by itself only here; its administrators see it in the inventory.
  authScopes: (token, ctx) =>
    ctx.principal !== null &&
    ((token.user !== null &&
      token.user !== undefined &&
      ctx.principal.user.id === token.user.id &&
      !ctx.principal.serviceClientId) ||
      ctx.principal.apiTokenId === token.id),
  fields: (t) => ({
    id: t.exposeID('id'),
    label: t.exposeString('label'),
    hint: t.exposeString('hint', {
      description: 'The first characters of the secret, for recognising it; never the secret.',
    }),
    pages: t.field({ type: [PageEnum], description: 'The pages granted.', resolve: (token) => token.pages }),
    clients: t.field({
      type: [ClientRef],
      nullable: true,
      description: 'Null: all clients of the owner. Clients the owner no longer has are left out (see missingClients).',
      resolve: (token, _args, ctx) =>
        token.clientIds ? clientsOf(ctx, intersect(token.clientIds, [...ownerRights(ctx).clientIds])) : null,
    }),
    effectivePages: t.field({
      type: [PageEnum],
      description: 'What the token can read now: its pages that the owner still has.',
      resolve: (token, _args, ctx) => intersect<Page>(token.pages, [...ownerRights(ctx).pages]),
    }),
    missingPages: t.field({
      type: [PageEnum],
      description: 'Granted pages the owner no longer has: requests for them are refused.',
      resolve: (token, _args, ctx) => token.pages.filter((page) => !ownerRights(ctx).pages.has(page)),
    }),
    effectiveClients: t.field({
      type: [ClientRef],
      description: "The clients the token can read now: its clients (or all the owner's) that the owner still has.",
      resolve: (token, _args, ctx) => {
        const held = [...ownerRights(ctx).clientIds];
        return clientsOf(ctx, token.clientIds ? intersect(token.clientIds, held) : held);
      },
    }),
    missingClients: t.idList({
      description: 'Ids of granted clients the owner no longer has (only ids: the owner may no longer see them).',
      resolve: (token, _args, ctx) => (token.clientIds ?? []).filter((id) => !ownerRights(ctx).clientIds.has(id)),
    }),
    blockedClients: t.field({
      type: [TokenClientBlockRef],
      description:
        "The token's clients whose token policy it breaks: it reads nothing of them until the policy or the token changes.",
      resolve: async (token, _args, ctx) => {
        const held = [...ownerRights(ctx).clientIds];
        const clientIds = token.clientIds ? intersect(token.clientIds, held) : held;
        const policies = await ctx.loaders.clientPolicy.loadMany(clientIds);
        const present = policies.filter(
          (policy): policy is ClientTokenPolicy => policy !== null && !(policy instanceof Error),
        );
        const blocks = blockedClientsOf(token, clientIds, present, ctx.clock());
        const clients = await clientsOf(ctx, [...blocks.keys()]);
        return clients.map((client) => ({ client, ...(blocks.get(client.id) as ClientBlock) }));
      },
    }),
    status: t.field({
      type: ApiTokenStatus,
      resolve: (token, _args, ctx) => apiTokenStatus(token, ctx.clock(), ctx.policy).status,
    }),
    statusReason: t.string({
      nullable: true,
      description: 'Why the token is not ACTIVE, e.g. "unused for 90 days".',
      resolve: (token, _args, ctx) => apiTokenStatus(token, ctx.clock(), ctx.policy).reason,
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    endsAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the token stops working if nothing changes: its end date, the lifetime limit or the idle limit (a use moves that one on); null: never.',
      resolve: (token, _args, ctx) => endOf(token, ctx.policy)?.at ?? null,
    }),
    endsBecause: t.field({
      type: TokenEndReason,
      nullable: true,
      description: 'Which limit endsAt is.',
      resolve: (token, _args, ctx) => endOf(token, ctx.policy)?.because ?? null,
    }),
    notBefore: t.expose('notBefore', { type: 'DateTime', nullable: true }),
    allowedIps: t.exposeStringList('allowedIps', {
      nullable: true,
      description: 'Addresses or CIDR ranges the token may be used from; null: any.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    rotatedAt: t.expose('rotatedAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    lastUsedIp: t.exposeString('lastUsedIp', { nullable: true }),
    lastUsedUserAgent: t.exposeString('lastUsedUserAgent', { nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    usage: t.field({
      type: [TokenUsageDayRef],
      description: `Requests per day over the last \`days\` days (1 to ${MAX_USAGE_DAYS}), oldest first, today included; days without requests count 0. Counts reach the database within a minute.`,
      args: { days: t.arg.int({ defaultValue: 30 }) },
      resolve: (token, { days }, ctx) => {
        const count = days ?? 30;
        if (count < 1 || count > MAX_USAGE_DAYS) {
          throw badUserInput(`"days" must be between 1 and ${MAX_USAGE_DAYS}.`, 'days');
        }
        return ctx.loaders.tokenUsage.load(`${count}:${token.id}`);
      },
    }),
  }),
});

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  fields: (t) => ({
    label: t.string({ required: true, description: `1 to ${MAX_LABEL_LENGTH} characters (trimmed).` }),
    pages: t.field({ type: [PageEnum], required: true, description: 'At least one; only pages you have.' }),
    clientIds: t.idList({
      required: false,
      description: 'Omitted or null: every client the owner can access at the time of each request.',
    }),
    expiresAt: t.field({
      type: 'DateTime',
      required: false,
      description: 'Omitted or null: no end date (unless a lifetime limit requires one).',
    }),
    notBefore: t.field({ type: 'DateTime', required: false, description: 'Before this instant the token is refused.' }),
    allowedIps: t.stringList({
      required: false,
      description: 'Addresses or CIDR ranges (IPv4, IPv6) the token may be used from. Omitted or null: any.',
    }),
  }),
});

const CreateApiTokenPayload = builder
  .objectRef<{ secret: string; token: ApiToken }>('CreateApiTokenPayload')
  .implement({
    fields: (t) => ({
      token: t.exposeString('secret', { description: 'The secret. Returned here once and never again.' }),
      apiToken: t.field({ type: ApiTokenRef, resolve: (payload) => payload.token }),
    }),
  });

builder.queryField('apiTokens', (t) =>
  t.withAuth({ user: true }).field({
    type: [ApiTokenRef],
    nullable: true,
    description: "The logged-in user's own API tokens, newest first. Logged-in users only.",
    args: { includeRevoked: t.arg.boolean({ description: 'Also list revoked tokens.' }) },
    resolve: (_root, args, ctx) => listApiTokens(ctx.em(), ctx.principal, args.includeRevoked ?? false),
  }),
);

builder.mutationField('createApiToken', (t) =>
  t.withAuth({ user: true }).field({
    type: CreateApiTokenPayload,
    description: "Logged-in users only. Pages and clients are capped at the user's own current rights.",
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => createApiToken(withForkedEm(ctx), ctx.principal, input),
  }),
);

builder.mutationField('rotateApiToken', (t) =>
  t.withAuth({ user: true }).field({
    type: CreateApiTokenPayload,
    description:
      'A new secret for one of your tokens, with the same label, pages, clients and dates; the old secret is refused from the next request on. Logged-in users only.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => rotateApiToken(withForkedEm(ctx), ctx.principal, id),
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.withAuth({ user: true }).field({
    type: ApiTokenRef,
    description: 'Logged-in users only, and only their own tokens.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => revokeApiToken(withForkedEm(ctx), ctx.principal, id),
  }),
);

builder.mutationField('revokeLeakedTokens', (t) =>
  t.int({
    description: `Revokes every valid API token among the secrets (at most ${MAX_LEAKED_SECRETS}), whoever owns it, and answers how many: whoever holds a leaked secret may kill it. No login needed; rate limited.`,
    // Public, but not for API tokens: a token only reads.
    authScopes: { notApiToken: true },
    args: { secrets: t.arg.stringList({ required: true }) },
    resolve: async (_root, { secrets }, ctx) => {
      await ctx.rateLimits.consumeLeakReport(ctx.meta.address);
      return revokeLeakedTokens(withForkedEm(ctx), secrets);
    },
  }),
);
