import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { connectRedis, createRateLimits, DEFAULT_RATE_LIMITS, type RateLimitConfig } from '../src/auth/rate-limits.js';
import { createLogger } from '../src/core/logger.js';
import { aClient, anOwnerWithToken, aUser, sessionOf, TEST_PASSWORD, tokenOf } from './builders.js';
import { type Answer, connectedRedis, startTestGateway } from './helpers.js';
import { testRedisUrl } from './prerequisites.js';

const strict = (change: Partial<RateLimitConfig>): RateLimitConfig => ({
  ...DEFAULT_RATE_LIMITS,
  perMinute: 1000,
  anonymousPerMinute: 1000,
  loginFailuresPerAddress: 1000,
  ...change,
});

const VIEWER = '{ viewer { name } }';
const LOGIN =
  'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { sessionToken } }';

function expectRateLimited(answer: Answer<unknown>) {
  expect(answer.status).toBe(429);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(answer.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
}

describe('request rate limits', () => {
  it('count per API token, with RateLimit headers on every answer and 429 past the limit', async () => {
    const gateway = await startTestGateway({ rateLimits: createRateLimits(strict({ perMinute: 3 })) });
    const owner = await anOwnerWithToken(gateway, { pages: ['USERS'] });
    const [token, session] = [owner.token.secret, owner.session];
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await gateway.request(VIEWER, { auth: { token } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBe('3');
      expect(answer.headers.get('ratelimit-policy')).toBe('3;w=60');
      remaining.push(answer.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await gateway.request(VIEWER, { auth: { token } });
    expectRateLimited(limited);
    // A refusal says where the budget stands too.
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-policy')).toBe('3;w=60');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    // Another token of the same owner has its own budget (its session spent 2 of its own on creating the token).
    const other = (await tokenOf(gateway, session, { label: 'other', pages: ['USERS'] })).secret;
    expect((await gateway.request(VIEWER, { auth: { token: other } })).status).toBe(200);
  });

  it('count per session', async () => {
    const gateway = await startTestGateway({ rateLimits: createRateLimits(strict({ perMinute: 2 })) });
    const client = await aClient(gateway.em());
    const session = await sessionOf(gateway, await aUser(gateway.em(), { clients: [client] }));
    expect((await gateway.request(VIEWER, { auth: { session } })).status).toBe(200);
    expect((await gateway.request(VIEWER, { auth: { session } })).status).toBe(200);
    expectRateLimited(await gateway.request(VIEWER, { auth: { session } }));
  });

  it('count per address without credentials, refused credentials included', async () => {
    const gateway = await startTestGateway({ rateLimits: createRateLimits(strict({ anonymousPerMinute: 2 })) });
    expect((await gateway.request(VIEWER, { address: '192.0.2.1' })).status).toBe(200);
    expect((await gateway.request(VIEWER, { address: '192.0.2.1', auth: { header: 'Bearer bad' } })).status).toBe(401);
    expectRateLimited(await gateway.request(VIEWER, { address: '192.0.2.1' }));
    expect((await gateway.request(VIEWER, { address: '192.0.2.2' })).status).toBe(200);
  });
});

describe('failed logins (brute force)', () => {
  it('block an e-mail after too many failures, even with the right password; success resets', async () => {
    const gateway = await startTestGateway({ rateLimits: createRateLimits(strict({ loginFailuresPerEmail: 3 })) });
    const client = await aClient(gateway.em());
    const [victim, other] = [
      await aUser(gateway.em(), { clients: [client] }),
      await aUser(gateway.em(), { clients: [client] }),
    ];
    const attempt = (email: string, password: string) => gateway.request(LOGIN, { variables: { email, password } });

    await attempt(other.email, 'wrong-password-1');
    expect((await attempt(other.email, TEST_PASSWORD)).status).toBe(200); // resets other's count
    for (let i = 0; i < 3; i++) {
      expect((await attempt(victim.email, `wrong-password-${i}`)).body.errors?.[0]?.extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    expectRateLimited(await attempt(victim.email.toUpperCase(), TEST_PASSWORD));
    for (let i = 0; i < 2; i++) await attempt(other.email, 'wrong-password-2');
    expect((await attempt(other.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('block an address after too many failures across e-mails', async () => {
    const gateway = await startTestGateway({ rateLimits: createRateLimits(strict({ loginFailuresPerAddress: 3 })) });
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client] });
    for (let i = 0; i < 3; i++) {
      await gateway.request(LOGIN, {
        variables: { email: `guess-${i}@test.example`, password: 'x' },
        address: '198.51.100.9',
      });
    }
    const blocked = await gateway.request(LOGIN, {
      variables: { email: user.email, password: TEST_PASSWORD },
      address: '198.51.100.9',
    });
    expectRateLimited(blocked);
    const elsewhere = await gateway.request(LOGIN, {
      variables: { email: user.email, password: TEST_PASSWORD },
      address: '198.51.100.10',
    });
    expect(elsewhere.status).toBe(200);
  });
});

const redisUrl = testRedisUrl();
describe.skipIf(!redisUrl)('with Redis (TEST_REDIS_URL)', () => {
  const clients: Redis[] = [];
  afterAll(() => {
    for (const client of clients) client.disconnect();
  });
  const redisLimits = (config: RateLimitConfig, url = redisUrl ?? '', prefix = `test-${randomUUID()}`) => {
    const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    client.on('error', () => undefined);
    clients.push(client);
    return createRateLimits(config, client, { keyPrefix: prefix });
  };
  const connectedLimits = async (config: RateLimitConfig, prefix: string) => {
    const client = await connectedRedis(redisUrl ?? '');
    clients.push(client);
    return createRateLimits(config, client, { keyPrefix: prefix });
  };

  it('logs how long a Redis still connecting at start took to answer, not the time since 1970', async () => {
    const lines: string[] = [];
    let answered: () => void = () => undefined;
    const answeredOnce = new Promise<void>((resolve) => {
      answered = resolve;
    });
    const logger = createLogger('info', {
      write(line: string) {
        lines.push(line);
        if (line.includes('redis answers')) answered();
      },
    });
    const startedAt = Date.now();
    const client = await connectRedis(redisUrl ?? '');
    clients.push(client);
    expect(client.status).not.toBe('ready');
    createRateLimits(strict({}), client, { keyPrefix: `test-${randomUUID()}`, logger });
    await answeredOnce;
    const { ms } = JSON.parse(lines.find((line) => line.includes('redis answers')) ?? '{}') as { ms: number };
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThanOrEqual(Date.now() - startedAt);
  });

  it('two gateway processes share one budget', async () => {
    const prefix = `test-${randomUUID()}`;
    const config = strict({ perMinute: 3 });
    const first = await startTestGateway({ rateLimits: await connectedLimits(config, prefix) });
    const second = await startTestGateway({ rateLimits: await connectedLimits(config, prefix) });
    const token = (await anOwnerWithToken(first, { pages: ['USERS'] })).token.secret;
    expect((await first.request(VIEWER, { auth: { token } })).headers.get('ratelimit-remaining')).toBe('2');
    expect((await second.request(VIEWER, { auth: { token } })).headers.get('ratelimit-remaining')).toBe('1');
    expect((await first.request(VIEWER, { auth: { token } })).headers.get('ratelimit-remaining')).toBe('0');
    expectRateLimited(await second.request(VIEWER, { auth: { token } }));
  });

  it('keeps serving, counting in memory, while Redis is unreachable', async () => {
    const gateway = await startTestGateway({
      rateLimits: redisLimits(strict({ perMinute: 2 }), 'redis://127.0.0.1:1'),
    });
    const token = (await anOwnerWithToken(gateway, { pages: ['USERS'] })).token.secret;
    expect((await gateway.request(VIEWER, { auth: { token } })).status).toBe(200);
    expect((await gateway.request(VIEWER, { auth: { token } })).status).toBe(200);
    expectRateLimited(await gateway.request(VIEWER, { auth: { token } }));
  });
});
