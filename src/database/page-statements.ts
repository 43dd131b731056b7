import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConditionOn, OrderOn, PageTable, Position, Property, Selection } from './page-tables.js';
import { shapeOf } from './page-tables.js';
import { type RowShape, textArray, uuidArray } from './rows.js';

/** What the builders read of a row shape: a property's column, and whether it may hold null. */
export type Columns = Pick<RowShape<unknown>, 'column' | 'isNullable'>;

// The parts of the page statements, as pure functions of a row shape and a query's description: SQL text with
// `?` placeholders and its parameters in order. Every value is a parameter; every identifier comes from a shape.

/**
 * The select list of a page's counts (`__total`, `__counts`: no column of a page is named so): the counts per value
 * when asked for (the total is then their sum), else the total.
 */
export function countsOf<P extends PageTable>(em: EntityManager, query: Selection<P>, by: Property<P> | undefined) {
  if (by) {
    const counted = countedBy(em, query, by);
    return {
      columns: `(select coalesce(json_agg(json_build_array(s.value, s.count) order by s.value), '[]'::json) from (${counted.sql}) s) as "__counts"`,
      params: counted.params,
    };
  }
  const filtered = filteredRows(em, query);
  return { columns: `(select count(*) ${filtered.sql}) as "__total"`, params: filtered.params };
}

/** The `[value, count]` pairs of a page's `__counts` column (JSON, parsed by the driver). */
export function countsByOf(value: unknown): { value: string; count: number }[] {
  return ((value ?? []) as [string, number][]).map(([entry, count]) => ({ value: entry, count: Number(count) }));
}

/**
 * The parts of the list a page query reads one index range of each, merged: a client's rows, or for the runs of
 * a connector, the runs of each of its interfaces (run_interface_client_started_idx): a connector has few
 * interfaces, while a client's runs are many and mostly of other connectors.
 */
export function partsOf<P extends PageTable>(query: Selection<P>) {
  const connector = query.conditions.find((condition) => condition.kind === 'ofConnector');
  const conditions = query.conditions.filter((condition) => condition !== connector);
  if (!connector) {
    const from = { sql: 'unnest(?::uuid[]) as allowed(id)', params: [uuidArray(query.clientIds)] };
    return { from, match: ['t.client_id = allowed.id'], conditions };
  }
  const from = {
    sql: `(select i.client_id as id, i.id as interface_id from interface i
           where i.client_id = any(?::uuid[]) and (i.source_id = ? or i.target_id = ?)) allowed`,
    params: [uuidArray(query.clientIds), connector.connectorId, connector.connectorId],
  };
  return { from, match: ['t.client_id = allowed.id', 't.interface_id = allowed.interface_id'], conditions };
}

/** `select <value>, count(*) … group by 1` of the rows that meet the conditions, per value of a property. */
export function countedBy<P extends PageTable>(em: EntityManager, query: Selection<P>, property: Property<P>) {
  const column = shapeOf(em, query.page).column(property);
  const filtered = filteredRows(em, query);
  return {
    sql: `select t."${column}" as value, count(*) as count ${filtered.sql} group by 1`,
    params: filtered.params,
  };
}

/** `from <table> t where …`: the rows of the clients that meet the conditions (clients: at least one). */
export function filteredRows(
  em: EntityManager,
  query: { page: PageTable; clientIds: readonly string[]; conditions: readonly ConditionOn<string>[] },
) {
  const shape = shapeOf(em, query.page);
  const where = conditionsOf(shape, query.conditions, 't');
  return {
    sql: `from "${shape.table}" t where ${['t.client_id = any(?::uuid[])', ...where.clause].join(' and ')}`,
    params: [uuidArray(query.clientIds), ...where.params],
  };
}

