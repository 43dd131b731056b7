import { describe, expect, it } from 'vitest';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '../src/auth/rate-limits.js';
import { setActive, setRights } from '../src/operator/users.js';
import { anOwner, firstTwo, sessionOf, TEST_PASSWORD, tokenOf } from './builders.js';
import {
  AuditEvents,
  EndSession,
  RevokeLeakedTokens,
  RevokeToken,
  RotateToken,
  Sessions,
  Tokens,
  TokenViewer,
} from './documents.js';
import { type Answer, errorCodes, startTestGateway, type TestGateway } from './helpers.js';

const DAY = 86_400_000;
const gateway = await startTestGateway();

/** An owner of two clients with every page, logged in. */
const anOwnerOfTwo = (on: TestGateway = gateway) => anOwner(on, { clients: 2 });

const tokenOfId = async (on: TestGateway, session: string, id: string) =>
  (await on.data(Tokens, { variables: { includeRevoked: true }, auth: { session } })).apiTokens?.find(
    (t) => t.id === id,
  );

function expect401(answer: Answer<unknown>, reason?: string) {
  expect(answer.status).toBe(401);
  if (reason) expect(answer.body.errors?.[0]?.message).toContain(reason);
}

describe('rotation', () => {
  it('gives a new secret with the same rights; the old one is refused on the next request', async () => {
    const { session } = await anOwnerOfTwo();
    const old = await tokenOf(gateway, session, { label: 'rotating', pages: ['USERS', 'RUNS'] });
    const data = await gateway.data(RotateToken, { variables: { id: old.id }, auth: { session } });
    expect(data.rotateApiToken.apiToken).toMatchObject({ id: old.id, label: 'rotating', pages: ['USERS', 'RUNS'] });
    expect(data.rotateApiToken.token).not.toBe(old.secret);
    expect401(await gateway.request(TokenViewer, { auth: { token: old.secret } }));
    expect((await gateway.request(TokenViewer, { auth: { token: data.rotateApiToken.token } })).status).toBe(200);
  });

  it('is refused for a revoked token, for someone else, and for an API token', async () => {
    const { session } = await anOwnerOfTwo();
    const other = await anOwnerOfTwo();
    const token = await tokenOf(gateway, session, { label: 'x', pages: ['USERS'] });
    expect(
      errorCodes(await gateway.request(RotateToken, { variables: { id: token.id }, auth: { session: other.session } })),
    ).toEqual([['rotateApiToken', 'NOT_FOUND']]);
    expect(
      errorCodes(await gateway.request(RotateToken, { variables: { id: token.id }, auth: { token: token.secret } })),
    ).toEqual([['rotateApiToken', 'FORBIDDEN']]);
    await gateway.data(RevokeToken, { variables: { id: token.id }, auth: { session } });
    expect(errorCodes(await gateway.request(RotateToken, { variables: { id: token.id }, auth: { session } }))).toEqual([
      ['rotateApiToken', 'BAD_USER_INPUT'],
    ]);
  });
});

