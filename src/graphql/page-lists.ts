import { createHash } from 'node:crypto';
import type { InputObjectRef, ObjectRef } from '@pothos/core';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { notFound } from '../core/errors.js';
import type { Page } from '../core/pages.js';
import {
  type Condition,
  countPage,
  countPageBy,
  type Joins,
  type Order,
  type PageTable,
  type RowOf,
  readPage,
  readPageRow,
  relationsOf,
  type SortProperty,
} from '../database/page-queries.js';
import { builder, forbiddenClient, type Types, type WithPrincipal } from './builder.js';
import { changeConditionsOf } from './filters.js';
import { attachJoined } from './loaders.js';
import type { PageRow } from './page-types.js';
import { type Connection, decodeCursor, pageWindow, type SortKind, toConnection } from './pagination.js';
import { selectedNodeFields, subfields } from './selections.js';

/** The connection (and edge) type of a page's object type, e.g. ConnectorConnection and ConnectorEdge. */
function pageConnection<T extends PageRow>(
  node: ObjectRef<Types, T>,
  name: string,
  statusCount: ObjectRef<Types, { status: string; count: number }> | undefined,
) {
  return builder.connectionObject(
    {
      type: node,
      name: `${name}Connection`,
      fields: statusCount
        ? (t) => ({
            statusCounts: t.field({
              type: [statusCount],
              description:
                'Counts per status over the whole filtered list (not only this page); statuses with no run are left out.',
              resolve: (connection) => connection.statusCounts?.() ?? [],
            }),
          })
        : undefined,
    },
    { name: `${name}Edge` },
  );
}

export const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

/** How a list may be ordered: each field of its order enum, the row's property it sorts by, and its kind. */
type OrderFields<P extends PageTable> = Record<string, { property: SortProperty<P> } & SortKind>;

/** The arguments every page list takes, and the runs' own `interfaceId`. */
type ListArgs<F> = {
  clientId?: string | null;
  interfaceId?: string | null;
  filter?: F | null;
  orderBy?: { field: string; direction: 'ASC' | 'DESC' } | null;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
};

/**
 * A page's root list: guarded by the page; `clientId`, `filter`, `orderBy`, and Relay's window (first/after or
 * last/before) as in the contract. The filter is checked and turned into conditions by the page's module;
 * everything runs in SQL (database/page-queries.ts).
 */
export function pageListField<P extends PageTable, F extends object>(options: {
  page: Page;
  /** The root field of the page's one-row lookup, e.g. `run` (by id, within the caller's clients). */
  lookup: string;
  /** The root field, and the page's table. */
  field: P;
  description: string;
  node: ObjectRef<Types, RowOf<P>>;
  name: string;
  filter: InputObjectRef<Types, F>;
  /** The conditions of a filter (and of `interfaceId`), checked: BAD_USER_INPUT for a filter that cannot be. */
  conditions: (args: { filter?: F | null | undefined; interfaceId?: string | null | undefined }) => Condition<P>[];
  orders: OrderFields<P>;
  defaultOrder: { field: string; direction: 'ASC' | 'DESC' };
  /** runs: the `interfaceId` argument, and `statusCounts` (of this type) on the connection. */
  runs?: { statusCount: ObjectRef<Types, { status: string; count: number }> };
}): void {
  const connection = pageConnection(options.node, options.name, options.runs?.statusCount);
  // Every list can be read in the order of changes (docs/changes.md).
  const orders: OrderFields<P> = {
    ...options.orders,
    UPDATED_AT: { property: 'changeId' as SortProperty<P>, kind: 'number', nullable: false },
  };
  const orderField = builder.enumType(`${options.name}OrderField`, {
    values: Object.fromEntries(
      Object.keys(orders).map((name) => [
        name,
        name === 'UPDATED_AT'
          ? { description: 'The order of changes: with a kept cursor, what changed since (docs/changes.md).' }
          : {},
      ]),
    ),
  });
  const orderInput = builder.inputType(`${options.name}Order`, {
    fields: (t) => ({
      field: t.field({ type: orderField, required: true }),
      direction: t.field({ type: OrderDirection, required: true }),
    }),
  });
  builder.queryField(options.field, (t) =>
    t.withAuth({ page: options.page }).field({
      type: connection,
      nullable: true,
      description: options.description,
      args: {
        clientId: t.arg.id(),
        ...(options.runs ? { interfaceId: t.arg.id() } : {}),
        filter: t.arg({ type: options.filter }),
        orderBy: t.arg({ type: orderInput }),
        first: t.arg.int(),
        after: t.arg.string(),
        last: t.arg.int(),
        before: t.arg.string(),
      },
      resolve: (_root, args: ListArgs<F>, ctx, info) => {
        const ordered = args.orderBy ?? options.defaultOrder;
        const sort = orders[ordered.field];
        if (!sort) throw new Error(`No order ${ordered.field} on ${options.field}.`);
        const order = { property: sort.property, direction: ordered.direction === 'ASC' ? 'asc' : 'desc' } as const;
        const updatedSince = (args.filter as { updatedSince?: Date | null } | null | undefined)?.updatedSince;
        const conditions = [
          ...options.conditions(args),
          ...changeConditionsOf<P>(updatedSince, ordered.field === 'UPDATED_AT'),
        ];
        return listPage(ctx, args, { page: options.field, order, sort, conditions }, info);
      },
    }),
  );
  // Typed by what every page row is: the conditional result type of a row still generic in P cannot be checked.
  const lookupType: ObjectRef<Types, PageRow> = options.node;
  builder.queryField(options.lookup, (t) =>
    t.withAuth({ page: options.page }).field({
      type: lookupType,
      nullable: true,
      description: `Page ${options.page}, one row by id; refused and not found as node(id:).`,
      args: { id: t.arg.id({ required: true }) },
      resolve: (_root, { id }, ctx) => lookupRow(ctx, options.field, id, options.name),
    }),
  );
}

