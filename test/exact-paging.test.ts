import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aClient, aUser, sessionOf, tokenOf } from './builders.js';
import { type Auth, startTestGateway } from './helpers.js';

// Invariant 8 (docs/access.md): walking any list forward or backward, in any order, yields every row
// once, also when rows were stored with sub-millisecond digits or share a time. Rows are written here with
// microseconds, as `default now()` and other writers than the gateway store them.

const gateway = await startTestGateway();

/** Each list, its orders, and its row type's filter and order input names. */
const LISTS = {
  users: { type: 'User', orders: ['NAME', 'EMAIL', 'CREATED_AT'] },
  connectors: { type: 'Connector', orders: ['NAME', 'SYSTEM', 'CREATED_AT'] },
  interfaces: { type: 'Interface', orders: ['NAME', 'CREATED_AT'] },
  runs: { type: 'Run', orders: ['STARTED_AT', 'FINISHED_AT', 'RECORDS_PROCESSED'] },
} as const;
type List = keyof typeof LISTS;

/** An instant within 3 ms, with microseconds: many rows share a millisecond, some share the whole instant. */
const instant = fc
  .tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom(0, 1, 499, 500, 501, 999, 123, 777))
  .map(([ms, micros]) => `2026-03-01T10:00:00.00${ms}${String(micros).padStart(3, '0')}Z`);
/** Few names, so that sort values tie and the id decides. */
const name = fc.constantFrom('alpha', 'beta', 'Beta');
const row = fc.record({
  at: instant,
  finishedAt: fc.option(instant, { nil: null }),
  name,
  records: fc.integer({ min: 0, max: 2 }),
});
const world = fc.record({
  rows: fc.record({
    users: fc.array(row, { minLength: 1, maxLength: 6 }),
    connectors: fc.array(row, { minLength: 1, maxLength: 8 }),
    interfaces: fc.array(row, { minLength: 1, maxLength: 6 }),
    runs: fc.array(row, { minLength: 1, maxLength: 10 }),
    audit: fc.array(row, { minLength: 0, maxLength: 8 }),
  }),
  size: fc.integer({ min: 1, max: 3 }),
});

type Rows = { [K in List | 'audit']: { at: string; finishedAt: string | null; name: string; records: number }[] };

/** A client of its own with these rows (and its owner, a row of the users list too); the ids of each list. */
async function build(rows: Rows) {
  const em = gateway.em();
  const sql = (text: string, params: unknown[]) => em.getConnection().execute(text, params);
  const client = await aClient(em);
  const owner = await aUser(em, { clients: [client] });
  const ids: Record<List | 'audit', string[]> = {
    users: [owner.id],
    connectors: [],
    interfaces: [],
    runs: [],
    audit: [],
  };
  for (const user of rows.users) {
    const made = await aUser(em, { clients: [client], name: user.name });
    await sql('update app_user set created_at = ? where id = ?', [user.at, made.id]);
    ids.users.push(made.id);
  }
  await sql('update app_user set created_at = ? where id = ?', [rows.users[0]?.at, owner.id]);
  for (const [index, connector] of rows.connectors.entries()) {
    const id = randomUUID();
    await sql(
      `insert into connector (id, client_id, name, system, status, created_at) values (?, ?, ?, ?, 'ACTIVE', ?)`,
      [id, client.id, connector.name, ['AFAS', 'Sage', 'AFAS '][index % 3], connector.at],
    );
    ids.connectors.push(id);
  }
  for (const iface of rows.interfaces) {
    const id = randomUUID();
    await sql(`insert into interface (id, client_id, name, status, created_at) values (?, ?, ?, 'ACTIVE', ?)`, [
      id,
      client.id,
      iface.name,
      iface.at,
    ]);
    ids.interfaces.push(id);
  }
  for (const [index, run] of rows.runs.entries()) {
    const id = randomUUID();
    await sql(
      `insert into run (id, client_id, interface_id, status, started_at, finished_at, records_processed)
       values (?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        client.id,
        ids.interfaces[index % ids.interfaces.length],
        run.finishedAt ? 'SUCCEEDED' : 'RUNNING',
        run.at,
        run.finishedAt,
        run.records,
      ],
    );
    ids.runs.push(id);
  }
  const session = await sessionOf(gateway, owner);
  for (const event of rows.audit) {
    await sql(`insert into audit_event (id, at, action, actor_user_id) values (?, ?, 'LOGIN_SUCCEEDED', ?)`, [
      randomUUID(),
      event.at,
      owner.id,
    ]);
  }
  // The owner's own events (the login, the token) are rows of the list too.
  const token = await tokenOf(gateway, session, {
    label: 'walker',
    pages: ['USERS', 'CONNECTORS', 'INTERFACES', 'RUNS'],
  });
  const events = (await sql('select id from audit_event where actor_user_id = ?', [owner.id])) as { id: string }[];
  ids.audit = events.map((event) => event.id);
  return { ids, session, token: token.secret };
}

type Page = {
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { node: { id: string } }[];
};

/** Every row of a list by pages of `size`, forward (first/after) or backward (last/before), in list order. */
async function walk(query: string, field: string, variables: object, size: number, auth: Auth, forward: boolean) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const window = forward ? { first: size, after: cursor } : { last: size, before: cursor };
    const answer = await gateway.request(query, { variables: { ...variables, ...window }, auth });
    expect(answer.body.errors, `${field} ${JSON.stringify(variables)}`).toBeUndefined();
    const page = (answer.body.data as Record<string, Page>)[field] as Page;
    const rows = page.edges.map((edge) => edge.node.id);
    if (forward) ids.push(...rows);
    else ids.unshift(...rows);
    if (!(forward ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage)) return ids;
    cursor = forward ? page.pageInfo.endCursor : page.pageInfo.startCursor;
  }
  throw new Error(`${field}: more than 100 pages.`);
}

describe('paging, with times stored to the microsecond and equal sort values', () => {
  const RUNS = 10;
  it(`yields every row of every list exactly once, forward and backward, in every order (${RUNS} worlds)`, async () => {
    await fc.assert(
      fc.asyncProperty(world, async ({ rows, size }) => {
        const { ids, session, token } = await build(rows);
        for (const [field, { type, orders }] of Object.entries(LISTS) as [List, (typeof LISTS)[List]][]) {
          const query = `query($orderBy: ${type}Order, $first: Int, $after: String, $last: Int, $before: String) {
            ${field}(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
              pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } }`;
          for (const order of orders) {
            for (const direction of ['ASC', 'DESC']) {
              const variables = { orderBy: { field: order, direction } };
              const forward = await walk(query, field, variables, size, { token }, true);
              const backward = await walk(query, field, variables, size, { token }, false);
              const what = `${field} by ${order} ${direction}`;
              expect(new Set(forward).size, `${what}: a row came twice`).toBe(forward.length);
              expect([...forward].sort(), `${what}: forward`).toEqual([...ids[field]].sort());
              expect(backward, `${what}: backward`).toEqual(forward);
            }
          }
        }
        const audit = await walk(
          'query($first: Int, $after: String) { auditEvents(first: $first, after: $after) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } }',
          'auditEvents',
          {},
          size,
          { session },
          true,
        );
        expect(new Set(audit).size, 'auditEvents: an event came twice').toBe(audit.length);
        expect([...audit].sort(), 'auditEvents').toEqual([...ids.audit].sort());
      }),
      { numRuns: RUNS },
    );
  });
});