describe('lifetime policy', () => {
  it('requires an end date within the limit at creation', async () => {
    const strict = await startTestGateway({ tokenPolicy: { maxLifetimeDays: 30 } });
    const { session } = await anOwnerOfTwo(strict);
    const create = (expiresAt?: Date) =>
      strict.request(
        'mutation C($e: DateTime) { createApiToken(input: { label: "x", pages: [USERS], expiresAt: $e }) { token } }',
        { variables: { e: expiresAt?.toISOString() }, auth: { session } },
      );
    const missing = await create();
    expect(errorCodes(missing)).toEqual([['createApiToken', 'BAD_USER_INPUT']]);
    expect(missing.body.errors?.[0]?.message).toContain('30 days');
    const tooLate = await create(new Date(Date.now() + 31 * DAY));
    expect(tooLate.body.errors?.[0]?.message).toContain('at most 30 days');
    expect((await create(new Date(Date.now() + 29 * DAY))).body.errors).toBeUndefined();
  });

  it('stops a token made before the policy was tightened, and says why', async () => {
    const { session, user } = await anOwnerOfTwo();
    const token = await tokenOf(gateway, session, { label: 'old', pages: ['USERS'] });
    const strict = await startTestGateway({ tokenPolicy: { maxLifetimeDays: 1 } });
    strict.setNow(new Date(Date.now() + DAY - 60_000));
    expect((await strict.request(TokenViewer, { auth: { token: token.secret } })).status).toBe(200);
    strict.setNow(new Date(Date.now() + DAY + 1000));
    expect401(await strict.request(TokenViewer, { auth: { token: token.secret } }), '1-day lifetime limit');
    // A day later the first session has ended too: the owner logs in again to look.
    expect(await tokenOfId(strict, await sessionOf(strict, user), token.id)).toMatchObject({
      status: 'EXPIRED',
      statusReason: 'older than the 1-day lifetime limit',
    });
  });

  it('stops a token unused for TOKEN_IDLE_DAYS; each use starts the period again', async () => {
    const idle = await startTestGateway({ tokenPolicy: { idleDays: 10 } });
    const { session } = await anOwnerOfTwo(idle);
    const start = Date.now();
    const token = await tokenOf(idle, session, { label: 'idle', pages: ['USERS'] });
    idle.setNow(new Date(start + 5 * DAY));
    expect((await idle.request(TokenViewer, { auth: { token: token.secret } })).status).toBe(200);
    idle.setNow(new Date(start + 12 * DAY));
    expect((await idle.request(TokenViewer, { auth: { token: token.secret } })).status).toBe(200);
    idle.setNow(new Date(start + 22 * DAY + 1000));
    expect401(await idle.request(TokenViewer, { auth: { token: token.secret } }), 'unused for 10 days');
    idle.setNow(undefined);
    const shown = await tokenOfId(idle, await sessionOf(idle, (await anOwnerOfTwo(idle)).user), token.id);
    expect(shown).toBeUndefined(); // another user does not see it
  });
});

describe('what a token can still do', () => {
  it('shows rights the owner lost as missing, and names them in the refusal', async () => {
    const { user, clients, session } = await anOwnerOfTwo();
    const [kept, lost] = firstTwo(clients);
    const token = await tokenOf(gateway, session, {
      label: 'x',
      pages: ['USERS', 'RUNS'],
      clientIds: clients.map((c) => c.id),
    });
    const em = gateway.em();
    const owner = await em.findOneOrFail('User', { id: user.id });
    await setRights(em, owner as typeof user, { withdrawPages: ['RUNS'], withdrawClients: [lost.id] });
    expect(await tokenOfId(gateway, session, token.id)).toMatchObject({
      effectivePages: ['USERS'],
      missingPages: ['RUNS'],
      effectiveClients: [{ id: kept.id }],
      missingClients: [lost.id],
    });
    const refused = await gateway.request('{ runs { totalCount } }', { auth: { token: token.secret } });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPage: 'RUNS' });
  });

  it('records the last use: time, address and user agent', async () => {
    const { session } = await anOwnerOfTwo();
    const token = await tokenOf(gateway, session, { label: 'x', pages: ['USERS'] });
    await gateway.request(TokenViewer, {
      auth: { token: token.secret },
      address: '192.0.2.44',
      headers: { 'user-agent': 'payroll-sync/1.2' },
    });
    expect(await tokenOfId(gateway, session, token.id)).toMatchObject({
      lastUsedIp: '192.0.2.44',
      lastUsedUserAgent: 'payroll-sync/1.2',
    });
  });
});

