import { setFlagsFromString } from 'node:v8';
import { RequestCache } from '@pothos/plugin-scope-auth';
import pg from 'pg';
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

/** A request (yoga's Request) or a request's context (it holds the request), as a weak collection's key. */
function isRequestOrContext(key: unknown): boolean {
  if (typeof key !== 'object' || key === null) return false;
  const { url, headers, request } = key as { url?: unknown; headers?: unknown; request?: unknown };
  return (typeof url === 'string' && typeof headers === 'object') || isRequestOrContext(request);
}

describe('a request, once answered, in weak collections,', () => {
  it('leaves no entry keyed by it or its context (V8 keeps the values of such entries through scavenges)', async () => {
    const { session, token } = await anOwnerWithToken(gateway, { pages: ['RUNS'] });
    // Per collection, the request (or context) keys it holds, with where each entry was made: the first frame in
    // the gateway's own code.
    const open = new Map<object, Map<object, string>>();
    const remember = (collection: object, key: unknown, how: string) => {
      if (!isRequestOrContext(key)) return;
      const keys = open.get(collection) ?? new Map<object, string>();
      open.set(collection, keys);
      keys.set(
        key as object,
        `${how} ${new Error().stack
          ?.split('\n')
          .find((frame) => frame.includes('/src/'))
          ?.trim()}`,
      );
    };
    const forget = (collection: object, key: unknown) => open.get(collection)?.delete(key as object);
    const { set } = WeakMap.prototype;
    const { add } = WeakSet.prototype;
    const spies = [
      vi.spyOn(WeakMap.prototype, 'set').mockImplementation(function (this: WeakMap<object, unknown>, key, value) {
        remember(this, key, 'WeakMap.set');
        return set.call(this, key, value);
      }),
      vi.spyOn(WeakSet.prototype, 'add').mockImplementation(function (this: WeakSet<object>, key) {
        remember(this, key, 'WeakSet.add');
        return add.call(this, key);
      }),
    ];
    const deletes = [WeakMap.prototype, WeakSet.prototype].map((prototype) => {
      const original = prototype.delete;
      return vi.spyOn(prototype, 'delete').mockImplementation(function (this: WeakMap<object, unknown>, key) {
        forget(this, key);
        return original.call(this, key);
      });
    });
    try {
      const auth = { auth: { token: token.secret } };
      await gateway.data(
        '{ runs(first: 1) { totalCount pageInfo { endCursor } } viewer { apiToken { label } } }',
        auth,
      );
      // Refused: a page the token lacks (the refusal is counted for the token).
      expect((await gateway.request('{ connectors(first: 1) { totalCount } }', auth)).body.errors).toHaveLength(1);
      expect((await gateway.rest('/api/v1/runs?limit=1', auth)).status).toBe(200);
      expect((await gateway.rest('/api/v1/nothing-here', auth)).status).toBe(404);
      expect((await gateway.request('{ viewer { pages } }', { auth: { token: 'salure_not-a-token' } })).status).toBe(
        401,
      );
      await gateway.data('{ apiTokens { label } sessions { id } }', { auth: { session } });
    } finally {
      for (const spy of [...spies, ...deletes]) spy.mockRestore();
    }
    expect([...open.values()].flatMap((keys) => [...keys.values()])).toEqual([]);
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

describe("a statement's Query", () => {
  it('is given its callback when it is made (one assigned later keeps its rows alive through scavenges)', async () => {
    // node-postgres's promise form and its `query_timeout` both assign `callback` to a Query already made; such a
    // Query kept every statement's rows until a full collection (src/database/orm.ts, boundStatements). Counted
    // through an accessor on the prototype: the constructor assigns it before the Query has its `_result`.
    const callbacks = new WeakMap<object, unknown>();
    let given = 0;
    const assignedLater: string[] = [];
    Object.defineProperty(pg.Query.prototype, 'callback', {
      configurable: true,
      get(this: object) {
        return callbacks.get(this);
      },
      set(this: { _result?: unknown; text?: string }, callback: unknown) {
        if (this._result === undefined) given++;
        else assignedLater.push(String(this.text));
        callbacks.set(this, callback);
      },
    });
    try {
      // The ORM's writes (a user, a session, a token) and a page's read (readRows).
      const { token } = await anOwnerWithToken(gateway, { pages: ['RUNS'] });
      await gateway.data('{ runs(first: 5) { totalCount edges { node { id } } } }', { auth: { token: token.secret } });
    } finally {
      delete (pg.Query.prototype as { callback?: unknown }).callback;
    }
    expect(given).toBeGreaterThan(3);
    expect(assignedLater).toEqual([]);
  });
});
