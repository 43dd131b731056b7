import type { EntityManager } from '@mikro-orm/postgresql';
import {
  conditionsOf,
  countedBy,
  countsByOf,
  countsOf,
  filteredRows,
  orderOf,
  partsOf,
  positionOf,
} from './page-statements.js';
import {
  type Joined,
  type Joins,
  joinedRowsOf,
  joinsOf,
  type Order,
  PAGE_TABLE_NAMES,
  type PageRowWithJoins,
  type PageTable,
  type Position,
  type Property,
  type RowOf,
  type Selection,
  shapeOf,
} from './page-tables.js';
import { readRows } from './prepared.js';
import { uuidArray } from './rows.js';

// The statements that read page data, described by type, never assembled from caller text: which page, the
// clients to read, the conditions, the order, the position and the columns (page-tables.ts); their parts are
// built by page-statements.ts.

export type {
  Condition,
  Joined,
  Joins,
  Order,
  PageTable,
  Position,
  RowOf,
  SortProperty,
  SortValue,
} from './page-tables.js';
export { PAGE_TABLE_NAMES, relationsOf } from './page-tables.js';

type PageQuery<P extends PageTable> = Selection<P> & {
  order: Order<P>;
  /** Read backward: the rows before the position (or the list's last rows); the page keeps the list's order. */
  backward: boolean;
  /** Rows after this position (forward) or before it (backward); none: from the list's start (or end). */
  position: Position | undefined;
  limit: number;
  /** The properties the reader needs (beside the id, the many-to-ones and the sort key, always read). */
  select: Iterable<string>;
  /** The relations to join, each with the properties its reader needs. */
  joins: Joins<P>;
  /** Counts of the whole selection to read in the same statement: all its rows, and its rows per value of `by`. */
  counts?: { total: boolean; by?: Property<P> | undefined };
};

/** A page's rows, and the counts of the whole selection asked for with it. */
export type PageRead<P extends PageTable> = {
  rows: PageRowWithJoins<P>[];
  total?: number;
  countsBy?: { value: string; count: number }[];
};

/**
 * One statement for a page of rows: one index range on (client_id, sort column, id) per client, merged (an
 * `= any(clients)` filter would read every row of those clients and sort them), then the joined relations.
 * Paging backward reads in the reverse order and turns the rows around, so a page is always in list order.
 * Nulls come last in both directions (a running run has no finishedAt); the id breaks ties. The counts asked for
 * come in the same statement, as columns of a one-row subquery the page is left-joined to (an empty page is one
 * row of nulls with its counts): a second statement was a second round trip and pool checkout per request.
 */
export async function readPage<P extends PageTable>(em: EntityManager, query: PageQuery<P>): Promise<PageRead<P>> {
  const { total = false, by } = query.counts ?? {};
  if (query.clientIds.length === 0)
    return { rows: [], ...(total ? { total: 0 } : {}), ...(by ? { countsBy: [] } : {}) };
  const shape = shapeOf(em, query.page).pick([...query.select, query.order.property]);
  const { backward, position } = query;
  const order = orderOf(shape, query.order, backward);
  const { from, match, conditions } = partsOf(query);
  const where = conditionsOf(shape, conditions, 't');
  const bound = position ? positionOf(shape, query.order, position, backward ? 'before' : 'after') : undefined;
  const joins = joinsOf(em, query.page, query.joins);
  const read = joins.map(() => new Map<unknown, unknown>());
  const counted = by || total ? countsOf(em, query, by) : undefined;
  const page = `(select t.* from ${from.sql}
           cross join lateral (select ${shape.columns()} from "${shape.table}" t
                               where ${[...match, ...where.clause, ...(bound ? [bound.clause] : [])].join(' and ')}
                               ${order('t')} limit ?) t
           ${order('t')} limit ?) p`;
  const raw = await readRows<Record<string, unknown>>(
    em,
    `select ${counted ? 'c.*, ' : ''}p.*${joins.map(({ alias, shape: joined }) => `, ${joined.columns(alias, `${alias}__`)}`).join('')}
     from ${counted ? `(select ${counted.columns}) c left join ${page} on true` : page}
     ${joins.map((join) => join.clause).join(' ')}
     ${order('p')}`,
    [...(counted?.params ?? []), ...from.params, ...where.params, ...(bound?.params ?? []), query.limit, query.limit],
  );
  const [first] = raw;
  // With counts, an empty page is the one row of the counts, with no page row in it.
  const found = counted && first?.id === null ? [] : raw;
  const rows = found.map((row) => ({ row: shape.toRow(row), joined: joinedRowsOf(joins, read, row) }));
  const countsBy = by ? countsByOf(first?.__counts) : undefined;
  return {
    rows: backward ? rows.reverse() : rows,
    // With counts per value too, the total is their sum (every row is in one group, nulls in theirs).
    ...(total ? { total: countsBy ? sumOf(countsBy) : Number(first?.__total ?? 0) } : {}),
    ...(countsBy ? { countsBy } : {}),
  };
}

const sumOf = (counts: { count: number }[]) => counts.reduce((sum, { count }) => sum + count, 0);

