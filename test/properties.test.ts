import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import fc from 'fast-check';
import {
  type GraphQLEnumType,
  GraphQLError,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAuthorization } from '../src/auth/credentials.js';
import { isWellFormedSecret } from '../src/auth/secrets.js';
import { PAGES, type Page } from '../src/core/pages.js';
import type { Interface } from '../src/database/entities.js';
import { pageOfType } from '../src/graphql/page-types.js';
import { schema } from '../src/graphql/schema.js';
import { aClient, aClientWithData, aConnector, anInterface, aRun, aUser, sessionOf, tokenOf } from './builders.js';
import { startTestGateway } from './helpers.js';

const gateway = await startTestGateway();

describe('the Authorization parser, on arbitrary input', () => {
  const RUNS = 5_000;

  it(`gives a well-formed secret or a 401 refusal, never anything else (${RUNS} strings, ${RUNS} byte sequences)`, () => {
    const check = (header: string) => {
      try {
        const credentials = parseAuthorization(header);
        expect(credentials).not.toBeNull();
        if (credentials) expect(isWellFormedSecret(credentials.kind, credentials.secret)).toBe(true);
      } catch (error) {
        expect(error).toBeInstanceOf(GraphQLError);
        expect((error as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
      }
    };
    const schemes = fc.constantFrom('', 'SalureToken ', 'Bearer ', 'bearer  ', 'SALURETOKEN ', 'Basic ');
    fc.assert(
      fc.property(schemes, fc.string({ unit: 'binary', maxLength: 200 }), (scheme, rest) => check(scheme + rest)),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => check(Buffer.from(bytes).toString('latin1'))),
      { numRuns: RUNS },
    );
  });

  it('over HTTP answers 401 for any header value, never a 500 (300 cases)', async () => {
    const value = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,300}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('', 'SalureToken ', 'Bearer salure_session_', 'SalureToken salure_'),
        value,
        async (prefix, rest) => {
          const answer = await gateway.request('{ viewer { kind } }', { auth: { header: prefix + rest } });
          expect(answer.status).toBe(401);
          expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** A random selection of `type`, always with `__typename`, and `id` on clients, `depth` relations deep. */
function selectionOf(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  if (type.name === 'Client') return fc.constant('id name');
  const fields = Object.values(type.getFields()).filter((field) => field.args.length === 0);
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type))).map((field) => field.name);
  const relations = depth > 0 ? fields.filter((field) => isObjectType(getNamedType(field.type))) : [];
  return fc
    .tuple(
      fc.subarray(leaves),
      ...relations.map((field) =>
        fc.option(selectionOf(getNamedType(field.type) as GraphQLObjectType, depth - 1), { nil: null }),
      ),
    )
    .map(([chosen, ...nested]) => {
      const objects = nested.map((inner, i) => (inner === null ? '' : `${relations[i]?.name} { ${inner} }`));
      return ['__typename', ...chosen, ...objects].join(' ');
    });
}

const ROOTS = { USERS: 'users', CONNECTORS: 'connectors', INTERFACES: 'interfaces', RUNS: 'runs' } as const;
const TYPES = { USERS: 'User', CONNECTORS: 'Connector', INTERFACES: 'Interface', RUNS: 'Run' } as const;
const LOOKUPS = { USERS: 'user', CONNECTORS: 'connector', INTERFACES: 'interface', RUNS: 'run' } as const;

/** The names of an enum of the schema. */
const enumValues = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((value) => value.name);

/** Every row the world holds, by id: its page and its client. */
type Pool = Map<string, { page: Page; clientId: string }>;

/**
 * A client with rows made for filters and orders to bite: connectors of two systems and three statuses (one name
 * with % and _), interfaces between them, runs with ties in every order field and running ones without an end.
 */
async function aVariedClient(em: EntityManager, pool: Pool, index: number) {
  const client = await aClient(em);
  const connectors = [
    await aConnector(em, client, `Alpha ${index} 100%`, { system: 'AFAS', status: 'ACTIVE' }),
    await aConnector(em, client, `beta_${index}`, { system: 'Nmbrs', status: 'ERROR' }),
    await aConnector(em, client, `Gamma ${index}`, { system: 'AFAS', status: 'INACTIVE' }),
  ] as const;
  const interfaces = [
    await anInterface(em, client, { source: connectors[0], target: connectors[1], name: `one ${index}` }),
    await anInterface(em, client, { source: connectors[2], target: connectors[0], status: 'PAUSED' }),
    await anInterface(em, client, { status: 'DRAFT' }),
  ] as const;
  const statuses = ['SUCCEEDED', 'FAILED', 'RUNNING'] as const;
  const base = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 10; i++) {
    const run = await aRun(em, interfaces[i % 3] as Interface, new Date(base + Math.floor(i / 3) * 3_600_000), {
      status: statuses[i % 3],
      recordsProcessed: (i % 2) * 100,
    });
    pool.set(run.id, { page: 'RUNS', clientId: client.id });
  }
  for (const connector of connectors) pool.set(connector.id, { page: 'CONNECTORS', clientId: client.id });
  for (const iface of interfaces) pool.set(iface.id, { page: 'INTERFACES', clientId: client.id });
  for (const isActive of [true, false]) {
    const user = await aUser(em, { clients: [client], isActive, name: `Person ${index} ${isActive}` });
    pool.set(user.id, { page: 'USERS', clientId: client.id });
  }
  return { client, connectors };
}

/** A random filter of a page's list, as a caller's script would send (always a valid one). */
function filterOf(page: Page, connectorIds: string[]): fc.Arbitrary<Record<string, unknown>> {
  const search = fc.constantFrom('a', 'ALPHA', '100%', '_', '1', 'person', 'test.example', 'zzz');
  const statuses = (type: string) => fc.subarray(enumValues(type), { minLength: 1 });
  const optional = { requiredKeys: [] as never[] };
  switch (page) {
    case 'USERS':
      return fc.record({ isActive: fc.boolean(), search }, optional);
    case 'CONNECTORS':
      return fc.record(
        { status: statuses('ConnectorStatus'), system: fc.constantFrom('AFAS', 'Nmbrs', 'afas'), search },
        optional,
      );
    case 'INTERFACES':
      return fc.record(
        { status: statuses('InterfaceStatus'), connectorId: fc.constantFrom(...connectorIds), search },
        optional,
      );
    case 'RUNS': {
      const hour = fc.integer({ min: -1, max: 5 }).map((h) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000));
      return fc
        .tuple(
          fc.record({ status: statuses('RunStatus'), connectorId: fc.constantFrom(...connectorIds) }, optional),
          fc.option(hour, { nil: undefined }),
          fc.option(hour, { nil: undefined }),
        )
        .map(([filter, a, b]) => {
          // startedAfter must come before startedBefore: order the two, drop one when they are equal.
          const [from, until] = a && b ? (a < b ? [a, b] : [b, a]) : [a, b];
          return {
            ...filter,
            ...(from ? { startedAfter: from.toISOString() } : {}),
            ...(until && until.getTime() !== from?.getTime() ? { startedBefore: until.toISOString() } : {}),
          };
        });
    }
  }
}

