import { randomBytes, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
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
import { pageOfType } from '../src/graphql/pages.js';
import { schema } from '../src/graphql/schema.js';
import { aClientWithData, aUser, sessionOf, tokenOf } from './builders.js';
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

describe('arbitrary operations with arbitrary token grants', () => {
  let world: { clients: string[]; foreign: string; session: string };
  beforeAll(async () => {
    const em = gateway.em();
    const [a, b, c] = [await aClientWithData(em), await aClientWithData(em), await aClientWithData(em)];
    const owner = await aUser(em, { clients: [a.client, b.client], pages: PAGES });
    world = { clients: [a.client.id, b.client.id], foreign: c.client.id, session: await sessionOf(gateway, owner) };
  });

  const RUNS = 150;
  it(`never return a row of a page or a client the token lacks (${RUNS} cases)`, async () => {
    const grant = fc.record({
      pages: fc.subarray([...PAGES], { minLength: 1 }),
      clients: fc.option(fc.subarray([0, 1], { minLength: 1 }), { nil: null }),
    });
    const root = (page: Page) =>
      fc
        .record({
          clientId: fc.option(fc.constantFrom(0, 1, 2), { nil: null }),
          first: fc.integer({ min: 1, max: 5 }),
          node: selectionOf(
            schema.getType(
              page === 'USERS' ? 'User' : page === 'RUNS' ? 'Run' : page === 'CONNECTORS' ? 'Connector' : 'Interface',
            ) as GraphQLObjectType,
            3,
          ),
        })
        .map(({ clientId, first, node }) => ({ page, clientId, first, node }));
    const operation = fc.subarray([...PAGES], { minLength: 1 }).chain((pages) => fc.tuple(...pages.map(root)));

    await fc.assert(
      fc.asyncProperty(grant, operation, async (granted, roots) => {
        const clientIds = granted.clients?.map((i) => world.clients[i] ?? '') ?? null;
        const token = await tokenOf(gateway, world.session, { label: 'property', pages: granted.pages, clientIds });
        const allowedClients = new Set(clientIds ?? world.clients);
        const idOf = (i: number | null) => (i === null ? null : i === 2 ? world.foreign : world.clients[i]);
        const query = `{ viewer { pages clients { id } } ${roots
          .map(
            (r) =>
              `${ROOTS[r.page]}(first: ${r.first}${r.clientId === null ? '' : `, clientId: "${idOf(r.clientId)}"`}) { totalCount edges { node { ${r.node} } } }`,
          )
          .join(' ')} }`;
        const answer = await gateway.request(query, { auth: { token: token.secret } });

        expect(answer.status).toBe(200);
        for (const error of answer.body.errors ?? []) expect(error.extensions?.code).toBe('FORBIDDEN');
        const data = answer.body.data as Record<string, unknown>;
        for (const r of roots) {
          const outside = r.clientId !== null && !allowedClients.has(idOf(r.clientId) ?? '');
          if (!granted.pages.includes(r.page) || outside) expect(data[ROOTS[r.page]]).toBeNull();
        }
        // Walk every object of the answer.
        JSON.stringify(data, (key, value) => {
          const page = pageOfType.get(value?.__typename);
          if (page) expect(granted.pages).toContain(page);
          if (value?.__typename === 'Client' || key === 'client') expect(allowedClients.has(value.id)).toBe(true);
          return value;
        });
        for (const client of (data.viewer as { clients: { id: string }[] }).clients) {
          expect(allowedClients.has(client.id)).toBe(true);
        }
      }),
      { numRuns: RUNS },
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
    // Cursors: our format with arbitrary parts, and arbitrary text, base64url-encoded.
    fc
      .tuple(
        fc.constantFrom('runs:startedAt:desc', 'connectors:createdAt:asc', 'auditEvents:at:desc', 'other'),
        fc.oneof(
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
          fc.constantFrom('+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00.000Z', 'NaN'),
          fc.string(),
        ),
        fc.oneof(fc.uuid(), fc.string()),
      )
      .map((parts) => Buffer.from(parts.join('|')).toString('base64url')),
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
