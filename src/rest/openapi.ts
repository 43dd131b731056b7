import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { COMMON_PROBLEMS, PROBLEMS, type ProblemCode, problemResponses, problemType } from './problems.js';
import { type Item, MAX_LIMIT, type Parameter, type Route } from './routes.js';

// The OpenAPI 3.1 document of the REST routes, made from the same route table as the routes themselves.

type JsonSchema = Record<string, unknown>;

/** Every id is a UUID. */
const ID_SCHEMA: JsonSchema = {
  type: 'string',
  format: 'uuid',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
};

/** The JSON Schema of a GraphQL leaf type (scalar or enum). */
function leafSchema(type: GraphQLInputType | GraphQLOutputType): JsonSchema {
  const named = getNamedType(type);
  if (isEnumType(named)) return { type: 'string', enum: named.getValues().map((value) => value.name) };
  switch (named.name) {
    case 'Int':
      return { type: 'integer' };
    case 'Float':
      return { type: 'number' };
    case 'Boolean':
      return { type: 'boolean' };
    case 'ID':
      return ID_SCHEMA;
    case 'DateTime':
      return { type: 'string', format: 'date-time' };
    default:
      return { type: 'string' };
  }
}

/** A field's value schema: lists as arrays, objects of leaves as objects, nullable fields with `null` allowed. */
function outputSchema(type: GraphQLOutputType): JsonSchema {
  const nullable = !isNonNullType(type);
  const inner = isNonNullType(type) ? type.ofType : type;
  const fields = isObjectType(inner) ? Object.values(inner.getFields()) : [];
  const schema = isListType(inner)
    ? { type: 'array', items: outputSchema(inner.ofType) }
    : isObjectType(inner)
      ? {
          type: 'object',
          properties: Object.fromEntries(fields.map((field) => [field.name, outputSchema(field.type)])),
          required: fields.map((field) => field.name),
          additionalProperties: false,
        }
      : leafSchema(inner);
  return nullable ? { anyOf: [schema, { type: 'null' }] } : schema;
}

function described(field: GraphQLField<unknown, unknown>, schema: JsonSchema): JsonSchema {
  return field.description ? { ...schema, description: field.description } : schema;
}

function itemSchema(item: Item): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const property of item.properties) {
    if (property.kind === 'scalar' || property.kind === 'object') {
      properties[property.name] = described(property.field, outputSchema(property.field.type));
      required.push(property.name);
    } else if (property.kind === 'client') {
      properties.client = { $ref: '#/components/schemas/Client' };
      required.push('client');
    } else {
      properties[property.name] = {
        anyOf: [ID_SCHEMA, { type: 'null' }],
        description: `The id of the ${property.field.name} (${property.type.name}); null when there is none. Left out when the caller may not read page ${property.page}.`,
      };
    }
  }
  return {
    type: 'object',
    description: item.type.description ?? undefined,
    properties,
    required,
    additionalProperties: false,
  };
}

function parameterSchema(parameter: Parameter): JsonSchema {
  if (parameter.target.kind === 'orderBy') {
    const values = parameter.target.fields.flatMap((field) => [field.name, `${field.name}:asc`, `${field.name}:desc`]);
    return { type: 'string', enum: values };
  }
  if (parameter.target.kind === 'limit') return { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 50 };
  const one = leafSchema(parameter.type);
  return parameter.repeated ? { type: 'array', items: one } : one;
}

const RATE_HEADERS = {
  'RateLimit-Limit': { description: 'Requests allowed per window.', schema: { type: 'integer' } },
  'RateLimit-Remaining': { description: 'Requests left in this window.', schema: { type: 'integer' } },
  'RateLimit-Reset': { description: 'Seconds until the window resets.', schema: { type: 'integer' } },
  'Salure-Token-Expires': {
    description: 'When the API token in use stops working (only for tokens with an end).',
    schema: { type: 'string', format: 'date-time' },
  },
};

function schemaName(route: Route): string {
  return route.item.type.name;
}

