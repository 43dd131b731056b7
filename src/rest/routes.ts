import { createHash } from 'node:crypto';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import type { Page } from '../core/pages.js';
import type { NamedLists } from '../graphql/page-types.js';

// The REST routes, read off the GraphQL schema: each is one GraphQL document (a persisted operation) whose
// variables come from the query parameters. The routes (plugins/use-rest-api.ts) and the OpenAPI document
// (rest/openapi.ts) are both made from this table, never written beside it.

export const REST_PREFIX = '/api/v1';
export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 50;

/** A query parameter and where its value goes in the document's variables. */
export type Parameter = {
  name: string;
  description: string;
  /** The GraphQL type of one value (a list's item type when `repeated`). */
  type: GraphQLInputType;
  repeated: boolean;
  target:
    | { kind: 'argument'; name: string }
    | { kind: 'filter'; name: string }
    | { kind: 'limit' }
    | { kind: 'cursor' }
    | { kind: 'orderBy'; fields: readonly OrderField[] };
};

/** An order a list allows: `startedAt` in the parameter, STARTED_AT in GraphQL. */
export type OrderField = { name: string; value: string };

/** A property of an item and the GraphQL field it comes from. */
export type ItemProperty =
  | { kind: 'scalar'; name: string; field: GraphQLField<unknown, unknown> }
  | { kind: 'client'; name: 'client'; field: GraphQLField<unknown, unknown> }
  /** An object (or a list of them) of another type that is no page's, whose fields are all leaves: as it is. */
  | { kind: 'object'; name: string; field: GraphQLField<unknown, unknown>; type: GraphQLObjectType }
  /** A related row of another page, as its id: left out when the caller may not read that page. */
  | { kind: 'related'; name: string; field: GraphQLField<unknown, unknown>; type: GraphQLObjectType; page?: Page };

export type Item = { type: GraphQLObjectType; page?: Page; properties: ItemProperty[] };

type Operation = { operationName: string; document: string; documentId: string };

export type ListRoute = Operation & {
  kind: 'list';
  path: string;
  field: GraphQLField<unknown, unknown>;
  /** The page of its rows; none for a named list (an administrator's, the deletion markers). */
  page?: Page;
  /** The OpenAPI tag: the page, or the named list's. */
  tag: string;
  /** The argument given in the path (`/clients/{clientId}/api-tokens`), if any. */
  pathParameter?: string;
  item: Item;
  parameters: Parameter[];
};
export type RowRoute = Operation & {
  kind: 'row';
  path: string;
  field: GraphQLField<unknown, unknown>;
  page: Page;
  item: Item;
};
export type MeRoute = Operation & { kind: 'me'; path: string; field: GraphQLField<unknown, unknown>; item: Item };
export type Route = ListRoute | RowRoute | MeRoute;

const WINDOW_ARGUMENTS = new Set(['first', 'last', 'after', 'before', 'filter', 'orderBy']);

/** `STARTED_AT` -> `startedAt`. */
export function camelCase(constant: string): string {
  return constant.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function operation(operationName: string, variables: string, body: string): Operation {
  const document = `query ${operationName}${variables ? `(${variables})` : ''} { ${body} }`;
  return { operationName, document, documentId: `sha256:${createHash('sha256').update(document).digest('hex')}` };
}

function isLeaf(type: GraphQLOutputType): boolean {
  const named = getNamedType(type);
  return isScalarType(named) || isEnumType(named);
}

/** The properties of an item: scalars, the client as {id, name}, related page rows as ids. */
function itemOf(type: GraphQLObjectType, pageOfType: ReadonlyMap<string, Page>): Item {
  const properties: ItemProperty[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type))) continue;
    const named = getNamedType(field.type);
    if (isLeaf(field.type)) properties.push({ kind: 'scalar', name: field.name, field });
    else if (field.name === 'client' && named.name === 'Client')
      properties.push({ kind: 'client', name: 'client', field });
    else if (
      isObjectType(named) &&
      !pageOfType.has(named.name) &&
      Object.values(named.getFields()).every((f) => isLeaf(f.type))
    ) {
      properties.push({ kind: 'object', name: field.name, field, type: named });
    } else if (isObjectType(named) && !isListType(field.type) && pageOfType.has(named.name)) {
      // interface -> interfaceId, lastRun -> lastRunId, source (a Connector) -> sourceConnectorId.
      const name = field.name.toLowerCase().endsWith(named.name.toLowerCase())
        ? `${field.name}Id`
        : `${field.name}${named.name}Id`;
      properties.push({ kind: 'related', name, field, type: named, page: pageOfType.get(named.name) });
    }
  }
  return { type, page: pageOfType.get(type.name), properties };
}

/** The selection set that reads an item's properties. */
export function selectionOf(item: Item): string {
  const fields = item.properties.map((property) =>
    property.kind === 'scalar'
      ? property.field.name
      : property.kind === 'client'
        ? 'client { id name }'
        : property.kind === 'object'
          ? `${property.field.name} { ${Object.keys(property.type.getFields()).join(' ')} }`
          : `${property.field.name} { id }`,
  );
  return `{ ${fields.join(' ')} }`;
}

