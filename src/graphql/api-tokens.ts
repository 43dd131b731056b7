import { apiTokenStatus, createApiToken, listApiTokens, MAX_LABEL_LENGTH, revokeApiToken } from '../auth/api-tokens.js';
import type { ApiToken, Client } from '../database/entities.js';
import { builder, principalOf } from './builder.js';
import { ClientRef } from './clients.js';
import { PageEnum } from './pages.js';

const ApiTokenStatus = builder.enumType('ApiTokenStatus', { values: ['ACTIVE', 'EXPIRED', 'REVOKED'] as const });

export const ApiTokenRef = builder.objectRef<ApiToken>('ApiToken').implement({
  description: 'An API token, as its owner sees it. The secret is never part of it.',
  // Defence in depth: only the owner ever sees a token, whatever the path.
  authScopes: (token, ctx) => ctx.principal?.user.id === token.user.id,
  fields: (t) => ({
    id: t.exposeID('id'),
    label: t.exposeString('label'),
    hint: t.exposeString('hint', {
      description: 'The first characters of the secret, for recognising it; never the secret.',
    }),
    pages: t.field({ type: [PageEnum], resolve: (token) => token.pages }),
    clients: t.field({
      type: [ClientRef],
      nullable: true,
      description: 'Null: all clients of the owner. Clients the owner no longer has are left out.',
      resolve: async (token, _args, ctx) => {
        if (!token.clientIds) return null;
        // Never a client outside the caller's own (the owner's, by the type guard): a lost client is not shown.
        const visible = token.clientIds.filter((id) => ctx.principal?.clientIds.has(id));
        const clients = await ctx.loaders.client.loadMany(visible);
        return clients.filter((client): client is Client => client !== null && !(client instanceof Error));
      },
    }),
    status: t.field({ type: ApiTokenStatus, resolve: (token, _args, ctx) => apiTokenStatus(token, ctx.clock()) }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
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
    expiresAt: t.field({ type: 'DateTime', required: false, description: 'Omitted or null: no end date.' }),
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
  t.field({
    type: [ApiTokenRef],
    nullable: true,
    description: "The logged-in user's own API tokens, newest first. Logged-in users only.",
    authScopes: { user: true },
    args: { includeRevoked: t.arg.boolean({ description: 'Also list revoked tokens.' }) },
    resolve: (_root, args, ctx) => listApiTokens(ctx.em, principalOf(ctx), args.includeRevoked ?? false),
  }),
);

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: CreateApiTokenPayload,
    description: "Logged-in users only. Pages and clients are capped at the user's own current rights.",
    authScopes: { user: true },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => createApiToken(ctx.em, principalOf(ctx), input, ctx.clock),
  }),
);

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: ApiTokenRef,
    description: 'Logged-in users only, and only their own tokens.',
    authScopes: { user: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => revokeApiToken(ctx.em, principalOf(ctx), id, ctx.clock),
  }),
);
