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
import { rowReader, uuidArray } from '../database/rows.js';

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