function listRoute(
  field: GraphQLField<unknown, unknown>,
  node: GraphQLObjectType,
  item: Item,
  where: { page?: Page; tag: string; path: string; pathParameter?: string },
): ListRoute {
  const parameters: Parameter[] = [
    {
      name: 'limit',
      description: `How many items to answer (1 to ${MAX_LIMIT}, default ${DEFAULT_LIMIT}).`,
      type: field.args.find((arg) => arg.name === 'first')?.type as GraphQLInputType,
      repeated: false,
      target: { kind: 'limit' },
    },
    {
      name: 'cursor',
      description: 'The `nextCursor` of the previous answer: the page after it, with the same parameters.',
      type: field.args.find((arg) => arg.name === 'after')?.type as GraphQLInputType,
      repeated: false,
      target: { kind: 'cursor' },
    },
  ];
  for (const arg of field.args) {
    if (WINDOW_ARGUMENTS.has(arg.name) || arg.name === where.pathParameter) continue;
    parameters.push({
      name: arg.name,
      description: arg.description ?? '',
      type: arg.type,
      repeated: false,
      target: { kind: 'argument', name: arg.name },
    });
  }
  const filter = getNamedType(field.args.find((arg) => arg.name === 'filter')?.type);
  if (isInputObjectType(filter)) {
    for (const input of Object.values(filter.getFields())) {
      const type = isNonNullType(input.type) ? input.type.ofType : input.type;
      const repeated = isListType(type);
      parameters.push({
        name: input.name,
        description: `${input.description ?? ''}${repeated ? ' Repeat the parameter for more than one.' : ''}`.trim(),
        type: repeated ? (type.ofType as GraphQLInputType) : type,
        repeated,
        target: { kind: 'filter', name: input.name },
      });
    }
  }
  const order = getNamedType(field.args.find((arg) => arg.name === 'orderBy')?.type);
  const orderField = isInputObjectType(order) ? getNamedType(order.getFields().field?.type) : undefined;
  if (orderField && isEnumType(orderField)) {
    const fields = orderField.getValues().map((value) => ({ name: camelCase(value.name), value: value.name }));
    parameters.push({
      name: 'orderBy',
      description: `\`<field>:<asc|desc>\`, e.g. \`${fields[0]?.name}:desc\`; the id breaks ties. Fields: ${fields.map((f) => f.name).join(', ')}.`,
      type: orderField,
      repeated: false,
      target: { kind: 'orderBy', fields },
    });
  }
  const used = field.args.filter((arg) => arg.name !== 'last' && arg.name !== 'before');
  const name = `Rest${node.name}List`;
  return {
    kind: 'list',
    ...where,
    field,
    item,
    parameters,
    ...operation(
      name,
      used.map((arg) => `$${arg.name}: ${arg.type}`).join(', '),
      `${field.name}(${used.map((arg) => `${arg.name}: $${arg.name}`).join(', ')}) { totalCount pageInfo { hasNextPage endCursor } edges { node ${selectionOf(item)} } }`,
    ),
  };
}

/**
 * The routes of a schema: `/me` (the viewer), for each page list (a Query field whose connection's nodes are a
 * page's rows) the list and its one-row lookup (the Query field of that type with an `id`), and the `namedLists`
 * (with their one argument in the path, if any).
 */
export function restRoutes(
  schema: GraphQLSchema,
  pageOfType: ReadonlyMap<string, Page>,
  namedLists: NamedLists = new Map(),
): Route[] {
  const query = schema.getQueryType();
  if (!query) return [];
  const fields = Object.values(query.getFields());
  const routes: Route[] = [];
  const viewer = query.getFields().viewer;
  const viewerType = viewer && getNamedType(viewer.type);
  if (viewer && isObjectType(viewerType)) {
    const item: Item = {
      type: viewerType,
      properties: Object.values(viewerType.getFields()).flatMap((field): ItemProperty[] =>
        isLeaf(field.type) ? [{ kind: 'scalar', name: field.name, field }] : [],
      ),
    };
    // And the viewer's clients as {id, name}; a token's end comes with every answer (Salure-Token-Expires).
    routes.push({
      kind: 'me',
      path: `${REST_PREFIX}/me`,
      field: viewer,
      item,
      ...operation('RestMe', '', `viewer ${selectionOf(item).slice(0, -1)} clients { id name } }`),
    });
  }
  for (const field of fields) {
    const connection = getNamedType(field.type) as GraphQLNamedType;
    if (!isObjectType(connection)) continue;
    const node = getNamedType(connection.getFields().edges?.type);
    const nodeType = isObjectType(node) ? node.getFields().node?.type : undefined;
    const rowType = nodeType && getNamedType(nodeType);
    if (!rowType || !isObjectType(rowType)) continue;
    const named = namedLists.get(field.name);
    if (named) {
      const pathParameter = /\{(\w+)\}/.exec(named.path)?.[1];
      routes.push(
        listRoute(field, rowType, itemOf(rowType, pageOfType), {
          tag: named.tag,
          path: `${REST_PREFIX}/${named.path}`,
          ...(pathParameter ? { pathParameter } : {}),
        }),
      );
      continue;
    }
    const page = pageOfType.get(rowType.name);
    if (!page) continue;
    const item = itemOf(rowType, pageOfType);
    routes.push(listRoute(field, rowType, item, { page, tag: page, path: `${REST_PREFIX}/${field.name}` }));
    const lookup = fields.find(
      (candidate) =>
        getNamedType(candidate.type) === rowType &&
        !isListType(candidate.type) &&
        candidate.args.length === 1 &&
        candidate.args[0]?.name === 'id',
    );
    if (lookup) {
      routes.push({
        kind: 'row',
        path: `${REST_PREFIX}/${field.name}/{id}`,
        field: lookup,
        page,
        item,
        ...operation(`Rest${rowType.name}`, '$id: ID!', `${lookup.name}(id: $id) ${selectionOf(item)}`),
      });
    }
  }
  return routes;
}
