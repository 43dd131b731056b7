import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import type { Client, Notification } from 'pg';
import { migrationsList } from '../../migrations/index.js';
import { loggedWarning } from '../core/logger.js';
import { entities } from './governance-entities.js';

type OrmOptions = {
  clientUrl: string;
  poolMax: number;
  /** No statement runs longer (PostgreSQL statement_timeout); 0 disables. */
  statementTimeoutMs?: number;
  /**
   * No statement waits longer for its answer, measured by the client: it holds when the server never receives the
   * statement or never answers (a stalled server or network). The connection is then discarded. 0 disables.
   */
  queryTimeoutMs?: number;
  /** How long a new connection may take to be ready (3 s). */
  connectTimeoutMs?: number;
  /** Called with every SQL statement sent (used to count statements in tests and benchmarks). */
  onQuery?: (sql: string) => void;
  /** Where the driver's warnings go (e.g. a dropped connection); default: the console. */
  onWarning?: (message: string) => void;
  /** Called with every LISTEN/NOTIFY notification a pool connection receives (see auth/credential-cache.ts). */
  onNotification?: (message: Notification) => void;
};

function ormConfig({
  clientUrl,
  poolMax,
  statementTimeoutMs = 5000,
  queryTimeoutMs = DEFAULT_QUERY_TIMEOUT_MS,
  connectTimeoutMs = 3000,
  onWarning,
  onNotification,
}: OrmOptions): Options {
  // A Unix socket's folder in `?host=` (libpq's form, as the embedded database gives it): MikroORM reads the URL's
  // host name only, so it is passed on as the host.
  const socketDir = new URL(clientUrl).searchParams.get('host');
  return {
    clientUrl,
    ...(socketDir ? { host: socketDir } : {}),
    entities,
    extensions: [Migrator],
    // Fail fast when the database is unreachable or the pool is exhausted, rather than queueing for a minute.
    pool: {
      min: 0,
      max: poolMax,
      acquireTimeoutMillis: 5000,
      afterCreate(connection: Client, done: (error: Error | null, connection: Client) => void) {
        if (onNotification) connection.on('notification', onNotification);
        boundStatements(connection, queryTimeoutMs);
        // The reads are named prepared statements (prepared.ts) built to read index ranges: planned once, they
        // keep their plan. PostgreSQL's default planned most page statements anew on every run (a custom plan
        // looked cheaper with the limit and the clients known), which was half of their time (operation 5's
        // statement 0.69 -> 0.37 ms, operation 3's 0.49 -> 0.35, pgbench). A SET, not a startup option: the
        // embedded database ignores those (and its one session is every connection's).
        connection.query('set plan_cache_mode = force_generic_plan').then(
          () => done(null, connection),
          (error: Error) => done(error, connection),
        );
      },
    },
    driverOptions: {
      connection: {
        statement_timeout: statementTimeoutMs,
        connectionTimeoutMillis: connectTimeoutMs,
      },
      ...(onWarning ? { log: driverLog(onWarning) } : {}),
    },
    // Migrations are imported statically so that tsx, vitest and node all load the same list.
    migrations: {
      migrationsList,
      path: 'migrations',
      pathTs: 'migrations',
      snapshot: false,
      silent: true,
      transactional: true,
      allOrNothing: true,
    },
    // No implicit lazy loading: every read is an explicit, batched query.
    forceUndefined: false,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: true },
    debug: false,
  };
}

/** The client-side bound of a statement: the server's own (5 s by default) and a second for the network. */
export const DEFAULT_QUERY_TIMEOUT_MS = 6_000;

/** What a statement that outlived `query_timeout` is rejected with (node-postgres's own words). */
const READ_TIMEOUT = 'Query read timeout';

type PooledClient = Client & { __knex__disposed?: unknown; connection?: { stream?: { destroy(): void } } };
type QueryCallback = (error: Error | null, result: unknown) => void;

/**
 * Bounds every statement on a pool connection by the client-side timeout: one that outlives it is rejected and its
 * connection discarded (marked disposed, which knex's pool drops instead of handing out, and its socket destroyed),
 * since the statements after it would queue behind the one that never answered. Not node-postgres's own
 * `query_timeout`: it keeps the connection, and it (like the driver's promise form) assigns the Query's callback
 * after the Query is made, and such a Query keeps its rows alive through every scavenge until a full collection
 * (so did a wrapper that put its callback into the arguments it spread). Each statement is sent here in the
 * callback form, callback given: a 100-row statement in a loop, 31 KB promoted -> 0.03 (docs/performance.md,
 * "Garbage collection"; test/request-memory.test.ts fails on a callback assigned later).
 */
function boundStatements(connection: PooledClient, timeoutMs: number): void {
  const query = connection.query.bind(connection) as (
    config: unknown,
    values: unknown,
    callback: QueryCallback,
  ) => void;
  const send = (config: unknown, values: unknown, callback: QueryCallback) => {
    if (timeoutMs <= 0) return query(config, values, callback);
    const timer = setTimeout(() => {
      connection.__knex__disposed = READ_TIMEOUT;
      // Fails this statement and any queued behind it on this connection.
      connection.connection?.stream?.destroy();
      answer(new Error(READ_TIMEOUT), undefined);
    }, timeoutMs);
    // Answered once: at the bound (the caller does not wait for the socket to close), or by the driver.
    let answered = false;
    const answer: QueryCallback = (error, result) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      callback(error, result);
    };
    query(config, values, answer);
  };
  const bounded = (config: { submit?: unknown }, values?: unknown, callback?: unknown) => {
    // A stream or cursor is read at its reader's pace: not bounded here (none of ours are).
    if (typeof config?.submit === 'function') return query(config, values, callback as QueryCallback);
    if (typeof values === 'function') return send(config, undefined, values as QueryCallback);
    if (typeof callback === 'function') return send(config, values, callback as QueryCallback);
    return new Promise((resolve, reject) =>
      send(config, values, (error, result) => (error ? reject(error) : resolve(result))),
    );
  };
  connection.query = bounded as Client['query'];
}

/** The driver's log, as text without statements or values (see loggedWarning). */
function driverLog(onWarning: (message: string) => void) {
  const warn = (message: unknown) => onWarning(loggedWarning(String(message)));
  return { warn, error: warn, deprecate: warn, debug: () => {} };
}

export async function openOrm(options: OrmOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(ormConfig(options));
  if (options.onQuery) {
    const onQuery = options.onQuery;
    orm.em
      .getConnection()
      .getKnex()
      .on('query', (query: { sql: string }) => onQuery(query.sql));
  }
  return orm;
}

export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((migration) => migration.name);
}
