import type { EntityName } from '@mikro-orm/core';
import type { ObjectFieldsShape, ObjectRef } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import { PAGES, type Page } from '../core/pages.js';
import { rowShape, uuidArray } from '../database/rows.js';
import { builder, type Context, forbiddenClient, principalOf, type Types } from './builder.js';
import { attachJoined, joinedRelations } from './loaders.js';
import { type Connection, decodeCursor, pageSize, selectedNodeFields, subfields, toConnection } from './pagination.js';

/** A row of page data: it belongs to one client. */
export type PageRow = { id: string; client: { id: string } };

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

/**
 * A page's root list, oldest first: `users`, `connectors`, `interfaces` (runs has its own, newest first).
 * Guarded by the page; `clientId`, `first` and `after` as in the contract.
 */
export function pageListField<T extends PageRow & { createdAt: Date }>(options: {
  page: Page;
  field: string;
  description: string;
  node: ObjectRef<Types, T>;
  name: string;
  entity: EntityName<T>;
}): void {
  const connection = pageConnection(options.node, options.name);
  builder.queryField(options.field, (t) =>
    t.field({
      type: connection,
      nullable: true,
      description: options.description,
      authScopes: { page: options.page },
      args: { clientId: t.arg.id(), first: t.arg.int(), after: t.arg.string() },
      resolve: (_root, args, ctx, info) =>
        listPage(
          ctx,
          args,
          { name: options.field, entity: options.entity, order: { field: 'createdAt', direction: 'asc' } },
          info,
        ),
    }),
  );
}

/** The scope of a field that leads from one page's data to another page's type. */
export function requiresPage(page: Page) {
  return { page };
}

/** How a page's rows are listed: oldest first by `createdAt`, or (runs) newest first by `startedAt`. */
export type PageOrder = { field: 'createdAt' | 'startedAt'; direction: 'asc' | 'desc' };

/**
 * Resolves a page's root list: `first`/`after` checked, rows filtered in SQL to the caller's effective clients
 * (or to `clientId`, FORBIDDEN when outside them) and to `where`, in keyset order.
 */
export async function listPage<T extends PageRow>(
  context: Context,
  args: { clientId?: string | null; first?: number | null; after?: string | null },
  list: { name: string; entity: EntityName<T>; order: PageOrder; where?: { column: string; value: string } },
  info: GraphQLResolveInfo,
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  const { field, direction } = list.order;
  const cursorList = `${list.name}:${field}:${direction}`;
  const after = decodeCursor(cursorList, args.after);
  const sortKey = (row: T) => (row as unknown as Record<string, Date>)[field] as Date;
  const clientIds = clientFilter(context, args.clientId, list.name);
  if (clientIds.length === 0) return toConnection<T>([], limit, cursorList, sortKey, async () => 0, after);
  const em = context.reads;
  // Only the columns the nodes read (and the sort key, for cursors); the relations they select are joined.
  const selected = selectedNodeFields(info);
  const shape = rowShape<T>(em, list.entity).pick([...selected.keys(), field]);
  const column = field === 'createdAt' ? 'created_at' : 'started_at';
  // One index range on (client_id, sort column, id) per effective client, merged: an `= any(clients)` filter
  // would read every row of those clients and sort them (6.8 ms instead of 0.2 for a runs page).
  const order = (alias: string) => `order by ${alias}.${column} ${direction}, ${alias}.id ${direction}`;
  const conditions = [
    't.client_id = allowed.id',
    ...(list.where ? [`t."${list.where.column}" = ?`] : []),
    ...(after ? [`(t.${column}, t.id) ${direction === 'asc' ? '>' : '<'} (?, ?)`] : []),
  ];
  const pageQuery = `select t.* from unnest(?::uuid[]) as allowed(id)
    cross join lateral (select ${shape.columns()} from "${shape.table}" t where ${conditions.join(' and ')}
                        ${order('t')} limit ?) t
    ${order('t')} limit ?`;
  const joins = joinedRelations(shape.table).flatMap((relation, index) => {
    const fieldNodes = selected.get(relation.field);
    if (!fieldNodes) return [];
    const joined = rowShape(em, relation.entity as never).pick(
      subfields(info, fieldNodes).map((node) => node.name.value),
    );
    return [
      {
        field: relation.field,
        alias: `j${index}`,
        shape: joined,
        join: relation.join(`j${index}`, joined.columns('r')),
      },
    ];
  });
  const raw = await em.getConnection().execute<Record<string, unknown>[]>(
    `select p.*${joins.map(({ alias, shape: joined }) => `, ${joined.columns(alias, `${alias}__`)}`).join('')}
     from (${pageQuery}) p ${joins.map(({ join }) => join).join(' ')}
     ${order('p')}`,
    [
      uuidArray(clientIds),
      ...(list.where ? [list.where.value] : []),
      ...(after ? [after.at, after.id] : []),
      limit + 1,
      limit + 1,
    ],
  );
  const page = raw.map((row) => {
    const pageRow = shape.toRow(row);
    for (const { field: relation, alias, shape: joined } of joins) {
      attachJoined(pageRow, relation, row[`${alias}__id`] == null ? null : joined.toRow(row, `${alias}__`));
    }
    return pageRow;
  });
  const filter = `where client_id = any(?::uuid[])${list.where ? ` and "${list.where.column}" = ?` : ''}`;
  const filterParams: unknown[] = [uuidArray(clientIds), ...(list.where ? [list.where.value] : [])];
  const count = async () => {
    const [result] = await em
      .getConnection()
      .execute<{ count: string }[]>(`select count(*) from "${shape.table}" ${filter}`, filterParams);
    return Number(result?.count ?? 0);
  };
  return toConnection(page, limit, cursorList, sortKey, count, after);
}

/** The clients a list reads: the caller's effective clients, or `clientId` (FORBIDDEN when outside them). */
function clientFilter(context: Context, clientId: string | null | undefined, field: string): string[] {
  const principal = principalOf(context);
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
