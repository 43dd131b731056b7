import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type Connector,
  ConnectorEntity,
  type Interface,
  InterfaceEntity,
  type Run,
  RunEntity,
  type User,
  UserEntity,
} from './entities.js';
import { readRows } from './prepared.js';
import { type RowShape, rowShape, textArray, uuidArray } from './rows.js';

// The statements that read page data, described by type, never assembled from caller text: which page, the
// clients to read, the conditions, the order, the position and the columns. Every identifier comes from the
// entities' metadata through a property name the compiler checks; every value is a bound parameter.

/** The tables of the pages, by their list's name. */
const PAGE_TABLES = {
  users: UserEntity,
  connectors: ConnectorEntity,
  interfaces: InterfaceEntity,
  runs: RunEntity,
} as const;
export type PageTable = keyof typeof PAGE_TABLES;
export const PAGE_TABLE_NAMES = Object.keys(PAGE_TABLES) as PageTable[];
export type RowOf<P extends PageTable> = { users: User; connectors: Connector; interfaces: Interface; runs: Run }[P];
type Property<P extends PageTable> = keyof RowOf<P> & string;

/** A value a list can be ordered by. */
export type SortValue = Date | string | number | null;

/** A property of the page's row that it can be ordered by: a timestamp, a text or a number (maybe null). */
export type SortProperty<P extends PageTable> = {
  [K in Property<P>]: NonNullable<RowOf<P>[K]> extends Date | string | number ? K : never;
}[Property<P>];

/** A row's position in its list: its sort value and its id (the tie-breaker). */
export type Position = { value: SortValue; id: string };

/** A condition on a page's rows. */
export type Condition<P extends PageTable> = ConditionOn<Property<P>>;
type ConditionOn<K extends string> =
  | { kind: 'equals'; property: K; value: string | boolean }
  | { kind: 'in'; property: K; values: readonly string[] }
  | { kind: 'range'; property: K; from?: Date | undefined; before?: Date | undefined }
  /** Any of the properties contains the text, case-insensitively, as a literal (% and _ match themselves). */
  | { kind: 'search'; properties: readonly K[]; text: string }
  /** Any of the properties (many-to-ones) equals the value. */
  | { kind: 'either'; properties: readonly K[]; value: string }
  /** Runs only: runs of the interfaces of the row's client whose source or target is this connector. */
  | { kind: 'ofConnector'; connectorId: string };

export type Order<P extends PageTable> = OrderOn<SortProperty<P>>;
type OrderOn<K extends string> = { property: K; direction: 'asc' | 'desc' };

/** The relations a page query joins onto its rows, by page: the name the reading side knows them by. */
const RELATIONS = {
  users: {},
  connectors: {},
  interfaces: {
    source: { entity: ConnectorEntity, join: byId('connector', 'source_id') },
    target: { entity: ConnectorEntity, join: byId('connector', 'target_id') },
    // The interface's newest run: one index probe (run_interface_client_started_idx) per interface.
    lastRun: {
      entity: RunEntity,
      join: (alias: string, columns: string) =>
        `left join lateral (select ${columns} from run r where r.interface_id = p.id and r.client_id = p.client_id
                            order by r.started_at desc, r.id desc limit 1) ${alias} on true`,
    },
  },
  runs: { interface: { entity: InterfaceEntity, join: byId('interface', 'interface_id') } },
} as const satisfies Record<PageTable, Record<string, Relation>>;
type Relation = { entity: typeof ConnectorEntity | typeof InterfaceEntity | typeof RunEntity; join: JoinClause };
type JoinClause = (alias: string, columns: string) => string;
type RelationOf<P extends PageTable> = keyof (typeof RELATIONS)[P] & string;

/** The relations a page query can join onto the rows of a page. */
export function relationsOf<P extends PageTable>(page: P): RelationOf<P>[] {
  return Object.keys(RELATIONS[page]) as RelationOf<P>[];
}

function byId(table: string, column: string): JoinClause {
  return (alias) => `left join "${table}" ${alias} on ${alias}.id = p.${column}`;
}

/** Which rows: a page's rows of some clients that meet the conditions. */
type Selection<P extends PageTable> = {
  page: P;
  /** The clients whose rows are read (already checked against the caller's). */
  clientIds: readonly string[];
  conditions: readonly Condition<P>[];
};

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

/** Relations to join onto a page's rows (aliased `p`), each with the properties its reader needs. */
export type Joins<P extends PageTable> = readonly { relation: RelationOf<P>; select: Iterable<string> }[];

/** The join clauses of the relations, each on its own alias (j0, j1 …), with the shape of its rows. */
function joinsOf(
  em: EntityManager,
  page: PageTable,
  requested: readonly { relation: string; select: Iterable<string> }[],
) {
  const relations: Record<string, Relation> = RELATIONS[page];
  return requested.map(({ relation, select }, index) => {
    const { entity, join } = relations[relation] as Relation;
    const joined = rowShape(em, entity as never).pick(select);
    return { relation, alias: `j${index}`, shape: joined, clause: join(`j${index}`, joined.columns('r')) };
  });
}

