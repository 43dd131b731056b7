import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import { type Run, RunEntity } from './entities.js';
import { readRows } from './prepared.js';
import { rowShape, uuidArray } from './rows.js';

// Reads of rows by id, for the per-request loaders (graphql/loaders.ts): one statement per batch.

/** The rows of an entity with these ids (in no particular order; unknown ids are left out). */
export async function readByIds<T>(em: EntityManager, entity: EntityName<T>, ids: readonly string[]): Promise<T[]> {
  const shape = rowShape<T>(em, entity);
  const rows = await readRows<Record<string, unknown>>(
    em,
    `select ${shape.columns()} from "${shape.table}" where id = any(?::uuid[])`,
    [uuidArray(ids)],
  );
  return rows.map((row) => shape.toRow(row));
}

/**
 * The newest run of each of these interfaces: one statement, one index probe (run_interface_client_started_idx)
 * per interface, within the interface's client.
 */
export async function readLastRuns(em: EntityManager, interfaceIds: readonly string[]): Promise<Run[]> {
  const shape = rowShape<Run>(em, RunEntity);
  const rows = await readRows<Record<string, unknown>>(
    em,
    `select ${shape.columns()} from run
     where id in (select (select id from run where run.interface_id = i.id and run.client_id = i.client_id
                          order by started_at desc, id desc limit 1)
                  from interface i where i.id = any(?::uuid[]))`,
    [uuidArray(interfaceIds)],
  );
  return rows.map((row) => shape.toRow(row));
}
