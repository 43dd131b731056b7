import { createHash } from 'node:crypto';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLScalarType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/graphql/schema.js';
import { aClientWithData, aUser, sessionOf, tokenOf } from './builders.js';
import { startTestGateway, type TestGateway } from './helpers.js';

// GraphQL clients, by their own conventions.

const gateway = await startTestGateway();

/** An Apollo Client whose every request goes into the gateway (yoga.fetch); the bodies it sent are kept. */
function apolloOn(on: TestGateway, token: string) {
  const sent: { query?: string; extensions?: { persistedQuery?: { sha256Hash: string } } }[] = [];
  const link = new PersistedQueryLink({ sha256: (text) => createHash('sha256').update(text).digest('hex') }).concat(
    new HttpLink({
      uri: 'http://gateway.test/graphql',
      headers: { authorization: `SalureToken ${token}` },
      fetch: async (url, init) => {
        sent.push(JSON.parse(String(init?.body ?? '{}')));
        const { method, headers, body } = init ?? {};
        return on.yoga.fetch(String(url), { method, headers: headers as Record<string, string>, body: String(body) });
      },
    }),
  );
  return { client: new ApolloClient({ link, cache: new InMemoryCache() }), sent };
}

describe("Apollo's automatic persisted queries", () => {
  it('registers a document on the retry after PersistedQueryNotFound, and runs it by hash from then on', async () => {
    const { client: rows } = await aClientWithData(gateway.em());
    const owner = await aUser(gateway.em(), { clients: [rows] });
    const token = (await tokenOf(gateway, await sessionOf(gateway, owner), { label: 'apq', pages: ['CONNECTORS'] }))
      .secret;
    // A document of its own (not in the allow-list): unique by its alias.
    const alias = `c${Date.now()}`;
    const query = parse(`query ApqConnectors { ${alias}: connectors(first: 5) { totalCount } }`);

    const first = apolloOn(gateway, token);
    const answer = await first.client.query({ query });
    expect(answer.data).toEqual({ [alias]: { __typename: 'ConnectorConnection', totalCount: 2 } });
    expect(first.sent.map((body) => [body.query !== undefined, body.extensions?.persistedQuery !== undefined])).toEqual(
      [
        [false, true], // the hash alone: PersistedQueryNotFound
        [true, true], // the retry with the text: registered
      ],
    );

    const second = apolloOn(gateway, token);
    expect((await second.client.query({ query })).data).toEqual(answer.data);
    expect(second.sent.map((body) => body.query !== undefined)).toEqual([false]); // the hash was enough
  });

  it('refuses a text that does not hash to the hash, and keeps the allow-list strict with PERSISTED_OPERATIONS=only', async () => {
    const post = async (on: TestGateway, body: unknown) => {
      const response = await on.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return {
        status: response.status,
        body: (await response.json()) as { errors?: { extensions: { code: string } }[] },
      };
    };
    const wrong = await post(gateway, {
      query: '{ __typename }',
      extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } },
    });
    expect([wrong.status, wrong.body.errors?.[0]?.extensions.code]).toEqual([400, 'PERSISTED_QUERY_MISMATCH']);

    const strict = await startTestGateway({ persistedOperations: 'only' });
    const text = '{ __typename }';
    const hash = createHash('sha256').update(text).digest('hex');
    for (const body of [
      { query: text, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } },
      {
        extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
      },
    ]) {
      const refused = await post(strict, body);
      expect([refused.status, refused.body.errors?.[0]?.extensions.code]).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
    }
  });
});

describe('a request with nothing to run', () => {
  it.each([
    ['an empty body', { method: 'POST', body: '{}' }],
    ['an empty query', { method: 'POST', body: '{"query": ""}' }],
    ['a GET without a query', { method: 'GET' }],
  ])('says what is missing: %s', async (_case, init) => {
    const response = await gateway.yoga.fetch('http://gateway.test/graphql', {
      ...init,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
    });
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(response.status).toBe(400);
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0]?.message).toBe(
      'Nothing to run: send a GraphQL document in "query", or the "documentId" of an operation of the allow-list.',
    );
  });
});

describe('the DateTime scalar', () => {
  it('says what it is (@specifiedBy RFC 3339), so generated clients can type it', () => {
    const type = schema.getType('DateTime');
    expect(type).toBeInstanceOf(GraphQLScalarType);
    expect((type as GraphQLScalarType).specifiedByURL).toBe('https://www.rfc-editor.org/rfc/rfc3339');
  });
});
