import type { Principal } from '../auth/principal.js';
import { endSession, listSessions, login } from '../auth/sessions.js';
import type { Session } from '../database/entities.js';
import { builder, withForkedEm } from './builder.js';
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

const SessionRef = builder.objectRef<Session>('Session').implement({
  description: 'A login session of the user.',
  // Defence in depth: only the user ever sees their sessions.
  authScopes: (session, ctx) => ctx.principal?.user.id === session.user.id,
  fields: (t) => ({
    id: t.exposeID('id'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    ip: t.exposeString('ip', { nullable: true, description: 'The address it was started from.' }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    current: t.boolean({
      description: 'The session of this request.',
      resolve: (session, _args, ctx) => ctx.principal?.sessionId === session.id,
    }),
  }),
});

builder.mutationField('login', (t) =>
  t.field({
    type: LoginPayload,
    description: 'Starts a session. The session token goes in `Authorization: Bearer <sessionToken>`.',
    // Public, but not for API tokens: a token only reads.
    authScopes: { notApiToken: true },
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, { email, password }, ctx) => login(withForkedEm(ctx), email, password),
  }),
);

builder.mutationField('logout', (t) =>
  t.withAuth({ user: true }).field({
    type: 'Boolean',
    description: 'Ends the calling session.',
    resolve: async (_root, _args, ctx) => {
      await endSession(withForkedEm(ctx), ctx.principal, ctx.principal.sessionId);
      return true;
    },
  }),
);

builder.queryField('sessions', (t) =>
  t.withAuth({ user: true }).field({
    type: [SessionRef],
    nullable: true,
    description: "The logged-in user's sessions that still work, newest first. Logged-in users only.",
    resolve: (_root, _args, ctx) => listSessions(ctx.em(), ctx.principal, ctx.clock()),
  }),
);

builder.mutationField('endSession', (t) =>
  t.withAuth({ user: true }).boolean({
    description: 'Ends one of your sessions; the next request with it is refused. Logged-in users only.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      await endSession(withForkedEm(ctx), ctx.principal, id);
      return true;
    },
  }),
);
