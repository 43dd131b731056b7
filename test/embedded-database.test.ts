import { connect, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../src/database/embedded.js';

// The embedded database is one PGlite session served to many connections (src/database/embedded-turns.ts): each
// connection's exchanges and transactions must stay whole, and one that goes away must leave nothing half done.
describe('the embedded database shared by many connections', () => {
  let database: Awaited<ReturnType<typeof startEmbeddedDatabase>>;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await startEmbeddedDatabase(undefined, { maxConnections: 12 });
    pool = new pg.Pool({ connectionString: database.url, max: 8 });
    await pool.query('create table counter (id int primary key, n int not null)');
    await pool.query('insert into counter select g, 0 from generate_series(1, 10) g');
  });
  afterAll(async () => {
    await pool.end();
    await database.stop();
  });

  const total = async () => (await pool.query<{ n: number }>('select sum(n)::int as n from counter')).rows[0]?.n;

  it('keeps concurrent statements and transactions of eight connections apart', async () => {
    const before = await total();
    const failures: string[] = [];
    const evenTotals: boolean[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = 0; i < 60; i++) {
          const client = await pool.connect();
          try {
            if (worker % 2 === 0) {
              // Two increments, only ever seen together.
              await client.query('begin');
              await client.query('update counter set n = n + 1 where id = $1', [1 + (i % 10)]);
              await client.query('update counter set n = n + 1 where id = $1', [1 + ((i + 3) % 10)]);
              await client.query('commit');
            } else {
              const { rows } = await client.query<{ n: number; tag: string }>(
                'select sum(n)::int as n, $1::text as tag from counter where id > $2',
                [`w${worker}-${i}`, 0],
              );
              if (rows[0]?.tag !== `w${worker}-${i}`) failures.push(`worker ${worker} read ${JSON.stringify(rows)}`);
              else evenTotals.push(rows[0].n % 2 === 0);
            }
          } catch (error) {
            failures.push(String(error));
            await client.query('rollback').catch(() => undefined);
          } finally {
            client.release();
          }
        }
      }),
    );
    expect(failures).toEqual([]);
    expect(evenTotals).toHaveLength(4 * 60);
    expect(evenTotals.every(Boolean)).toBe(true);
    expect(await total()).toBe((before ?? 0) + 4 * 60 * 2);
  });

  it('rolls back the open transaction of a connection that goes away', async () => {
    const client = new pg.Client({ connectionString: database.url });
    const gone = new Promise((resolve) => client.once('error', resolve).once('end', resolve));
    await client.connect();
    await client.query('begin');
    await client.query('update counter set n = n + 1000 where id = 1');
    const before = await new Promise<number>((resolve, reject) => {
      // Waits for the transaction to end: only then does another connection get a turn.
      pool.query<{ n: number }>('select n from counter where id = 1').then((r) => resolve(r.rows[0]?.n ?? -1), reject);
      client.connection.stream.destroy();
    });
    await gone;
    expect(before).toBeLessThan(1000);
    expect((await pool.query<{ n: number }>('select n from counter where id = 1')).rows[0]?.n).toBe(before);
  });

  it('rolls back what a connection that goes away in the middle of an exchange had executed', async () => {
    const before = (await pool.query<{ n: number }>('select n from counter where id = 2')).rows[0]?.n;
    const socket = await rawConnection(database.url);
    const executed = new Promise((resolve) => socket.on('data', (data) => data.includes('UPDATE 1') && resolve(data)));
    // Parse, Bind and Execute an update, and go away before Sync (which would have committed it).
    socket.write(
      Buffer.concat([
        message('P', cstring(''), cstring('update counter set n = n + 1000 where id = 2'), int16(0)),
        message('B', cstring(''), cstring(''), int16(0), int16(0), int16(0)),
        message('E', cstring(''), int32(0)),
      ]),
    );
    await executed;
    socket.destroy();
    expect((await pool.query<{ n: number }>('select n from counter where id = 2')).rows[0]?.n).toBe(before);
    expect(await pool.query('select 1 as one')).toMatchObject({ rows: [{ one: 1 }] });
  });
});

/** A connection speaking the protocol by hand, past its startup (ReadyForQuery). */
async function rawConnection(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const ready = new Promise<void>((resolve, reject) => {
    let received = Buffer.alloc(0);
    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      if (received.includes(Buffer.from([0x5a, 0, 0, 0, 5]))) resolve();
    });
    socket.once('error', reject);
  });
  const parameters = Buffer.concat([cstring('user'), cstring('postgres'), cstring('database'), cstring('postgres')]);
  const body = Buffer.concat([int32(196608), parameters, Buffer.from([0])]);
  socket.write(Buffer.concat([int32(body.length + 4), body]));
  await ready;
  return socket;
}

function message(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}
const cstring = (text: string) => Buffer.from(`${text}\0`);
const int16 = (value: number) => Buffer.from([(value >> 8) & 0xff, value & 0xff]);
function int32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeInt32BE(value);
  return buffer;
}
