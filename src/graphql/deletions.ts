import { GraphQLError } from 'graphql';
import { badUserInput } from '../core/errors.js';
import { isUuid } from '../core/ids.js';
import type { Page } from '../core/pages.js';
import {
  countDeletions,
  DELETION_RETENTION_DAYS,
  type DeletionMarker,
  readDeletions,
  readRemovedClientRows,
  type StreamPosition,
} from '../database/deletions.js';
import { builder, type WithPrincipal } from './builder.js';
import { clientFilter, digestOf } from './page-lists.js';
import { type NamedLists, PageEnum } from './page-types.js';
import { pageSize } from './pagination.js';

// Deletion markers for incremental readers (docs/changes.md): what a mirror must drop. Guarded by the page, within
// the caller's clients in SQL; rows of clients the caller no longer reads are reported once, by id only.

const DAY_MS = 86_400_000;

/** The REST route of the markers: `/api/v1/deletions/RUNS?since=…`. */
export const deletionLists: NamedLists = new Map([
  ['deletions', { path: 'deletions/{page}', tag: 'Incremental reads' }],
]);

const DeletionReason = builder.enumType('DeletionReason', {
  values: {
    DELETED: { description: 'The row was deleted, or moved to another client.' },
    CLIENT_REMOVED: { description: 'You no longer read the row’s client; drop the row.' },
  },
});

type Deletion = DeletionMarker & { page: Page; reason: 'DELETED' | 'CLIENT_REMOVED' };

const DeletionRef = builder.objectRef<Deletion>('Deletion').implement({
  description: 'A row gone for an incremental reader: drop it from the mirror.',
  fields: (t) => ({
    id: t.id({ description: 'The row’s id.', resolve: (marker) => marker.rowId }),
    page: t.field({ type: PageEnum, resolve: (marker) => marker.page }),
    clientId: t.id({ resolve: (marker) => marker.clientId }),
    deletedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was deleted; null for CLIENT_REMOVED.',
      resolve: (marker) => marker.deletedAt,
    }),
    reason: t.field({ type: DeletionReason, resolve: (marker) => marker.reason }),
  }),
});

const DeletionConnection = builder.connectionObject(
  { type: DeletionRef, name: 'DeletionConnection' },
  { name: 'DeletionEdge' },
);

/** What a deletions cursor keeps: the position, the clients read with it, their horizon, and its time. */
type DeletionCursor = {
  position: StreamPosition;
  clients: string[];
  xmax: number;
  /** The time of the position: markers after it are kept as long as it is within the retention. */
  at: number;
  /** Within the rows of removed clients: the last one reported. */
  removedAfter: { clientId: string; rowId: string } | undefined;
};

function encode(tag: string, cursor: DeletionCursor): string {
  const { position, clients, xmax, at, removedAfter } = cursor;
  const where = position ? [position.changeId, position.markerId] : null;
  const removed = removedAfter ? [removedAfter.clientId, removedAfter.rowId] : null;
  return Buffer.from(JSON.stringify([tag, where, clients, xmax, at, removed])).toString('base64url');
}

function decode(tag: string, text: string, now: number): DeletionCursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(text, 'base64url').toString());
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== 6) throw badUserInput('"after" is not a cursor.', 'after');
  const [owner, where, clients, xmax, at, removed] = parts as unknown[];
  if (owner !== tag) throw badUserInput('"after" is a cursor of another list, page or filter.', 'after');
  const ids = (value: unknown) => Array.isArray(value) && value.every((id) => typeof id === 'string' && isUuid(id));
  const pair = (value: unknown, first: (item: unknown) => boolean) =>
    value === null || (Array.isArray(value) && value.length === 2 && first(value[0]) && isUuid(String(value[1])));
  const valid =
    ids(clients) &&
    Number.isSafeInteger(xmax) &&
    Number.isSafeInteger(at) &&
    pair(where, Number.isSafeInteger) &&
    pair(removed, (item) => isUuid(String(item)));
  if (!valid) throw badUserInput('"after" holds no position of this list.', 'after');
  if ((at as number) < now - DELETION_RETENTION_DAYS * DAY_MS) {
    throw new GraphQLError(
      `"after" is older than the ${DELETION_RETENTION_DAYS} days deletions are kept: read the list again from the start (updatedSince) and keep a new cursor.`,
      { extensions: { code: 'BAD_USER_INPUT', field: 'after', reason: 'CURSOR_EXPIRED' } },
    );
  }
  const [changeId, markerId] = (where ?? []) as [number, string];
  const [clientId, rowId] = (removed ?? []) as [string, string];
  return {
    position: where ? { changeId, markerId } : undefined,
    clients: clients as string[],
    xmax: xmax as number,
    at: at as number,
    removedAfter: removed ? { clientId, rowId } : undefined,
  };
}

