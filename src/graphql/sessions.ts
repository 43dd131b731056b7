import type { Principal } from '../auth/principal.js';
import { login, logout } from '../auth/sessions.js';
import { builder, principalOf } from './builder.js';
import { ViewerRef } from './viewer.js';

const LoginPayload = builder
  .objectRef<{ secret: string; expiresAt: Date; principal: Principal }>('LoginPayload')
  .implement({
    fields: (t) => ({
      sessionToken: t.exposeString('secret', {
        description: 'Send it as `Authorization: Bearer <sessionToken>`.',
      }),
      expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
      viewer: t.field({ type: ViewerRef, resolve: (payload) => payload.principal }),
    }),
  });

builder.mutationField('login', (t) =>
  t.field({
    type: LoginPayload,
    description: 'Starts a session. The session token goes in `Authorization: Bearer <sessionToken>`.',
    // Public, but not for API tokens: a token only reads.
    authScopes: { notApiToken: true },
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, { email, password }, ctx) => login(ctx.em, email, password, ctx),
  }),
);

builder.mutationField('logout', (t) =>
  t.field({
    type: 'Boolean',
    description: 'Ends the calling session.',
    authScopes: { user: true },
    resolve: async (_root, _args, ctx) => {
      await logout(ctx.em, principalOf(ctx), ctx.clock);
      return true;
    },
  }),
);
