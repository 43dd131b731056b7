import type { ObjectFieldsShape, ObjectRef } from '@pothos/core';
import type { Principal } from '../auth/principal.js';
import { forbidden } from '../errors.js';
import { PAGES, type Page } from '../pages.js';
import { builder, type Context, type Types } from './builder.js';
import { type Connection, type Cursor, decodeCursor, pageSize, toConnection } from './pagination.js';

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
    authScopes: (row) => ({ page, client: row.client.id }),
    fields: options.fields,
  });
  return ref;
}

/** The connection (and edge) type of a page's object type, e.g. ConnectorConnection and ConnectorEdge. */
export function pageConnection<T extends PageRow>(node: ObjectRef<Types, T>, name: string) {
  return builder.connectionObject({ type: node, name: `${name}Connection` }, { name: `${name}Edge` });
}

/** The scope of a field that leads from one page's data to another page's type. */
export function requiresPage(page: Page) {
  return { page };
}

export type PageQuery = { clientIds: string[]; after: Cursor | undefined; limit: number };

/**
 * Resolves a page's root list: `first`/`after` checked, rows filtered in SQL to the caller's effective clients,
 * or to `clientId` (FORBIDDEN when outside them).
 */
export async function listPage<T extends { id: string }>(
  context: Context,
  args: { clientId?: string | null; first?: number | null; after?: string | null },
  query: {
    rows: (query: PageQuery) => Promise<T[]>;
    count: (clientIds: string[]) => Promise<number>;
    sortKey: (row: T) => Date;
  },
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after);
  const clientIds = clientFilter(principalOf(context), args.clientId);
  if (clientIds.length === 0) return toConnection<T>([], limit, query.sortKey, async () => 0, after);
  const rows = await query.rows({ clientIds, after, limit: limit + 1 });
  return toConnection(rows, limit, query.sortKey, () => query.count(clientIds), after);
}

function clientFilter(principal: Principal, clientId: string | null | undefined): string[] {
  if (clientId === null || clientId === undefined) return [...principal.clientIds];
  if (!principal.clientIds.has(clientId)) {
    const caller = principal.kind === 'API_TOKEN' ? 'This API token' : 'You';
    throw forbidden(`${caller} may not read data of client ${clientId}.`, { clientId });
  }
  return [clientId];
}

/** The principal of a field whose scopes already required credentials. */
export function principalOf(context: Context): Principal {
  if (!context.principal) throw new Error('A guarded field ran without a principal.');
  return context.principal;
}

export const PageEnum = builder.enumType('Page', {
  description: 'A data area of the platform. An API token grants read access per page.',
  values: PAGES,
});
