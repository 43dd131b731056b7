import type { MikroORM } from '@mikro-orm/postgresql';
import type { Notification } from 'pg';
import { migrate, openOrm } from './orm.js';

export type Database = {
  orm: MikroORM;
  embedded: boolean;
  /** Where the database answers (on the embedded database, its loopback port). */
  url: string;
  /** Migrations applied by this open. */
  migrated: string[];
  close(): Promise<void>;
};

/** The settings of the database (config.ts reads them from the environment). */
export type DatabaseSettings = {
  /** Unset: the embedded database under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolMax: number;
  statementTimeoutMs: number;
  queryTimeoutMs: number;
};

/** Opens DATABASE_URL, or the embedded database under DATA_DIR, and applies pending migrations. */
export async function openDatabase(
  config: DatabaseSettings,
  {
    onWarning,
    onNotification,
  }: { onWarning?: (message: string) => void; onNotification?: (message: Notification) => void } = {},
): Promise<Database> {
  // PGlite is loaded only when it runs: on PostgreSQL its modules would sit in the heap unused.
  const embedded = config.databaseUrl
    ? undefined
    : await (await import('./embedded.js')).startEmbeddedDatabase(config.dataDir, {
        maxConnections: config.dbPoolMax + 2,
      });
  try {
    const url = config.databaseUrl ?? embedded?.url ?? '';
    const orm = await openOrm({
      clientUrl: url,
      poolMax: config.dbPoolMax,
      statementTimeoutMs: config.statementTimeoutMs,
      queryTimeoutMs: config.queryTimeoutMs,
      onWarning,
      onNotification,
    });
    const migrated = await migrate(orm);
    return {
      orm,
      embedded: embedded !== undefined,
      url,
      migrated,
      // In this order: the pool first, then the embedded server and its files.
      async close() {
        await orm.close();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
