import type { EntityManager, EntityName, EntityProperty } from '@mikro-orm/postgresql';

/**
 * The hot read paths (page lists and their nested fields) read plain rows shaped like the entities (scalars by
 * property name, a many-to-one as `{ id }`), without MikroORM's hydration, identity map and change tracking:
 * profiling showed those at a third of the CPU of a nested page query. Writes and everything else use the ORM.
 */
export function rowReader<T>(em: EntityManager, entity: EntityName<T>) {
  const meta = em.getMetadata().get(entity);
  const platform = em.getPlatform();
  const columns = (Object.values(meta.properties) as EntityProperty[])
    .filter((property) => (property.kind === 'scalar' && !property.lazy) || property.kind === 'm:1')
    .map((property) => ({
      name: property.name,
      field: property.fieldNames[0] ?? property.name,
      ref: property.kind === 'm:1',
      // The driver is set up by MikroORM to leave dates and arrays as text; converted here as its hydration would.
      date: property.runtimeType === 'Date',
      array: property.array === true || /\[\]$/.test(property.columnTypes?.[0] ?? ''),
    }));
  const select = columns.map(({ field }) => `"${field}"`).join(', ');
  const toRow = (raw: Record<string, unknown>): T => {
    const row: Record<string, unknown> = {};
    for (const { name, field, ref, date, array } of columns) {
      const value = raw[field];
      if (value === null || value === undefined) row[name] = null;
      else if (ref) row[name] = { id: value };
      else if (date && !(value instanceof Date)) row[name] = new Date(value as string);
      else if (array && typeof value === 'string') row[name] = platform.unmarshallArray(value);
      else row[name] = value;
    }
    return row as T;
  };
  return {
    table: meta.tableName,
    /** `select <columns> from <table> <rest>`, with `?` parameters. */
    async select(rest: string, params: readonly unknown[] = []): Promise<T[]> {
      const rows = await em
        .getConnection()
        .execute<Record<string, unknown>[]>(`select ${select} from "${meta.tableName}" ${rest}`, [...params]);
      return rows.map(toRow);
    },
  };
}

/** A uuid[] parameter as one array literal (knex would expand a JS array into a list of parameters). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}
