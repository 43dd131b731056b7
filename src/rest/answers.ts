import { getNamedType, isEnumType, isScalarType } from 'graphql';
import { quoted } from '../core/caller-input.js';
import { isProblemCode, type ProblemCode } from './problems.js';
import { DEFAULT_LIMIT, type Item, type ListRoute, type Parameter, type Route } from './routes.js';

// From a REST request to the variables of its route's document, and from the GraphQL answer back to REST.

/** A refusal before or after the GraphQL execution, as a problem (see problems.ts). */
export type Refusal = {
  code: ProblemCode;
  detail: string;
  parameter?: string;
  requiredPage?: string;
  clientId?: string;
  requestId?: string;
};

class ParameterError extends Error {
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
  }
}

/** One value of a parameter, checked against its GraphQL type (ids and strings are checked by the schema). */
function coerce(parameter: Parameter, value: string): unknown {
  const type = getNamedType(parameter.type);
  const name = parameter.name;
  if (isEnumType(type)) {
    if (type.getValue(value)) return value;
    const allowed = type.getValues().map((v) => v.name);
    throw new ParameterError(`"${name}" is one of ${allowed.join(', ')}; got ${quoted(value)}.`, name);
  }
  if (isScalarType(type) && type.name === 'Boolean') {
    if (value === 'true' || value === 'false') return value === 'true';
    throw new ParameterError(`"${name}" is true or false.`, name);
  }
  if (isScalarType(type) && type.name === 'Int') {
    if (/^-?\d{1,9}$/.test(value)) return Number(value);
    throw new ParameterError(`"${name}" is a whole number.`, name);
  }
  if (isScalarType(type) && type.name === 'DateTime') {
    try {
      type.parseValue(value);
    } catch {
      throw new ParameterError(`"${name}" is an RFC 3339 date-time, e.g. 2026-01-31T23:59:00Z.`, name);
    }
  }
  return value;
}

function orderOf(parameter: Parameter, value: string): { field: string; direction: 'ASC' | 'DESC' } {
  if (parameter.target.kind !== 'orderBy') throw new Error('not an order');
  const [fieldName, direction = 'asc', ...rest] = value.split(':');
  const field = parameter.target.fields.find((f) => f.name === fieldName);
  if (!field || rest.length > 0 || (direction !== 'asc' && direction !== 'desc')) {
    const fields = parameter.target.fields.map((f) => f.name).join(', ');
    throw new ParameterError(`"orderBy" is <field>:<asc|desc> with a field of ${fields}.`, 'orderBy');
  }
  return { field: field.value, direction: direction === 'asc' ? 'ASC' : 'DESC' };
}

/** The variables of a list route's document from the query parameters, or the parameter that is wrong. */
export function listVariables(route: ListRoute, query: URLSearchParams): Record<string, unknown> | Refusal {
  const byName = new Map(route.parameters.map((parameter) => [parameter.name, parameter]));
  for (const name of new Set(query.keys())) {
    if (!byName.has(name)) {
      return {
        code: 'BAD_USER_INPUT',
        detail: `Unknown parameter ${quoted(name)}; ${route.path} takes ${[...byName.keys()].join(', ')}.`,
        parameter: name,
      };
    }
  }
  const variables: Record<string, unknown> = { first: DEFAULT_LIMIT };
  const filter: Record<string, unknown> = {};
  try {
    for (const parameter of route.parameters) {
      const values = query.getAll(parameter.name);
      if (values.length === 0) continue;
      if (values.length > 1 && !parameter.repeated) {
        throw new ParameterError(`Give "${parameter.name}" once.`, parameter.name);
      }
      const target = parameter.target;
      if (target.kind === 'orderBy') variables.orderBy = orderOf(parameter, values[0] as string);
      else {
        const coerced = values.map((value) => coerce(parameter, value));
        const value = parameter.repeated ? coerced : coerced[0];
        if (target.kind === 'limit') variables.first = value;
        else if (target.kind === 'cursor') variables.after = value;
        else if (target.kind === 'argument') variables[target.name] = value;
        else filter[target.name] = value;
      }
    }
  } catch (error) {
    if (error instanceof ParameterError) {
      return { code: 'BAD_USER_INPUT', detail: error.message, parameter: error.parameter };
    }
    throw error;
  }
  if (Object.keys(filter).length > 0) variables.filter = filter;
  return variables;
}

