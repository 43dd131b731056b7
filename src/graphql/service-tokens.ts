import { clientTokens } from '../auth/administration.js';
import { createApiToken, MAX_LABEL_LENGTH, rotateApiToken } from '../auth/api-tokens.js';
import { notFound } from '../core/errors.js';
import type { ApiToken } from '../database/entities.js';
import { administers, adminOf, ClientApiTokenRef } from './administration.js';
import { builder, type Context, withForkedEm } from './builder.js';
import { PageEnum } from './page-types.js';

// Service tokens (docs/organisation.md): owned by a client, not a person. Any administrator of the client makes,
// rotates and revokes them (revokeClientApiTokens); they read only that client, with pages the administrator who
// made them has, and nothing happens to them when that person leaves.

const CreateServiceTokenInput = builder.inputType('CreateServiceTokenInput', {
  fields: (t) => ({
    label: t.string({ required: true, description: `1 to ${MAX_LABEL_LENGTH} characters (trimmed).` }),
    pages: t.field({ type: [PageEnum], required: true, description: 'At least one; only pages you have.' }),
    expiresAt: t.field({ type: 'DateTime', required: false, description: 'Omitted or null: no end date.' }),
    notBefore: t.field({ type: 'DateTime', required: false }),
    allowedIps: t.stringList({ required: false, description: 'Addresses or CIDR ranges; omitted or null: any.' }),
  }),
});

const ServiceTokenPayload = builder
  .objectRef<{ secret: string; clientId: string; token: ApiToken }>('ServiceTokenPayload')
  .implement({
    fields: (t) => ({
      token: t.exposeString('secret', { description: 'The secret. Returned here once and never again.' }),
      serviceToken: t.field({
        type: ClientApiTokenRef,
        resolve: async ({ clientId, token }, _args, ctx) => inventoryRowOf(ctx, clientId, token.id),
      }),
    }),
  });

/** The token as its client's inventory shows it. */
async function inventoryRowOf(ctx: Context, clientId: string, id: string) {
  const row = (await clientTokens(withForkedEm(ctx), clientId)).find((candidate) => candidate.token.id === id);
  if (!row) throw notFound('Service token');
  return row;
}

builder.mutationField('createServiceToken', (t) =>
  t.field({
    type: ServiceTokenPayload,
    description:
      "A token owned by the client, reading only the client, with pages you have (and that the client's policy allows). It survives its maker leaving; any administrator of the client rotates or revokes it. For the client's administrators.",
    authScopes: administers,
    args: {
      clientId: t.arg.id({ required: true }),
      input: t.arg({ type: CreateServiceTokenInput, required: true }),
    },
    resolve: async (_root, { clientId, input }, ctx) => {
      const created = await createApiToken(withForkedEm(ctx), adminOf(ctx), input, { clientId });
      return { ...created, clientId };
    },
  }),
);

builder.mutationField('rotateServiceToken', (t) =>
  t.field({
    type: ServiceTokenPayload,
    description:
      "A new secret for one of the client's service tokens; the old one is refused from the next request on. For the client's administrators.",
    authScopes: administers,
    args: { clientId: t.arg.id({ required: true }), id: t.arg.id({ required: true }) },
    resolve: async (_root, { clientId, id }, ctx) => {
      const rotated = await rotateApiToken(withForkedEm(ctx), adminOf(ctx), id, { clientId });
      return { ...rotated, clientId };
    },
  }),
);
