import { describe, expect, it } from 'vitest';
import { type Columns, conditionsOf, orderOf, positionOf } from '../src/database/page-statements.js';
import { textArray } from '../src/database/rows.js';

// The page statements' parts as pure functions: no database. What they send to PostgreSQL is checked against a
// real one by the paging, filter and leak tests; here, that every value is a parameter and each clause is the
// one the order, position and null rules call for.

/** Run-like columns: startedAt (not null), finishedAt (nullable), status, name. */
const runs: Columns = {
  column: (property) => property.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
  isNullable: (property) => property === 'finishedAt',
};

describe('conditionsOf', () => {
  it('puts every value in a parameter, never in the SQL text', () => {
    const hostile = "x' or 1=1; --";
    const { clause, params } = conditionsOf(
      runs,
      [
        { kind: 'equals', property: 'status', value: hostile },
        { kind: 'in', property: 'status', values: [hostile, 'FAILED'] },
        { kind: 'search', properties: ['name', 'email'], text: hostile },
        { kind: 'either', properties: ['sourceId', 'targetId'], value: hostile },
        { kind: 'ofConnector', connectorId: hostile },
      ],
      't',
    );
    expect(clause.join(' ')).not.toContain('1=1');
    expect(clause).toEqual([
      't."status" = ?',
      't."status" = any(?::text[])',
      `(t."name" ilike ? escape '\\' or t."email" ilike ? escape '\\')`,
      '(t."source_id" = ? or t."target_id" = ?)',
      '(t.interface_id, t.client_id) in (select i.id, i.client_id from interface i where i.source_id = ? or i.target_id = ?)',
    ]);
    expect(params).toHaveLength(8);
  });

  it('asks for one value of a list as an equality, so that a generic plan can use the index on the column', () => {
    expect(conditionsOf(runs, [{ kind: 'in', property: 'status', values: ['FAILED'] }], 't')).toEqual({
      clause: ['t."status" = ?'],
      params: ['FAILED'],
    });
  });

  it('searches for % and _ as themselves, and quotes list values with commas and braces inside one element', () => {
    const { params } = conditionsOf(runs, [{ kind: 'search', properties: ['name'], text: '50%_off\\' }], 't');
    expect(params).toEqual(['%50\\%\\_off\\\\%']);
    expect(textArray(['a,b', '{c}', 'd"e'])).toBe('{"a,b","{c}","d\\"e"}');
  });

  it('bounds a range at either end or both, from inclusive and before exclusive', () => {
    const from = new Date('2026-01-01T00:00:00Z');
    const before = new Date('2026-02-01T00:00:00Z');
    expect(conditionsOf(runs, [{ kind: 'range', property: 'startedAt', from, before }], 'p')).toEqual({
      clause: ['p."started_at" >= ?', 'p."started_at" < ?'],
      params: [from, before],
    });
    expect(conditionsOf(runs, [{ kind: 'range', property: 'startedAt', before }], 'p').clause).toEqual([
      'p."started_at" < ?',
    ]);
  });
});

describe('orderOf and positionOf', () => {
  it('order by the column and the id in one direction, with nulls last only where the column may hold null', () => {
    expect(orderOf(runs, { property: 'startedAt', direction: 'desc' }, false)('t')).toBe(
      'order by t."started_at" desc, t.id desc',
    );
    expect(orderOf(runs, { property: 'finishedAt', direction: 'asc' }, false)('p')).toBe(
      'order by p."finished_at" asc nulls last, p.id asc',
    );
    // Read backward: every direction flips, and the nulls (last in list order) come first.
    expect(orderOf(runs, { property: 'finishedAt', direction: 'asc' }, true)('p')).toBe(
      'order by p."finished_at" desc nulls first, p.id desc',
    );
  });

  it('compare (column, id) as a row value after or before a position, in the direction of the list', () => {
    const at = new Date('2026-03-01T10:00:00.001Z');
    const position = { value: at, id: '00000000-0000-4000-8000-000000000001' };
    const desc = { property: 'startedAt', direction: 'desc' } as const;
    expect(positionOf(runs, desc, position, 'after')).toEqual({
      clause: '(t."started_at", t.id) < (?, ?)',
      params: [at, position.id],
    });
    expect(positionOf(runs, desc, position, 'before').clause).toBe('(t."started_at", t.id) > (?, ?)');
  });

  it('reach the nulls after the last value of a nullable column, and page within the nulls by id', () => {
    const asc = { property: 'finishedAt', direction: 'asc' } as const;
    const id = '00000000-0000-4000-8000-000000000002';
    const at = new Date('2026-03-01T10:00:00Z');
    expect(positionOf(runs, asc, { value: at, id }, 'after').clause).toBe(
      '((t."finished_at", t.id) > (?, ?) or t."finished_at" is null)',
    );
    expect(positionOf(runs, asc, { value: at, id }, 'before').clause).toBe('(t."finished_at", t.id) < (?, ?)');
    expect(positionOf(runs, asc, { value: null, id }, 'after')).toEqual({
      clause: '(t."finished_at" is null and t.id > ?)',
      params: [id],
    });
    expect(positionOf(runs, asc, { value: null, id }, 'before')).toEqual({
      clause: '(t."finished_at" is not null or t.id < ?)',
      params: [id],
    });
  });
});
