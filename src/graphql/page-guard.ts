import {
  defaultFieldResolver,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import type { Principal } from '../auth/principal.js';
import { unauthenticated } from '../core/errors.js';
import type { Page } from '../core/pages.js';
import { type Context, forbiddenClient, forbiddenPage } from './builder.js';

// The guard of page data, where rows are produced (docs/performance.md, "Execution"). A page's rows reach GraphQL
// only through fields that produce them: a page list, a lookup, node(s), a relation of another row. Each such field
// is wrapped here, found by its output type, so a field added later is guarded without a word: before it resolves,
// the caller must have the page (FORBIDDEN with requiredPage, before any read); each row it produces must belong to
// one of the caller's clients, and is then admitted. The page type itself has no resolver on its fields (plain
// property reads, which graphql-jit inlines); its isTypeOf refuses any row that was not admitted, so a row reached by
// a path without this guard is an error, never data.

/**
 * The mark of a row admitted by a page guard: a property only this module can set. Rows are objects made per
 * request (page-queries.ts, loaders.ts), so a mark never outlives its request. (A WeakSet of admitted rows cost
 * 7% of a runs page's CPU: its ephemeron table grows and is swept with every row.)
 */
const ADMITTED = Symbol('admitted by its page guard');
type Marked = { [ADMITTED]?: true };

/** A page type's isTypeOf: whether the row passed the guard of the field that produced it. */
export function isAdmitted(row: unknown): boolean {
  return typeof row === 'object' && row !== null && (row as Marked)[ADMITTED] === true;
}

type Row = { client: { id: string } };
type Caller = { principal: Principal; context: Context; coordinate: string };
type Admit = (value: unknown, caller: Caller) => unknown;

/** The schema and how to tell the page of a type and of a Node row. */
type Pages = {
  schema: GraphQLSchema;
  pageOfType: ReadonlyMap<string, Page>;
  pageOfRow: (row: object) => Page | undefined;
};

/** What a guarded field produces: rows of one page (or, for the Node interface, of the page of each row). */
type Produces = { page: Page | undefined; admit: Admit };

/**
 * Wraps every field that produces page rows with the guard, and leaves the edges of a page connection plain
 * property reads (their connection's field admitted the rows). Returns the coordinates guarded, for the test that
 * proves every path is.
 */
export function guardPageTypes(
  schema: GraphQLSchema,
  pageOfType: ReadonlyMap<string, Page>,
  pageOfRow: (row: object) => Page | undefined,
): Set<string> {
  const guarded = new Set<string>();
  const pages: Pages = { schema, pageOfType, pageOfRow };
  const passThrough = passThroughTypes(schema, pageOfType);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const coordinate = `${type.name}.${field.name}`;
      if (passThrough.get(type.name) === field.name) {
        // Connection.edges and Edge.node: the rows were admitted where the connection was produced.
        field.resolve = undefined;
        continue;
      }
      const produces = producesOf(field.type, pages);
      if (!produces) continue;
      wrap(field, coordinate, produces);
      guarded.add(coordinate);
    }
  }
  return guarded;
}

function wrap(field: GraphQLField<unknown, Context>, coordinate: string, { page, admit }: Produces): void {
  const resolve: GraphQLFieldResolver<unknown, Context> = field.resolve ?? defaultFieldResolver;
  field.resolve = (source, args, context, info) => {
    const { principal } = context;
    if (!principal) throw unauthenticated();
    const caller = { principal, context, coordinate };
    if (page !== undefined) requirePage(page, caller);
    const value = resolve(source, args, context, info);
    return value instanceof Promise ? value.then((resolved) => admit(resolved, caller)) : admit(value, caller);
  };
}

/** FORBIDDEN (requiredPage, recorded for the audit) unless the caller has the page. */
function requirePage(page: Page, { principal, context, coordinate }: Caller): void {
  if (principal.pages.has(page)) return;
  const refusal = forbiddenPage(principal, page);
  context.refusals.push({ coordinate, lacking: `page:${page}`, reason: refusal.message });
  throw refusal;
}

/** Admits one row of one of the caller's clients; FORBIDDEN for a row of another (never expected: SQL filters). */
function admitRow(row: unknown, { principal, context, coordinate }: Caller): unknown {
  if (row === null || row === undefined || row instanceof Error) return row;
  const clientId = (row as Row).client?.id;
  if (clientId === undefined || !principal.clientIds.has(clientId)) {
    const refusal = forbiddenClient(principal, String(clientId));
    context.refusals.push({ coordinate, lacking: 'client', reason: refusal.message });
    throw refusal;
  }
  (row as Marked)[ADMITTED] = true;
  return row;
}

/** How a field's output type holds page rows, or undefined when it holds none (or only through another field). */
function producesOf(type: GraphQLOutputType, pages: Pages): Produces | undefined {
  const { pageOfType } = pages;
  const named = getNamedType(type);
  const inList = holdsList(type);
  const one = rowAdmitterOf(named, pages);
  if (one) return { page: one.page, admit: inList ? eachOf(one.admit) : one.admit };
  const node = isObjectType(named) ? connectionNodeOf(named, pageOfType) : undefined;
  if (node === undefined) return undefined;
  const admitEdges: Admit = (connection, caller) => {
    const edges = (connection as { edges?: { node: unknown }[] } | null | undefined)?.edges;
    for (const edge of edges ?? []) admitRow(edge.node, caller);
    return connection;
  };
  return { page: pageOfType.get(node), admit: inList ? eachOf(admitEdges) : admitEdges };
}

/** The admission of a page type's rows, or of an abstract type's rows of any page (each by the page of its row). */
function rowAdmitterOf(named: GraphQLNamedType, { schema, pageOfType, pageOfRow }: Pages): Produces | undefined {
  const page = pageOfType.get(named.name);
  if (page !== undefined) return { page, admit: admitRow };
  if (!isAbstractType(named)) return undefined;
  if (!schema.getPossibleTypes(named).some((possible) => pageOfType.has(possible.name))) return undefined;
  return {
    page: undefined,
    admit: (row, caller) => {
      if (row === null || row === undefined || row instanceof Error) return row;
      const rowPage = pageOfRow(row as object);
      if (rowPage === undefined) throw new Error(`A row of ${caller.coordinate} has no page.`);
      requirePage(rowPage, caller);
      return admitRow(row, caller);
    },
  };
}

/** Each item of a list admitted; an item that fails is that item's error (the others still answer). */
function eachOf(admit: Admit): Admit {
  return (list, caller) =>
    Array.isArray(list)
      ? list.map((item) => {
          try {
            return admit(item, caller);
          } catch (error) {
            return error;
          }
        })
      : list;
}

function holdsList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** The page type a connection's edges hold (Relay's shape: `edges { node }`), if it is a page's connection. */
function connectionNodeOf(type: GraphQLObjectType, pageOfType: ReadonlyMap<string, Page>): string | undefined {
  const edge = getNamedType(type.getFields().edges?.type);
  if (!edge || !isObjectType(edge)) return undefined;
  const node = getNamedType(edge.getFields().node?.type);
  return node && pageOfType.has(node.name) ? node.name : undefined;
}

/** The page connections and their edges, each with its field that only hands on what was admitted. */
function passThroughTypes(schema: GraphQLSchema, pageOfType: ReadonlyMap<string, Page>): Map<string, string> {
  const found = new Map<string, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || connectionNodeOf(type, pageOfType) === undefined) continue;
    found.set(type.name, 'edges');
    found.set(getNamedType(type.getFields().edges?.type)?.name ?? '', 'node');
  }
  return found;
}
