import { type FieldNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { badUserInput } from '../core/errors.js';
import { isUuid } from '../core/ids.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;

/** A keyset position: the sort timestamp and id of the last row seen. Opaque to callers. */
export type Cursor = { at: Date; id: string };

export type Connection<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted only when asked for. */
  totalCount: () => Promise<number>;
};

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  return first;
}

/**
 * A cursor names the list and order it belongs to (e.g. `runs:startedAt:desc`), so that a cursor taken from
 * another list is refused rather than read as a position in this one.
 */
export function encodeCursor(list: string, at: Date, id: string): string {
  return Buffer.from(`${list}|${at.toISOString()}|${id}`).toString('base64url');
}

/** The position a cursor of `list` holds; BAD_USER_INPUT naming `field` for anything else. */
export function decodeCursor(list: string, cursor: string | null | undefined, field = 'after'): Cursor | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const [tag, at = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString().split('|');
  const date = new Date(at);
  // Only what encodeCursor writes: the exact ISO form of an instant PostgreSQL can hold (years 1 to 9999).
  const year = date.getUTCFullYear();
  const valid =
    tag === list && rest.length === 0 && isUuid(id) && year >= 1 && year <= 9999 && date.toISOString() === at;
  if (!valid) throw badUserInput(`"${field}" is not a cursor of this list.`, field);
  return { at: date, id };
}

/**
 * Builds a connection from `limit + 1` rows fetched after the cursor: the extra row only tells that there is a
 * next page.
 */
export function toConnection<T extends { id: string }>(
  rows: T[],
  limit: number,
  list: string,
  sortKey: (row: T) => Date,
  totalCount: () => Promise<number>,
  after: Cursor | undefined,
): Connection<T> {
  const page = rows.slice(0, limit);
  // Cursors are encoded only when asked for (most list queries never read them).
  const cursorOf = (node: T | undefined) => (node ? encodeCursor(list, sortKey(node), node.id) : null);
  const edges = page.map((node) => ({
    node,
    get cursor() {
      return cursorOf(node) ?? '';
    },
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > limit,
      hasPreviousPage: after !== undefined,
      get startCursor() {
        return cursorOf(page[0]);
      },
      get endCursor() {
        return cursorOf(page.at(-1));
      },
    },
    totalCount,
  };
}

/**
 * The SQL condition for "rows after the cursor" in (sortField, id) order: with an index on
 * (client_id, sortField, id) each page is one index range scan, whatever the depth.
 */
export function keysetAfter<F extends string>(field: F, direction: 'asc' | 'desc', after: Cursor | undefined) {
  if (!after) return {};
  const beyond = direction === 'asc' ? '$gt' : '$lt';
  return {
    $or: [{ [field]: { [beyond]: after.at } }, { [field]: after.at, id: { [beyond]: after.id } }],
  } as Record<string, unknown>;
}

/**
 * The fields a request selects on `edges.node` of the connection being resolved, by name (through fragments too;
 * whatever the aliases, all occurrences of a name together). Lets a page query read and join what the nodes need.
 */
export function selectedNodeFields(info: GraphQLResolveInfo): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  const add = (node: FieldNode) => {
    for (const field of subfields(info, [node])) {
      const name = field.name.value;
      fields.set(name, [...(fields.get(name) ?? []), field]);
    }
  };
  for (const connectionField of subfields(info, info.fieldNodes)) {
    if (connectionField.name.value !== 'edges') continue;
    for (const node of subfields(info, [connectionField])) if (node.name.value === 'node') add(node);
  }
  return fields;
}

/** The fields selected under these field nodes, through inline fragments and fragment spreads. */
export function subfields(info: GraphQLResolveInfo, fieldNodes: readonly FieldNode[]): FieldNode[] {
  const found: FieldNode[] = [];
  const visit = (selectionSet: SelectionSetNode | undefined): void => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) found.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const field of fieldNodes) visit(field.selectionSet);
  return found;
}
