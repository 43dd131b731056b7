import type { EntityManager } from '@mikro-orm/postgresql';
import type { Page } from '../core/pages.js';
import { COMMITTED_HORIZON } from './page-statements.js';
import { readRows } from './prepared.js';
import { uuidArray } from './rows.js';

// Deletion markers for incremental readers (docs/changes.md): rows deleted or moved away (page_deletion, written by
// triggers), and the rows of clients a reader no longer reads. Always within clients the caller names.

/** The table of each page (fixed names: never caller text). */
const TABLES: Record<Page, string> = {
  USERS: 'app_user',
  CONNECTORS: 'connector',
  INTERFACES: 'interface',
  RUNS: 'run',
};

/** How long deletion markers are kept; a deletions cursor older than that is refused (CURSOR_EXPIRED). */
export const DELETION_RETENTION_DAYS = 30;

/** Below every uuid: where a keyset over uuids starts. */
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** A marker: the row's id and client, when it went (null: its client was removed from the reader). */
export type DeletionMarker = {
  /** The marker's own id (page_deletion.id); for a removed client's row, the row's id. */
  markerId: string;
  rowId: string;
  clientId: string;
  deletedAt: Date | null;
  changeId: number;
};

/** Where a reader of the change stream is: after this marker, below this transaction horizon. */
export type StreamPosition = { changeId: number; markerId: string } | undefined;

/**
 * Markers of the clients after a position in change order, only below every running transaction; with the
 * transaction horizon a cursor keeps (pg_snapshot_xmax: every change a reader could see is below it).
 */
/**
 * A marker counts only while its row is in none of the reader's clients: a row moved between them (or back) is a
 * change the list gives, so a reader drops a row by the id of any marker it gets, in whatever order it reads.
 */
function readableNowIn(page: Page) {
  const table = TABLES[page];
  return (rowId: string) =>
    `not exists (select 1 from "${table}" r where r.id = ${rowId} and r.client_id = any(?::uuid[]))`;
}

type StreamQuery = { page: Page; clientIds: readonly string[]; since?: Date | undefined; after: StreamPosition };

/** The markers of a stream query: of the page and clients, after the position (or since), below the horizon. */
function streamWhere(query: StreamQuery) {
  const notReadable = readableNowIn(query.page);
  const bound = query.after
    ? { clause: '(d.change_id, d.id) > (?, ?)', params: [query.after.changeId, query.after.markerId] }
    : query.since
      ? { clause: 'd.deleted_at >= ?', params: [query.since] }
      : { clause: 'true', params: [] };
  return {
    clause: `d.page = ? and d.client_id = any(?::uuid[]) and d.change_id < ${COMMITTED_HORIZON} and ${bound.clause}
              and ${notReadable('d.row_id')}`,
    params: [query.page, uuidArray(query.clientIds), ...bound.params, uuidArray(query.clientIds)],
  };
}

export async function readDeletions(
  em: EntityManager,
  query: StreamQuery & { limit: number },
): Promise<{ markers: DeletionMarker[]; xmax: number }> {
  const where = streamWhere(query);
  const rows = await readRows<{
    id: string | null;
    row_id: string;
    client_id: string;
    deleted_at: string;
    change_id: string;
    xmax: string;
  }>(
    em,
    `select m.*, h.xmax from (select pg_snapshot_xmax(pg_current_snapshot())::text::bigint as xmax) h
     left join lateral (select d.id, d.row_id, d.client_id, d.deleted_at, d.change_id from page_deletion d
       where ${where.clause} order by d.change_id, d.id limit ?) m on true`,
    [...where.params, query.limit],
  );
  const xmax = Number(rows[0]?.xmax ?? 0);
  const markers = rows
    .filter((row) => row.id !== null)
    .map((row) => ({
      markerId: row.id as string,
      rowId: row.row_id,
      clientId: row.client_id,
      deletedAt: new Date(row.deleted_at),
      changeId: Number(row.change_id),
    }));
  return { markers, xmax };
}

/**
 * The rows a reader could have read of clients it no longer reads: every row of theirs made below the horizon
 * its cursor kept (nothing made later is revealed), and those deleted or moved since, ordered by client and id.
 */
export async function readRemovedClientRows(
  em: EntityManager,
  query: {
    page: Page;
    clientIds: readonly string[];
    /** The clients the reader reads now: their rows are left out (the list gives them). */
    readable: readonly string[];
    horizon: number;
    since: StreamPosition;
    after: { clientId: string; rowId: string } | undefined;
    limit: number;
  },
): Promise<DeletionMarker[]> {
  const table = TABLES[query.page];
  const after = query.after ? [query.after.clientId, query.after.rowId] : [NO_ID, NO_ID];
  const rows = await readRows<{ row_id: string; client_id: string }>(
    em,
    `select distinct m.row_id, m.client_id from (
       select t.id as row_id, t.client_id from "${table}" t
        where t.client_id = any(?::uuid[]) and t.created_change_id < ?
       union all
       select d.row_id, d.client_id from page_deletion d
        where d.page = ? and d.client_id = any(?::uuid[]) and d.created_change_id < ? and (d.change_id, d.id) > (?, ?)
     ) m where (m.client_id, m.row_id) > (?::uuid, ?::uuid) and ${readableNowIn(query.page)('m.row_id')}
     order by m.client_id, m.row_id limit ?`,
    [
      uuidArray(query.clientIds),
      query.horizon,
      query.page,
      uuidArray(query.clientIds),
      query.horizon,
      query.since?.changeId ?? 0,
      query.since?.markerId ?? NO_ID,
      ...after,
      uuidArray(query.readable),
      query.limit,
    ],
  );
  return rows.map((row) => ({
    markerId: row.row_id,
    rowId: row.row_id,
    clientId: row.client_id,
    deletedAt: null,
    changeId: query.since?.changeId ?? 0,
  }));
}

/** How many markers a stream query has. */
export async function countDeletions(em: EntityManager, query: StreamQuery): Promise<number> {
  const where = streamWhere(query);
  const [row] = await readRows<{ count: string }>(
    em,
    `select count(*) as count from page_deletion d where ${where.clause}`,
    where.params,
  );
  return Number(row?.count ?? 0);
}

/** Drops the markers older than the retention; answers how many. */
export async function pruneDeletions(em: EntityManager, before: Date): Promise<number> {
  const result = await em.getConnection().execute('delete from page_deletion where deleted_at < ?', [before], 'run');
  return Number((result as { affectedRows?: number }).affectedRows ?? 0);
}
