import { mayReadNotice } from '../auth/notices.js';
import { countNotices, type NoticeRow, readNotices } from '../database/notices.js';
import { builder } from './builder.js';
import { decodeCursor, pageWindow, toConnection } from './pagination.js';

// Notices (docs/organisation.md): what the API Access page shows before things break, also sent by e-mail.

const asDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

const NoticeKind = builder.enumType('NoticeKind', {
  values: {
    TOKEN_ENDING: { description: 'A token stops working within 30, 7 or 1 days.' },
    TOKEN_BLOCKED: { description: "A client's new token policy blocks a token there." },
    TOKEN_REVOKED: { description: 'Someone else revoked a token.' },
    REQUEST_WAITING: { description: "A token waits for an administrator's approval to read a client." },
    WEBHOOK_DISABLED: { description: 'A webhook endpoint failed too often and was disabled.' },
    REQUEST_DECIDED: { description: "A client's administrator decided a token's request to read it." },
  },
});

const NoticeRef = builder.objectRef<NoticeRow>('Notice').implement({
  description:
    'A notice about one of your tokens, or about a service token or a waiting request of a client you administer.',
  // Defence in depth: the same rule as a token event's delivery.
  authScopes: (notice, ctx) => mayReadNotice(notice, ctx.principal),
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: NoticeKind, resolve: (notice) => notice.kind }),
    subject: t.exposeString('subject'),
    body: t.exposeString('body'),
    tokenId: t.id({ nullable: true, resolve: (notice) => notice.token_id }),
    clientId: t.id({
      nullable: true,
      description: "The client a request is about, or a service token's client.",
      resolve: (notice) => notice.client_id,
    }),
    createdAt: t.field({ type: 'DateTime', resolve: (notice) => asDate(notice.created_at) }),
    emailedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was sent by e-mail; null while it waits, or when the gateway sends no e-mail.',
      resolve: (notice) => (notice.sent_at ? asDate(notice.sent_at) : null),
    }),
  }),
});

const NoticeConnection = builder.connectionObject(
  { type: NoticeRef, name: 'NoticeConnection' },
  { name: 'NoticeEdge' },
);

builder.queryField('notices', (t) =>
  t.withAuth({ user: true }).field({
    type: NoticeConnection,
    nullable: true,
    description:
      'Notices about your tokens (ending soon, blocked, revoked by someone else, a request decided) and the service tokens of clients you administer, newest first. Logged-in users only.',
    args: { first: t.arg.int(), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const window = pageWindow(args);
      const list = 'notices:createdAt:desc';
      const after = decodeCursor(list, { kind: 'date', nullable: false }, window.cursor);
      const who = { userId: ctx.principal.user.id, adminClientIds: [...ctx.principal.adminClientIds] };
      const rows = await readNotices(ctx.em(), who, after, window.limit + 1);
      return toConnection(rows, window, list, (row) => asDate(row.created_at), {
        totalCount: () => countNotices(ctx.em(), who),
      });
    },
  }),
);
