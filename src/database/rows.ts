import type { EntityManager, EntityMetadata, EntityName, EntityProperty, Platform } from '@mikro-orm/postgresql';

/**
 * The hot read paths (authentication, page lists and their nested fields) read plain rows shaped like the
 * entities (scalars by property name, a many-to-one as `{ id }`), without MikroORM's hydration, identity map and
 * change tracking, which were a large share of a nested page query's CPU (docs/performance.md). Writes and everything
 * else use the ORM.
 */
export type RowShape<T> = {
  table: string;
  /** The select list, e.g. `t."id" as "t__id", …` with an alias and a prefix for joins. */
  columns(alias?: string, prefix?: string): string;
  /** The arguments of json_build_object for a row of `alias`: the same keys as `columns()` gives. */
  jsonFields(alias: string): string;
  /** The column of a property (of the whole entity, picked or not); throws for a name that is none. */
  column(property: string): string;
  /** Whether the property's column may hold null. */
  isNullable(property: string): boolean;
  /** A raw result row as an entity-shaped plain object (from the prefixed columns, for joins). */
  toRow(raw: Record<string, unknown>, prefix?: string): T;
  /**
   * The same shape reading only the columns that these properties need, besides the id and every many-to-one
   * (the guards read `client`, nested fields their ids). A name that is no property (a computed GraphQL field)
   * keeps every column, so a row never lacks what a resolver reads.
   */
  pick(properties: Iterable<string>): RowShape<T>;
};

const shapes = new WeakMap<EntityMetadata, RowShape<unknown>>();

export function rowShape<T>(em: EntityManager, entity: EntityName<T>): RowShape<T> {
  const meta = em.getMetadata().get(entity) as EntityMetadata;
  let shape = shapes.get(meta);
  if (!shape) {
    shape = buildShape(meta, em.getPlatform());
    shapes.set(meta, shape);
  }
  return shape as RowShape<T>;
}

type Column = {
  name: string;
  field: string;
  ref: boolean;
  date: boolean;
  array: boolean;
  bigint: boolean;
  nullable: boolean;
};

function buildShape(meta: EntityMetadata, platform: Platform): RowShape<unknown> {
  const columns = (Object.values(meta.properties) as EntityProperty[])
    .filter((property) => (property.kind === 'scalar' && !property.lazy) || property.kind === 'm:1')
    .map((property) => ({
      name: property.name,
      field: property.fieldNames[0] ?? property.name,
      ref: property.kind === 'm:1',
      // The driver is set up by MikroORM to leave dates and arrays as text; converted here as its hydration would.
      date: property.runtimeType === 'Date',
      array: property.array === true || /\[\]$/.test(property.columnTypes?.[0] ?? ''),
      // The driver gives int8 as text; the change numbers (docs/changes.md) fit a safe integer.
      bigint: property.columnTypes?.[0] === 'bigint',
      nullable: property.nullable === true,
    }));
  // Picked shapes by their sorted property names: a handful per query shape, built once.
  const picked = new Map<string, RowShape<unknown>>();
  const names = new Set(columns.map(({ name }) => name));
  const byName = new Map(columns.map((column) => [column.name, column]));
  const columnOf = (property: string): Column => {
    const found = byName.get(property);
    if (found === undefined) throw new Error(`${meta.className} has no column for "${property}".`);
    return found;
  };
  const column = (property: string) => columnOf(property).field;
  const isNullable = (property: string) => columnOf(property).nullable;
  const pick = (properties: Iterable<string>): RowShape<unknown> => {
    const wanted = [...properties].filter((name) => !name.startsWith('__'));
    // At most one shape per subset of the properties (GraphQL validation bounds the names a request can send).
    const key = wanted.some((name) => !names.has(name)) ? '*' : [...new Set(wanted)].sort().join(',');
    let shape = picked.get(key);
    if (!shape) {
      const kept = columns.filter(({ name, ref }) => key === '*' || name === 'id' || ref || wanted.includes(name));
      shape = shapeOf(meta.tableName, kept, platform, { pick, column, isNullable });
      picked.set(key, shape);
    }
    return shape;
  };
  return shapeOf(meta.tableName, columns, platform, { pick, column, isNullable });
}

function shapeOf(
  table: string,
  columns: Column[],
  platform: Platform,
  entity: Pick<RowShape<unknown>, 'pick' | 'column' | 'isNullable'>,
): RowShape<unknown> {
  // The result keys of each prefix (joins read prefixed columns), built once instead of per row and column;
  // the select lists likewise (a few aliases and prefixes, fixed by the code).
  const keysByPrefix = new Map<string, string[]>();
  const selectLists = new Map<string, string>();
  return {
    table,
    columns: (alias = '', prefix = '') => {
      const key = `${alias}|${prefix}`;
      let list = selectLists.get(key);
      if (list === undefined) {
        list = columns
          .map(({ field }) => `${alias ? `${alias}.` : ''}"${field}"${prefix ? ` as "${prefix}${field}"` : ''}`)
          .join(', ');
        selectLists.set(key, list);
      }
      return list;
    },
    ...entity,
    jsonFields: (alias) => columns.map(({ field }) => `'${field}', ${alias}."${field}"`).join(', '),
    toRow(raw, prefix = '') {
      const row: Record<string, unknown> = {};
      let keys = keysByPrefix.get(prefix);
      if (!keys) {
        keys = columns.map(({ field }) => prefix + field);
        keysByPrefix.set(prefix, keys);
      }
      for (let index = 0; index < columns.length; index++) {
        const { name, ref, date, array, bigint } = columns[index] as (typeof columns)[number];
        const value = raw[keys[index] as string];
        if (value === null || value === undefined) row[name] = null;
        else if (ref) row[name] = { id: value };
        else if (date && !(value instanceof Date)) row[name] = new Date(value as string);
        else if (array && typeof value === 'string') row[name] = platform.unmarshallArray(value);
        else if (bigint) row[name] = Number(value);
        else row[name] = value;
      }
      return row;
    },
  };
}

/** A uuid[] parameter as one array literal (knex would expand a JS array into a list of parameters). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

/** A text[] parameter as one array literal, each element quoted (so commas or braces in a value stay in it). */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
