import { badUserInput } from '../core/errors.js';
import type { Condition, PageTable, RowOf } from '../database/page-queries.js';

// The filters page lists share, checked and turned into conditions (database/page-tables.ts).

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

/** The `updatedSince` filter every page list takes (docs/changes.md). */
export const UPDATED_SINCE =
  'Rows written at or after this instant. To mirror a list, read it ordered by UPDATED_AT and keep the last cursor: asking `after` it gives what changed since, without gaps or repeats.';

/** The conditions of incremental reads: `updatedSince`, and for the UPDATED_AT order only changes no running transaction can still precede. */
export function changeConditionsOf<P extends PageTable>(
  updatedSince: Date | null | undefined,
  byChange: boolean,
): Condition<P>[] {
  return [
    ...(updatedSince
      ? [{ kind: 'range' as const, property: 'updatedAt' as keyof RowOf<P> & string, from: updatedSince }]
      : []),
    ...(byChange ? [{ kind: 'committed' as const }] : []),
  ];
}

/** The `updatedAt` field of every page row. */
export const UPDATED_AT =
  'When the row was last written (the start of the writing transaction), by whichever writer; set by the database.';
