import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS } from '../src/plugins/use-query-limits.js';
import { aClient, aUser, sessionOf } from './builders.js';
import { startTestGateway } from './helpers.js';

const gateway = await startTestGateway();
const server = createServer(gateway.yoga).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
afterAll(() => new Promise((resolve) => server.close(resolve)));

async function expectRefused(query: string, ...limits: string[]) {
  const answer = await gateway.request(query);
  expect(answer.status).toBe(400);
  const error = answer.body.errors?.[0];
  expect(error?.extensions?.code).toBe('QUERY_LIMIT_EXCEEDED');
  const limit = String(error?.extensions?.limit);
  expect(limits).toContain(limit);
  expect(error?.message.toLowerCase()).toContain(limit === 'characters' ? 'character' : limit.replace(/s$/, ''));
  return error;
}

/** `interfaces { … lastRun { interface { lastRun … } } }`: a real cycle of the schema, `levels` fields deep. */
function cyclicQuery(levels: number): string {
  let inner = 'id';
  for (let level = 0; level < levels; level++) inner = `${level % 2 ? 'interface' : 'lastRun'} { ${inner} }`;
  return `{ interfaces { edges { node { ${inner} } } } }`;
}

describe('query limits (graphql-armor)', () => {
  it('refuses a document as often as it is sent (validation results are kept per document)', async () => {
    const query = cyclicQuery(DEFAULT_QUERY_LIMITS.maxDepth + 2);
    const first = await expectRefused(query, 'depth');
    const again = await expectRefused(query, 'depth');
    expect(again?.message).toBe(first?.message);
    // A valid document answered between them is not refused, and does not change what the refused one gets.
    expect((await gateway.request('{ __typename }')).status).toBe(200);
    await expectRefused(query, 'depth');
  });

  it("lets GraphiQL's full introspection query through, anonymously", async () => {
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const answer = await gateway.request(query);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('refuses a document deeper than the depth limit, naming it', async () => {
    const ok = await gateway.request(cyclicQuery(DEFAULT_QUERY_LIMITS.maxDepth - 4));
    expect(ok.status).toBe(200);
    const error = await expectRefused(cyclicQuery(DEFAULT_QUERY_LIMITS.maxDepth), 'depth');
    expect(error?.message).toContain(`${DEFAULT_QUERY_LIMITS.maxDepth}`);
  });

  it('refuses deeply nested introspection', async () => {
    let inner = 'name';
    for (let i = 0; i < 10; i++) inner = `fields { type { ${inner} } }`;
    await expectRefused(`{ __schema { types { ${inner} } } }`, 'depth', 'cost');
  });

  it('refuses an alias bomb', async () => {
    const aliases = Array.from({ length: DEFAULT_QUERY_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: viewer { name }`);
    await expectRefused(`{ ${aliases.join(' ')} }`, 'aliases');
  });

  it('refuses too many directives', async () => {
    const fields = Array.from(
      { length: DEFAULT_QUERY_LIMITS.maxDirectives + 1 },
      () => '__typename @include(if: true)',
    );
    await expectRefused(`{ ${fields.join(' ')} }`, 'directives');
  });

  it('refuses too many tokens', async () => {
    await expectRefused(`{ ${'__typename '.repeat(DEFAULT_QUERY_LIMITS.maxTokens)} }`, 'tokens');
  });

  it('refuses too many characters', async () => {
    await expectRefused(`{ __typename ${' '.repeat(DEFAULT_QUERY_LIMITS.maxCharacters)} }`, 'characters');
  });

  it('refuses a fragment cycle cleanly', async () => {
    const answer = await gateway.request('fragment A on Query { ...B } fragment B on Query { ...A } query { ...A }');
    expect([400, 200]).toContain(answer.status);
    expect(answer.body.errors?.[0]?.message).toMatch(/cannot spread fragment|recursion|limit/i);
    expect(answer.body.data ?? null).toBeNull();
  });

  it('hides field suggestions from anonymous callers, not from logged-in users', async () => {
    const anonymous = await gateway.request('{ viewr { name } }');
    expect(anonymous.body.errors?.[0]?.message).toBe('Cannot query field "viewr" on type "Query".');
    const client = await aClient(gateway.em());
    const session = await sessionOf(gateway, await aUser(gateway.em(), { clients: [client] }));
    const user = await gateway.request('{ viewr { name } }', { auth: { session } });
    expect(user.body.errors?.[0]?.message).toMatch(/Did you mean "viewer"/);
  });
});

describe('HTTP limits', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit);

  it('refuses a body over the limit with 413, by its Content-Length', async () => {
    const query = `{ __typename }${' '.repeat(DEFAULT_QUERY_LIMITS.maxBodyBytes)}`;
    const response = await post(JSON.stringify({ query }));
    expect(response.status).toBe(413);
    expect((await response.json()).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a chunked body over the limit with 413 while reading it', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(10_000));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 50) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await post(body);
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
  });

  it('answers a chunked body under the limit', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"query":"{ __typename }"}'));
        controller.close();
      },
    });
    const response = await post(body);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('does not run batched operations', async () => {
    const response = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(response.status).toBe(400);
  });

  it('runs no mutation over GET', async () => {
    const response = await fetch(`${url}?query=${encodeURIComponent('mutation { logout }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(405);
  });
});
