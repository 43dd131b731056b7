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
import { rowShape } from './rows.js';

// The page tables as the page statements see them: their rows' types, what they can be filtered and ordered by,
// and the relations a page query can join onto their rows. Every identifier comes from the entities' metadata.

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
export type Property<P extends PageTable> = keyof RowOf<P> & string;

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
export type ConditionOn<K extends string> =
  | { kind: 'equals'; property: K; value: string | boolean }
  | { kind: 'in'; property: K; values: readonly string[] }
  | { kind: 'range'; property: K; from?: Date | undefined; before?: Date | undefined }
  /** Any of the properties contains the text, case-insensitively, as a literal (% and _ match themselves). */
  | { kind: 'search'; properties: readonly K[]; text: string }
  /** Any of the properties (many-to-ones) equals the value. */
  | { kind: 'either'; properties: readonly K[]; value: string }
  /** Runs only: runs of the interfaces of the row's client whose source or target is this connector. */
  | { kind: 'ofConnector'; connectorId: string }
  /** Rows whose last change is older than every running transaction (docs/changes.md): none can appear below it. */
  | { kind: 'committed' };

export type Order<P extends PageTable> = OrderOn<SortProperty<P>>;
export type OrderOn<K extends string> = { property: K; direction: 'asc' | 'desc' };

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
export type Relation = { entity: typeof ConnectorEntity | typeof InterfaceEntity | typeof RunEntity; join: JoinClause };
export type JoinClause = (alias: string, columns: string) => string;
export type RelationOf<P extends PageTable> = keyof (typeof RELATIONS)[P] & string;

/** The relations a page query can join onto the rows of a page. */
export function relationsOf<P extends PageTable>(page: P): RelationOf<P>[] {
  return Object.keys(RELATIONS[page]) as RelationOf<P>[];
}

/**
 * A many-to-one, probed by its primary key for each row of the page (the limit keeps PostgreSQL from hashing the
 * whole related table instead, which grows with the table: operation 3's statement 0.35 -> 0.32 ms, pgbench).
 */
function byId(table: string, column: string): JoinClause {
  return (alias, columns) =>
    `left join lateral (select ${columns} from "${table}" r where r.id = p.${column} limit 1) ${alias} on true`;
}

/** Which rows: a page's rows of some clients that meet the conditions. */
export type Selection<P extends PageTable> = {
  page: P;
  /** The clients whose rows are read (already checked against the caller's). */
  clientIds: readonly string[];
  conditions: readonly Condition<P>[];
};

/** Relations to join onto a page's rows (aliased `p`), each with the properties its reader needs. */
export type Joins<P extends PageTable> = readonly { relation: RelationOf<P>; select: Iterable<string> }[];

/** The join clauses of the relations, each on its own alias (j0, j1 …), with the shape of its rows. */
export function joinsOf(
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
export type PageRowWithJoins<P extends PageTable> = { row: RowOf<P>; joined: Joined | undefined };

/**
 * The rows joined onto one result row (prefixed columns), each relation's row shaped once per id and statement:
 * the runs of a page share their few interfaces, so each interface is one object (shaped once, not per run).
 */
export function joinedRowsOf(
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

export const shapeOf = <P extends PageTable>(em: EntityManager, page: P) =>
  rowShape<RowOf<P>>(em, PAGE_TABLES[page] as never);
