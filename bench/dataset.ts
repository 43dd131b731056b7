// The benchmark's data set, bigger than the demo, made deterministically in SQL (generate_series and md5-based
// ids), so every run and every machine gets the same rows. Loaded once per database and reused.
import type { MikroORM } from '@mikro-orm/postgresql';
import { formatSecret, hashSecret, secretHint } from '../src/auth/secrets.js';

export type Scale = {
  clients: number;
  connectors: number;
  interfaces: number;
  runs: number;
  users: number;
  tokens: number;
};

export const FULL: Scale = { clients: 50, connectors: 2000, interfaces: 1000, runs: 200_000, users: 200, tokens: 3000 };
export const SMOKE: Scale = { clients: 5, connectors: 100, interfaces: 50, runs: 2000, users: 20, tokens: 50 };

/** The bench token: a fixed, well-formed secret (bench data only) for a user with 2 clients and 3 pages. */
export const BENCH_SECRET = formatSecret('apiToken', 'BENCHbenchBENCHbenchBENCHbenchBENCHbenchBEN');

const id = (kind: string, expression: string) => `md5('${kind}' || ${expression})::uuid`;

/** When the first run starts; one starts every 10 seconds after. */
export const RUNS_START = '2026-04-01T00:00:00Z';

export async function loadDataset(orm: MikroORM, scale: Scale): Promise<'loaded' | 'reused'> {
  const connection = orm.em.getConnection();
  const [existing] = await connection.execute<{ count: string }[]>(`select count(*) from run`);
  if (Number(existing?.count) === scale.runs) return 'reused';
  if (Number(existing?.count) > 0) throw new Error('The bench database holds other data; use an empty one.');
  const s = scale;
  const statements = [
    `insert into client (id, name, created_at)
       select ${id('client', 'i')}, 'Bench client ' || i, timestamp '2026-01-01' + i * interval '1 minute'
       from generate_series(1, ${s.clients}) i`,
    `insert into connector (id, client_id, name, system, status, created_at)
       select ${id('connector', 'i')}, ${id('client', `1 + i % ${s.clients}`)}, 'Connector ' || i,
         (array['AFAS','Factorial','Sage 100','Nmbrs','Personio'])[1 + i % 5], 'ACTIVE',
         timestamp '2026-02-01' + i * interval '1 second'
       from generate_series(1, ${s.connectors}) i`,
    // An interface joins two connectors of its own client: connectors i and i + clients share i's client.
    `insert into interface (id, client_id, name, status, schedule, source_id, target_id, created_at)
       select ${id('interface', 'i')}, ${id('client', `1 + i % ${s.clients}`)}, 'Interface ' || i, 'ACTIVE', '0 6 * * *',
         ${id('connector', 'i')}, ${id('connector', `i + ${s.clients}`)}, timestamp '2026-03-01' + i * interval '1 second'
       from generate_series(1, ${s.interfaces}) i`,
    `insert into run (id, client_id, interface_id, status, started_at, finished_at, records_processed, message)
       select ${id('run', 'i')}, ${id('client', `1 + (1 + i % ${s.interfaces}) % ${s.clients}`)},
         ${id('interface', `1 + i % ${s.interfaces}`)}, case when i % 13 = 0 then 'FAILED' else 'SUCCEEDED' end,
         timestamptz '${RUNS_START}' + i * interval '10 seconds', timestamptz '${RUNS_START}' + i * interval '10 seconds' + interval '30 seconds',
         i % 500, null
       from generate_series(1, ${s.runs}) i`,
    `insert into app_user (id, email, name, password_hash, is_active, client_id, pages, client_ids, created_at)
       select ${id('user', 'i')}, 'user' || i || '@bench.test', 'Bench user ' || i, 'not-a-login', true,
         ${id('client', `1 + i % ${s.clients}`)}, '{USERS,CONNECTORS,INTERFACES,RUNS}',
         array[${id('client', `1 + i % ${s.clients}`)}, ${id('client', `1 + (i + 1) % ${s.clients}`)}],
         timestamp '2026-01-02' + i * interval '1 second'
       from generate_series(1, ${s.users}) i`,
    `insert into api_token (id, user_id, label, secret_hash, hint, pages, client_ids, created_at)
       select ${id('token', 'i')}, ${id('user', `1 + i % ${s.users}`)}, 'Token ' || i, md5('secret' || i), 'salure_xxxx',
         '{CONNECTORS,INTERFACES,RUNS}', null, timestamp '2026-05-01' + i * interval '1 second'
       from generate_series(1, ${s.tokens}) i`,
  ];
  // All or nothing: a load cut short (a timeout, ^C) must not leave a half data set that the next run refuses.
  await connection.getKnex().transaction(async (trx) => {
    for (const statement of statements) await trx.raw(statement);
    // The bench token: user 1 (clients 2 and 3), pages CONNECTORS, INTERFACES, RUNS, both clients.
    await trx.raw(
      `insert into api_token (id, user_id, label, secret_hash, hint, pages, client_ids, created_at)
       values (${id('token', "'bench'")}, ${id('user', '1')}, 'bench', ?, ?, '{CONNECTORS,INTERFACES,RUNS}', null, now())`,
      [hashSecret(BENCH_SECRET), secretHint(BENCH_SECRET)],
    );
  });
  await connection.execute('analyze');
  return 'loaded';
}

/** The bench token's clients (all of its owner's): the first for `runs(clientId:)`, both for the peer's JWT. */
export async function benchClientIds(orm: MikroORM): Promise<string[]> {
  const [row] = await orm.em
    .getConnection()
    .execute<{ ids: string[] }[]>(`select client_ids as ids from app_user where id = ${id('user', '1')}`);
  return row?.ids ?? [];
}

/** 50 runs of a client, in id order (the order both the gateway's nodes(ids:) and the peer's list answer in). */
export async function benchRunIds(orm: MikroORM, clientId: string): Promise<string[]> {
  const rows = await orm.em
    .getConnection()
    .execute<{ id: string }[]>('select id from run where client_id = ? order by id limit 50', [clientId]);
  return rows.map((row) => row.id);
}
