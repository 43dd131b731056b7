import fc from 'fast-check';
import { GraphQLError, type GraphQLObjectType, getNamedType, isLeafType, isObjectType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAuthorization } from '../src/auth/credentials.js';
import { isWellFormedSecret } from '../src/auth/secrets.js';
import { pageOfType } from '../src/graphql/pages.js';
import { schema } from '../src/graphql/schema.js';
import { PAGES, type Page } from '../src/pages.js';
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
