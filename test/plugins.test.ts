import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/core/logger.js';
import { useAccessLog } from '../src/plugins/use-access-log.js';
import { useBodyLimit } from '../src/plugins/use-body-limit.js';
import { useVaryByOrigin } from '../src/plugins/use-cors.js';
import { useErrorAnswers } from '../src/plugins/use-error-answers.js';
import { useKnownOperationTypes } from '../src/plugins/use-known-operation-types.js';
import { useWebPages } from '../src/plugins/use-web-pages.js';

// Each plugin with logic of its own, alone in a yoga of its own over a small schema: what it does, apart from
// what the others do. The gateway-level tests (hostile-input, limits, rest-api, metrics …) test them together.

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    scalar Day
    type Query {
      hello(name: String): String
      on(day: Day): String
    }
  `,
  resolvers: {
    Day: {
      // As the gateway's DateTime does: a refusal with a code, wrapped by the variables' coercion.
      parseValue: (value: unknown) => {
        if (value !== 'monday') throw new GraphQLError('Not a day.', { extensions: { code: 'BAD_USER_INPUT' } });
        return value;
      },
    },
    Query: { hello: (_root: unknown, { name }: { name?: string }) => `hello ${name ?? 'you'}`, on: () => 'ok' },
  },
});

function yogaWith(...plugins: Plugin[]) {
  return createYoga({ schema, plugins, logging: false, landingPage: false, graphiql: false });
}

async function post(yoga: ReturnType<typeof yogaWith>, body: unknown, headers: Record<string, string> = {}) {
  const response = await yoga.fetch('http://plugin.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

describe('useBodyLimit', () => {
  const yoga = yogaWith(useBodyLimit({ maxBytes: 100 }));
  it('answers a body declared over the limit with 413 before reading it, and closes the connection', async () => {
    const answer = await post(yoga, { query: `{ hello(name: "${'x'.repeat(200)}") }` });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('connection')).toBe('close');
    expect(answer.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('stops reading a chunked body once it is over the limit, and reads one within it', async () => {
    const chunked = (text: string) =>
      yoga.fetch('http://plugin.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(text));
            controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
    expect((await chunked(JSON.stringify({ query: `{ hello(name: "${'x'.repeat(200)}") }` }))).status).toBe(413);
    const small = await chunked(JSON.stringify({ query: '{ hello }' }));
    expect(await small.json()).toEqual({ data: { hello: 'hello you' } });
    expect((await chunked('{ not json')).status).toBe(400);
  });
});

describe('useErrorAnswers', () => {
  const yoga = yogaWith(useErrorAnswers());
  it('bounds every message, and leaves "Did you mean" out for callers without credentials', async () => {
    const long = await post(yoga, { query: `{ hello(name: ${'1'.repeat(2_000)}) }` });
    expect(long.body.errors[0].message.length).toBeLessThanOrEqual(500);
    const anonymous = await post(yoga, { query: '{ helo }' });
    expect(anonymous.body.errors[0].message).not.toContain('Did you mean');
    const known = await post(yoga, { query: '{ helo }' }, { authorization: 'Bearer x' });
    expect(known.body.errors[0].message).toContain('Did you mean "hello"?');
  });

  it("names the field a scalar refused in a variable, as BAD_USER_INPUT's field", async () => {
    const answer = await post(yoga, { query: 'query($d: Day) { on(day: $d) }', variables: { d: 'sunday' } });
    expect(answer.body.errors.map((error: { extensions: object }) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'd' }),
    ]);
  });
});

describe('useKnownOperationTypes', () => {
  it('refuses an operation type the schema lacks at validation, with BAD_REQUEST (400 with useErrorAnswers)', async () => {
    const alone = await post(yogaWith(useKnownOperationTypes()), { query: 'subscription { hello }' });
    expect(alone.body.errors.map((error: { extensions: { code: string } }) => error.extensions.code)).toEqual([
      'BAD_REQUEST',
    ]);
    expect(alone.body.data).toBeUndefined();
    const answered = await post(yogaWith(useKnownOperationTypes(), useErrorAnswers()), {
      query: 'subscription { hello }',
    });
    expect(answered.status).toBe(400);
  });
});

describe('useVaryByOrigin', () => {
  it('adds Origin to Vary once, keeping what was there', async () => {
    const yoga = yogaWith(
      { onResponse: ({ response }) => response.headers.set('vary', 'Accept-Encoding') },
      useVaryByOrigin(),
    );
    const answer = await post(yoga, { query: '{ hello }' });
    expect(answer.headers.get('vary')).toBe('Accept-Encoding, Origin');
  });
});

describe('useWebPages', () => {
  const dist = mkdtempSync(join(tmpdir(), 'salure-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>page</title>');
  writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  const yoga = yogaWith(useWebPages({ dist: `${dist}/` }));
  const get = (path: string, accept = '*/*') => yoga.fetch(`http://plugin.test${path}`, { headers: { accept } });

  it('serves the page without caching, its hashed assets for a year, each with the security headers', async () => {
    const page = await get('/');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('<title>page</title>');
    const asset = await get('/assets/app-1234.js');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('leaves folders, missing files and paths outside the build to the rest of the gateway (404)', async () => {
    for (const path of ['/assets/', '/assets/missing.js', '/assets/../../etc/passwd', '/assets/%2e%2e/x']) {
      expect((await get(path)).status, path).toBe(404);
    }
  });

  it("says how to build GraphiQL to a browser's GET /graphql when it is not built", async () => {
    const answer = await get('/graphql', 'text/html');
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain('npm run build');
  });
});

describe('useAccessLog', () => {
  it('writes one line per request with its method, path, status and the kind of credentials, never their value', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const yoga = yogaWith(useAccessLog({ logger, metrics: undefined, routes: [] }));
    await post(yoga, { query: '{ hello }' }, { authorization: 'SalureToken salure_secret_value' });
    const [line] = lines.map((text) => JSON.parse(text) as Record<string, unknown>);
    expect(line).toMatchObject({ method: 'POST', path: '/graphql', status: 200, credentials: 'api-token' });
    expect(lines.join('\n')).not.toContain('salure_secret_value');
  });
});