/** `order by` of the list's order (or its reverse, to read backward): nulls last, the id breaking ties. */
export function orderOf(shape: Columns, order: OrderOn<string>, reverse: boolean) {
  const column = `"${shape.column(order.property)}"`;
  const direction = reverse ? flip(order.direction) : order.direction;
  // Only a nullable column says where nulls go: a NOT NULL column's index order must match the query's exactly.
  const nulls = shape.isNullable(order.property) ? (reverse ? ' nulls first' : ' nulls last') : '';
  return (alias: string) => `order by ${alias}.${column} ${direction}${nulls}, ${alias}.id ${direction}`;
}

const flip = (direction: 'asc' | 'desc') => (direction === 'asc' ? 'desc' : 'asc');

/** The rows after (or before) a position in list order, nulls last. */
export function positionOf(shape: Columns, order: OrderOn<string>, position: Position, side: 'after' | 'before') {
  const column = `t."${shape.column(order.property)}"`;
  const later = order.direction === 'asc' ? '>' : '<';
  const operator = side === 'after' ? later : later === '>' ? '<' : '>';
  const nullable = shape.isNullable(order.property);
  if (position.value === null) {
    // The position is among the nulls, which come last.
    return side === 'after'
      ? { clause: `(${column} is null and t.id ${operator} ?)`, params: [position.id] }
      : { clause: `(${column} is not null or t.id ${operator} ?)`, params: [position.id] };
  }
  const compare = `(${column}, t.id) ${operator} (?, ?)`;
  const clause = !nullable ? compare : side === 'after' ? `(${compare} or ${column} is null)` : compare;
  return { clause, params: [position.value, position.id] };
}

/** The oldest transaction still running (docs/changes.md): every change below it has committed or never will. */
export const COMMITTED_HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())::text::bigint';

/** The conditions' SQL on the table's alias, with their parameters in order. */
export function conditionsOf(shape: Columns, conditions: readonly ConditionOn<string>[], alias: string) {
  const clause: string[] = [];
  const params: unknown[] = [];
  const column = (property: string) => `${alias}."${shape.column(property)}"`;
  for (const condition of conditions) {
    switch (condition.kind) {
      case 'equals':
        clause.push(`${column(condition.property)} = ?`);
        params.push(condition.value);
        break;
      case 'in':
        // One value (the usual filter, e.g. status FAILED) as an equality: with `= any(array)` a prepared
        // statement's generic plan cannot use an index on the column (client, status, started_at), and read every
        // row of the range (operation 5: 2,265 buffers instead of 221).
        if (condition.values.length === 1) {
          clause.push(`${column(condition.property)} = ?`);
          params.push(condition.values[0]);
        } else {
          clause.push(`${column(condition.property)} = any(?::text[])`);
          params.push(textArray(condition.values));
        }
        break;
      case 'range':
        if (condition.from) {
          clause.push(`${column(condition.property)} >= ?`);
          params.push(condition.from);
        }
        if (condition.before) {
          clause.push(`${column(condition.property)} < ?`);
          params.push(condition.before);
        }
        break;
      case 'search': {
        const pattern = `%${condition.text.replace(/[\\%_]/g, '\\$&')}%`;
        clause.push(
          `(${condition.properties.map((property) => `${column(property)} ilike ? escape '\\'`).join(' or ')})`,
        );
        params.push(...condition.properties.map(() => pattern));
        break;
      }
      case 'either':
        clause.push(`(${condition.properties.map((property) => `${column(property)} = ?`).join(' or ')})`);
        params.push(...condition.properties.map(() => condition.value));
        break;
      case 'ofConnector':
        // The interface and the client together: one range of run_interface_client_started_idx per interface.
        clause.push(
          `(${alias}.interface_id, ${alias}.client_id) in (select i.id, i.client_id from interface i where i.source_id = ? or i.target_id = ?)`,
        );
        params.push(condition.connectorId, condition.connectorId);
        break;
      case 'committed':
        clause.push(`${alias}."${shape.column('changeId')}" < ${COMMITTED_HORIZON}`);
        break;
    }
  }
  return { clause, params };
}
