import { badUserInput } from '../core/errors.js';
import { isUuid } from '../core/ids.js';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;
/** Longest text a cursor may carry (a name or an e-mail of the list it came from). */
const MAX_CURSOR_TEXT = 1_000;

/** A position in a list: the sort value and the id of a row. Opaque to callers. */
export type Position = { value: Date | string | number | null; id: string };

export type Connection<T> = {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** Counted only when asked for. */
  totalCount: () => Promise<number>;
  /** Counted only when asked for (runs). */
  statusCounts?: () => Promise<{ status: string; count: number }[]>;
};

/** Which part of a list a request asks for: `first` rows after a cursor, or `last` rows before one. */
export type Window = { limit: number; backward: boolean; cursor: string | undefined; cursorField: 'after' | 'before' };

type WindowArgs = { first?: number | null; after?: string | null; last?: number | null; before?: string | null };

/**
 * Relay's window: forward (first, after) or backward (last, before), never both ways; sizes 1..100 (default 50).
 * Anything else is BAD_USER_INPUT naming the argument.
 */
export function pageWindow({ first, after, last, before }: WindowArgs): Window {
  const given = (value: unknown) => value !== null && value !== undefined;
  if (given(first) && given(last)) throw badUserInput('Give "first" or "last", not both.', 'last');
  if (given(after) && given(before)) throw badUserInput('Give "after" or "before", not both.', 'before');
  if (given(first) && given(before)) {
    throw badUserInput('Page forward (first, after) or backward (last, before), not both ways.', 'before');
  }
  if (given(last) && given(after)) {
    throw badUserInput('Page forward (first, after) or backward (last, before), not both ways.', 'after');
  }
  const backward = given(last) || given(before);
  return backward
    ? { limit: pageSize(last, 'last'), backward, cursor: before ?? undefined, cursorField: 'before' }
    : { limit: pageSize(first, 'first'), backward, cursor: after ?? undefined, cursorField: 'after' };
}

export function pageSize(size: number | null | undefined, field: 'first' | 'last' = 'first'): number {
  if (size === null || size === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`"${field}" must be between 1 and ${MAX_PAGE_SIZE}.`, field);
  }
  return size;
}

/** What a list is ordered by: the kind of its sort values, and whether they may be null. */
export type SortKind = { kind: 'date' | 'text' | 'number'; nullable: boolean };

/**
 * A cursor names its list, with the order and the filter that made it (e.g. `runs:startedAt:desc:<filter>`), so
 * that a cursor of another list, order or filter is refused rather than read as a position in this one.
 */
export function encodeCursor(list: string, { value, id }: Position): string {
  return Buffer.from(JSON.stringify([list, value instanceof Date ? value.toISOString() : value, id])).toString(
    'base64url',
  );
}

/**
 * The position a cursor of `list` holds; BAD_USER_INPUT naming `field` for anything else, saying which: not a
 * cursor at all, a cursor of another list, filter or order, or a position this list cannot hold.
 */
export function decodeCursor(
  list: string,
  sort: SortKind,
  cursor: string | null | undefined,
  field: 'after' | 'before' = 'after',
): Position | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parts = undefined;
  }
  if (!Array.isArray(parts) || parts.length !== 3) throw badUserInput(`"${field}" is not a cursor.`, field);
  const [tag, raw, id] = parts;
  if (tag !== list) throw badUserInput(`"${field}" is a cursor of another list, filter or order.`, field);
  const value = sortValueOf(raw, sort);
  if (typeof id !== 'string' || !isUuid(id) || value === undefined) {
    throw badUserInput(`"${field}" holds no position of this list${outOfRange(raw, sort)}.`, field);
  }
  return { value, id };
}

/** A cursor's sort value, if it is one of the list's kind; undefined otherwise. */
function sortValueOf(raw: unknown, { kind, nullable }: SortKind): Position['value'] | undefined {
  if (raw === null) return nullable ? null : undefined;
  if (kind === 'number') return Number.isSafeInteger(raw) ? (raw as number) : undefined;
  if (typeof raw !== 'string') return undefined;
  if (kind === 'text') return raw.length <= MAX_CURSOR_TEXT ? raw : undefined;
  // Only what encodeCursor writes: the exact ISO form of an instant PostgreSQL can hold (years 1 to 9999).
  const date = new Date(raw);
  const year = date.getUTCFullYear();
  return year >= 1 && year <= 9999 && date.toISOString() === raw ? date : undefined;
}

