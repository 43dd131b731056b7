import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import {
  type Client,
  ClientEntity,
  type Connector,
  ConnectorEntity,
  type Interface,
  InterfaceEntity,
  type Run,
  RunEntity,
} from '../database/entities.js';
import { type RowShape, rowReader, rowShape, uuidArray } from '../database/rows.js';

/** Per-request batching of the nested fields (client, source, target, interface, lastRun): one query per kind. */
export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(em: EntityManager) {
  const clients = rowReader<Client>(em, ClientEntity);
  const connectors = rowReader<Connector>(em, ConnectorEntity);
  const interfaces = rowReader<Interface>(em, InterfaceEntity);
  const runs = rowReader<Run>(em, RunEntity);
  const byIds = (ids: readonly string[]) => ['where id = any(?::uuid[])', [uuidArray(ids)]] as const;
  return {
    client: byId<Client>((ids) => clients.select(...byIds(ids))),
    connector: byId<Connector>((ids) => connectors.select(...byIds(ids))),
    interface: byId<Interface>((ids) => interfaces.select(...byIds(ids))),
    /** The latest run of each interface: one statement for the batch, one index probe per interface. */
    lastRun: new DataLoader<string, Run | null>(async (interfaceIds) => {
      const latest = await runs.select(
        `where id in (select (select id from run where run.interface_id = batch.interface_id
                              order by started_at desc, id desc limit 1)
                      from unnest(?::uuid[]) as batch(interface_id))`,
        [uuidArray(interfaceIds)],
      );
      const byInterface = new Map(latest.map((run) => [run.interface.id, run]));
      return interfaceIds.map((id) => byInterface.get(id) ?? null);
    }),
  };
}

function byId<T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = new Map((await load([...ids])).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}

/**
 * A relation of a page's rows that the page query joins when the request selects its field, priming the field's
 * loader: the nested field then costs no statement of its own (a nested interfaces page: 4 statements -> 1).
 * The field's guard is untouched; a joined row the caller may not see is never resolved.
 */
export type JoinedRelation = {
  /** The GraphQL field of the page's type that reads the relation. */
  field: string;
  /** The shape of the joined rows. */
  shape(em: EntityManager): RowShape<Record<string, unknown>>;
  /** The join onto the page row `p`, as alias `alias`. */
  join(alias: string, em: EntityManager): string;
  /** Puts what was joined (null: nothing) where the field's resolver looks. */
  prime(loaders: Loaders, row: { id: string }, joined: Record<string, unknown> | null): void;
};

const byIdRelation = (
  field: string,
  entity: typeof ClientEntity | typeof ConnectorEntity | typeof InterfaceEntity,
  table: string,
  column: string,
  loader: 'client' | 'connector' | 'interface',
): JoinedRelation => ({
  field,
  shape: (em) => rowShape(em, entity as never),
  join: (alias) => `left join "${table}" ${alias} on ${alias}.id = p.${column}`,
  prime: (loaders, _row, joined) => {
    if (joined) loaders[loader].prime(joined.id as string, joined as never);
  },
});

const client = byIdRelation('client', ClientEntity, 'client', 'client_id', 'client');

/** By the page's table. */
const RELATIONS: Record<string, readonly JoinedRelation[]> = {
  app_user: [client],
  connector: [client],
  interface: [
    client,
    byIdRelation('source', ConnectorEntity, 'connector', 'source_id', 'connector'),
    byIdRelation('target', ConnectorEntity, 'connector', 'target_id', 'connector'),
    {
      field: 'lastRun',
      shape: (em) => rowShape(em, RunEntity),
      join: (alias, em) =>
        `left join lateral (select ${rowShape(em, RunEntity).columns('r')} from run r where r.interface_id = p.id
                              order by r.started_at desc, r.id desc limit 1) ${alias} on true`,
      prime: (loaders, row, joined) => loaders.lastRun.prime(row.id, joined as Run | null),
    },
  ],
  run: [client, byIdRelation('interface', InterfaceEntity, 'interface', 'interface_id', 'interface')],
};

/** The relations of a page's rows (by the page's table) that its query may join. */
export function joinedRelations(table: string): readonly JoinedRelation[] {
  return RELATIONS[table] ?? [];
}
