import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import type { Client, Notification } from 'pg';
import { migrationsList } from '../../migrations/index.js';
import { loggedWarning } from '../logger.js';
import { entities } from './entities.js';

export type OrmOptions = {
  clientUrl: string;
  poolMax: number;
  /** No statement runs longer (PostgreSQL statement_timeout); 0 disables. */
  statementTimeoutMs?: number;
  /** Called with every SQL statement sent (used to count statements in tests and benchmarks). */
  onQuery?: (sql: string) => void;
  /** Where the driver's warnings go (e.g. a dropped connection); default: the console. */
  onWarning?: (message: string) => void;
  /** Called with every LISTEN/NOTIFY notification a pool connection receives (see auth/credential-cache.ts). */
  onNotification?: (message: Notification) => void;
};

export function ormConfig({
  clientUrl,
  poolMax,
  statementTimeoutMs = 5000,
  onWarning,
  onNotification,
}: OrmOptions): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    // Fail fast when the database is unreachable or the pool is exhausted, rather than queueing for a minute.
    pool: {
      min: 0,
      max: poolMax,
      acquireTimeoutMillis: 5000,
      afterCreate(connection: Client, done: (error: Error | null, connection: Client) => void) {
        if (onNotification) connection.on('notification', onNotification);
        done(null, connection);
      },
    },
    driverOptions: {
      connection: { statement_timeout: statementTimeoutMs, connectionTimeoutMillis: 3000 },
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