/**
 * Resolves a page's root list: the window checked, rows filtered in SQL to the caller's effective clients (or to
 * `clientId`, FORBIDDEN when outside them) and to the conditions, in keyset order. Reads only the columns the
 * request's nodes select, and joins the relations they select. A cursor is valid for the list, order and filter
 * that made it only.
 */
async function listPage<P extends PageTable>(
  context: WithPrincipal,
  args: ListArgs<object>,
  list: { page: P; order: Order<P>; sort: SortKind; conditions: Condition<P>[] },
  info: GraphQLResolveInfo,
): Promise<Connection<RowOf<P>>> {
  const window = pageWindow(args);
  const { property, direction } = list.order;
  const clientIds = clientFilter(context, args.clientId, list.page);
  // A cursor in the order of changes holds for the clients it was read with: a client gained would otherwise be
  // missed behind it (docs/changes.md); after a change of clients the reader starts again from updatedSince.
  const readWith = property === 'changeId' ? [...clientIds].sort() : [];
  const cursorList = `${list.page}:${property}:${direction}:${digestOf([args.clientId, args.interfaceId, args.filter, ...readWith])}`;
  const position = decodeCursor(cursorList, list.sort, window.cursor, window.cursorField);
  const { conditions } = list;
  const selected = selectedNodeFields(info);
  // The counts the request selects on the connection come in the page's statement.
  const onConnection = new Set(subfields(info, info.fieldNodes).map((field) => field.name.value));
  // statusCounts is a field of the runs' connection only.
  const status = 'status' as keyof RowOf<P> & string;
  const read = await readPage(context.reads, {
    page: list.page,
    clientIds,
    conditions,
    order: list.order,
    backward: window.backward,
    position,
    // One more than asked for: it only tells that there is more that way. None when only counts are selected.
    limit: onConnection.has('edges') || onConnection.has('pageInfo') ? window.limit + 1 : 0,
    select: selected.keys(),
    joins: joinsSelected(list.page, selected, info),
    counts: { total: onConnection.has('totalCount'), by: onConnection.has('statusCounts') ? status : undefined },
  });
  const page = read.rows.map(({ row, joined }) => {
    attachJoined(row, joined);
    return row;
  });
  const selection = { page: list.page, clientIds, conditions };
  const { total, countsBy } = read;
  return toConnection(page, window, cursorList, (row) => row[property] as Date | string | number | null, {
    totalCount: async () => total ?? countPage(context.reads, selection),
    statusCounts: async () =>
      (countsBy ?? (await countPageBy(context.reads, selection, status))).map(({ value, count }) => ({
        status: value,
        count,
      })),
  });
}

/** A short, stable digest of what filters a list, for its cursors. */
export function digestOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest('base64url')
    .slice(0, 12);
}

/** The relations of a page that a request selects on its rows, each with the fields selected on it. */
export function joinsSelected<P extends PageTable>(
  page: P,
  selected: Map<string, FieldNode[]>,
  info: GraphQLResolveInfo,
): Joins<P> {
  return relationsOf(page).flatMap((relation) => {
    const fieldNodes = selected.get(relation);
    return fieldNodes ? [{ relation, select: subfields(info, fieldNodes).map((node) => node.name.value) }] : [];
  });
}

/** The clients a list reads: the caller's effective clients, or `clientId` (FORBIDDEN when outside them). */
export function clientFilter(context: WithPrincipal, clientId: string | null | undefined, field: string): string[] {
  const { principal } = context;
  if (clientId === null || clientId === undefined) return [...principal.clientIds];
  if (!principal.clientIds.has(clientId)) {
    const refusal = forbiddenClient(principal, clientId);
    context.refusals.push({ coordinate: `Query.${field}(clientId:)`, lacking: 'client', reason: refusal.message });
    throw refusal;
  }
  return [clientId];
}

/**
 * A page's one-row lookup, e.g. `run(id:)` (its field is guarded by the page: FORBIDDEN with requiredPage whether
 * or not the row exists): one indexed statement within the caller's clients; a row of another client and an id
 * that exists nowhere are alike: NOT_FOUND.
 */
async function lookupRow<P extends PageTable>(
  context: WithPrincipal,
  table: P,
  id: string,
  typeName: string,
): Promise<RowOf<P>> {
  const row = await readPageRow(context.reads, table, id, [...context.principal.clientIds]);
  if (!row) throw notFound(typeName);
  return row;
}
