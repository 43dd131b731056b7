import { createHash } from 'node:crypto';
import type { InputObjectRef, ObjectFieldsShape, ObjectRef } from '@pothos/core';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { badUserInput, notFound } from '../core/errors.js';
import { PAGES, type Page } from '../core/pages.js';
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
import { attachJoined } from './loaders.js';
import {
  type Connection,
  decodeCursor,
  pageWindow,
  type SortKind,
  selectedNodeFields,
  subfields,
  toConnection,
} from './pagination.js';

/** A row of page data: it belongs to one client. */
export type PageRow = { id: string; client: { id: string } };

/** Which page each page object type belongs to (GraphQL type name -> page); read by the schema guard test. */
export const pageOfType = new Map<string, Page>();

/** A row of a page that can be fetched again by its id (graphql/nodes.ts); ids are the rows' UUIDs. */
export const NodeRef = builder.interfaceRef<PageRow>('Node').implement({
  description: "A row of a page that can be fetched again by its id (Relay's Node).",
  fields: (t) => ({ id: t.exposeID('id') }),
  // Only node(id:) and nodes(ids:) return a Node, and they tag each row with its type (tagNode).
  resolveType: (row) => typeOfNode(row) ?? null,
});

/**
 * Defines an object type that holds a page's data. Its guard is part of the definition, so it cannot be
 * forgotten: every field of the type needs the page's right and the row's client, by whatever path the object
 * is reached (the field that leads to it from another page also needs `requiresPage`, for a precise error).
 */
export function pageObject<T extends PageRow>(
  page: Page,
  name: string,
  options: { description: string; fields: ObjectFieldsShape<Types, T> },
): ObjectRef<Types, T> {
  pageOfType.set(name, page);
  const ref = builder.objectRef<T>(name);
  ref.implement({
    description: `${options.description} Page ${page}.`,
    // Pothos cannot check an interface against a type still generic in its rows; every page row has the id.
    interfaces: [NodeRef] as never,
    authScopes: (row) => pageScopes(page, row.client.id),
    fields: options.fields,
  });
  return ref;
}

/**
 * The guard of a page's rows of one client, one object for all of them: the plugin caches a guard's outcome per
 * request by the object, so it is evaluated once per client and request instead of once per row (and field).
 * As many as there are pages times clients whose rows were read.
 */
const scopesByPage = new Map<Page, Map<string, { page: Page; client: string }>>();

function pageScopes(page: Page, clientId: string): { page: Page; client: string } {
  let byClient = scopesByPage.get(page);
  if (!byClient) {
    byClient = new Map();
    scopesByPage.set(page, byClient);
  }
  let scopes = byClient.get(clientId);
  if (!scopes) {
    scopes = Object.freeze({ page, client: clientId });
    byClient.set(clientId, scopes);
  }
  return scopes;
}

/** The type name a row was tagged with for node(id:) (a page list's rows need none: their type is known). */
const NODE_TYPE = Symbol('node type');
export function tagNode<T extends object>(row: T, typeName: string): T {
  return Object.assign(row, { [NODE_TYPE]: typeName });
}
function typeOfNode(row: object): string | undefined {
  return (row as { [NODE_TYPE]?: string })[NODE_TYPE];
}

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

const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

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
  const orderField = builder.enumType(`${options.name}OrderField`, { values: Object.keys(options.orders) });
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
        const sort = options.orders[ordered.field];
        if (!sort) throw new Error(`No order ${ordered.field} on ${options.field}.`);
        const order = { property: sort.property, direction: ordered.direction === 'ASC' ? 'asc' : 'desc' } as const;
        return listPage(ctx, args, { page: options.field, order, sort, conditions: options.conditions(args) }, info);
      },
    }),
  );
}

/** The scope of a field that leads from one page's data to another page's type. */
export function requiresPage(page: Page) {
  return { page };
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
  const cursorList = `${list.page}:${property}:${direction}:${digestOf([args.clientId, args.interfaceId, args.filter])}`;
  const position = decodeCursor(cursorList, list.sort, window.cursor, window.cursorField);
  const clientIds = clientFilter(context, args.clientId, list.page);
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
function digestOf(value: unknown): string {
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
function clientFilter(context: WithPrincipal, clientId: string | null | undefined, field: string): string[] {
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
export async function lookupRow<P extends PageTable>(
  context: WithPrincipal,
  table: P,
  id: string,
  typeName: string,
): Promise<RowOf<P>> {
  const row = await readPageRow(context.reads, table, id, [...context.principal.clientIds]);
  if (!row) throw notFound(typeName);
  return row;
}

/** Longest text a `search` filter takes. */
const MAX_SEARCH = 100;

/** A `search` filter: 1 to 100 characters, matched case-insensitively as a literal in any of the properties. */
export function searchOf<P extends PageTable>(
  text: string | null | undefined,
  properties: (keyof RowOf<P> & string)[],
): Condition<P>[] {
  if (text === null || text === undefined) return [];
  if (text.length < 1 || text.length > MAX_SEARCH) {
    throw badUserInput(`"search" must be 1 to ${MAX_SEARCH} characters long.`, 'search');
  }
  return [{ kind: 'search', properties, text }];
}

/** A `status` filter: any of these statuses (at least one). */
export function statusesOf<P extends PageTable>(statuses: readonly string[] | null | undefined): Condition<P>[] {
  if (statuses === null || statuses === undefined) return [];
  if (statuses.length === 0) throw badUserInput('"status" needs at least one status, or leave it out.', 'status');
  return [{ kind: 'in', property: 'status' as keyof RowOf<P> & string, values: [...new Set(statuses)] }];
}

/** An equality filter, when given. */
export function equalsOf<P extends PageTable>(
  property: keyof RowOf<P> & string,
  value: string | boolean | null | undefined,
): Condition<P>[] {
  return value === null || value === undefined ? [] : [{ kind: 'equals', property, value }];
}

export const PageEnum = builder.enumType('Page', {
  description: 'A data area of the platform. An API token grants read access per page.',
  values: PAGES,
});
