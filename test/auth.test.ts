import { describe, expect, it } from 'vitest';
import {
  API_TOKEN_PREFIX,
  generateSecret,
  hashSecret,
  isWellFormedSecret,
  SESSION_PREFIX,
} from '../src/auth/secrets.js';
import { SessionEntity, UserEntity } from '../src/database/entities.js';
import { setActive } from '../src/operator/users.js';
import { aClient, aUser, sessionOf, TEST_PASSWORD, tokenOf } from './builders.js';
import { Login, Logout, Viewer } from './documents.js';
import { errorCodes, SESSION_TTL_MS, startTestGateway } from './helpers.js';

const gateway = await startTestGateway();

function expectRefusedWith401(answer: Awaited<ReturnType<typeof gateway.request>>) {
  expect(answer.status).toBe(401);
  expect(answer.headers.get('www-authenticate')).toContain('SalureToken');
  expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(answer.body.data ?? null).toBeNull();
}

describe('secrets', () => {
  it('have a recognisable prefix, 256 random bits and a checksum', () => {
    const token = generateSecret('apiToken');
    const session = generateSecret('session');
    expect(token.startsWith(API_TOKEN_PREFIX)).toBe(true);
    expect(session.startsWith(SESSION_PREFIX)).toBe(true);
    expect(token).toHaveLength(API_TOKEN_PREFIX.length + 49);
    expect(isWellFormedSecret('apiToken', token)).toBe(true);
    expect(isWellFormedSecret('session', session)).toBe(true);
    // Not interchangeable.
    expect(isWellFormedSecret('session', token)).toBe(false);
    expect(isWellFormedSecret('apiToken', session)).toBe(false);
    expect(generateSecret('apiToken')).not.toBe(token);
  });

  it('with one character changed fail the checksum', () => {
    const token = generateSecret('apiToken');
    const position = API_TOKEN_PREFIX.length + 10;
    const changed = token.slice(0, position) + (token[position] === 'a' ? 'b' : 'a') + token.slice(position + 1);
    expect(isWellFormedSecret('apiToken', changed)).toBe(false);
  });
});

describe('the Authorization header', () => {
  it('absent: anonymous; public fields answer, the rest is UNAUTHENTICATED', async () => {
    const answer = await gateway.request('{ viewer { kind } connectors { totalCount } }');
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ viewer: null, connectors: null });
    expect(errorCodes(answer)).toEqual([['connectors', 'UNAUTHENTICATED']]);
  });

  const malformed: [string, string][] = [
    ['empty', ''],
    ['a scheme without credentials', 'SalureToken'],
    ['garbage', 'hello world and more'],
    ['an unknown scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['a token without prefix', 'SalureToken abcd1234'],
    ['a 100 kB header', `SalureToken ${'a'.repeat(100_000)}`],
    ['a bad checksum', `SalureToken ${generateSecret('apiToken').slice(0, -1)}0`],
    ['an API token sent as Bearer', `Bearer ${generateSecret('apiToken')}`],
    ['a session sent as SalureToken', `SalureToken ${generateSecret('session')}`],
    ['a well-formed but unknown API token', `SalureToken ${generateSecret('apiToken')}`],
    ['a well-formed but unknown session', `Bearer ${generateSecret('session')}`],
  ];
  it.each(malformed)('refuses %s with HTTP 401 for the whole request', async (_case, header) => {
    const answer = await gateway.request('{ viewer { kind } }', { auth: { header } });
    expectRefusedWith401(answer);
    const credentials = header.split(' ')[1];
    // The refusal never echoes the credentials, and neither does the log.
    if (credentials) {
      expect(JSON.stringify(answer.body)).not.toContain(credentials);
      expect(gateway.logs.join('\n')).not.toContain(credentials);
    }
  });

  it('are checked before the document: bad credentials and a broken query still answer 401', async () => {
    expectRefusedWith401(await gateway.request('{ viewr ', { auth: { header: 'Bearer nonsense' } }));
  });

  it('matches the scheme case-insensitively', async () => {
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client] });
    const session = await sessionOf(gateway, user);
    const data = await gateway.data(Viewer, { auth: { header: `bEARER ${session}` } });
    expect(data.viewer?.email).toBe(user.email);
  });
});

