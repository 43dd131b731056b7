import type { ObjectFieldsShape, ObjectRef } from '@pothos/core';
import { PAGES, type Page } from '../core/pages.js';
import { builder, type Types } from './builder.js';
import { isAdmitted } from './page-guard.js';

// The types that hold page data, with their guard as part of their definition.

/** A row of page data: it belongs to one client. */
export type PageRow = { id: string; client: { id: string } };

/** Which page each page object type belongs to (GraphQL type name -> page); read by the schema guard test. */
export const pageOfType = new Map<string, Page>();

/** Lists that are no page's (the administrators', the deletion markers): Query field -> REST path and OpenAPI tag. */
export type NamedLists = ReadonlyMap<string, { path: string; tag: string }>;

/** A row of a page that can be fetched again by its id (graphql/nodes.ts); ids are the rows' UUIDs. */
export const NodeRef = builder.interfaceRef<PageRow>('Node').implement({
  description: "A row of a page that can be fetched again by its id (Relay's Node).",
  fields: (t) => ({ id: t.exposeID('id') }),
  // Only node(id:) and nodes(ids:) return a Node, and they tag each row with its type (tagNode).
  resolveType: (row) => typeOfNode(row) ?? null,
});

/**
 * Defines an object type that holds a page's data. Its guard is part of the definition, so it cannot be
 * forgotten: every field that produces its rows, by whatever path, needs the page and admits only rows of the
 * caller's clients (page-guard.ts), and the type refuses a row that no such field admitted (isTypeOf). Its own
 * fields are plain reads of the row.
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
    isTypeOf: isAdmitted,
    fields: options.fields,
  });
  return ref;
}

/** The type name a row was tagged with for node(id:) (a page list's rows need none: their type is known). */
const NODE_TYPE = Symbol('node type');
export function tagNode<T extends object>(row: T, typeName: string): T {
  return Object.assign(row, { [NODE_TYPE]: typeName });
}
function typeOfNode(row: object): string | undefined {
  return (row as { [NODE_TYPE]?: string })[NODE_TYPE];
}

/** The page of a row tagged for node(id:), for the guard of fields that return a Node. */
export function pageOfNode(row: object): Page | undefined {
  const typeName = typeOfNode(row);
  return typeName === undefined ? undefined : pageOfType.get(typeName);
}

export const PageEnum = builder.enumType('Page', {
  description: 'A data area of the platform. An API token grants read access per page.',
  values: PAGES,
});