/** Rows joined onto a page row, by relation (null: the relation is empty). */
export type Joined = Record<string, unknown>;

/** A page row, with the rows joined for it (none when no relation was joined). */
type PageRowWithJoins<P extends PageTable> = { row: RowOf<P>; joined: Joined | undefined };

/**
 * The rows joined onto one result row (prefixed columns), each relation's row shaped once per id and statement:
 * the runs of a page share their few interfaces, so each interface is one object, and its type's guard is
 * evaluated once per object (scope-auth caches it by object) instead of once per run.
 */
function joinedRowsOf(
  joins: ReturnType<typeof joinsOf>,
  read: Map<unknown, unknown>[],
  raw: Record<string, unknown>,
  prefixed = true,
): Joined | undefined {
  if (joins.length === 0) return undefined;
  const joined: Joined = {};
  for (let index = 0; index < joins.length; index++) {
    const { relation, alias, shape } = joins[index] as (typeof joins)[number];
    const source = (prefixed ? raw : raw[relation]) as Record<string, unknown> | null;
    const prefix = prefixed ? `${alias}__` : '';
    const id = source?.[`${prefix}id`];
    if (id === null || id === undefined) {
      joined[relation] = null;
      continue;
    }
    const byId = read[index] as Map<unknown, unknown>;
    let row = byId.get(id);
    if (row === undefined) {
      row = shape.toRow(source as Record<string, unknown>, prefix);
      byId.set(id, row);
    }
    joined[relation] = row;
  }
  return joined;
}

const shapeOf = <P extends PageTable>(em: EntityManager, page: P) => rowShape<RowOf<P>>(em, PAGE_TABLES[page] as never);

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

/**
 * The select list of a page's counts (`__total`, `__counts`: no column of a page is named so): the counts per value
 * when asked for (the total is then their sum), else the total.
 */
function countsOf<P extends PageTable>(em: EntityManager, query: Selection<P>, by: Property<P> | undefined) {
  if (by) {
    const counted = countedBy(em, query, by);
    return {
      columns: `(select coalesce(json_agg(json_build_array(s.value, s.count) order by s.value), '[]'::json) from (${counted.sql}) s) as "__counts"`,
      params: counted.params,
    };
  }
  const filtered = filteredRows(em, query);
  return { columns: `(select count(*) ${filtered.sql}) as "__total"`, params: filtered.params };
}

/** The `[value, count]` pairs of a page's `__counts` column (JSON, parsed by the driver). */
function countsByOf(value: unknown): { value: string; count: number }[] {
  return ((value ?? []) as [string, number][]).map(([entry, count]) => ({ value: entry, count: Number(count) }));
}

/**
 * The parts of the list a page query reads one index range of each, merged: a client's rows, or for the runs of
 * a connector, the runs of each of its interfaces (run_interface_client_started_idx): a connector has few
 * interfaces, while a client's runs are many and mostly of other connectors.
 */
function partsOf<P extends PageTable>(query: Selection<P>) {
  const connector = query.conditions.find((condition) => condition.kind === 'ofConnector');
  const conditions = query.conditions.filter((condition) => condition !== connector);
  if (!connector) {
    const from = { sql: 'unnest(?::uuid[]) as allowed(id)', params: [uuidArray(query.clientIds)] };
    return { from, match: ['t.client_id = allowed.id'], conditions };
  }
  const from = {
    sql: `(select i.client_id as id, i.id as interface_id from interface i
           where i.client_id = any(?::uuid[]) and (i.source_id = ? or i.target_id = ?)) allowed`,
    params: [uuidArray(query.clientIds), connector.connectorId, connector.connectorId],
  };
  return { from, match: ['t.client_id = allowed.id', 't.interface_id = allowed.interface_id'], conditions };
}

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

/** `select <value>, count(*) … group by 1` of the rows that meet the conditions, per value of a property. */
function countedBy<P extends PageTable>(em: EntityManager, query: Selection<P>, property: Property<P>) {
  const column = shapeOf(em, query.page).column(property);
  const filtered = filteredRows(em, query);
  return {
    sql: `select t."${column}" as value, count(*) as count ${filtered.sql} group by 1`,
    params: filtered.params,
  };
}

