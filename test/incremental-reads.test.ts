import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { setRights } from '../src/operator/users.js';
import { aClientWithData, anOwnerWithToken } from './builders.js';
import { errorCodes, startTestGateway } from './helpers.js';

// Incremental reads (docs/changes.md): updatedAt kept by the database, lists in the order of changes with an exact
// cursor, and deletion markers; a mirror kept with them equals the list, also while others write at once.

const gateway = await startTestGateway();
const onPostgres = inject('databaseKind') === 'postgresql';

const CHANGED_RUNS = `query Changed($after: String, $clientId: ID) {
  runs(clientId: $clientId, orderBy: { field: UPDATED_AT, direction: ASC }, filter: { updatedSince: "2000-01-01T00:00:00Z" }, first: 7, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id status updatedAt client { id } } }
  }
}`;
const DELETIONS = `query Deletions($page: Page!, $after: String, $clientId: ID, $first: Int) {
  deletions(page: $page, clientId: $clientId, after: $after, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id page clientId deletedAt reason } }
  }
}`;

type RunNode = { id: string; status: string; updatedAt: string; client: { id: string } };
type Marker = { id: string; clientId: string; reason: string; deletedAt: string | null };
type Page<T> = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: T }[] };

/** A mirror of the runs a token reads, kept with the two streams: changes, then deletions. */
function aMirror(token: string, clientId?: string) {
  const rows = new Map<string, RunNode>();
  const state: { changes?: string; deletions?: string } = {};
  const removed: Marker[] = [];
  const mirror = {
    rows,
    removed,
    cursors: state,
    async sync() {
      await mirror.syncChanges();
      await mirror.syncDeletions();
    },
    async syncChanges() {
      for (let more = true; more; ) {
        const { runs } = await gateway.data<{ runs: Page<RunNode> }, unknown>(CHANGED_RUNS, {
          variables: { after: state.changes, clientId },
          auth: { token },
        });
        for (const { node } of runs.edges) rows.set(node.id, node);
        state.changes = runs.pageInfo.endCursor ?? state.changes;
        more = runs.pageInfo.hasNextPage;
      }
    },
    async syncDeletions() {
      for (let more = true; more; ) {
        const { deletions } = await gateway.data<{ deletions: Page<Marker> }, unknown>(DELETIONS, {
          variables: { page: 'RUNS', after: state.deletions, clientId },
          auth: { token },
        });
        for (const { node } of deletions.edges) {
          rows.delete(node.id);
          if (node.reason === 'CLIENT_REMOVED') removed.push(node);
        }
        expect(deletions.pageInfo.endCursor).not.toBeNull();
        state.deletions = deletions.pageInfo.endCursor ?? undefined;
        more = deletions.pageInfo.hasNextPage;
      }
    },
  };
  return mirror;
}

/** The runs of the clients as they are, by id with their status. */
async function runsOf(clientIds: string[]) {
  const rows: { id: string; status: string }[] = await gateway
    .em()
    .getConnection()
    .execute('select id, status from run where client_id = any(?::uuid[])', [`{${clientIds.join(',')}}`]);
  return new Map(rows.map((row) => [row.id, row.status]));
}
const statusesOf = (rows: Map<string, RunNode>) => new Map([...rows].map(([id, row]) => [id, row.status]));

/** The id of a row of the table and client (the builders make at least one). */
async function firstIdOf(table: 'run' | 'interface', clientId: string): Promise<string> {
  const [row] = await sql(`select id from ${table} where client_id = ? order by id limit 1`, [clientId]);
  if (!row) throw new Error(`no ${table} of the client`);
  return row.id;
}

/** Plain SQL, as the platform writes runs (never through the gateway). */
const sql = (text: string, values: unknown[] = []) => gateway.em().getConnection().execute(text, values);
const insertRun = (clientId: string, interfaceId: string, id = randomUUID()) =>
  sql(
    `insert into run (id, client_id, interface_id, status, started_at, records_processed) values (?, ?, ?, 'RUNNING', now(), 0)`,
    [id, clientId, interfaceId],
  ).then(() => id);

