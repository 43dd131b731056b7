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
