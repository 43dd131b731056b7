import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { loopTurn } from '../core/loop-turns.js';

// Reads as named prepared statements: the text is sent and planned once per connection, then only the values
// travel, and after five runs PostgreSQL may keep a generic plan. MikroORM (through knex) writes the values into
// the text instead, so each request's statement would be parsed and planned anew: under load that planning was
// most of the database's time per request.

/** knex's client (typed `any` by knex): the pool and the event that statement counters listen to. */
type KnexClient = {
  acquireConnection(): Promise<PreparingClient>;
  releaseConnection(connection: PreparingClient): Promise<void>;
  emit(event: 'query' | 'query-response' | 'query-error', ...args: unknown[]): void;
};

/** node-postgres remembers which names it has parsed on a connection, and refuses a known name with other text. */
type PreparingClient = Client & { connection?: { parsedStatements?: Record<string, string> } };

/** Statements kept prepared per connection; the least recently used one beyond is deallocated. */
export const PREPARED_PER_CONNECTION = 100;

/** Per connection: statement text to its name, in order of last use. */
const preparedOn = new WeakMap<Client, Map<string, string>>();

/**
 * Names are unique across processes, not per connection: the embedded database serves every connection, of every
 * process beside it, in one session, where two connections must not prepare the same name.
 */
const namePrefix = `salure_${randomBytes(6).toString('hex')}_`;
let statementsNamed = 0;
/** knex's id of a statement in its events, which a listener pairs the start and the end by. */
let statementsRun = 0;

async function statementName(connection: PreparingClient, text: string): Promise<string> {
  let prepared = preparedOn.get(connection);
  if (!prepared) {
    prepared = new Map();
    preparedOn.set(connection, prepared);
  }
  const known = prepared.get(text);
  if (known) {
    prepared.delete(text);
    prepared.set(text, known);
    return known;
  }
  if (prepared.size >= PREPARED_PER_CONNECTION) {
    const [oldestText, oldest] = prepared.entries().next().value ?? [];
    if (oldestText !== undefined && oldest !== undefined) {
      prepared.delete(oldestText);
      await connection.query(`deallocate ${oldest}`);
      delete connection.connection?.parsedStatements?.[oldest];
    }
  }
  const name = `${namePrefix}${++statementsNamed}`;
  prepared.set(text, name);
  return name;
}

/** Runs a read (`?` for each value) as a named prepared statement on a pool connection. */
export async function readRows<R>(em: EntityManager, sql: string, values: readonly unknown[]): Promise<R[]> {
  const client: KnexClient = em.getConnection().getKnex().client;
  let index = 0;
  const text = sql.replace(/\?/g, () => `$${++index}`);
  // Seen by whoever listens to the statements sent (counts in tests and benchmarks, spans).
  const __knexQueryUid = `prepared-${++statementsRun}`;
  // Sent in its turn (core/loop-turns.ts): what is made of its rows runs in the iteration they arrive in.
  const turn = loopTurn();
  if (turn) await turn;
  client.emit('query', { sql: text, bindings: values, __knexQueryUid });
  const connection = await client.acquireConnection();
  try {
    const name = await statementName(connection, text);
    const result = await connection.query<R & object>({ name, text, values: [...values] });
    // As knex tells of an answered statement (the end of a database outage is noticed on it).
    client.emit('query-response', result.rows, { sql: text, __knexQueryUid });
    return result.rows;
  } catch (error) {
    client.emit('query-error', error, { sql: text, __knexQueryUid });
    // As knex reports a failed statement: its text first (placeholders, never values), which the log names it by.
    if (error instanceof Error) error.message = `${text} - ${error.message}`;
    throw error;
  } finally {
    await client.releaseConnection(connection);
  }
}