describe('incremental reads', () => {
  it('keeps updatedAt in the database and moves a changed row to the end of the order of changes', async () => {
    const owner = await anOwnerWithToken(gateway, { pages: ['RUNS'] }, { withData: true });
    const [client] = owner.clients;
    const runs = await gateway.data<{ runs: Page<RunNode> }, unknown>(CHANGED_RUNS, {
      auth: { token: owner.token.secret },
    });
    const [first, second] = runs.runs.edges.map((edge) => edge.node);
    if (!first || !second || !client) throw new Error('two runs expected');
    await sql(`update run set status = 'FAILED' where id = ?`, [first.id]);
    const again = await gateway.data<{ runs: Page<RunNode> }, unknown>(CHANGED_RUNS, {
      auth: { token: owner.token.secret },
    });
    const order = again.runs.edges.map((edge) => edge.node);
    expect(order.map((node) => node.id)).toEqual([second.id, first.id]);
    expect(order[1]?.status).toBe('FAILED');
    expect(Date.parse(order[1]?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(first.updatedAt));
    // updatedSince: only what was written since.
    const since = await gateway.data<{ runs: { totalCount: number } }, unknown>(
      'query($since: DateTime) { runs(filter: { updatedSince: $since }) { totalCount } }',
      { variables: { since: order[1]?.updatedAt }, auth: { token: owner.token.secret } },
    );
    expect(since.runs.totalCount).toBeGreaterThanOrEqual(1);
    expect(since.runs.totalCount).toBeLessThan(2 + 1);
    // REST reads the same order and filter.
    const rest = await gateway.rest('/api/v1/runs?orderBy=updatedAt:asc&updatedSince=2000-01-01T00:00:00Z', {
      auth: { token: owner.token.secret },
    });
    expect(rest.body.items?.map((item) => item.id)).toEqual([second.id, first.id]);
  });

  it('mirrors a list exactly through random inserts, updates, moves and deletes between syncs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom('insert', 'update', 'delete', 'move', 'sync'), fc.nat(20)), {
          minLength: 5,
          maxLength: 25,
        }),
        async (operations) => {
          const em = gateway.em();
          const owner = await anOwnerWithToken(gateway, { pages: ['RUNS'] }, { clients: 2, withData: true });
          const [home, other] = owner.clients;
          if (!home || !other) throw new Error('two clients expected');
          const elsewhere = await aClientWithData(em);
          const mirror = aMirror(owner.token.secret);
          const homeInterface = await firstIdOf('interface', home.id);
          const otherInterface = await firstIdOf('interface', other.id);
          for (const [operation, pick] of operations) {
            const ids = [...(await runsOf([home.id, other.id])).keys()].sort();
            const id = ids[pick % Math.max(ids.length, 1)];
            if (operation === 'insert')
              await insertRun(pick % 2 ? home.id : other.id, pick % 2 ? homeInterface : otherInterface);
            else if (operation === 'sync') await mirror.sync();
            else if (!id) continue;
            else if (operation === 'update') await sql(`update run set status = 'FAILED' where id = ?`, [id]);
            else if (operation === 'delete') await sql('delete from run where id = ?', [id]);
            // Moved away to a client the token does not read, or between its two clients (with an interface of
            // the new client: a run's interface is always of its own client).
            else if (pick % 3 === 0) {
              await sql('update run set client_id = ?, interface_id = ? where id = ?', [
                elsewhere.client.id,
                elsewhere.iface.id,
                id,
              ]);
            } else {
              await sql(
                `update run set client_id = case when client_id = ? then ?::uuid else ?::uuid end,
                   interface_id = case when client_id = ? then ?::uuid else ?::uuid end where id = ?`,
                [home.id, other.id, home.id, home.id, otherInterface, homeInterface, id],
              );
            }
          }
          await mirror.sync();
          const actual = await runsOf([home.id, other.id]);
          expect(statusesOf(mirror.rows)).toEqual(actual);
        },
      ),
      { numRuns: 15 },
    );
    // The moves kept every run with an interface of its own client (other tests rely on it).
    const [mixed] = await sql(
      'select count(*)::int as count from run r join interface i on i.id = r.interface_id where i.client_id <> r.client_id',
    );
    expect(mixed?.count).toBe(0);
  });

  // The embedded database is one session: transactions cannot overlap there.
  it.skipIf(!onPostgres)(
    'never reads a row of a change that can still commit behind the cursor (a transaction open across a read)',
    async () => {
      const owner = await anOwnerWithToken(gateway, { pages: ['RUNS'] }, { withData: true });
      const [client] = owner.clients;
      if (!client) throw new Error('a client expected');
      const iface = await firstIdOf('interface', client.id);
      const mirror = aMirror(owner.token.secret);
      await mirror.sync();
      const slow = new pg.Client({ connectionString: inject('databaseUrl') });
      await slow.connect();
      try {
        await slow.query('begin');
        const early = randomUUID();
        await slow.query(
          `insert into run (id, client_id, interface_id, status, started_at, records_processed) values ($1, $2, $3, 'RUNNING', now(), 0)`,
          [early, client.id, iface],
        );
        const late = await insertRun(client.id, iface);
        // The later transaction committed first: it waits until the earlier one ends.
        await mirror.sync();
        expect(mirror.rows.has(late)).toBe(false);
        await slow.query('commit');
        await mirror.sync();
        expect(mirror.rows.has(early) && mirror.rows.has(late)).toBe(true);
      } finally {
        await slow.end();
      }
    },
  );

  it.skipIf(!onPostgres)('mirrors a list exactly while writers insert, update and delete at once', async () => {
    const owner = await anOwnerWithToken(gateway, { pages: ['RUNS'] }, { withData: true });
    const [client] = owner.clients;
    if (!client) throw new Error('a client expected');
    const iface = await firstIdOf('interface', client.id);
    const mirror = aMirror(owner.token.secret);
    let writing = true;
    const writer = async (seed: number) => {
      const connection = new pg.Client({ connectionString: inject('databaseUrl') });
      await connection.connect();
      try {
        for (let step = 0; step < 25; step++) {
          await connection.query('begin');
          const id = randomUUID();
          await connection.query(
            `insert into run (id, client_id, interface_id, status, started_at, records_processed) values ($1, $2, $3, 'RUNNING', now(), 0)`,
            [id, client.id, iface],
          );
          const { rows } = await connection.query('select id from run where client_id = $1 order by id limit 3', [
            client.id,
          ]);
          const target = rows[(seed + step) % Math.max(rows.length, 1)]?.id;
          if (step % 3 === 0 && target) await connection.query('delete from run where id = $1', [target]);
          else if (target) await connection.query(`update run set status = 'SUCCEEDED' where id = $1`, [target]);
          await connection.query('commit');
        }
      } finally {
        await connection.end();
      }
    };
    const reader = async () => {
      while (writing) await mirror.sync();
    };
    const reading = reader();
    await Promise.all([writer(0), writer(1), writer(2)]);
    writing = false;
    await reading;
    await mirror.sync();
    expect(statusesOf(mirror.rows)).toEqual(await runsOf([client.id]));
  });
});