describe('login and sessions', () => {
  it('logs in, stores only a hash of the session, and the session reads as the user', async () => {
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client], pages: ['USERS'] });
    const data = await gateway.data(Login, { variables: { email: user.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(data.login.viewer).toEqual({ kind: 'USER', email: user.email, pages: ['USERS'] });
    const stored = await gateway.em().findOneOrFail(SessionEntity, { user: user.id });
    expect(stored.secretHash).toBe(hashSecret(data.login.sessionToken));
    expect(JSON.stringify(stored)).not.toContain(data.login.sessionToken);
    const viewer = await gateway.data(Viewer, { auth: { session: data.login.sessionToken } });
    expect(viewer.viewer).toEqual({
      kind: 'USER',
      name: user.name,
      email: user.email,
      pages: ['USERS'],
      clients: [{ id: client.id, name: client.name }],
    });
  });

  it('stores passwords as argon2id hashes', async () => {
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client] });
    const stored = await gateway.em().findOneOrFail(UserEntity, { id: user.id }, { populate: ['passwordHash'] });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('gives one message for an unknown e-mail, a wrong password and a deactivated user', async () => {
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client] });
    const inactive = await aUser(gateway.em(), { clients: [client], isActive: false });
    const attempts = [
      { email: 'nobody@test.example', password: TEST_PASSWORD },
      { email: user.email, password: 'wrong-password-here' },
      { email: inactive.email, password: TEST_PASSWORD },
    ];
    const messages = new Set<string>();
    for (const variables of attempts) {
      const answer = await gateway.request(Login, { variables });
      expect(errorCodes(answer)).toEqual([['login', 'UNAUTHENTICATED']]);
      messages.add(answer.body.errors?.[0]?.message ?? '');
    }
    expect(messages.size).toBe(1);
  });

  it('logout ends the session: the next request with it is refused', async () => {
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client] });
    const session = await sessionOf(gateway, user);
    expect(await gateway.data(Logout, { auth: { session } })).toEqual({ logout: true });
    expectRefusedWith401(await gateway.request(Viewer, { auth: { session } }));
  });

  it('expires at its end time, not a millisecond earlier', async () => {
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client] });
    const loggedInAt = new Date();
    gateway.setNow(loggedInAt);
    try {
      const session = await sessionOf(gateway, user);
      gateway.setNow(new Date(loggedInAt.getTime() + SESSION_TTL_MS - 1));
      expect((await gateway.data(Viewer, { auth: { session } })).viewer?.kind).toBe('USER');
      gateway.setNow(new Date(loggedInAt.getTime() + SESSION_TTL_MS));
      expectRefusedWith401(await gateway.request(Viewer, { auth: { session } }));
    } finally {
      gateway.setNow(undefined);
    }
  });

  it('a deactivated user loses their sessions and tokens at once', async () => {
    const em = gateway.em();
    const client = await aClient(em);
    const user = await aUser(em, { clients: [client] });
    const session = await sessionOf(gateway, user);
    const token = await tokenOf(gateway, session, { label: 'script', pages: ['USERS'] });
    await setActive(em, user, false);
    expectRefusedWith401(await gateway.request(Viewer, { auth: { session } }));
    expectRefusedWith401(await gateway.request(Viewer, { auth: { token: token.secret } }));
  });

  it('an API token cannot log in, log out or start anything', async () => {
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client] });
    const session = await sessionOf(gateway, user);
    const token = await tokenOf(gateway, session, { label: 'script', pages: ['USERS'] });
    const login = await gateway.request(Login, {
      variables: { email: user.email, password: TEST_PASSWORD },
      auth: { token: token.secret },
    });
    expect(errorCodes(login)).toEqual([['login', 'FORBIDDEN']]);
    const logout = await gateway.request(Logout, { auth: { token: token.secret } });
    expect(errorCodes(logout)).toEqual([['logout', 'FORBIDDEN']]);
  });
});

describe('unexpected failures', () => {
  it('are masked as INTERNAL_SERVER_ERROR with a request id, and logged in full under that id', async () => {
    const broken = await startTestGateway();
    await broken.orm.close(); // every query now fails inside the driver
    const answer = await broken.request('{ viewer { kind } }', {
      auth: { header: `Bearer ${generateSecret('session')}` },
    });
    expect(answer.status).toBe(500);
    const error = answer.body.errors?.[0];
    expect(error?.message).toBe('Internal server error.');
    expect(error?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    const requestId = String(error?.extensions?.requestId);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const logged = broken.logs.find((line) => line.includes(requestId));
    expect(logged).toContain('"level":50');
    expect(logged).toContain('"err"');
  });
});