/** A random order of a page's list, or none (the default). */
const orderOf = (page: Page) =>
  fc.option(
    fc.record({
      field: fc.constantFrom(...enumValues(`${TYPES[page]}OrderField`)),
      direction: fc.constantFrom('ASC', 'DESC'),
    }),
    { nil: null },
  );

/** The arguments of a list: a filter, an order, a client, and a window forward or backward. */
const listArguments = (page: Page, connectorIds: string[]) =>
  fc.record({
    filter: filterOf(page, connectorIds),
    orderBy: orderOf(page),
    clientId: fc.option(fc.constantFrom(0, 1, 2), { nil: null }),
    window: fc.oneof(
      fc.integer({ min: 1, max: 5 }).map((first) => ({ first })),
      fc.integer({ min: 1, max: 5 }).map((last) => ({ last })),
    ),
  });

type ListArguments = ReturnType<typeof listArguments> extends fc.Arbitrary<infer A> ? A : never;

describe('arbitrary operations with arbitrary token grants', () => {
  let world: {
    clients: string[];
    foreign: string;
    session: string;
    pool: Pool;
    connectorIds: string[];
    /** Rows deleted from each client, with their deletion markers (docs/changes.md). */
    gone: Pool;
  };
  beforeAll(async () => {
    const em = gateway.em();
    const pool: Pool = new Map();
    const [a, b, c] = [
      await aVariedClient(em, pool, 0),
      await aVariedClient(em, pool, 1),
      await aVariedClient(em, pool, 2),
    ];
    const owner = await aUser(em, { clients: [a.client, b.client], pages: PAGES });
    pool.set(owner.id, { page: 'USERS', clientId: a.client.id });
    // A run of each client deleted, as the platform would: each leaves a marker for incremental readers.
    const gone: Pool = new Map();
    for (const client of [a.client, b.client, c.client]) {
      const [run] = await em
        .getConnection()
        .execute('delete from run where id = (select min(id::text)::uuid from run where client_id = ?) returning id', [
          client.id,
        ]);
      if (!run) throw new Error('every varied client has runs');
      pool.delete(run.id);
      gone.set(run.id, { page: 'RUNS', clientId: client.id });
    }
    world = {
      clients: [a.client.id, b.client.id],
      foreign: c.client.id,
      session: await sessionOf(gateway, owner),
      pool,
      connectorIds: [...a.connectors, ...b.connectors, ...c.connectors].map((connector) => connector.id),
      gone,
    };
  });
  const clientOf = (i: number | null) => (i === null ? null : i === 2 ? world.foreign : world.clients[i]);

  const RUNS = 150;
  it(`never return a row of a page or a client the token lacks, through lists, lookups, node, nodes and deletions (${RUNS} cases)`, async () => {
    const grant = fc.record({
      pages: fc.subarray([...PAGES], { minLength: 1 }),
      clients: fc.option(fc.subarray([0, 1], { minLength: 1 }), { nil: null }),
    });
    const root = (page: Page) =>
      fc
        .tuple(
          listArguments(page, world.connectorIds),
          selectionOf(schema.getType(TYPES[page]) as GraphQLObjectType, 3),
        )
        .map(([args, node]) => ({ page, args, node }));
    const roots = fc.subarray([...PAGES], { minLength: 1 }).chain((pages) => fc.tuple(...pages.map(root)));
    const anId = fc.oneof(fc.constantFrom(...world.pool.keys()), fc.uuid());
    // The deletion markers of a page, of every client or one.
    const deletions = fc.option(
      fc.record({ page: fc.constantFrom(...PAGES), clientId: fc.option(fc.constantFrom(0, 1, 2), { nil: null }) }),
      { nil: null },
    );
    const lookups = fc.array(
      fc.oneof(
        fc
          .tuple(fc.constantFrom(...PAGES), anId)
          .map(([page, id]) => `${LOOKUPS[page]}(id: "${id}") { __typename id }`),
        anId.map((id) => `node(id: "${id}") { __typename id }`),
        fc.array(anId, { maxLength: 8 }).map((ids) => `nodes(ids: ${JSON.stringify(ids)}) { __typename id }`),
      ),
      { maxLength: 4 },
    );

    await fc.assert(
      fc.asyncProperty(grant, roots, lookups, deletions, async (granted, lists, rowsById, markersOf) => {
        const clientIds = granted.clients?.map((i) => world.clients[i] ?? '') ?? null;
        const token = await tokenOf(gateway, world.session, { label: 'property', pages: granted.pages, clientIds });
        const allowedClients = new Set(clientIds ?? world.clients);
        // Each list's arguments as variables of their own: $f0, $o0 for the first list, and so on.
        const declared: string[] = [];
        const variables: Record<string, unknown> = {};
        const fields = lists.map(({ page, args, node }, i) => {
          declared.push(`$f${i}: ${TYPES[page]}Filter`, `$o${i}: ${TYPES[page]}Order`, `$c${i}: ID`);
          Object.assign(variables, {
            [`f${i}`]: args.filter,
            [`o${i}`]: args.orderBy,
            [`c${i}`]: clientOf(args.clientId),
          });
          const [size, count] = Object.entries(args.window)[0] ?? [];
          return `${ROOTS[page]}(filter: $f${i}, orderBy: $o${i}, clientId: $c${i}, ${size}: ${count}) { totalCount edges { node { ${node} } } }`;
        });
        const byId = rowsById.map((lookup, i) => `l${i}: ${lookup}`);
        if (markersOf) {
          declared.push('$dc: ID');
          variables.dc = clientOf(markersOf.clientId);
          fields.push(`deletions(page: ${markersOf.page}, clientId: $dc) { edges { node { id page clientId } } }`);
        }
        const query = `query(${declared.join(', ')}) { viewer { pages clients { id } } ${[...fields, ...byId].join(' ')} }`;
        const answer = await gateway.request(query, { variables, auth: { token: token.secret } });

        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        for (const error of answer.body.errors ?? []) {
          expect(error.extensions?.code, `${query}: ${error.message}`).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
          // A row by id is refused for its page only: a row of another client is NOT_FOUND, as if it did not exist.
          if (/^l\d/.test(String(error.path?.[0])) && error.extensions?.code === 'FORBIDDEN') {
            const page = error.extensions?.requiredPage as Page | undefined;
            expect(page && !granted.pages.includes(page), JSON.stringify(error)).toBe(true);
          }
        }
        const data = answer.body.data as Record<string, unknown>;
        for (const { page, args } of lists) {
          const outside = args.clientId !== null && !allowedClients.has(clientOf(args.clientId) ?? '');
          if (!granted.pages.includes(page) || outside) expect(data[ROOTS[page]]).toBeNull();
        }
        if (markersOf) {
          const outside = markersOf.clientId !== null && !allowedClients.has(clientOf(markersOf.clientId) ?? '');
          if (!granted.pages.includes(markersOf.page) || outside) expect(data.deletions).toBeNull();
          const markers = (data.deletions as { edges: { node: { id: string; page: Page; clientId: string } }[] } | null)
            ?.edges;
          for (const { node } of markers ?? []) {
            expect(granted.pages).toContain(node.page);
            expect(allowedClients.has(node.clientId)).toBe(true);
            const deleted = world.gone.get(node.id);
            if (deleted) expect(allowedClients.has(deleted.clientId)).toBe(true);
          }
        }
        // Walk every object of the answer: no row of a page or a client the token lacks, wherever it appears.
        JSON.stringify(data, (key, value) => {
          const page = pageOfType.get(value?.__typename);
          if (page) expect(granted.pages).toContain(page);
          if (value?.__typename === 'Client' || key === 'client') expect(allowedClients.has(value.id)).toBe(true);
          const row = typeof value?.id === 'string' ? world.pool.get(value.id) : undefined;
          if (row) {
            expect(granted.pages).toContain(row.page);
            expect(allowedClients.has(row.clientId)).toBe(true);
          }
          return value;
        });
        for (const client of (data.viewer as { clients: { id: string }[] }).clients) {
          expect(allowedClients.has(client.id)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  const REST_RUNS = 100;
  it(`never answer a row, a client or a related id the token lacks over REST either (${REST_RUNS} cases)`, async () => {
    const grant = fc.record({
      pages: fc.subarray([...PAGES], { minLength: 1 }),
      clients: fc.option(fc.subarray([0, 1], { minLength: 1 }), { nil: null }),
    });
    const aList = fc
      .constantFrom(...PAGES)
      .chain((page) => listArguments(page, world.connectorIds).map((args) => ({ kind: 'list' as const, page, args })));
    const aRow = fc
      .tuple(fc.constantFrom(...PAGES), fc.oneof(fc.constantFrom(...world.pool.keys()), fc.uuid()))
      .map(([page, id]) => ({ kind: 'row' as const, page, id }));
    const calls = fc.array(fc.oneof(aList, aRow), { minLength: 1, maxLength: 4 });
    /** A list's arguments as the query parameters a script would send. */
    const queryOf = (args: ListArguments) => {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(args.filter)) {
        for (const each of Array.isArray(value) ? value : [value]) query.append(name, String(each));
      }
      if (args.orderBy) {
        const field = args.orderBy.field.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
        query.set('orderBy', `${field}:${args.orderBy.direction.toLowerCase()}`);
      }
      const clientId = clientOf(args.clientId);
      if (clientId) query.set('clientId', clientId);
      query.set('limit', String(Object.values(args.window)[0]));
      return query;
    };
    const RELATED: Record<string, Page> = {
      interfaceId: 'INTERFACES',
      sourceConnectorId: 'CONNECTORS',
      targetConnectorId: 'CONNECTORS',
      lastRunId: 'RUNS',
    };
    await fc.assert(
      fc.asyncProperty(grant, calls, async (granted, made) => {
        const clientIds = granted.clients?.map((i) => world.clients[i] ?? '') ?? null;
        const token = await tokenOf(gateway, world.session, { label: 'rest', pages: granted.pages, clientIds });
        const allowedClients = new Set(clientIds ?? world.clients);
        const readable = (id: string) => {
          const row = world.pool.get(id);
          return row !== undefined && granted.pages.includes(row.page) && allowedClients.has(row.clientId);
        };
        const checkItem = (item: Record<string, unknown>, page: Page) => {
          expect(readable(String(item.id)), JSON.stringify(item)).toBe(true);
          expect(world.pool.get(String(item.id))?.page).toBe(page);
          expect(allowedClients.has((item.client as { id: string }).id)).toBe(true);
          for (const [property, relatedPage] of Object.entries(RELATED)) {
            if (!granted.pages.includes(relatedPage)) expect(item).not.toHaveProperty(property);
            else if (typeof item[property] === 'string') expect(readable(item[property] as string)).toBe(true);
          }
        };
        for (const call of made) {
          const path =
            call.kind === 'list'
              ? `/api/v1/${ROOTS[call.page]}?${queryOf(call.args)}`
              : `/api/v1/${ROOTS[call.page]}/${call.id}`;
          const answer = await gateway.rest(path, { auth: { token: token.secret } });
          const lacksPage = !granted.pages.includes(call.page);
          if (call.kind === 'list') {
            const outside = call.args.clientId !== null && !allowedClients.has(clientOf(call.args.clientId) ?? '');
            expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(lacksPage || outside ? 403 : 200);
            for (const item of answer.body.items ?? []) checkItem(item, call.page);
          } else {
            const row = world.pool.get(call.id);
            const visible = row?.page === call.page && allowedClients.has(row.clientId);
            expect(answer.status, path).toBe(lacksPage ? 403 : visible ? 200 : 404);
            if (answer.status === 200) checkItem(answer.body, call.page);
          }
        }
      }),
      { numRuns: REST_RUNS },
    );
  });

  const WALKS = 40;
  it(`page a random list forward and then backward to the same rows, as many as totalCount (${WALKS} lists)`, async () => {
    const list = fc.constantFrom(...PAGES).chain((page) =>
      fc.record({
        page: fc.constant(page),
        args: listArguments(page, world.connectorIds),
        clients: fc.option(fc.subarray([0, 1], { minLength: 1 }), { nil: null }),
        size: fc.integer({ min: 1, max: 4 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(list, async ({ page, args, clients, size }) => {
        const clientIds = clients?.map((i) => world.clients[i] ?? '') ?? null;
        const token = await tokenOf(gateway, world.session, { label: 'walk', pages: [page], clientIds });
        const allowedClients = new Set(clientIds ?? world.clients);
        const field = ROOTS[page];
        const query = `query($filter: ${TYPES[page]}Filter, $orderBy: ${TYPES[page]}Order, $first: Int, $after: String, $last: Int, $before: String) {
          ${field}(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } }
          } }`;
        type Page = {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
          edges: { node: { id: string } }[];
        };
        const walk = async (forward: boolean) => {
          const ids: string[] = [];
          let cursor: string | undefined;
          let total = 0;
          for (let pages = 0; pages <= world.pool.size; pages++) {
            const window = forward ? { first: size, after: cursor } : { last: size, before: cursor };
            const answer = await gateway.request(query, {
              variables: { filter: args.filter, orderBy: args.orderBy, ...window },
              auth: { token: token.secret },
            });
            expect(answer.body.errors, query).toBeUndefined();
            const got = (answer.body.data as Record<string, Page>)[field] as Page;
            total = got.totalCount;
            const rows = got.edges.map((edge) => edge.node.id);
            if (forward) ids.push(...rows);
            else ids.unshift(...rows);
            if (!(forward ? got.pageInfo.hasNextPage : got.pageInfo.hasPreviousPage)) return { ids, total };
            cursor = forward ? got.pageInfo.endCursor : got.pageInfo.startCursor;
          }
          throw new Error('More pages than rows.');
        };
        const forward = await walk(true);
        const backward = await walk(false);
        expect(backward.ids).toEqual(forward.ids);
        expect(new Set(forward.ids).size).toBe(forward.ids.length);
        expect(forward.ids.length).toBe(forward.total);
        for (const id of forward.ids) expect(allowedClients.has(world.pool.get(id)?.clientId ?? '')).toBe(true);
      }),
      { numRuns: WALKS },
    );
  });
});

/** A place in the schema where a caller's string goes: a root field's argument, or a field of its input object. */
type StringTarget = { operation: 'query' | 'mutation'; field: GraphQLField<unknown, unknown>; path: string[] };

/** Every String and ID a caller can pass to a root field: arguments, list items, input-object fields. */
function stringTargets(): StringTarget[] {
  const targets: StringTarget[] = [];
  const visit = (operation: StringTarget['operation'], field: GraphQLField<unknown, unknown>) => {
    const walk = (type: GraphQLInputType, path: string[]) => {
      const named = getNamedType(type);
      if (isInputObjectType(named))
        for (const inner of Object.values(named.getFields())) walk(inner.type, [...path, inner.name]);
      else if (named.name === 'String' || named.name === 'ID') targets.push({ operation, field, path });
    };
    for (const arg of field.args) walk(arg.type, [arg.name]);
  };
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) visit('query', field);
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) visit('mutation', field);
  return targets;
}

/** A valid value of an input type (a caller's everyday input), with `hostile` put at `path`. */
function inputValue(type: GraphQLInputType, path: string[], hostile: string): unknown {
  const named = getNamedType(type);
  const listed = (value: unknown) => (isListType(isNonNullType(type) ? type.ofType : type) ? [value] : value);
  if (path.length === 0 && (named.name === 'String' || named.name === 'ID')) return listed(hostile);
  if (isInputObjectType(named)) {
    const object: Record<string, unknown> = {};
    for (const inner of Object.values(named.getFields())) {
      if (inner.name === path[0]) object[inner.name] = inputValue(inner.type, path.slice(1), hostile);
      else if (isNonNullType(inner.type)) object[inner.name] = inputValue(inner.type, [], '');
    }
    return listed(object);
  }
  if (isEnumType(named)) return listed(named.getValues()[0]?.value);
  const everyday: Record<string, unknown> = {
    ID: randomUUID(),
    String: 'x',
    Int: 5,
    Boolean: false,
    DateTime: '2099-01-01T00:00:00Z',
  };
  return listed(everyday[named.name]);
}

/** An operation that passes `hostile` at the target, every other required argument an everyday value. */
function operationAt(target: StringTarget, hostile: string) {
  const { field, path } = target;
  const args = field.args.filter((arg) => arg.name === path[0] || isNonNullType(arg.type));
  const variables = Object.fromEntries(
    args.map((arg) => [arg.name, inputValue(arg.type, arg.name === path[0] ? path.slice(1) : [], hostile)]),
  );
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  const declared = args.map((arg) => `$${arg.name}: ${arg.type}`).join(', ');
  const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query = `${target.operation}${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
  return { query, variables };
}

/** The tag of a list's cursors when no argument filters it (graphql/pages.ts: the digest of its filters). */
function unfilteredTag(list: string): string {
  return `${list}:${createHash('sha256')
    .update(JSON.stringify([null, null, null]))
    .digest('base64url')
    .slice(0, 12)}`;
}

const SQL_TEXT = /\bselect\b[\s\S]*\bfrom\b|\binsert into\b|\bupdate\s+"?\w+"?\s+set\b|\bdelete from\b/i;

describe('arbitrary strings in every string and ID argument, and every cursor', () => {
  const targets = stringTargets();
  /** Strings that broke something once, or could: NUL, lone surrogates, prototype keys, 90 kB, SQL, cursors. */
  const hostile = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 50 }),
    fc.constantFrom(
      '',
      '\u0000',
      'a\u0000b',
      '\uD800',
      'x\uDFFFy',
      '__proto__',
      'constructor',
      'toString',
      "'; drop table run; --",
      '%_\\',
      randomBytes(45_000).toString('hex'),
      'é'.repeat(60_000),
    ),
    fc.uuid().map((id) => id),
    // Cursors: our format with arbitrary parts (the real tags of unfiltered lists among them), and arbitrary text.
    fc
      .tuple(
        fc.constantFrom(
          unfilteredTag('runs:startedAt:desc'),
          unfilteredTag('connectors:createdAt:asc'),
          'auditEvents:at:desc:',
          'other',
        ),
        fc.oneof(
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
          fc.constantFrom('+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00.000Z', 'NaN'),
          fc.string(),
        ),
        fc.oneof(fc.uuid(), fc.string()),
      )
      .map((parts) => Buffer.from(JSON.stringify(parts)).toString('base64url')),
    fc.string({ unit: 'binary' }).map((text) => Buffer.from(text).toString('base64url')),
  );
  let world: { session: string; token: string };
  beforeAll(async () => {
    const em = gateway.em();
    const { client } = await aClientWithData(em);
    const owner = await aUser(em, { clients: [client], pages: PAGES });
    const session = await sessionOf(gateway, owner);
    world = { session, token: (await tokenOf(gateway, session, { label: 'strings', pages: [...PAGES] })).secret };
  });

  const CURSORS = 200;
  it(`take a cursor of today's format with any instant as a position, or refuse it naming the year bound (${CURSORS} instants)`, async () => {
    const anyInstant = fc.date({ noInvalidDate: true, min: new Date(-8.64e15), max: new Date(8.64e15) });
    const lists = fc.constantFrom(
      { field: 'runs', tag: unfilteredTag('runs:startedAt:desc'), side: 'after' },
      { field: 'connectors', tag: unfilteredTag('connectors:createdAt:asc'), side: 'before' },
    );
    await fc.assert(
      fc.asyncProperty(anyInstant, lists, async (at, { field, tag, side }) => {
        const cursor = Buffer.from(JSON.stringify([tag, at.toISOString(), randomUUID()])).toString('base64url');
        const answer = await gateway.request(`query($c: String) { ${field}(${side}: $c) { totalCount } }`, {
          variables: { c: cursor },
          auth: { token: world.token },
        });
        const year = at.getUTCFullYear();
        if (year >= 1 && year <= 9999) {
          expect(answer.body.errors, at.toISOString()).toBeUndefined();
          return;
        }
        expect(
          answer.body.errors?.map((error) => [error.extensions?.code, error.extensions?.field, error.message]),
        ).toEqual([
          [
            'BAD_USER_INPUT',
            side,
            `"${side}" holds no position of this list (an instant outside the years 1 to 9999).`,
          ],
        ]);
      }),
      { numRuns: CURSORS },
    );
  });

  const RUNS_PER_TARGET = 40;
  it(`never answer 5xx, INTERNAL_SERVER_ERROR, SQL or an unbounded message, nor log SQL (${RUNS_PER_TARGET} strings x 2 callers per argument)`, async () => {
    expect(targets.length).toBeGreaterThan(15);
    const logsBefore = gateway.logs.length;
    let cases = 0;
    for (const target of targets) {
      await fc.assert(
        fc.asyncProperty(hostile, fc.boolean(), async (value, asToken) => {
          const { query, variables } = operationAt(target, value);
          const auth = asToken ? { token: world.token } : { session: world.session };
          const answer = await gateway.request(query, { variables, auth });
          cases++;
          const text = JSON.stringify(answer.body);
          expect(answer.status, text.slice(0, 300)).toBeLessThan(500);
          for (const error of answer.body.errors ?? []) {
            expect(error.extensions?.code, `${query}: ${error.message}`).not.toMatch(
              /INTERNAL_SERVER_ERROR|SERVICE_UNAVAILABLE/,
            );
            expect(error.message.length).toBeLessThanOrEqual(500);
          }
          expect(text).not.toMatch(SQL_TEXT);
        }),
        { numRuns: RUNS_PER_TARGET },
      );
    }
    const logged = gateway.logs.slice(logsBefore);
    expect(logged.filter((line) => SQL_TEXT.test(line))).toEqual([]);
    console.info(`arbitrary strings: ${cases} requests over ${targets.length} arguments, ${logged.length} log lines`);
  });
});
