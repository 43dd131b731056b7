import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { migrationsList } from '../../migrations/index.js';
import { entities } from './entities.js';

export type OrmOptions = {
  clientUrl: string;
  poolMax: number;
  /** Called with every SQL statement sent (used to count statements in tests and benchmarks). */
  onQuery?: (sql: string) => void;
};

export function ormConfig({ clientUrl, poolMax }: OrmOptions): Options {
  return {
    clientUrl,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: poolMax },
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
