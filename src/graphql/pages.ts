import type { ObjectFieldsShape, ObjectRef } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import { PAGES, type Page } from '../core/pages.js';
import {
  type Condition,
  countPage,
  type PageTable,
  type RowOf,
  readPage,
  relationsOf,
  type SortProperty,
} from '../database/page-queries.js';
import { builder, forbiddenClient, type Types, type WithPrincipal } from './builder.js';
import { attachJoined } from './loaders.js';
import { type Connection, decodeCursor, pageSize, selectedNodeFields, subfields, toConnection } from './pagination.js';

/** A row of page data: it belongs to one client. */
type PageRow = { id: string; client: { id: string } };

/** Which page each page object type belongs to (GraphQL type name -> page); read by the schema guard test. */
export const pageOfType = new Map<string, Page>();

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

/** The connection (and edge) type of a page's object type, e.g. ConnectorConnection and ConnectorEdge. */
export function pageConnection<T extends PageRow>(node: ObjectRef<Types, T>, name: string) {
  return builder.connectionObject({ type: node, name: `${name}Connection` }, { name: `${name}Edge` });
}

/** Every page's rows have it; the compiler cannot see that through the generic table. */
const CREATED_AT = 'createdAt';

/**
 * A page's root list, oldest first: `users`, `connectors`, `interfaces` (runs has its own, newest first).
 * Guarded by the page; `clientId`, `first` and `after` as in the contract.
 */
export function pageListField<P extends 'users' | 'connectors' | 'interfaces'>(options: {
  page: Page;
  /** The root field, and the page's table (database/page-queries.ts). */
  field: P;
  description: string;
  node: ObjectRef<Types, RowOf<P>>;
  name: string;
}): void {
  const connection = pageConnection(options.node, options.name);
  builder.queryField(options.field, (t) =>
    t.withAuth({ page: options.page }).field({
      type: connection,
      nullable: true,
      description: options.description,
      args: { clientId: t.arg.id(), first: t.arg.int(), after: t.arg.string() },
      resolve: (_root, args, ctx, info) =>
        listPage(
          ctx,
          args,
          { page: options.field, order: { property: CREATED_AT as SortProperty<P>, direction: 'asc' } },
          info,
        ),
    }),
  );
}

/** The scope of a field that leads from one page's data to another page's type. */
export function requiresPage(page: Page) {
  return { page };
}

/**
 * Resolves a page's root list: `first`/`after` checked, rows filtered in SQL to the caller's effective clients
 * (or to `clientId`, FORBIDDEN when outside them) and to the conditions, in keyset order. Reads only the columns
 * the request's nodes select, and joins the relations they select (database/page-queries.ts).
 */
export async function listPage<P extends PageTable>(
  context: WithPrincipal,
  args: { clientId?: string | null; first?: number | null; after?: string | null },
  list: {
    page: P;
    order: { property: SortProperty<P>; direction: 'asc' | 'desc' };
    conditions?: readonly Condition<P>[];
  },
  info: GraphQLResolveInfo,
): Promise<Connection<RowOf<P>>> {
  const limit = pageSize(args.first);
  const { property, direction } = list.order;
  const cursorList = `${list.page}:${property}:${direction}`;
  const after = decodeCursor(cursorList, args.after);
  const sortKey = (row: RowOf<P>) => row[property] as Date;
  const clientIds = clientFilter(context, args.clientId, list.page);
  const conditions = list.conditions ?? [];
  const selected = selectedNodeFields(info);
  const rows = await readPage(context.reads, {
    page: list.page,
    clientIds,
    conditions,
    order: list.order,
    after,
    // One more than asked for: it only tells that there is a next page.
    limit: limit + 1,
    select: selected.keys(),
    joins: relationsOf(list.page).flatMap((relation) => {
      const fieldNodes = selected.get(relation);
      return fieldNodes ? [{ relation, select: subfields(info, fieldNodes).map((node) => node.name.value) }] : [];
    }),
  });
  const page = rows.map(({ row, joined }) => {
    attachJoined(row, joined);
    return row;
  });
  const count = () => countPage(context.reads, { page: list.page, clientIds, conditions });
  return toConnection(page, limit, cursorList, sortKey, count, after);
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

export const PageEnum = builder.enumType('Page', {
  description: 'A data area of the platform. An API token grants read access per page.',
  values: PAGES,
});