builder.queryField('deletions', (t) =>
  t.field({
    type: DeletionConnection,
    nullable: true,
    description: `Rows of the page deleted (or moved to another client) in the caller's clients, in the order of changes, and once the rows of a client the caller no longer reads. Keep \`endCursor\` (never null) and ask \`after\` it for what was deleted since. Kept ${DELETION_RETENTION_DAYS} days. Needs the page.`,
    authScopes: (_root, args) => ({ page: args.page }),
    args: {
      page: t.arg({ type: PageEnum, required: true }),
      clientId: t.arg.id(),
      since: t.arg({ type: 'DateTime', description: 'Without `after`: markers of rows deleted at or after this.' }),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) => {
      // The page scope holds only for a caller.
      const { principal } = ctx;
      if (!principal) throw new Error('deletions ran without a principal.');
      return deletionsPage({ ...ctx, principal }, args);
    },
  }),
);

async function deletionsPage(
  context: WithPrincipal,
  args: { page: Page; clientId?: string | null; since?: Date | null; first?: number | null; after?: string | null },
) {
  const limit = pageSize(args.first);
  const now = context.clock().getTime();
  const clientIds = clientFilter(context, args.clientId, 'deletions').sort();
  const tag = `deletions:${args.page}:${digestOf([args.clientId ?? null, args.since ?? null])}`;
  const cursor = args.after ? decode(tag, args.after, now) : undefined;
  const edges: { cursor: string; node: Deletion }[] = [];
  // The markers of the caller's clients from where the cursor is (the removed clients' rows are not counted).
  const totalCount = () =>
    countDeletions(context.reads, {
      page: args.page,
      clientIds,
      since: cursor ? undefined : (args.since ?? undefined),
      after: cursor?.position,
    });
  const removed = cursor?.clients.filter((id) => !clientIds.includes(id)) ?? [];
  if (cursor && removed.length > 0) {
    const rows = await readRemovedClientRows(context.reads, {
      page: args.page,
      clientIds: removed,
      readable: clientIds,
      horizon: cursor.xmax,
      since: cursor.position,
      after: cursor.removedAfter,
      limit: limit + 1,
    });
    for (const row of rows.slice(0, limit)) {
      const at = { ...cursor, removedAfter: { clientId: row.clientId, rowId: row.rowId } };
      edges.push({ cursor: encode(tag, at), node: { ...row, page: args.page, reason: 'CLIENT_REMOVED' } });
    }
    if (rows.length > limit) return connectionOf(edges, true, null, totalCount);
  }
  const read = await readDeletions(context.reads, {
    page: args.page,
    clientIds,
    since: cursor ? undefined : (args.since ?? undefined),
    after: cursor?.position,
    limit: limit - edges.length + 1,
  });
  const markers = read.markers.slice(0, limit - edges.length);
  const removedEdges = edges.length;
  for (const marker of markers) {
    const position = { changeId: marker.changeId, markerId: marker.markerId };
    const at = {
      position,
      clients: clientIds,
      xmax: read.xmax,
      at: marker.deletedAt?.getTime() ?? now,
      removedAfter: undefined,
    };
    edges.push({ cursor: encode(tag, at), node: { ...marker, page: args.page, reason: 'DELETED' } });
  }
  const more = read.markers.length > markers.length;
  if (markers.length > 0) return connectionOf(edges, more, null, totalCount);
  // No marker now (the removed clients' rows, if any, all reported): a cursor at the same position, with the
  // clients and horizon of this read, to ask again later.
  const caughtUp = {
    position: cursor?.position,
    clients: clientIds,
    xmax: read.xmax,
    at: now,
    removedAfter: undefined,
  };
  return connectionOf(edges, more || removedEdges < edges.length, encode(tag, caughtUp), totalCount);
}

/** The page of markers; `end`, when given, is the end cursor (it is never null: a reader keeps it to ask again). */
function connectionOf(
  edges: { cursor: string; node: Deletion }[],
  hasNextPage: boolean,
  end: string | null,
  totalCount: () => Promise<number>,
) {
  const last = end ?? edges.at(-1)?.cursor ?? null;
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? last, endCursor: last },
    totalCount,
  };
}