describe('address allow-list', () => {
  it('lets requests from inside through and refuses the rest with 403; X-Forwarded-For only from TRUST_PROXY', async () => {
    const behindProxy = await startTestGateway({ trustProxy: 'loopback' });
    const { session } = await anOwnerOfTwo(behindProxy);
    const token = await tokenOf(behindProxy, session, {
      label: 'office',
      pages: ['USERS'],
      allowedIps: ['203.0.113.0/24', '2001:db8::/32'],
    });
    const from = (forwarded: string, on = behindProxy, socket = '127.0.0.1') =>
      on.request(TokenViewer, {
        auth: { token: token.secret },
        address: socket,
        headers: { 'x-forwarded-for': forwarded },
      });
    expect((await from('203.0.113.7')).status).toBe(200);
    expect((await from('2001:db8::1')).status).toBe(200);
    const outside = await from('198.51.100.1');
    expect(outside.status).toBe(403);
    expect(outside.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Not from a trusted proxy: the header is not believed, the socket's address counts.
    expect((await from('203.0.113.7', behindProxy, '198.51.100.9')).status).toBe(403);
    expect((await from('203.0.113.7', gateway)).status).toBe(403);
    expect(
      (await behindProxy.request(TokenViewer, { auth: { token: token.secret }, address: '::ffff:203.0.113.9' })).status,
    ).toBe(200);
  });

  const createWith = (session: string, allowedIps: string[]) =>
    gateway.request(
      'mutation($ips: [String!]) { createApiToken(input: { label: "x", pages: [USERS], allowedIps: $ips }) { apiToken { allowedIps } } }',
      { variables: { ips: allowedIps }, auth: { session } },
    );

  it.each([
    ['nonsense', 'dotted decimal'],
    ['10.0.0.1/99', 'prefix must be 0 to 32'],
    ['2130706433', 'dotted decimal'], // 127.0.0.1 as one number
    ['0x7f.0.0.1', 'dotted decimal'],
    ['010.0.0.1', 'dotted decimal'], // octal to some parsers
    ['1.1.1.1/0', 'allows every address; write 0.0.0.0/0'],
    ['::1/0', 'allows every address; write ::/0'],
    ['10.1.2.3/8', 'the network is 10.0.0.0/8'],
    ['::ffff:10.0.0.1', 'write the IPv4 address 10.0.0.1'],
    ['fe80::1%eth0', 'dotted decimal'],
    ['10.0.0.0/08', 'prefix must be 0 to 32'],
  ])('refuses %j, naming the entry', async (entry, problem) => {
    const { session } = await anOwnerOfTwo();
    const answer = await createWith(session, ['10.0.0.0/8', entry]);
    expect(errorCodes(answer)).toEqual([['createApiToken', 'BAD_USER_INPUT']]);
    expect(answer.body.errors?.[0]?.extensions?.field).toBe('allowedIps');
    expect(answer.body.errors?.[0]?.message).toContain(JSON.stringify(entry));
    expect(answer.body.errors?.[0]?.message).toContain(problem);
  });

  it('stores and shows the canonical form of each entry', async () => {
    const { session } = await anOwnerOfTwo();
    const answer = await createWith(session, [
      ' 192.0.2.7 ',
      '10.0.0.1/32',
      '10.20.0.0/16',
      '2001:DB8:0:0:1:0:0:1',
      '2001:db8::/32',
      '0.0.0.0/0',
      '::/0',
      '192.0.2.7',
    ]);
    expect(answer.body.data).toEqual({
      createApiToken: {
        apiToken: {
          allowedIps: [
            '192.0.2.7',
            '10.0.0.1',
            '10.20.0.0/16',
            '2001:db8::1:0:0:1',
            '2001:db8::/32',
            '0.0.0.0/0',
            '::/0',
          ],
        },
      },
    });
  });
});

describe('not before, and the end date on every answer', () => {
  it('refuses a token before its notBefore', async () => {
    const { session } = await anOwnerOfTwo();
    const notBefore = new Date(Date.now() + 3_600_000);
    const token = await tokenOf(gateway, session, {
      label: 'later',
      pages: ['USERS'],
      notBefore: notBefore.toISOString(),
    });
    expect401(await gateway.request(TokenViewer, { auth: { token: token.secret } }), 'pending');
    expect((await tokenOfId(gateway, session, token.id))?.status).toBe('PENDING');
    gateway.setNow(new Date(notBefore.getTime() + 1));
    try {
      expect((await gateway.request(TokenViewer, { auth: { token: token.secret } })).status).toBe(200);
    } finally {
      gateway.setNow(undefined);
    }
  });

  it('tells scripts when their token ends, in a header and in viewer.apiToken', async () => {
    const { session } = await anOwnerOfTwo();
    const expiresAt = new Date(Date.now() + 7 * DAY).toISOString();
    const token = await tokenOf(gateway, session, { label: 'ends', pages: ['USERS'], expiresAt });
    const answer = await gateway.request(TokenViewer, { auth: { token: token.secret } });
    expect(answer.headers.get('salure-token-expires')).toBe(expiresAt);
    expect(answer.body.data?.viewer?.apiToken).toEqual({ id: token.id, label: 'ends', expiresAt });
    const endless = await tokenOf(gateway, session, { label: 'endless', pages: ['USERS'] });
    expect(
      (await gateway.request(TokenViewer, { auth: { token: endless.secret } })).headers.get('salure-token-expires'),
    ).toBeNull();
  });
});

describe('the audit log', () => {
  it('records token and session events, readable by their user only, filterable by token', async () => {
    const { user, session } = await anOwnerOfTwo();
    await gateway.request(
      'mutation L($e: String!) { login(email: $e, password: "wrong-password!!") { sessionToken } }',
      { variables: { e: user.email } },
    );
    const token = await tokenOf(gateway, session, { label: 'audited', pages: ['USERS'] });
    const rotated = await gateway.data(RotateToken, { variables: { id: token.id }, auth: { session } });
    await gateway.request('{ runs { totalCount } }', { auth: { token: rotated.rotateApiToken.token } });
    await gateway.data(RevokeToken, { variables: { id: token.id }, auth: { session } });
    const all = await gateway.data(AuditEvents, { variables: { first: 100 }, auth: { session } });
    expect(all.auditEvents?.edges.map((e) => e.node.action).reverse()).toEqual([
      'LOGIN_SUCCEEDED',
      'LOGIN_FAILED',
      'TOKEN_CREATED',
      'TOKEN_ROTATED',
      'ACCESS_DENIED',
      'TOKEN_REVOKED',
    ]);
    const denied = all.auditEvents?.edges.find((e) => e.node.action === 'ACCESS_DENIED')?.node;
    expect(denied?.detail).toContain('runs: This API token may not read page RUNS.');
    const ofToken = await gateway.data(AuditEvents, { variables: { tokenId: token.id }, auth: { session } });
    expect(ofToken.auditEvents?.totalCount).toBe(4);
    const stranger = await anOwnerOfTwo();
    const theirs = await gateway.data(AuditEvents, {
      variables: { tokenId: token.id },
      auth: { session: stranger.session },
    });
    expect(theirs.auditEvents?.totalCount).toBe(0);
    const reader = await tokenOf(gateway, session, { label: 'reader', pages: ['USERS'] });
    expect(errorCodes(await gateway.request(AuditEvents, { auth: { token: reader.secret } }))).toEqual([
      ['auditEvents', 'FORBIDDEN'],
    ]);
  });

  it('a refusal storm of 1,000 requests writes a bounded number of rows', async () => {
    const { session } = await anOwnerOfTwo();
    const token = await tokenOf(gateway, session, { label: 'storm', pages: ['USERS'] });
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, () =>
          gateway.request('{ runs { totalCount } }', { auth: { token: token.secret } }),
        ),
      );
    }
    const events = await gateway.data(AuditEvents, { variables: { tokenId: token.id }, auth: { session } });
    const denied = events.auditEvents?.edges.filter((e) => e.node.action === 'ACCESS_DENIED') ?? [];
    expect(denied.length).toBeLessThanOrEqual(2); // one row a minute; the run may cross a minute
    expect(denied.reduce((sum, e) => sum + e.node.count, 0)).toBe(1000);
  });
});

