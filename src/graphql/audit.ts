import { AUDIT_ACTIONS, type AuditEvent, AuditEventEntity } from '../database/entities.js';
import { builder, type Context } from './builder.js';
import { decodeCursor, keysetAfter, pageWindow, toConnection } from './pagination.js';

/** The cursors' list name (see encodeCursor), with the token it was filtered by: a cursor is bound to its filter. */
const auditList = (tokenId: string | null | undefined) => `auditEvents:at:desc:${tokenId ?? ''}`;
const AUDIT_SORT = { kind: 'date', nullable: false } as const;

const AuditAction = builder.enumType('AuditAction', { values: AUDIT_ACTIONS });

export const AuditPersonRef = builder.objectRef<{ name: string; email: string }>('AuditPerson').implement({
  description: 'A person who acted: their name and e-mail.',
  fields: (t) => ({ name: t.exposeString('name'), email: t.exposeString('email') }),
});

const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  description: "Something that happened to one of the user's tokens or sessions.",
  // Defence in depth: only the user's own events, or those of a client the caller administers, whatever the path.
  authScopes: (event, ctx) =>
    (event.actorUser !== null && event.actorUser !== undefined && ctx.principal?.user.id === event.actorUser.id) ||
    (event.client !== null &&
      event.client !== undefined &&
      (ctx.principal?.adminClientIds.has(event.client.id) ?? false)),
  fields: (t) => ({
    id: t.exposeID('id'),
    action: t.field({ type: AuditAction, resolve: (event) => event.action }),
    at: t.expose('at', { type: 'DateTime', description: 'When it happened (the latest time, for repeated events).' }),
    ip: t.exposeString('ip', { nullable: true }),
    userAgent: t.exposeString('userAgent', { nullable: true }),
    tokenId: t.id({ nullable: true, resolve: (event) => event.token?.id ?? null }),
    sessionId: t.id({ nullable: true, resolve: (event) => event.session?.id ?? null }),
    detail: t.exposeString('detail', { nullable: true }),
    count: t.exposeInt('count', { description: 'How often it happened within the minute of `at` (refusals).' }),
    by: t.field({
      type: AuditPersonRef,
      nullable: true,
      description: "The client's administrator who acted on your token, when it was not you.",
      resolve: async (event, _args, ctx) => {
        if (!event.byUser || event.byUser.id === event.actorUser?.id) return null;
        const person = await ctx.loaders.user.load(event.byUser.id);
        return person ? { name: person.name, email: person.email } : null;
      },
    }),
    clientId: t.id({
      nullable: true,
      description: 'The client an administrator acted for.',
      resolve: (event) => event.client?.id ?? null,
    }),
  }),
});

const AuditEventConnection = builder.connectionObject(
  { type: AuditEventRef, name: 'AuditEventConnection' },
  { name: 'AuditEventEdge' },
);

/** A page of audit events of `where`, newest first, with cursors bound to `list`. */
async function auditPage(
  ctx: Context,
  args: { first?: number | null; after?: string | null },
  list: string,
  where: Record<string, unknown>,
) {
  const window = pageWindow(args);
  const after = decodeCursor(list, AUDIT_SORT, window.cursor);
  const rows = await ctx
    .em()
    .find(
      AuditEventEntity,
      { $and: [where, keysetAfter('at', 'desc', after)] },
      { orderBy: { at: 'desc', id: 'desc' }, limit: window.limit + 1 },
    );
  return toConnection(rows, window, list, (row) => row.at, {
    totalCount: () => ctx.em().count(AuditEventEntity, where),
  });
}

builder.queryField('clientAuditEvents', (t) =>
  t.field({
    type: AuditEventConnection,
    nullable: true,
    description:
      "Events its administrators caused or that concern the client's service tokens (creation, rotation, revocation, refusals), newest first. For the client's administrators.",
    authScopes: (_root, args) => ({ user: true, administers: args.clientId }),
    args: { clientId: t.arg.id({ required: true }), first: t.arg.int(), after: t.arg.string() },
    resolve: (_root, args, ctx) =>
      auditPage(ctx, args, `clientAuditEvents:at:desc:${args.clientId}`, { client: args.clientId }),
  }),
);

builder.queryField('auditEvents', (t) =>
  t.withAuth({ user: true }).field({
    type: AuditEventConnection,
    nullable: true,
    description: "Events of the logged-in user's own tokens and sessions, newest first. Logged-in users only.",
    args: { first: t.arg.int(), after: t.arg.string(), tokenId: t.arg.id() },
    resolve: (_root, args, ctx) =>
      auditPage(ctx, args, auditList(args.tokenId), {
        actorUser: ctx.principal.user.id,
        ...(args.tokenId ? { token: args.tokenId } : {}),
      }),
  }),
);
