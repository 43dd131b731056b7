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
  // A row converter per prefix (joins read prefixed columns), and the select lists likewise: a few aliases and
  // prefixes, fixed by the code, each built once.
  const converters = new Map<string, RowConverter>();
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
      let convert = converters.get(prefix);
      if (!convert) {
        convert = rowConverter(columns, prefix);
        converters.set(prefix, convert);
      }
      return convert(raw, platform);
    },
  };
}

type RowConverter = (raw: Record<string, unknown>, platform: Platform) => unknown;

/**
 * A raw row's conversion, compiled once per shape and prefix into one object literal: V8 then makes every row
 * with its final hidden class at once (no property added one by one, no loop over the columns per row), which
 * matters on pages of 100 rows. The code is made from the entities' metadata only (names quoted as JSON), never
 * from anything a caller sends. A null (or absent) column is null; a many-to-one is `{ id }`; a date, an array
 * and an int8 are converted as MikroORM's hydration would (the driver leaves them as text).
 */
function rowConverter(columns: readonly Column[], prefix: string): RowConverter {
  const values = columns.map(({ field }, index) => `const v${index} = raw[${JSON.stringify(prefix + field)}];`);
  const properties = columns.map(({ name, ref, date, array, bigint }, index) => {
    const v = `v${index}`;
    const converted = ref
      ? `{ id: ${v} }`
      : date
        ? `(${v} instanceof Date ? ${v} : new Date(${v}))`
        : array
          ? `(typeof ${v} === 'string' ? platform.unmarshallArray(${v}) : ${v})`
          : bigint
            ? `Number(${v})`
            : v;
    return `${JSON.stringify(name)}: ${v} === null || ${v} === undefined ? null : ${converted}`;
  });
  return new Function('raw', 'platform', `${values.join('\n')}\nreturn { ${properties.join(',\n')} };`) as RowConverter;
}

/** A uuid[] parameter as one array literal (knex would expand a JS array into a list of parameters). */
export function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

/** A text[] parameter as one array literal, each element quoted (so commas or braces in a value stay in it). */
export function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