describe('leaked-token revocation', () => {
  it('revokes valid secrets without login and answers only how many', async () => {
    const { session } = await anOwnerOfTwo();
    const other = await anOwnerOfTwo();
    const leaked = await tokenOf(gateway, session, { label: 'leaked', pages: ['USERS'] });
    const alsoLeaked = await tokenOf(gateway, other.session, { label: 'leaked too', pages: ['USERS'] });
    const kept = await tokenOf(gateway, session, { label: 'kept', pages: ['USERS'] });
    const secrets = [leaked.secret, alsoLeaked.secret, leaked.secret, 'garbage', session];
    const answer = await gateway.request(RevokeLeakedTokens, { variables: { secrets } });
    expect(answer.body).toEqual({ data: { revokeLeakedTokens: 2 } });
    expect((await gateway.request(RevokeLeakedTokens, { variables: { secrets } })).body).toEqual({
      data: { revokeLeakedTokens: 0 },
    });
    expect401(await gateway.request(TokenViewer, { auth: { token: leaked.secret } }));
    expect401(await gateway.request(TokenViewer, { auth: { token: alsoLeaked.secret } }));
    expect((await gateway.request(TokenViewer, { auth: { token: kept.secret } })).status).toBe(200);
    expect((await gateway.request(TokenViewer, { auth: { session } })).status).toBe(200);
  });

  it('is bounded, rate limited, and not for API tokens', async () => {
    const limited = await startTestGateway({
      rateLimits: createRateLimits({ ...DEFAULT_RATE_LIMITS, leakReportsPerMinute: 2 }),
    });
    const tooMany = await limited.request(RevokeLeakedTokens, {
      variables: { secrets: Array.from({ length: 101 }, () => 'x') },
    });
    expect(errorCodes(tooMany)).toEqual([['revokeLeakedTokens', 'BAD_USER_INPUT']]);
    await limited.request(RevokeLeakedTokens, { variables: { secrets: ['x'] } });
    const third = await limited.request(RevokeLeakedTokens, { variables: { secrets: ['x'] } });
    expect(third.status).toBe(429);
    const { session } = await anOwnerOfTwo();
    const token = await tokenOf(gateway, session, { label: 't', pages: ['USERS'] });
    const asToken = await gateway.request(RevokeLeakedTokens, {
      variables: { secrets: ['x'] },
      auth: { token: token.secret },
    });
    expect(errorCodes(asToken)).toEqual([['revokeLeakedTokens', 'FORBIDDEN']]);
  });
});