function operationOf(route: Route): JsonSchema {
  const name = schemaName(route);
  if (route.kind === 'me') {
    return {
      operationId: 'getMe',
      summary: 'The caller: kind, name, e-mail, effective pages and clients',
      tags: ['Viewer'],
      responses: {
        200: {
          description: 'The viewer.',
          headers: RATE_HEADERS,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Me' } } },
        },
        ...problemResponses(COMMON_PROBLEMS),
      },
    };
  }
  const page = route.page;
  const listName = route.path.split('/').filter(Boolean)[2] ?? name;
  if (route.kind === 'row') {
    return {
      operationId: `get${name}`,
      summary: `One row of page ${page} by its id`,
      tags: [page],
      parameters: [{ name: 'id', in: 'path', required: true, schema: ID_SCHEMA }],
      responses: {
        200: {
          description: `The ${name}, without an envelope.`,
          headers: RATE_HEADERS,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
        },
        ...problemResponses(['BAD_USER_INPUT', 'NOT_FOUND', ...COMMON_PROBLEMS]),
      },
    };
  }
  const pathParameters = route.pathParameter
    ? [{ name: route.pathParameter, in: 'path', required: true, schema: ID_SCHEMA }]
    : [];
  return {
    operationId: `list${route.field.name.charAt(0).toUpperCase()}${route.field.name.slice(1)}`,
    summary: page
      ? `Page ${page}: ${route.field.description?.split(':')[1]?.split('.')[0]?.trim() ?? listName}`
      : (route.field.description?.split('.')[0] ?? listName),
    description: route.field.description ?? undefined,
    tags: [route.tag],
    parameters: [
      ...pathParameters,
      ...route.parameters.map((parameter) => ({
        name: parameter.name,
        in: 'query',
        description: parameter.description || undefined,
        required: false,
        schema: parameterSchema(parameter),
        ...(parameter.repeated ? { style: 'form', explode: true } : {}),
      })),
    ],
    responses: {
      200: {
        description: 'A page of items. `Link: <…>; rel="next"` when there is a next page.',
        headers: {
          ...RATE_HEADERS,
          Link: { description: 'The next page: `<url>; rel="next"`.', schema: { type: 'string' } },
        },
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                items: { type: 'array', items: { $ref: `#/components/schemas/${name}` } },
                totalCount: { type: 'integer', description: 'Items of the whole filtered list.' },
                nextCursor: {
                  anyOf: [{ type: 'string' }, { type: 'null' }],
                  description: 'Pass as `cursor` for the next page; null on the last page.',
                },
              },
              required: ['items', 'totalCount', 'nextCursor'],
              additionalProperties: false,
            },
          },
        },
      },
      ...problemResponses(['BAD_USER_INPUT', ...COMMON_PROBLEMS]),
    },
  };
}

/** The OpenAPI 3.1 document of the routes. */
export function openApiDocument(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, JsonSchema> = {};
  const schemas: Record<string, JsonSchema> = {
    Client: {
      type: 'object',
      properties: { id: { type: 'string', format: 'uuid' }, name: { type: 'string' } },
      required: ['id', 'name'],
      additionalProperties: false,
    },
    Problem: {
      type: 'object',
      description: 'RFC 9457 problem details. `code` is the code GraphQL gives for the same refusal.',
      properties: {
        type: {
          type: 'string',
          enum: (Object.keys(PROBLEMS) as ProblemCode[]).map(problemType),
        },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        code: { type: 'string', enum: Object.keys(PROBLEMS) },
        parameter: { type: 'string', description: 'The parameter that is wrong (400).' },
        requiredPage: { type: 'string', description: 'The page the caller lacks (403).' },
        clientId: { type: 'string', description: 'The client the caller may not see (403).' },
        requestId: { type: 'string', description: 'Matches the log line with the details (500).' },
      },
      required: ['type', 'title', 'status', 'detail', 'code'],
    },
  };
  for (const route of routes) {
    paths[route.path] = { get: operationOf(route) };
    if (route.kind === 'me') {
      const me = itemSchema(route.item);
      const properties = { ...(me.properties as Record<string, JsonSchema>) };
      properties.clients = {
        type: 'array',
        items: { $ref: '#/components/schemas/Client' },
        description: 'Effective clients: for a token, its clients that its owner still has.',
      };
      properties.tokenExpiresAt = {
        anyOf: [{ type: 'string', format: 'date-time' }, { type: 'null' }],
        description: 'When the API token in use stops working; null for a session or a token without an end.',
      };
      schemas.Me = { ...me, properties, required: [...(me.required as string[]), 'clients', 'tokenExpiresAt'] };
    } else schemas[schemaName(route)] = itemSchema(route.item);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'salure-gateway REST API',
      version,
      description:
        'Read-only access to the pages of the platform with a personal API token, generated from the GraphQL schema and executed through it: the same guards, clients, rate limits and audit. Every call needs credentials. Send `Authorization: SalureToken <token>` (a token from the API Access page) or `Authorization: Bearer <session>`.',
    },
    servers: [{ url: '/' }],
    security: [{ SalureToken: [] }, { Session: [] }],
    tags: [
      { name: 'Viewer' },
      ...['USERS', 'CONNECTORS', 'INTERFACES', 'RUNS'].map((name) => ({ name })),
      {
        name: 'Incremental reads',
        description: 'Rows deleted since a cursor, for mirrors kept with `orderBy=updatedAt:asc` (docs/changes.md).',
      },
      { name: 'Administration', description: "For a client's administrators, with a session (docs/organisation.md)." },
    ],
    paths,
    components: {
      securitySchemes: {
        SalureToken: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'An API token with its scheme: `Authorization: SalureToken salure_…`. In this page\'s "Authorize" dialog enter the whole value, `SalureToken ` included.',
        },
        Session: { type: 'http', scheme: 'bearer', description: 'A session of a logged-in user (the login mutation).' },
      },
      schemas,
    },
  };
}
