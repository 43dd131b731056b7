import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openOrm } from '../src/database/orm.js';
import { PREPARED_PER_CONNECTION, readRows } from '../src/database/prepared.js';

// Reads run as named prepared statements (src/database/prepared.ts); a connection keeps a bounded number.

const orm = await openOrm({ clientUrl: inject('databaseUrl'), poolMax: 1 });
afterAll(() => orm.close());

describe('prepared reads', () => {
  it('answer with their values, and a connection keeps only the most recently used statements', async () => {
    const em = orm.em.fork();
    // A tag of this test in each statement's text, so that statements of other processes are not counted (the
    // embedded database serves every connection in one session).
    const tag = `t${randomBytes(6).toString('hex')}`;
    const statement = (i: number) => `select ?::int + ${i} as ${tag}`;
    const kept = async () => {
      const [row] = await readRows<{ n: number }>(
        em,
        'select count(*)::int as n from pg_prepared_statements where statement like ?',
        [`%${tag}%`],
      );
      return row?.n;
    };
    const total = PREPARED_PER_CONNECTION + 50;
    for (let i = 0; i < total; i++) {
      expect(await readRows(em, statement(i), [1000])).toEqual([{ [tag]: 1000 + i }]);
    }
    // The count statement itself is one of the kept ones, so one of the tagged ones made way for it.
    expect(await kept()).toBe(PREPARED_PER_CONNECTION - 1);
    // Used again, a kept statement is not prepared twice; one that made way is prepared anew.
    expect(await readRows(em, statement(total - 1), [1])).toEqual([{ [tag]: total }]);
    expect(await readRows(em, statement(0), [2])).toEqual([{ [tag]: 2 }]);
    expect(await kept()).toBe(PREPARED_PER_CONNECTION - 1);
  });

  it('keep one plan each: the pool sets plan_cache_mode on every connection it opens', async () => {
    // A custom plan per run of a page statement was half of its time (src/database/orm.ts).
    expect(await readRows(orm.em, 'select current_setting(?) as mode', ['plan_cache_mode'])).toEqual([
      { mode: 'force_generic_plan' },
    ]);
    const [plan] = await readRows<{ generic_plans: number }>(
      orm.em,
      `select generic_plans::int from pg_prepared_statements where statement like '%current_setting(%'`,
      [],
    );
    expect(plan?.generic_plans).toBeGreaterThan(0);
  });
});