describe('sessions', () => {
  it('lists the user sessions and ends any of them', async () => {
    const { user, session } = await anOwnerOfTwo();
    const second = (await gateway.data(
      'mutation L($e: String!, $p: String!) { login(email: $e, password: $p) { sessionToken } }' as never,
      {
        variables: { e: user.email, p: TEST_PASSWORD } as never,
        address: '192.0.2.8',
        headers: { 'user-agent': 'laptop' },
      },
    )) as { login: { sessionToken: string } };
    const listed = await gateway.data(Sessions, { auth: { session } });
    expect(listed.sessions).toHaveLength(2);
    const other = listed.sessions?.find((s) => !s.current);
    expect(other).toMatchObject({ ip: '192.0.2.8', userAgent: 'laptop' });
    expect(await gateway.data(EndSession, { variables: { id: other?.id ?? '' }, auth: { session } })).toEqual({
      endSession: true,
    });
    expect401(await gateway.request(TokenViewer, { auth: { session: second.login.sessionToken } }));
    const stranger = await anOwnerOfTwo();
    const notTheirs = await gateway.request(EndSession, {
      variables: { id: listed.sessions?.[0]?.id ?? '' },
      auth: { session: stranger.session },
    });
    expect(errorCodes(notTheirs)).toEqual([['endSession', 'NOT_FOUND']]);
  });

  it('end when the user is deactivated', async () => {
    const { user, session } = await anOwnerOfTwo();
    const em = gateway.em();
    await setActive(em, (await em.findOneOrFail('User', { id: user.id })) as typeof user, false);
    expect401(await gateway.request(TokenViewer, { auth: { session } }));
  });
});

describe('deactivating a user', () => {
  it('revokes their tokens for good (activating them again revives none), each with an audit event', async () => {
    const { user, session } = await anOwnerOfTwo();
    const tokens = [
      await tokenOf(gateway, session, { label: 'one', pages: ['USERS'] }),
      await tokenOf(gateway, session, { label: 'two', pages: ['RUNS'] }),
    ];
    const em = gateway.em();
    const stored = (await em.findOneOrFail('User', { id: user.id })) as typeof user;
    await setActive(em, stored, false);
    await setActive(em, stored, true);
    for (const token of tokens) expect401(await gateway.request(TokenViewer, { auth: { token: token.secret } }));
    const fresh = await sessionOf(gateway, user);
    const listed = await gateway.data(Tokens, { variables: { includeRevoked: true }, auth: { session: fresh } });
    expect(listed.apiTokens?.map((token) => token.status)).toEqual(['REVOKED', 'REVOKED']);
    const events = await gateway.data(AuditEvents, { variables: { first: 50 }, auth: { session: fresh } });
    const revoked = events.auditEvents?.edges.filter((edge) => edge.node.action === 'TOKEN_REVOKED') ?? [];
    expect(revoked.map((edge) => [edge.node.tokenId, edge.node.detail]).sort()).toEqual(
      tokens.map((token) => [token.id, 'the owner was deactivated']).sort(),
    );
  });
});
