import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimits, DEFAULT_RATE_LIMITS, type RateLimitConfig } from '../src/auth/rate-limits.js';
import { createLogger } from '../src/core/logger.js';
import { AuditEventEntity } from '../src/database/entities.js';
import { aClient, anOwner, aUser, TEST_PASSWORD, tokenOf } from './builders.js';
import { type Answer, connectedRedis, startTestGateway, type TestGateway } from './helpers.js';
import { testRedisUrl } from './prerequisites.js';

const gateway = await startTestGateway();

const LOGIN =
  'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { sessionToken } }';
const cursorOf = (text: string) => Buffer.from(text).toString('base64url');

function expectBadUserInput(answer: Answer<unknown>, field: string) {
  expect(answer.status).toBe(200);
  expect(answer.body.errors?.map((error) => [error.extensions?.code, error.extensions?.field])).toEqual([
    ['BAD_USER_INPUT', field],
  ]);
}

describe('the failed-login limit under concurrency', () => {
  const limits = (change: Partial<RateLimitConfig>): RateLimitConfig => ({
    ...DEFAULT_RATE_LIMITS,
    perMinute: 10_000,
    anonymousPerMinute: 10_000,
    loginFailuresPerAddress: 10_000,
    ...change,
  });
  const failedLogins = (on: TestGateway, where: { actorUser?: string; ip?: string }) =>
    on.em().count(AuditEventEntity, { action: 'LOGIN_FAILED', ...where });

  /** 40 wrong passwords at once; answers the statuses and how many passwords were checked (LOGIN_FAILED events). */
  async function burst(on: TestGateway, attempt: (i: number) => { email: string; address: string }) {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => {
        const { email, address } = attempt(i);
        return on.request(LOGIN, { variables: { email, password: `wrong-${i}` }, address });
      }),
    );
    return answers.map((answer) => answer.status).sort();
  }

  async function checksPerEmail(on: TestGateway) {
    const client = await aClient(on.em());
    const victim = await aUser(on.em(), { clients: [client] });
    const statuses = await burst(on, () => ({ email: victim.email, address: '192.0.2.10' }));
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
    expect(await failedLogins(on, { actorUser: victim.id })).toBe(5);
    // The budget is spent: even the right password is refused now.
    const right = await on.request(LOGIN, { variables: { email: victim.email, password: TEST_PASSWORD } });
    expect(right.status).toBe(429);
  }

  it('checks at most the configured number of passwords per e-mail, whatever the concurrency', async () => {
    await checksPerEmail(
      await startTestGateway({ rateLimits: createRateLimits(limits({ loginFailuresPerEmail: 5 })) }),
    );
  });

  it('checks at most the configured number of passwords per address, across e-mails', async () => {
    const on = await startTestGateway({ rateLimits: createRateLimits(limits({ loginFailuresPerAddress: 5 })) });
    const address = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const statuses = await burst(on, (i) => ({ email: `guess-${i}-${randomUUID()}@test.example`, address }));
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
    expect(await failedLogins(on, { ip: address })).toBe(5);
  });

  it('gives the attempt back on success: a user who logs in often is never locked out', async () => {
    const on = await startTestGateway({ rateLimits: createRateLimits(limits({ loginFailuresPerAddress: 3 })) });
    const client = await aClient(on.em());
    const user = await aUser(on.em(), { clients: [client] });
    for (let i = 0; i < 6; i++) {
      const answer = await on.request(LOGIN, {
        variables: { email: user.email, password: TEST_PASSWORD },
        address: '203.0.113.77',
      });
      expect(answer.status).toBe(200);
    }
  });

  const redisUrl = testRedisUrl();
  const redisClients: { disconnect(): void }[] = [];
  afterAll(() => {
    for (const client of redisClients) client.disconnect();
  });
  it.skipIf(!redisUrl)('holds with Redis too (TEST_REDIS_URL), shared by two gateways', async () => {
    const prefix = `test-${randomUUID()}`;
    const shared = async () => {
      const redis = await connectedRedis(redisUrl ?? '');
      redisClients.push(redis);
      return createRateLimits(limits({ loginFailuresPerEmail: 5 }), redis, { keyPrefix: prefix });
    };
    const [first, second] = [
      await startTestGateway({ rateLimits: await shared() }),
      await startTestGateway({ rateLimits: await shared() }),
    ];
    const client = await aClient(first.em());
    const victim = await aUser(first.em(), { clients: [client] });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? first : second).request(LOGIN, { variables: { email: victim.email, password: `wrong-${i}` } }),
      ),
    );
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(35);
    expect(await failedLogins(first, { actorUser: victim.id })).toBe(5);
  });
});

