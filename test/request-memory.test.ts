import { setFlagsFromString } from 'node:v8';
import { RequestCache } from '@pothos/plugin-scope-auth';
import { describe, expect, it, vi } from 'vitest';
import { builder, type Context } from '../src/graphql/builder.js';
import { pageWindow, toConnection } from '../src/graphql/pagination.js';
import { anOwnerWithToken } from './builders.js';
import { startTestGateway } from './helpers.js';

// What a request leaves behind once it is answered (src/plugins/use-scope-cache-release.ts), and what it makes that
// V8 keeps beyond it (docs/performance.md, "Garbage collection").

const gateway = await startTestGateway();

describe('a request, once answered,', () => {
  it("leaves no scope-auth cache behind (it holds the context, which a WeakMap's value must not)", async () => {
    const { token } = await anOwnerWithToken(gateway, { pages: ['RUNS'] });
    const used = new Map<Context, unknown>();
    const fromContext = RequestCache.fromContext;
    const spy = vi.spyOn(RequestCache, 'fromContext').mockImplementation((context, schemaBuilder) => {
      const cache = fromContext(context, schemaBuilder);
      used.set(context as Context, cache);
      return cache;
    });
    try {
      await gateway.data('{ runs(first: 1) { totalCount } viewer { pages } }', { auth: { token: token.secret } });
    } finally {
      spy.mockRestore();
    }
    expect(used.size).toBe(1);
    // Asked again for the same context, scope-auth no longer has the request's cache: it makes a new one.
    for (const [context, cache] of used) expect(RequestCache.fromContext(context, builder)).not.toBe(cache);
  });
});

describe("a page's connection", () => {
  it('is made of fast objects, never an object literal with getters (V8 keeps their getters beyond a scavenge)', () => {
    // V8's own test of an object's shape, compiled after the flag that allows its syntax.
    setFlagsFromString('--allow-natives-syntax');
    const hasFastProperties = new Function('object', 'return %HasFastProperties(object)') as (o: object) => boolean;
    const rows = [{ id: 'a' }, { id: 'b' }];
    const connection = toConnection(rows, pageWindow({ first: 1 }), 'list', (row) => row.id, {
      totalCount: async () => rows.length,
    });
    expect(connection.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(connection.pageInfo.endCursor).toBe(connection.edges[0]?.cursor);
    for (const part of [connection, connection.pageInfo, ...connection.edges])
      expect(hasFastProperties(part)).toBe(true);
  });
});