/** `from <table> t where …`: the rows of the clients that meet the conditions (clients: at least one). */
function filteredRows(
  em: EntityManager,
  query: { page: PageTable; clientIds: readonly string[]; conditions: readonly ConditionOn<string>[] },
) {
  const shape = shapeOf(em, query.page);
  const where = conditionsOf(shape, query.conditions, 't');
  return {
    sql: `from "${shape.table}" t where ${['t.client_id = any(?::uuid[])', ...where.clause].join(' and ')}`,
    params: [uuidArray(query.clientIds), ...where.params],
  };
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

/**
 * Rows of any page by id, with their page and client and the relations asked for per page: one statement over
 * every page's table.
 */
export async function locatePageRows(
  em: EntityManager,
  ids: readonly string[],
  joinsByPage: { [P in PageTable]?: Joins<P> } = {},
): Promise<{ page: PageTable; clientId: string; row: RowOf<PageTable>; joined: Joined | undefined }[]> {
  const branches = PAGE_TABLE_NAMES.map((page) => {
    const joins = joinsOf(em, page, joinsByPage[page] ?? []);
    return { page, shape: shapeOf(em, page), joins, read: joins.map(() => new Map<unknown, unknown>()) };
  });
  // The ids are sent once and probed in every table (an index scan each). Joined rows come as one JSON object.
  const rows = await readRows<{
    page: PageTable;
    client_id: string;
    row: Record<string, unknown>;
    joined: Record<string, Record<string, unknown> | null> | null;
  }>(
    em,
    `with wanted as (select ?::uuid[] as ids) ${branches
      .map(({ page, shape, joins }) => {
        const joined = joins.map(
          ({ relation, alias, shape: relationShape }) =>
            `'${relation}', case when ${alias}.id is null then null else json_build_object(${relationShape.jsonFields(alias)}) end`,
        );
        return `select '${page}' as page, p.client_id, json_build_object(${shape.jsonFields('p')}) as row,
                ${joined.length ? `json_build_object(${joined.join(', ')})` : 'null::json'} as joined
                from "${shape.table}" p ${joins.map((join) => join.clause).join(' ')}
                where p.id = any((select ids from wanted)::uuid[])`;
      })
      .join(' union all ')}`,
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

/** `order by` of the list's order (or its reverse, to read backward): nulls last, the id breaking ties. */
function orderOf<T>(shape: RowShape<T>, order: OrderOn<string>, reverse: boolean) {
  const column = `"${shape.column(order.property)}"`;
  const direction = reverse ? flip(order.direction) : order.direction;
  // Only a nullable column says where nulls go: a NOT NULL column's index order must match the query's exactly.
  const nulls = shape.isNullable(order.property) ? (reverse ? ' nulls first' : ' nulls last') : '';
  return (alias: string) => `order by ${alias}.${column} ${direction}${nulls}, ${alias}.id ${direction}`;
}

const flip = (direction: 'asc' | 'desc') => (direction === 'asc' ? 'desc' : 'asc');

/** The rows after (or before) a position in list order, nulls last. */
function positionOf<T>(shape: RowShape<T>, order: OrderOn<string>, position: Position, side: 'after' | 'before') {
  const column = `t."${shape.column(order.property)}"`;
  const later = order.direction === 'asc' ? '>' : '<';
  const operator = side === 'after' ? later : later === '>' ? '<' : '>';
  const nullable = shape.isNullable(order.property);
  if (position.value === null) {
    // The position is among the nulls, which come last.
    return side === 'after'
      ? { clause: `(${column} is null and t.id ${operator} ?)`, params: [position.id] }
      : { clause: `(${column} is not null or t.id ${operator} ?)`, params: [position.id] };
  }
  const compare = `(${column}, t.id) ${operator} (?, ?)`;
  const clause = !nullable ? compare : side === 'after' ? `(${compare} or ${column} is null)` : compare;
  return { clause, params: [position.value, position.id] };
}

/** The conditions' SQL on the table's alias, with their parameters in order. */
function conditionsOf<T>(shape: RowShape<T>, conditions: readonly ConditionOn<string>[], alias: string) {
  const clause: string[] = [];
  const params: unknown[] = [];
  const column = (property: string) => `${alias}."${shape.column(property)}"`;
  for (const condition of conditions) {
    switch (condition.kind) {
      case 'equals':
        clause.push(`${column(condition.property)} = ?`);
        params.push(condition.value);
        break;
      case 'in':
        clause.push(`${column(condition.property)} = any(?::text[])`);
        params.push(textArray(condition.values));
        break;
      case 'range':
        if (condition.from) {
          clause.push(`${column(condition.property)} >= ?`);
          params.push(condition.from);
        }
        if (condition.before) {
          clause.push(`${column(condition.property)} < ?`);
          params.push(condition.before);
        }
        break;
      case 'search': {
        const pattern = `%${condition.text.replace(/[\\%_]/g, '\\$&')}%`;
        clause.push(
          `(${condition.properties.map((property) => `${column(property)} ilike ? escape '\\'`).join(' or ')})`,
        );
        params.push(...condition.properties.map(() => pattern));
        break;
      }
      case 'either':
        clause.push(`(${condition.properties.map((property) => `${column(property)} = ?`).join(' or ')})`);
        params.push(...condition.properties.map(() => condition.value));
        break;
      case 'ofConnector':
        // The interface and the client together: one range of run_interface_client_started_idx per interface.
        clause.push(
          `(${alias}.interface_id, ${alias}.client_id) in (select i.id, i.client_id from interface i where i.source_id = ? or i.target_id = ?)`,
        );
        params.push(condition.connectorId, condition.connectorId);
        break;
    }
  }
  return { clause, params };
}