describe('a failed login', () => {
  it('takes the same time whether the e-mail exists, is inactive or is unknown', async () => {
    const client = await aClient(gateway.em());
    const active = await aUser(gateway.em(), { clients: [client] });
    const inactive = await aUser(gateway.em(), { clients: [client], isActive: false });
    const cases = {
      'wrong password': { email: active.email, password: 'not-the-password' },
      'inactive user': { email: inactive.email, password: TEST_PASSWORD },
      'unknown e-mail': { email: `nobody-${randomUUID()}@test.example`, password: 'not-the-password' },
    };
    const times = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]));
    // Interleaved, so that whatever else the machine does weighs on every case alike.
    for (let round = 0; round < 25; round++) {
      for (const [name, variables] of Object.entries(cases)) {
        const started = performance.now();
        const answer = await gateway.request(LOGIN, { variables });
        times.get(name)?.push(performance.now() - started);
        expect(answer.body.errors?.[0]?.message).toBe('Wrong e-mail or password.');
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const medians = Object.fromEntries([...times].map(([name, values]) => [name, median(values)]));
    console.info(
      `failed login, median of 25 each: ${Object.entries(medians)
        .map(([name, ms]) => `${name} ${ms.toFixed(1)} ms`)
        .join(', ')}`,
    );
    // A skipped password check (no dummy hash) answers in a few ms against tens for argon2id: a factor 10 or more.
    const reference = medians['wrong password'] ?? 0;
    for (const ms of Object.values(medians)) {
      expect(ms / reference).toBeGreaterThan(0.5);
      expect(ms / reference).toBeLessThan(2);
    }
  });
});