/** How many rows meet the conditions: one statement. */
export async function countPage<P extends PageTable>(em: EntityManager, query: Selection<P>): Promise<number> {
  if (query.clientIds.length === 0) return 0;
  const filtered = filteredRows(em, query);
  const [result] = await readRows<{ count: string }>(em, `select count(*) as count ${filtered.sql}`, filtered.params);
  return Number(result?.count ?? 0);
}

/** How many rows meet the conditions, per value of a property (values without rows are left out). */
export async function countPageBy<P extends PageTable>(
  em: EntityManager,
  query: Selection<P>,
  property: Property<P>,
): Promise<{ value: string; count: number }[]> {
  if (query.clientIds.length === 0) return [];
  const counted = countedBy(em, query, property);
  const rows = await readRows<{ value: string; count: string }>(em, `${counted.sql} order by 1`, counted.params);
  return rows.map(({ value, count }) => ({ value, count: Number(count) }));
}

/** One row of a page by id, if it belongs to one of the clients: one indexed statement. */
export async function readPageRow<P extends PageTable>(
  em: EntityManager,
  page: P,
  id: string,
  clientIds: readonly string[],
): Promise<RowOf<P> | undefined> {
  if (clientIds.length === 0) return undefined;
  const shape = shapeOf(em, page);
  const [row] = await readRows<Record<string, unknown>>(
    em,
    `select ${shape.columns()} from "${shape.table}" where id = ? and client_id = any(?::uuid[])`,
    [id, uuidArray(clientIds)],
  );
  return row ? shape.toRow(row) : undefined;
}

/** What to read of each page's rows found by id: the properties selected on its type, and its relations. */
export type LocatedReads = { [P in PageTable]?: { select: Iterable<string>; joins: Joins<P> } };

/**
 * The order node(s) probes the pages' tables in, most rows first (a table added later comes last): an id found in
 * one is not looked for in the next (ids are unique across pages). 50 runs by id, prepared, on the benchmark's data:
 * 0.27-0.37 ms of the database's time against 0.37-0.56 when every table was probed for every id (pgbench).
 */
const PROBE_ORDER: readonly PageTable[] = [
  ...new Set<PageTable>(['runs', 'connectors', 'interfaces', 'users', ...PAGE_TABLE_NAMES]),
];

/**
 * Rows of any page by id, with their page and client, the properties and relations asked for per page (the id
 * and the many-to-ones always): one statement over the pages' tables, each probed for the ids the tables before it
 * did not have.
 */
export async function locatePageRows(
  em: EntityManager,
  ids: readonly string[],
  reads: LocatedReads = {},
): Promise<{ page: PageTable; clientId: string; row: RowOf<PageTable>; joined: Joined | undefined }[]> {
  const branches = PROBE_ORDER.map((page) => {
    const joins = joinsOf(em, page, reads[page]?.joins ?? []);
    const shape = reads[page] ? shapeOf(em, page).pick(reads[page].select) : shapeOf(em, page);
    return { page, shape, joins, read: joins.map(() => new Map<unknown, unknown>()) };
  });
  // Each id is probed by its primary key (the limit keeps PostgreSQL from turning the probes into a scan of the
  // small tables: `id = any(ids)` was one, filtering every row by every id: 0.85 ms of the database's time for 50
  // runs, 0.52 ms probed). Joined rows come as one JSON object.
  const probes = branches.map(({ page, shape, joins }, index) => {
    const joined = joins.map(
      ({ relation, alias, shape: relationShape }) =>
        `'${relation}', case when ${alias}.id is null then null else json_build_object(${relationShape.jsonFields(alias)}) end`,
    );
    const found = `found${index}`;
    const probe = `${found} as (select '${page}' as page, p.id, p.client_id, json_build_object(${shape.jsonFields('p')}) as row,
                ${joined.length ? `json_build_object(${joined.join(', ')})` : 'null::json'} as joined
                from wanted${index} w cross join lateral (select * from "${shape.table}" r where r.id = w.id limit 1) p
                ${joins.map((join) => join.clause).join(' ')})`;
    const next = `wanted${index + 1} as (select w.id from wanted${index} w where not exists (select from ${found} f where f.id = w.id))`;
    return index < branches.length - 1 ? `${probe}, ${next}` : probe;
  });
  const rows = await readRows<{
    page: PageTable;
    client_id: string;
    row: Record<string, unknown>;
    joined: Record<string, Record<string, unknown> | null> | null;
  }>(
    em,
    `with wanted0 as (select unnest(?::uuid[]) as id), ${probes.join(', ')}
     ${branches.map((_, index) => `select page, client_id, row, joined from found${index}`).join(' union all ')}`,
    [uuidArray(ids)],
  );
  return rows.map(({ page, client_id, row, joined }) => {
    const branch = branches.find((entry) => entry.page === page) as (typeof branches)[number];
    return {
      page,
      clientId: client_id,
      row: branch.shape.toRow(row),
      joined: joinedRowsOf(branch.joins, branch.read, joined ?? {}, false),
    };
  });
}
