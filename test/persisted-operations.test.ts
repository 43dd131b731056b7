import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadPersistedOperations } from '../src/plugins/use-persisted-operations.js';
import { startTestGateway } from './helpers.js';

const documents = loadPersistedOperations();
const viewerId = [...documents].find(([, text]) => text.includes('query ContractViewer'))?.[0] ?? '';

async function post(gateway: Awaited<ReturnType<typeof startTestGateway>>, body: unknown) {
  const response = await gateway.yoga.fetch('http://gateway.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('persisted operations', () => {
  it('the allow-list holds the contract operations, by SHA-256', () => {
    expect(viewerId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(documents.size).toBeGreaterThanOrEqual(8);
  });

  it('PERSISTED_OPERATIONS=only runs listed ids and refuses anything else', async () => {
    const gateway = await startTestGateway({ persistedOperations: 'only' });
    expect(await post(gateway, { documentId: viewerId })).toEqual({ status: 200, body: { data: { viewer: null } } });
    const apolloStyle = { extensions: { persistedQuery: { version: 1, sha256Hash: viewerId.slice(7) } } };
    expect((await post(gateway, apolloStyle)).body).toEqual({ data: { viewer: null } });
    for (const refused of [{ query: '{ viewer { name } }' }, { documentId: `sha256:${'0'.repeat(64)}` }]) {
      const answer = await post(gateway, refused);
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
    }
  });

  it('by default, accepts listed ids beside arbitrary operations', async () => {
    const gateway = await startTestGateway();
    expect((await post(gateway, { documentId: viewerId })).body).toEqual({ data: { viewer: null } });
    expect((await post(gateway, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
  });
});

describe("Apollo's automatic persisted queries", () => {
  const hashOf = (text: string) => createHash('sha256').update(text).digest('hex');
  const apq = (sha256Hash: string, version: unknown = 1) => ({
    extensions: { persistedQuery: { version, sha256Hash } },
  });

  it('keep only documents that pass validation: the hash of a refused one stays unknown', async () => {
    const gateway = await startTestGateway();
    for (const text of ['{ noSuchField }', '{ ...Missing }', '{ viewer {']) {
      const registration = await post(gateway, { query: text, ...apq(hashOf(text)) });
      expect(registration.body.errors?.length, text).toBeGreaterThan(0);
      const again = await post(gateway, apq(hashOf(text)));
      expect([again.status, again.body.errors?.[0]?.extensions?.code], text).toEqual([
        200,
        'PERSISTED_QUERY_NOT_FOUND',
      ]);
    }
    const valid = 'query Kept { __typename }';
    expect((await post(gateway, { query: valid, ...apq(hashOf(valid)) })).body).toEqual({
      data: { __typename: 'Query' },
    });
    expect((await post(gateway, apq(hashOf(valid)))).body).toEqual({ data: { __typename: 'Query' } });
  });

  it('refuse a persistedQuery version other than 1 with 400, registering nothing', async () => {
    const gateway = await startTestGateway();
    const text = 'query Versioned { __typename }';
    for (const version of [2, 0, '1', null]) {
      const answer = await post(gateway, { query: text, ...apq(hashOf(text), version) });
      expect([answer.status, answer.body.errors?.[0]?.extensions?.code], String(version)).toEqual([400, 'BAD_REQUEST']);
      expect(answer.body.errors?.[0]?.message).toBe(
        'Unsupported persisted query version: "persistedQuery.version" is 1.',
      );
    }
    expect((await post(gateway, apq(hashOf(text)))).body.errors?.[0]?.extensions?.code).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });
});
