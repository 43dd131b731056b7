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

/** Per-request batching of the nested fields (client, source, target, interface, lastRun): one query per kind. */
export type Loaders = ReturnType<typeof createLoaders>;

export function createLoaders(em: EntityManager) {
  return {
    client: byId<Client>((ids) => em.find(ClientEntity, { id: { $in: ids } })),
    connector: byId<Connector>((ids) => em.find(ConnectorEntity, { id: { $in: ids } })),
    interface: byId<Interface>((ids) => em.find(InterfaceEntity, { id: { $in: ids } })),
    /** The latest run of each interface, in one statement for the whole batch. */
    lastRun: new DataLoader<string, Run | null>(async (interfaceIds) => {
      const rows = await em.getConnection().execute<Record<string, unknown>[]>(
        `select distinct on (interface_id) * from run where interface_id = any(?::uuid[])
         order by interface_id, started_at desc, id desc`,
        // One array parameter (knex would expand a JS array into a list of parameters).
        [`{${interfaceIds.join(',')}}`],
      );
      const runs = new Map(rows.map((row) => [row.interface_id as string, em.map(RunEntity, row)]));
      return interfaceIds.map((id) => runs.get(id) ?? null);
    }),
  };
}

function byId<T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const rows = new Map((await load([...ids])).map((row) => [row.id, row]));
    return ids.map((id) => rows.get(id) ?? null);
  });
}