describe('deletion markers', () => {
  it('reports a deleted row once, by id, only to readers of its page and client', async () => {
    const owner = await anOwnerWithToken(gateway, { pages: ['RUNS'] }, { clients: 2, withData: true });
    const [home, other] = owner.clients;
    if (!home || !other) throw new Error('two clients expected');
    const homeOnly = await gateway.data<{ createApiToken: { token: string } }, unknown>(
      'mutation($c: ID!) { createApiToken(input: { label: "home", pages: [RUNS], clientIds: [$c] }) { token } }',
      { variables: { c: home.id }, auth: { session: owner.session } },
    );
    const noRuns = await gateway.data<{ createApiToken: { token: string } }, unknown>(
      'mutation { createApiToken(input: { label: "connectors", pages: [CONNECTORS] }) { token } }',
      { auth: { session: owner.session } },
    );
    const read = (token: string, variables: Record<string, unknown> = {}) =>
      gateway.request(DELETIONS, { variables: { page: 'RUNS', ...variables }, auth: { token } });
    const start = (await read(homeOnly.createApiToken.token)).body.data as { deletions: Page<Marker> };
    const homeRun = await firstIdOf('run', home.id);
    const otherRun = await firstIdOf('run', other.id);
    await sql('delete from run where id = any(?::uuid[])', [`{${homeRun},${otherRun}}`]);
    const after = await read(homeOnly.createApiToken.token, { after: start.deletions.pageInfo.endCursor });
    const markers = (after.body.data as { deletions: Page<Marker> }).deletions.edges.map((edge) => edge.node);
    expect(markers).toEqual([
      { id: homeRun, page: 'RUNS', clientId: home.id, deletedAt: expect.any(String), reason: 'DELETED' },
    ]);
    // The other client's marker only to a reader of that client; nothing to a token without the page.
    expect(errorCodes(await read(homeOnly.createApiToken.token, { clientId: other.id }))).toEqual([
      ['deletions', 'FORBIDDEN'],
    ]);
    expect(errorCodes(await read(noRuns.createApiToken.token))).toEqual([['deletions', 'FORBIDDEN']]);
    const all = (await read(owner.token.secret)).body.data as { deletions: Page<Marker> };
    expect(all.deletions.edges.map((edge) => edge.node.id)).toEqual(expect.arrayContaining([homeRun, otherRun]));
    // REST answers the same markers.
    const rest = await gateway.rest(`/api/v1/deletions/RUNS?cursor=${start.deletions.pageInfo.endCursor}`, {
      auth: { token: homeOnly.createApiToken.token },
    });
    expect(rest.body.items?.map((item) => item.id)).toEqual([homeRun]);
  });

  it('reports the rows of a client the reader lost, those it could have seen only, and refuses the old list cursor', async () => {
    const owner = await anOwnerWithToken(gateway, { pages: ['RUNS'] }, { clients: 2, withData: true });
    const [home, lost] = owner.clients;
    if (!home || !lost) throw new Error('two clients expected');
    const mirror = aMirror(owner.token.secret);
    await mirror.sync();
    const seen = [...(await runsOf([lost.id])).keys()].sort();
    const iface = await firstIdOf('interface', lost.id);
    const madeLater = await insertRun(lost.id, iface);
    await setRights(gateway.em(), owner.user, { withdrawClients: [lost.id] });
    await mirror.syncDeletions();
    // Each row of the lost client the reader could have read, once; nothing made after its last read.
    expect(mirror.removed.map((marker) => marker.id)).toEqual(seen);
    expect(mirror.removed.every((marker) => marker.clientId === lost.id && marker.deletedAt === null)).toBe(true);
    expect(mirror.removed.map((marker) => marker.id)).not.toContain(madeLater);
    expect(statusesOf(mirror.rows)).toEqual(await runsOf([home.id]));
    // Once: the next read has none.
    await mirror.syncDeletions();
    expect(mirror.removed.length).toBe(seen.length);
    // The list's cursor was read with both clients: refused, so the reader starts again instead of missing rows.
    const again = await gateway.request(CHANGED_RUNS, {
      variables: { after: mirror.cursors.changes },
      auth: { token: owner.token.secret },
    });
    expect(again.body.errors?.[0]?.message).toMatch(/cursor of another list/);
  });

  it('refuses a cursor older than the markers are kept', async () => {
    const owner = await anOwnerWithToken(gateway, { pages: ['RUNS'] }, { withData: true });
    const first = await gateway.data<{ deletions: Page<Marker> }, unknown>(DELETIONS, {
      variables: { page: 'RUNS' },
      auth: { token: owner.token.secret },
    });
    gateway.setNow(new Date(Date.now() + 31 * 86_400_000));
    try {
      const late = await gateway.request(DELETIONS, {
        variables: { page: 'RUNS', after: first.deletions.pageInfo.endCursor },
        auth: { token: owner.token.secret },
      });
      expect(late.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CURSOR_EXPIRED' });
    } finally {
      gateway.setNow(undefined);
    }
  });
});
