import fc from 'fast-check';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { schema } from '../src/graphql/schema.js';
import { withMaskedOnRequest } from '../src/plugins/masked-errors.js';
import { useAccessLog } from '../src/plugins/use-access-log.js';
import { anOwnerWithToken } from './builders.js';
import { startTestGateway } from './helpers.js';

// Invariant 11 (docs/access.md): nothing a caller sends makes a 5xx or reaches an answer as a stack
// trace: paths, query strings and headers included, also where a plugin answers before authentication.

const gateway = await startTestGateway();

/** What an answer may never show: a stack frame, a file of the server, SQL. */
const LEAKS = /\n\s+at |\.ts:\d+|node_modules|\/src\/|\bselect\b[\s\S]*\bfrom\b|\binsert into\b|URIError|EISDIR/i;

async function fetchRaw(path: string, headers: Record<string, string> = {}) {
  const response = await gateway.yoga.fetch(`http://gateway.test${path}`, { headers }, {});
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe('paths a plugin answers before authentication', () => {
  it('answers a malformed percent-escape in a REST path with 404 problem details, never the stack', async () => {
    for (const path of ['/api/v1/runs/%E0%A4%A', '/api/v1/runs/%', '/api/v1/connectors/%zz', '/api/v1/%E0%A4%A']) {
      const answer = await fetchRaw(path, { authorization: 'SalureToken nothing' });
      expect(answer.status, path).toBe(401); // bad credentials refuse the call before anything else
      const anonymous = await fetchRaw(path);
      expect(anonymous.status, path).toBe(404);
      expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(anonymous.text).code).toBe('NOT_FOUND');
      expect(anonymous.text).not.toMatch(LEAKS);
    }
  });

  it('answers GraphQL on /graphql and the REST routes only, readiness on /ready only (the paths yoga matches)', async () => {
    const query = encodeURIComponent('{ __typename }');
    const graphql = (path: string) => fetchRaw(`${path}?query=${query}`, { accept: 'application/json' });
    expect((await graphql('/graphql')).text).toBe('{"data":{"__typename":"Query"}}');
    for (const path of ['/graphql/', '/graphqlx', '/x/graphql', '/api/graphql', '/api/v1graphql']) {
      const answer = await graphql(path);
      expect(answer.status, path).toBe(404);
      expect(answer.text, path).not.toContain('__typename');
    }
    expect((await fetchRaw('/api/v1/runs')).status).toBe(401); // a route: its call needs credentials
    expect((await fetchRaw('/ready')).status).toBe(200);
    for (const path of ['/readyx', '/ready/', '/x/ready?y']) expect((await fetchRaw(path)).status, path).toBe(404);
  });

  it('answers the assets folder itself, and a name too long for the file system, with 404, never EISDIR', async () => {
    for (const path of ['/assets/', '/assets', `/assets/${'x'.repeat(300)}.js`]) {
      const answer = await fetchRaw(path);
      expect(answer.status, path).toBe(404);
      expect(answer.text, path).not.toMatch(LEAKS);
    }
  });

  it('counts the REST calls it refuses itself against the anonymous rate limit, with RateLimit headers', async () => {
    const before = await fetchRaw('/api/v1/runs');
    const after = await fetchRaw('/api/v1/no-such-route');
    for (const answer of [before, after]) expect(answer.headers.get('ratelimit-limit')).not.toBeNull();
    expect(before.status).toBe(401);
    expect(after.status).toBe(404);
    expect(Number(after.headers.get('ratelimit-remaining'))).toBeLessThan(
      Number(before.headers.get('ratelimit-remaining')),
    );
  });

  it("counts a token's REST call refused with 400 or 404 in its usage, as refused", async () => {
    const { token } = await anOwnerWithToken(gateway, { pages: ['RUNS'] });
    const auth = { authorization: `SalureToken ${token.secret}` };
    const unknown = await fetchRaw('/api/v1/runs?colour=blue', auth);
    const negative = await fetchRaw('/api/v1/runs?limit=-1', auth);
    const nowhere = await fetchRaw('/api/v1/nowhere', auth);
    expect([unknown.status, negative.status, nowhere.status]).toEqual([400, 400, 404]);
    expect(JSON.parse(negative.text)).toMatchObject({
      parameter: 'limit',
      detail: '"limit" must be between 1 and 100.',
    });
    const [today] = (await gateway.tokenUsage.days([token.id], 1, new Date())).get(token.id) ?? [];
    expect(today, JSON.stringify(today)).toMatchObject({ requests: 3, refused: 3 });
  });
});