/** Why a cursor's time is no position: it is outside the years PostgreSQL can hold (none for anything else). */
function outOfRange(raw: unknown, { kind }: SortKind): string {
  if (kind !== 'date' || typeof raw !== 'string') return '';
  const year = new Date(raw).getUTCFullYear();
  return Number.isNaN(year) || (year >= 1 && year <= 9999) ? '' : ' (an instant outside the years 1 to 9999)';
}

/**
 * Builds a connection from the rows read for a window: `limit + 1` of them, the extra one (first when paging
 * backward, last when forward) only telling that there is more that way. The edges keep the list's order.
 */
export function toConnection<T extends { id: string }>(
  rows: T[],
  window: Window,
  list: string,
  sortKey: (row: T) => Position['value'],
  counts: Pick<Connection<T>, 'totalCount' | 'statusCounts'>,
): Connection<T> {
  const more = rows.length > window.limit;
  const page = window.backward ? rows.slice(more ? 1 : 0) : rows.slice(0, window.limit);
  // Cursors are encoded only when asked for (most list queries never read them).
  const cursorOf = (node: T | undefined) => (node ? encodeCursor(list, { value: sortKey(node), id: node.id }) : null);
  const edges = page.map((node) => new Edge(node, cursorOf));
  const from = window.cursor !== undefined;
  return {
    edges,
    pageInfo: new PageInfo(window.backward ? from : more, window.backward ? more : from, page, cursorOf),
    ...counts,
  };
}

/**
 * A connection's page info: its cursors are encoded when read. A class, not an object literal with getters: V8 makes
 * such a literal a dictionary-mode object whose getters it keeps in the old generation, so their closures (the
 * page's rows, and through them the request) survived every scavenge until a full collection: 9.5 of the 11 KB a
 * one-row runs page left to the old generation (docs/performance.md, "Garbage collection").
 */
class PageInfo<T> {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly page: readonly T[],
    private readonly cursorOf: (node: T | undefined) => string | null,
  ) {}
  get startCursor(): string | null {
    return this.cursorOf(this.page[0]);
  }
  get endCursor(): string | null {
    return this.cursorOf(this.page.at(-1));
  }
}

/** An edge of a connection: its cursor is encoded when read (one class, not a getter made per edge). */
class Edge<T> {
  constructor(
    readonly node: T,
    private readonly cursorOf: (node: T) => string | null,
  ) {}
  get cursor(): string {
    return this.cursorOf(this.node) ?? '';
  }
}

/**
 * The SQL condition for "rows after the cursor" in (sortField, id) order: with an index on
 * (client_id, sortField, id) each page is one index range scan, whatever the depth.
 */
export function keysetAfter<F extends string>(field: F, direction: 'asc' | 'desc', after: Position | undefined) {
  if (!after) return {};
  const beyond = direction === 'asc' ? '$gt' : '$lt';
  return {
    $or: [{ [field]: { [beyond]: after.value } }, { [field]: after.value, id: { [beyond]: after.id } }],
  } as Record<string, unknown>;
}

/**
 * A window of a list held in memory (small lists whose order or filter cannot be computed in SQL), with the same
 * keyset semantics as the SQL lists: ordered by (value, id) in `direction`, nulls last both ways, and the rows
 * after (or before) the cursor's exact position, `limit + 1` of them as `toConnection` expects.
 */
export function windowInMemory<T extends { id: string }>(
  rows: readonly T[],
  sortKey: (row: T) => Position['value'],
  direction: 'asc' | 'desc',
  window: Window,
  position: Position | undefined,
): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const compare = (a: Position, b: Position): number => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else {
      const left = a.value instanceof Date ? a.value.getTime() : a.value;
      const right = b.value instanceof Date ? b.value.getTime() : b.value;
      if (left !== right) return left < right ? -sign : sign;
    }
    return a.id === b.id ? 0 : a.id < b.id ? -sign : sign;
  };
  const at = (row: T): Position => ({ value: sortKey(row), id: row.id });
  const sorted = [...rows].sort((a, b) => compare(at(a), at(b)));
  if (window.backward) {
    const before = position ? sorted.filter((row) => compare(at(row), position) < 0) : sorted;
    return before.slice(-(window.limit + 1));
  }
  const after = position ? sorted.filter((row) => compare(at(row), position) > 0) : sorted;
  return after.slice(0, window.limit + 1);
}
