import type { Principal } from '../auth/principal.js';
import { PAGES } from '../core/pages.js';
import { ApiTokenEntity } from '../database/entities.js';
import { administeredClients } from './administration.js';
import { ApiTokenRef } from './api-tokens.js';
import { builder } from './builder.js';
import { ClientRef, clientsOf } from './clients.js';
import { PageEnum } from './page-types.js';

const ViewerKind = builder.enumType('ViewerKind', { values: ['USER', 'API_TOKEN'] as const });

export const ViewerRef = builder.objectRef<Principal>('Viewer').implement({
  description: 'The caller: a logged-in user, or an API token acting for its owner.',
  fields: (t) => ({
    kind: t.field({ type: ViewerKind, resolve: (principal) => principal.kind }),
    name: t.string({
      description: "The logged-in user's, or the token owner's, name.",
      resolve: (principal) => principal.user.name,
    }),
    email: t.string({ resolve: (principal) => principal.user.email }),
    pages: t.field({
      type: [PageEnum],
      description: 'Effective pages: for a token, its pages that its owner still has.',
      resolve: (principal) => PAGES.filter((page) => principal.pages.has(page)),
    }),
    clients: t.field({
      type: [ClientRef],
      description: 'Effective clients: for a token, its clients that its owner still has.',
      resolve: async (principal, _args, ctx) =>
        (await clientsOf(ctx, [...principal.clientIds])).sort((a, b) => a.name.localeCompare(b.name)),
    }),
    administeredClients: t.field({
      type: [ClientRef],
      description:
        'The clients whose tokens you govern as their administrator (docs/organisation.md); empty for an API token.',
      resolve: (principal, _args, ctx) => administeredClients(ctx, principal),
    }),
    apiToken: t.field({
      type: ApiTokenRef,
      nullable: true,
      description: 'The token in use, when the caller is an API token.',
      resolve: (principal, _args, ctx) =>
        principal.apiTokenId ? ctx.em().findOne(ApiTokenEntity, { id: principal.apiTokenId }) : null,
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: 'The caller: a logged-in user or an API token. Null when anonymous.',
    resolve: (_root, _args, ctx) => ctx.principal,
  }),
);