describe('caller input in audit rows, logs and messages', () => {
  it('refuses an id that is not a UUID with BAD_USER_INPUT, without echoing it or writing an audit row', async () => {
    const { session } = await anOwner(gateway, { withData: true });
    const token = await tokenOf(gateway, session, { label: 'reader', pages: ['CONNECTORS'] });
    const huge = randomBytes(45_000).toString('hex'); // 90 kB, incompressible
    const answer = await gateway.request('query($c: ID) { connectors(clientId: $c) { totalCount } }', {
      variables: { c: huge },
      auth: { token: token.secret },
    });
    expectBadUserInput(answer, 'clientId');
    expect(JSON.stringify(answer.body).length).toBeLessThan(500);
    expect(await gateway.em().count(AuditEventEntity, { token: token.id, action: 'ACCESS_DENIED' })).toBe(0);
  });

  it('records a request’s refusals in one statement, one row per field and missing right whatever the aliases', async () => {
    const { session } = await anOwner(gateway, { withData: true });
    const token = await tokenOf(gateway, session, { label: 'aliases', pages: ['CONNECTORS'] });
    const foreign = [randomUUID(), randomUUID(), randomUUID()];
    const query = `{ ${foreign.map((id, i) => `c${i}: connectors(clientId: "${id}") { totalCount }`).join(' ')}
      r1: runs { totalCount } r2: runs { totalCount } r3: runs(first: 5) { totalCount } }`;
    let answer: Answer<unknown> | undefined;
    const statements = await gateway.statementsOf(async () => {
      answer = await gateway.request(query, { auth: { token: token.secret } });
    });
    expect(answer?.status).toBe(200);
    expect(answer?.body.errors).toHaveLength(6);
    expect(statements.filter((sql) => sql.includes('audit_event'))).toHaveLength(1);
    await gateway.request(query, { auth: { token: token.secret } });
    const rows = await gateway.em().find(AuditEventEntity, { token: token.id, action: 'ACCESS_DENIED' });
    expect(rows.map((row) => [row.detail?.split(':')[0], row.count]).sort()).toEqual([
      ['Query.connectors(clientId', 2],
      ['Query.runs', 2],
    ]);
    for (const row of rows) expect(row.detail?.length).toBeLessThanOrEqual(500);
  });

  it('refuses a NUL character in any string argument with BAD_USER_INPUT, not as a database outage', async () => {
    const { session } = await anOwner(gateway, { withData: true });
    expectBadUserInput(
      await gateway.request('query($c: ID) { connectors(clientId: $c) { totalCount } }', {
        variables: { c: 'a\u0000b' },
        auth: { session },
      }),
      'clientId',
    );
    expectBadUserInput(
      await gateway.request(LOGIN, { variables: { email: 'a\u0000@test.example', password: 'x' } }),
      'email',
    );
    expectBadUserInput(
      await gateway.request(
        'mutation($l: String!) { createApiToken(input: { label: $l, pages: [USERS] }) { token } }',
        {
          variables: { l: 'my\u0000label' },
          auth: { session },
        },
      ),
      'label',
    );
    expectBadUserInput(
      await gateway.request('query($a: String) { runs(after: $a) { totalCount } }', {
        variables: { a: '\u0000' },
        auth: { session },
      }),
      'after',
    );
  });

  it('bounds every error message, also the ones graphql-js writes with a variable’s value', async () => {
    const answer = await gateway.request('query($f: Int) { connectors(first: $f) { totalCount } }', {
      variables: { f: 'x'.repeat(50_000) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.errors?.[0]?.message.length).toBeLessThanOrEqual(500);
  });

  it('logs a failed statement by its code and name, never its text or values', async () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    const secretValue = `hash-${randomUUID()}`;
    const failed = await gateway
      .em()
      .getConnection()
      .execute(`select id from api_token where secret_hash = '${secretValue}' and id = 'not-a-uuid'`)
      .catch((error: unknown) => error);
    logger.error({ err: failed }, 'unexpected error');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(secretValue);
    expect(lines[0]).not.toMatch(/secret_hash|where|not-a-uuid/i);
    expect(JSON.parse(lines[0] ?? '{}').err).toMatchObject({ code: '22P02', statement: 'select api_token' });
  });
});

describe('no unexpected error from caller input', () => {
  it('refuses an instant PostgreSQL cannot hold in every DateTime argument and filter with BAD_USER_INPUT naming the field', async () => {
    const { session } = await anOwner(gateway);
    const runs = 'query($f: RunFilter) { runs(filter: $f) { totalCount } }';
    const create = 'mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }';
    const cases: [string, (at: string) => Record<string, unknown>, string][] = [
      [runs, (at) => ({ f: { startedAfter: at } }), 'startedAfter'],
      [runs, (at) => ({ f: { startedBefore: at } }), 'startedBefore'],
      [create, (at) => ({ i: { label: 'far', pages: ['RUNS'], expiresAt: at } }), 'expiresAt'],
      [create, (at) => ({ i: { label: 'far', pages: ['RUNS'], notBefore: at } }), 'notBefore'],
    ];
    for (const at of ['0000-01-01T00:00:00Z', '-000001-01-01T00:00:00Z', '+010000-01-01T00:00:00Z']) {
      for (const [document, variables, field] of cases) {
        const answer = await gateway.request(document, { variables: variables(at), auth: { session } });
        const what = `${field} = ${at}`;
        expect(answer.status, what).toBe(200);
        expect(
          answer.body.errors?.map((error) => [error.extensions?.code, error.extensions?.field]),
          `${what}: ${JSON.stringify(answer.body.errors)}`,
        ).toEqual([['BAD_USER_INPUT', field]]);
      }
      // Written in the document, not in a variable.
      const literal = await gateway.request(`{ runs(filter: { startedAfter: "${at}" }) { totalCount } }`, {
        auth: { session },
      });
      expect(literal.status, at).toBeLessThan(500);
      expect(literal.body.errors?.[0]?.extensions?.code, at).not.toBe('INTERNAL_SERVER_ERROR');
    }
  });

  it('answers a subscription (the schema has none) with 400 BAD_REQUEST', async () => {
    const answer = await gateway.request('subscription { __typename }');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('takes Object.prototype keys for unknown persisted-operation ids, like any other', async () => {
    const post = async (body: unknown) => {
      const response = await gateway.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      return [response.status, answer.errors?.[0]?.extensions?.code];
    };
    const apq = (sha256Hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash } } });
    const unknownId = await post({ documentId: 'sha256:0000' });
    const unknownHash = await post(apq('0000'));
    expect(unknownId).toEqual([400, 'PERSISTED_QUERY_NOT_IN_LIST']);
    expect(unknownHash).toEqual([200, 'PERSISTED_QUERY_NOT_FOUND']); // Apollo's APQ: the client retries with the text
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(await post({ documentId: id })).toEqual(unknownId);
      expect(await post(apq(id))).toEqual(unknownHash);
    }
  });

  it('answers 401 for an Authorization scheme named like an Object.prototype key', async () => {
    for (const scheme of ['constructor', '__proto__', 'toString']) {
      const answer = await gateway.request('{ viewer { kind } }', { auth: { header: `${scheme} abc` } });
      expect(answer.status).toBe(401);
    }
  });

  it('refuses a cursor with a date PostgreSQL cannot hold, a cursor of another list or filter, and a non-cursor, saying which', async () => {
    const { session } = await anOwner(gateway, { withData: true });
    const page = (await gateway.data('{ connectors(first: 1) { pageInfo { endCursor } } }', { auth: { session } })) as {
      connectors: { pageInfo: { endCursor: string } };
    };
    const foreign = page.connectors.pageInfo.endCursor;
    expect(foreign).toBeTruthy();
    // Today's format, with the list's own tag and a row's id: only the instant is out of bounds.
    const [tag, , id] = JSON.parse(Buffer.from(foreign, 'base64url').toString()) as [string, string, string];
    const refusal = async (after: string, list = 'connectors') => {
      const answer = await gateway.request(`query($a: String) { ${list}(after: $a) { totalCount } }`, {
        variables: { a: after },
        auth: { session },
      });
      expectBadUserInput(answer, 'after');
      return answer.body.errors?.[0]?.message;
    };
    for (const at of ['+275760-09-13T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z']) {
      expect(await refusal(cursorOf(JSON.stringify([tag, at, id])))).toBe(
        '"after" holds no position of this list (an instant outside the years 1 to 9999).',
      );
    }
    expect(await refusal(cursorOf(JSON.stringify([tag, 'yesterday', id])))).toBe(
      '"after" holds no position of this list.',
    );
    expect(await refusal(cursorOf(JSON.stringify([tag, '2026-01-01T00:00:00.000Z', 'not-an-id'])))).toBe(
      '"after" holds no position of this list.',
    );
    expect(await refusal(cursorOf(`${tag}|2026-01-01T00:00:00.000Z|${id}`))).toBe('"after" is not a cursor.');
    for (const list of ['runs', 'auditEvents']) {
      expect(await refusal(foreign, list)).toBe('"after" is a cursor of another list, filter or order.');
    }
    expect(
      (await gateway.request(`{ connectors(after: "${foreign}") { totalCount } }`, { auth: { session } })).status,
    ).toBe(200);
  });

  it("binds an auditEvents cursor to its tokenId filter, as a page list's cursor to its filter", async () => {
    const { session } = await anOwner(gateway);
    const token = await tokenOf(gateway, session, { label: 'audited', pages: ['USERS'] });
    const events = (await gateway.data('{ auditEvents(first: 1) { pageInfo { endCursor } } }', {
      auth: { session },
    })) as {
      auditEvents: { pageInfo: { endCursor: string } };
    };
    const cursor = events.auditEvents.pageInfo.endCursor;
    const filtered = await gateway.request(
      'query($a: String, $t: ID) { auditEvents(after: $a, tokenId: $t) { totalCount } }',
      {
        variables: { a: cursor, t: token.id },
        auth: { session },
      },
    );
    expectBadUserInput(filtered, 'after');
    expect(filtered.body.errors?.[0]?.message).toBe('"after" is a cursor of another list, filter or order.');
  });
});

describe('browsers on other origins (CORS)', () => {
  const preflight = (on: TestGateway, origin: string) =>
    on.yoga.fetch('http://gateway.test/graphql', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
    });
  const post = (on: TestGateway, origin: string) =>
    on.yoga.fetch('http://gateway.test/graphql', {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('by default answers no other origin, and never allows credentials', async () => {
    for (const response of [
      await preflight(gateway, 'https://evil.example'),
      await post(gateway, 'https://evil.example'),
    ]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('answers the origins of CORS_ORIGINS only, without credentials', async () => {
    const on = await startTestGateway({ corsOrigins: ['https://app.example', 'http://localhost:5173'] });
    const allowed = await preflight(on, 'https://app.example');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const answer = await post(on, 'http://localhost:5173');
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(answer.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(answer.headers.get('vary')).toContain('Origin');
    const other = await post(on, 'https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('vary')).toContain('Origin');
  });
});