describe('an unexpected throw in any plugin before yoga handles the request', () => {
  it('is a masked 500 with a requestId, logged with it and counted in the access log, never a stack', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    // One plugin throws at once, the other from an async hook (a rejected promise), each on its own path.
    const thrower = {
      onRequest({ request }: { request: Request }): void {
        if (request.url.includes('/graphql')) throw new Error('boom at /work/secret/path.ts:12:3');
      },
    };
    const asyncThrower = {
      async onRequest({ request }: { request: Request }): Promise<void> {
        if (request.url.includes('/api/')) throw new URIError('URI malformed at /work/secret/path.ts:12:3');
      },
    };
    const yoga = createYoga({
      schema,
      logging: false,
      plugins: withMaskedOnRequest(
        [useAccessLog({ logger, metrics: undefined, routes: [] }), thrower, asyncThrower],
        logger,
      ),
    });
    for (const [path, type] of [
      ['/graphql?query=%7B__typename%7D', 'application/json'],
      ['/api/v1/runs', 'application/problem+json'],
    ] as const) {
      const response = await yoga.fetch(`http://gateway.test${path}`);
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toContain(type);
      expect(text).not.toMatch(/boom|secret|\.ts:/);
      const requestId = JSON.parse(text).requestId ?? JSON.parse(text).errors?.[0]?.extensions?.requestId;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(logged.some((line) => line.requestId === requestId && line.msg === 'unexpected error')).toBe(true);
      expect(logged.some((line) => line.path === path.split('?')[0] && line.status === 500)).toBe(true);
    }
  });
});

describe('arbitrary bytes in paths, query strings and headers', () => {
  /** Path text with what breaks decoders: lone and malformed percent-escapes, dot segments, non-ASCII, NUL. */
  const pathText = fc
    .array(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 12 }).map(encodeURIComponent),
        fc.constantFrom('%', '%E0%A4%A', '%zz', '%00', '..', '/', '//', '%2F', '%2e%2e', 'runs', '{id}', '?', '#'),
        fc.stringMatching(/^[0-9a-fA-Fg]{0,3}$/).map((hex) => `%${hex}`),
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join(''));
  /** Any header value the fetch API can carry: bytes 0x01-0xFF but CR and LF. */
  const headerValue = fc
    .array(
      fc.integer({ min: 1, max: 255 }).filter((byte) => byte !== 10 && byte !== 13),
      { maxLength: 120 },
    )
    .map((bytes) => String.fromCharCode(...bytes));

  const RUNS = 300;
  it(`never answer 5xx, a stack trace or SQL (${RUNS} requests each: REST paths, /graphql query strings, Authorization, Content-Type)`, async () => {
    const { token } = await anOwnerWithToken(gateway, { pages: ['RUNS', 'CONNECTORS'] });
    const auth = fc.constantFrom(undefined, `SalureToken ${token.secret}`);
    const check = (answer: { status: number; text: string }, what: string) => {
      expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBeLessThan(500);
      expect(answer.text, what).not.toMatch(LEAKS);
    };
    await fc.assert(
      fc.asyncProperty(pathText, auth, async (path, authorization) => {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        for (const prefix of ['/api/v1/', '/api/v1/runs/', '/assets/', '/']) {
          check(await fetchRaw(`${prefix}${path}`, headers), `${prefix}${path}`);
        }
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(pathText, pathText, auth, async (name, value, authorization) => {
        const headers: Record<string, string> = authorization ? { authorization } : {};
        check(await fetchRaw(`/graphql?${name}=${value}`, headers), `/graphql?${name}=${value}`);
        check(await fetchRaw(`/graphql?query=${value}&${name}`, headers), `/graphql?query=${value}&${name}`);
        check(await fetchRaw(`/api/v1/runs?${name}=${value}`, headers), `/api/v1/runs?${name}=${value}`);
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(headerValue, headerValue, async (authorization, contentType) => {
        for (const [path, method] of [
          ['/graphql', 'POST'],
          ['/graphql?query=%7Bviewer%7Bkind%7D%7D', 'GET'],
          ['/api/v1/runs', 'GET'],
        ] as const) {
          const response = await gateway.yoga.fetch(
            `http://gateway.test${path}`,
            {
              method,
              headers: { authorization, 'content-type': contentType },
              ...(method === 'POST' ? { body: '{"query":"{ viewer { kind } }"}' } : {}),
            },
            {},
          );
          check({ status: response.status, text: await response.text() }, `${method} ${path}`);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
