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
import { type RowShape, rowShape, uuidArray } from './rows.js';

// The statements that read page data, described by type, never assembled from caller text: which page, the
// clients to read, the conditions, the order, the position and the columns. Every identifier comes from the
// entities' metadata through a property name the compiler checks; every value is a bound parameter.

/** The tables of the pages, by the page row type. */
const PAGE_TABLES = {
  users: UserEntity,
  connectors: ConnectorEntity,
  interfaces: InterfaceEntity,
  runs: RunEntity,
} as const;
export type PageTable = keyof typeof PAGE_TABLES;
export type RowOf<P extends PageTable> = { users: User; connectors: Connector; interfaces: Interface; runs: Run }[P];

/** A property of the page's row that it can be ordered by (a timestamp, for now). */
export type SortProperty<P extends PageTable> = {
  [K in keyof RowOf<P> & string]: RowOf<P>[K] extends Date ? K : never;
}[keyof RowOf<P> & string];

/** A row's position in its list: the sort value and the id of the last row seen. */
export type Position = { at: Date; id: string };

/** A condition on a page's rows: a property (a column, or a many-to-one's id) equal to a value. */
export type Condition<P extends PageTable> = { property: keyof RowOf<P> & string; equals: string };

/** The relations a page query joins onto its rows, by page: the name the reading side knows them by. */
const RELATIONS = {
  users: {},
  connectors: {},
  interfaces: {
    source: { entity: ConnectorEntity, join: byId('connector', 'source_id') },
    target: { entity: ConnectorEntity, join: byId('connector', 'target_id') },
    // The interface's newest run: one index probe (run_interface_started_idx) per interface.
    lastRun: {
      entity: RunEntity,
      join: (alias: string, columns: string) =>
        `left join lateral (select ${columns} from run r where r.interface_id = p.id
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

type PageQuery<P extends PageTable> = {
  page: P;
  /** The clients whose rows are read (already checked against the caller's). */
  clientIds: readonly string[];
  conditions: readonly Condition<P>[];
  order: { property: SortProperty<P>; direction: 'asc' | 'desc' };
  after?: Position | undefined;
  limit: number;
  /** The properties the reader needs (beside the id, the many-to-ones and the sort key, always read). */
  select: Iterable<string>;
  /** The relations to join, each with the properties its reader needs. */
  joins: readonly { relation: RelationOf<P>; select: Iterable<string> }[];
};

/** A page row, with the rows joined for it by relation (null: the relation is empty). */
type PageRowWithJoins<P extends PageTable> = { row: RowOf<P>; joined: Map<string, unknown> };

/**
 * One statement for a page of rows: one index range on (client_id, sort column, id) per client, merged (an
 * `= any(clients)` filter would read every row of those clients and sort them), then the joined relations.
 */
export async function readPage<P extends PageTable>(
  em: EntityManager,
  query: PageQuery<P>,
): Promise<PageRowWithJoins<P>[]> {
  if (query.clientIds.length === 0) return [];
  const shape = rowShape<RowOf<P>>(em, PAGE_TABLES[query.page] as never).pick([...query.select, query.order.property]);
  const sortColumn = shape.column(query.order.property);
  const direction = query.order.direction;
  const order = (alias: string) => `order by ${alias}."${sortColumn}" ${direction}, ${alias}.id ${direction}`;
  const { clause, params } = conditionsOf(shape, query.conditions);
  const where = [
    't.client_id = allowed.id',
    ...clause.map((condition) => condition.replaceAll('$.', 't.')),
    ...(query.after ? [`(t."${sortColumn}", t.id) ${direction === 'asc' ? '>' : '<'} (?, ?)`] : []),
  ];
  const relations: Record<string, Relation> = RELATIONS[query.page];
  const joins = query.joins.map(({ relation, select }, index) => {
    const { entity, join } = relations[relation] as Relation;
    const joined = rowShape(em, entity as never).pick(select);
    return { relation, alias: `j${index}`, shape: joined, clause: join(`j${index}`, joined.columns('r')) };
  });
  const raw = await em.getConnection().execute<Record<string, unknown>[]>(
    `select p.*${joins.map(({ alias, shape: joined }) => `, ${joined.columns(alias, `${alias}__`)}`).join('')}
     from (select t.* from unnest(?::uuid[]) as allowed(id)
           cross join lateral (select ${shape.columns()} from "${shape.table}" t where ${where.join(' and ')}
                               ${order('t')} limit ?) t
           ${order('t')} limit ?) p
     ${joins.map((join) => join.clause).join(' ')}
     ${order('p')}`,
    [
      uuidArray(query.clientIds),
      ...params,
      ...(query.after ? [query.after.at, query.after.id] : []),
      query.limit,
      query.limit,
    ],
  );
  return raw.map((row) => ({
    row: shape.toRow(row),
    joined: new Map(
      joins.map(({ relation, alias, shape: joined }) => [
        relation,
        row[`${alias}__id`] == null ? null : joined.toRow(row, `${alias}__`),
      ]),
    ),
  }));
}

/** How many rows of the clients meet the conditions: one statement. */
export async function countPage<P extends PageTable>(
  em: EntityManager,
  query: Pick<PageQuery<P>, 'page' | 'clientIds' | 'conditions'>,
): Promise<number> {
  if (query.clientIds.length === 0) return 0;
  const shape = rowShape<RowOf<P>>(em, PAGE_TABLES[query.page] as never);
  const { clause, params } = conditionsOf(shape, query.conditions);
  const where = ['client_id = any(?::uuid[])', ...clause.map((condition) => condition.replaceAll('$.', ''))];
  const [result] = await em
    .getConnection()
    .execute<{ count: string }[]>(`select count(*) from "${shape.table}" where ${where.join(' and ')}`, [
      uuidArray(query.clientIds),
      ...params,
    ]);
  return Number(result?.count ?? 0);
}

/** The SQL of the conditions, `$.` standing for the table's alias, with their parameters in order. */
function conditionsOf<T>(shape: RowShape<T>, conditions: readonly { property: string; equals: string }[]) {
  return {
    clause: conditions.map(({ property }) => `$."${shape.column(property)}" = ?`),
    params: conditions.map(({ equals }) => equals),
  };
}
