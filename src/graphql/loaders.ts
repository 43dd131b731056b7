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

/**
 * Per-request batching of the nested fields (client, source, target, interface, lastRun): one query per kind,
 * raw reads through `em` (the context's `reads`).
 */
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
 * A relation of a page's rows that the page query joins when the request selects its field, reading only the
 * columns the field's selection needs. The joined row is attached to the page row for the field's resolver
 * (`joinedOr`), not put in a loader: other paths of the request may select other columns of the same row.
 * The field's guard is untouched; a joined row the caller may not see is never resolved.
 */
export type JoinedRelation = {
  /** The GraphQL field of the page's type that reads the relation. */
  field: string;
  /** What is joined. */
  entity: typeof ConnectorEntity | typeof InterfaceEntity | typeof RunEntity;
  /** The join onto the page row `p` as `alias`; `columns` is the select list of the joined row. */
  join(alias: string, columns: string): string;
};

const byIdRelation = (
  field: string,
  entity: typeof ConnectorEntity | typeof InterfaceEntity,
  table: string,
  column: string,
): JoinedRelation => ({
  field,
  entity,
  join: (alias) => `left join "${table}" ${alias} on ${alias}.id = p.${column}`,
});

/**
 * By the page's table. A row's `client` is not joined: it is one of the caller's clients, which came with the
 * credentials (`clientOfRow`).
 */
const RELATIONS: Record<string, readonly JoinedRelation[]> = {
  interface: [
    byIdRelation('source', ConnectorEntity, 'connector', 'source_id'),
    byIdRelation('target', ConnectorEntity, 'connector', 'target_id'),
    {
      field: 'lastRun',
      entity: RunEntity,
      join: (alias, columns) =>
        `left join lateral (select ${columns} from run r where r.interface_id = p.id
                              order by r.started_at desc, r.id desc limit 1) ${alias} on true`,
    },
  ],
  run: [byIdRelation('interface', InterfaceEntity, 'interface', 'interface_id')],
};

/** The relations of a page's rows (by the page's table) that its query may join. */
export function joinedRelations(table: string): readonly JoinedRelation[] {
  return RELATIONS[table] ?? [];
}

const JOINED = Symbol('joined relations');
type WithJoined = { [JOINED]?: Record<string, unknown> };

/** Attaches what the page query joined for `field` (null: nothing to join) to a page row. */
export function attachJoined(row: object, field: string, joined: unknown): void {
  const target = row as WithJoined;
  target[JOINED] ??= {};
  target[JOINED][field] = joined;
}

/** The row joined for `field` of this page row if the page query joined it, else what `load` reads. */
export function joinedOr<T>(row: object, field: string, load: () => Promise<T>): T | Promise<T> {
  const joined = (row as WithJoined)[JOINED];
  return joined && field in joined ? (joined[field] as T) : load();
}