type GraphQLAnswer = {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
};

/** The GraphQL argument an error names, as the REST parameter it came from. */
function parameterOf(field: unknown): string | undefined {
  if (typeof field !== 'string') return undefined;
  const last = field.split('.').at(-1) ?? field;
  return last === 'first' ? 'limit' : last === 'after' ? 'cursor' : last;
}

/** A GraphQL error as a REST refusal, naming the REST parameter where it names a GraphQL argument. */
export function refusalOf(
  error: { message: string; extensions?: Record<string, unknown> | undefined },
  status: number,
): Refusal {
  const extensions = error.extensions ?? {};
  const code: ProblemCode = isProblemCode(extensions.code)
    ? extensions.code
    : status === 401
      ? 'UNAUTHENTICATED'
      : status === 429
        ? 'RATE_LIMITED'
        : status >= 400 && status < 500
          ? 'BAD_REQUEST'
          : 'INTERNAL_SERVER_ERROR';
  const refusal: Refusal = { code, detail: error.message };
  const parameter = parameterOf(extensions.field);
  if (parameter) {
    refusal.parameter = parameter;
    // The message names the GraphQL argument (e.g. "first"); the caller sent the parameter ("limit").
    refusal.detail = error.message.replaceAll(`"${String(extensions.field).split('.').at(-1)}"`, `"${parameter}"`);
  }
  if (typeof extensions.requiredPage === 'string') refusal.requiredPage = extensions.requiredPage;
  if (typeof extensions.clientId === 'string') refusal.clientId = extensions.clientId;
  if (typeof extensions.requestId === 'string') refusal.requestId = extensions.requestId;
  return refusal;
}

/** An item from a row the document read: a related row the caller may not read (FORBIDDEN there) is left out. */
function itemFrom(item: Item, row: Record<string, unknown>, path: string, refused: Set<string>) {
  const result: Record<string, unknown> = {};
  for (const property of item.properties) {
    const value = row[property.field.name];
    if (property.kind !== 'related') result[property.name] = value;
    else if (value && typeof value === 'object' && 'id' in value) result[property.name] = value.id;
    else if (!refused.has(`${path}.${property.field.name}`)) result[property.name] = null;
  }
  return result;
}

/**
 * The REST answer of a route from its document's GraphQL answer: the body, or the refusal of the whole request
 * (REST has no partial answers). Only a FORBIDDEN related row is tolerated, and then left out of its item.
 */
export function restAnswer(
  route: Route,
  status: number,
  answer: GraphQLAnswer,
): { body: Record<string, unknown>; nextCursor: string | null } | Refusal {
  const field = route.field.name;
  const related = new Set(
    route.item.properties.filter((property) => property.kind === 'related').map((property) => property.field.name),
  );
  const refused = new Set<string>();
  for (const error of answer.errors ?? []) {
    const path = error.path ?? [];
    const tolerated = path.length > 1 && error.extensions?.code === 'FORBIDDEN' && related.has(String(path.at(-1)));
    if (!tolerated) return refusalOf(error, status);
    refused.add(path.join('.'));
  }
  const value = answer.data?.[field] as Record<string, unknown> | null | undefined;
  if (!value) {
    return route.kind === 'me'
      ? { code: 'UNAUTHENTICATED', detail: 'Send an API token (Authorization: SalureToken <token>).' }
      : { code: 'INTERNAL_SERVER_ERROR', detail: 'The answer was empty.' };
  }
  if (route.kind === 'me') return { body: value, nextCursor: null };
  if (route.kind === 'row') return { body: itemFrom(route.item, value, field, refused), nextCursor: null };
  const { edges, totalCount, pageInfo } = value as {
    edges: { node: Record<string, unknown> }[];
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
  const nextCursor = pageInfo.hasNextPage ? pageInfo.endCursor : null;
  return {
    body: {
      items: edges.map((edge, index) => itemFrom(route.item, edge.node, `${field}.edges.${index}.node`, refused)),
      totalCount,
      nextCursor,
    },
    nextCursor,
  };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'code' in value && 'detail' in value;
}

export type { GraphQLAnswer };
