import { describe, expect, it } from 'vitest';
import { hashSecret } from '../src/auth/secrets.js';
import { ApiTokenEntity } from '../src/database/entities.js';
import { aClient, anOwner, tokenOf } from './builders.js';
import { CreateToken, RevokeToken, Tokens, TokenViewer } from './documents.js';
import { errorCodes, startTestGateway } from './helpers.js';

const gateway = await startTestGateway();
/** Every secret this file sees; none may ever appear in a log line or a later answer. */
const secretsSeen: string[] = [];

/** An owner of two clients with USERS and CONNECTORS (unless told otherwise); its session joins secretsSeen. */
async function aLoggedInUser(options: Parameters<typeof anOwner>[1] = {}) {
  const owner = await anOwner(gateway, { clients: 2, pages: ['USERS', 'CONNECTORS'], ...options });
  secretsSeen.push(owner.session);
  return owner;
}

describe('createApiToken', () => {
  it('returns the secret once and stores only its hash', async () => {
    const { session, clients } = await aLoggedInUser();
    const client = clients[0];
    if (!client) throw new Error('no client');
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const data = await gateway.data(CreateToken, {
      variables: { input: { label: '  Payroll export  ', pages: ['USERS'], clientIds: [client.id], expiresAt } },
      auth: { session },
    });
    const { token, apiToken } = data.createApiToken;
    secretsSeen.push(token);
    expect(token).toMatch(/^salure_[0-9A-Za-z]{49}$/);
    expect(apiToken).toMatchObject({
      label: 'Payroll export',
      hint: token.slice(0, 11),
      pages: ['USERS'],
      clients: [{ id: client.id, name: client.name }],
      status: 'ACTIVE',
      expiresAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    const stored = await gateway.em().findOneOrFail(ApiTokenEntity, { id: apiToken.id });
    expect(stored.secretHash).toBe(hashSecret(token));
    expect(JSON.stringify(stored)).not.toContain(token.slice(11));

    const listing = await gateway.request(Tokens, { auth: { session } });
    expect(JSON.stringify(listing.body)).not.toContain(token.slice(11));
    expect(listing.body.data?.apiTokens?.map((t) => t.id)).toEqual([apiToken.id]);
  });

  it('without clients grants all of the owner clients at the time of each request', async () => {
    const { session, clients } = await aLoggedInUser({ clients: 2 });
    const data = await gateway.data(CreateToken, {
      variables: { input: { label: 'all', pages: ['CONNECTORS'] } },
      auth: { session },
    });
    secretsSeen.push(data.createApiToken.token);
    expect(data.createApiToken.apiToken.clients).toBeNull();
    const viewer = await gateway.data(TokenViewer, { auth: { token: data.createApiToken.token } });
    expect(viewer.viewer?.clients.map((c) => c.id).sort()).toEqual(clients.map((c) => c.id).sort());
    expect(viewer.viewer?.apiToken).toEqual({ id: data.createApiToken.apiToken.id, label: 'all', expiresAt: null });
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a blank label', { label: '   ', pages: ['USERS'] }, 'label'],
    ['a label over 100 characters', { label: 'x'.repeat(101), pages: ['USERS'] }, 'label'],
    ['a label with control characters', { label: 'a\u0000b', pages: ['USERS'] }, 'label'],
    ['an empty page list', { label: 'x', pages: [] }, 'pages'],
    ['an empty client list', { label: 'x', pages: ['USERS'], clientIds: [] }, 'clientIds'],
    ['an end date in the past', { label: 'x', pages: ['USERS'], expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
  ];
  it.each(invalid)('refuses %s with BAD_USER_INPUT', async (_case, input, field) => {
    const { session } = await aLoggedInUser();
    const answer = await gateway.request(CreateToken, { variables: { input: input as never }, auth: { session } });
    expect(errorCodes(answer)).toEqual([['createApiToken', 'BAD_USER_INPUT']]);
    expect(answer.body.errors?.[0]?.extensions?.field).toBe(field);
  });

  it('answers every problem of the form at once, each with its field, in the form order', async () => {
    const { session } = await aLoggedInUser();
    const answer = await gateway.request(CreateToken, {
      variables: {
        input: {
          label: ' ',
          pages: [],
          clientIds: [],
          expiresAt: '2020-01-01T00:00:00Z',
          allowedIps: ['10.0.0.0/33', 'nonsense'],
          notBefore: '2021-01-01T00:00:00Z',
        },
      },
      auth: { session },
    });
    expect(errorCodes(answer)).toEqual([['createApiToken', 'BAD_USER_INPUT']]);
    const extensions = answer.body.errors?.[0]?.extensions as { field: string; problems: { field: string }[] };
    expect(extensions.field).toBe('label');
    expect(extensions.problems.map((problem) => problem.field)).toEqual([
      'label',
      'pages',
      'clientIds',
      'expiresAt',
      'allowedIps',
      'allowedIps',
      'notBefore',
    ]);
  });

  it('accepts a label of exactly 100 characters', async () => {
    const { session } = await aLoggedInUser();
    const data = await gateway.data(CreateToken, {
      variables: { input: { label: 'x'.repeat(100), pages: ['USERS'] } },
      auth: { session },
    });
    secretsSeen.push(data.createApiToken.token);
    expect(data.createApiToken.apiToken.label).toHaveLength(100);
  });

  it('refuses pages beyond the user rights with FORBIDDEN naming them', async () => {
    const { session } = await aLoggedInUser({ pages: ['USERS'] });
    const answer = await gateway.request(CreateToken, {
      variables: { input: { label: 'x', pages: ['USERS', 'RUNS', 'CONNECTORS'] } },
      auth: { session },
    });
    expect(errorCodes(answer)).toEqual([['createApiToken', 'FORBIDDEN']]);
    expect(answer.body.errors?.[0]?.message).toContain('CONNECTORS, RUNS');
  });

  it('refuses clients beyond the user rights with FORBIDDEN naming them, and ids that are no UUIDs', async () => {
    const { session } = await aLoggedInUser();
    const foreign = await aClient(gateway.em());
    const malformed = await gateway.request(CreateToken, {
      variables: { input: { label: 'x', pages: ['USERS'], clientIds: [foreign.id, 'not-a-uuid'] } },
      auth: { session },
    });
    expect(errorCodes(malformed)).toEqual([['createApiToken', 'BAD_USER_INPUT']]);
    expect(malformed.body.errors?.[0]?.extensions?.field).toBe('clientIds');
    const answer = await gateway.request(CreateToken, {
      variables: { input: { label: 'x', pages: ['USERS'], clientIds: [foreign.id] } },
      auth: { session },
    });
    expect(errorCodes(answer)).toEqual([['createApiToken', 'FORBIDDEN']]);
    expect(answer.body.errors?.[0]?.message).toContain(foreign.id);
    expect(answer.body.errors?.[0]?.extensions?.clientId).toBe(foreign.id);
  });

  it('is for logged-in users only: not anonymous, not an API token', async () => {
    const { session } = await aLoggedInUser();
    const token = await tokenOf(gateway, session, { label: 'reader', pages: ['USERS'] });
    secretsSeen.push(token.secret);
    const input = { label: 'escalate', pages: ['USERS' as const] };
    const asToken = await gateway.request(CreateToken, { variables: { input }, auth: { token: token.secret } });
    expect(errorCodes(asToken)).toEqual([['createApiToken', 'FORBIDDEN']]);
    const anonymous = await gateway.request(CreateToken, { variables: { input } });
    expect(errorCodes(anonymous)).toEqual([['createApiToken', 'UNAUTHENTICATED']]);
  });
});

describe('an API token', () => {
  it('reaches no mutation and no user-only field', async () => {
    const { session } = await aLoggedInUser();
    const token = await tokenOf(gateway, session, { label: 'reader', pages: ['USERS', 'CONNECTORS'] });
    secretsSeen.push(token.secret);
    const auth = { token: token.secret };
    const attempts: [string, string][] = [
      ['mutation { createApiToken(input: { label: "x", pages: [USERS] }) { token } }', 'createApiToken'],
      [`mutation { revokeApiToken(id: "${token.id}") { id } }`, 'revokeApiToken'],
      ['mutation { logout }', 'logout'],
      ['mutation { login(email: "a@b.c", password: "whatever-password") { sessionToken } }', 'login'],
      ['{ apiTokens { id } }', 'apiTokens'],
    ];
    for (const [document, field] of attempts) {
      const answer = await gateway.request(document, { auth });
      expect(errorCodes(answer), document).toEqual([[field, 'FORBIDDEN']]);
    }
    // Still active: none of the attempts revoked or changed anything.
    const list = await gateway.data(Tokens, { auth: { session } });
    expect(list.apiTokens?.find((t) => t.id === token.id)?.status).toBe('ACTIVE');
  });

  it('is not readable by mutation over GET either', async () => {
    const { session } = await aLoggedInUser();
    const answer = await gateway.request('mutation { logout }', { method: 'GET', auth: { session } });
    expect(answer.status).toBe(405);
  });

  it('records when it was last used', async () => {
    const { session } = await aLoggedInUser();
    const token = await tokenOf(gateway, session, { label: 'reader', pages: ['USERS'] });
    secretsSeen.push(token.secret);
    await gateway.data(TokenViewer, { auth: { token: token.secret } });
    const list = await gateway.data(Tokens, { auth: { session } });
    expect(list.apiTokens?.[0]?.lastUsedAt).not.toBeNull();
  });

  it('expires at its end date, not a millisecond earlier', async () => {
    const { session } = await aLoggedInUser();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const token = await tokenOf(gateway, session, {
      label: 'short',
      pages: ['USERS'],
      expiresAt: expiresAt.toISOString(),
    });
    secretsSeen.push(token.secret);
    try {
      gateway.setNow(new Date(expiresAt.getTime() - 1));
      expect((await gateway.data(TokenViewer, { auth: { token: token.secret } })).viewer?.kind).toBe('API_TOKEN');
      gateway.setNow(expiresAt);
      const refused = await gateway.request(TokenViewer, { auth: { token: token.secret } });
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.[0]?.message).toContain('expired');
      const list = await gateway.data(Tokens, { auth: { session } });
      expect(list.apiTokens?.[0]?.status).toBe('EXPIRED');
    } finally {
      gateway.setNow(undefined);
    }
  });
});

describe('revokeApiToken', () => {
  it('takes effect on the very next request, and the list hides it unless asked', async () => {
    const { session } = await aLoggedInUser();
    const token = await tokenOf(gateway, session, { label: 'to revoke', pages: ['USERS'] });
    secretsSeen.push(token.secret);
    expect((await gateway.data(TokenViewer, { auth: { token: token.secret } })).viewer?.kind).toBe('API_TOKEN');
    const revoked = await gateway.data(RevokeToken, { variables: { id: token.id }, auth: { session } });
    expect(revoked.revokeApiToken).toMatchObject({ id: token.id, status: 'REVOKED' });
    const refused = await gateway.request(TokenViewer, { auth: { token: token.secret } });
    expect(refused.status).toBe(401);
    expect((await gateway.data(Tokens, { auth: { session } })).apiTokens).toEqual([]);
    const all = await gateway.data(Tokens, { variables: { includeRevoked: true }, auth: { session } });
    expect(all.apiTokens?.map((t) => [t.id, t.status])).toEqual([[token.id, 'REVOKED']]);
  });

  it("answers NOT_FOUND for someone else's token and for an unknown id, alike", async () => {
    const owner = await aLoggedInUser();
    const other = await aLoggedInUser();
    const token = await tokenOf(gateway, owner.session, { label: 'mine', pages: ['USERS'] });
    secretsSeen.push(token.secret);
    for (const id of [token.id, '00000000-0000-4000-8000-000000000000']) {
      const answer = await gateway.request(RevokeToken, { variables: { id }, auth: { session: other.session } });
      expect(errorCodes(answer)).toEqual([['revokeApiToken', 'NOT_FOUND']]);
      expect(answer.body.errors?.[0]?.message).toBe('API token not found.');
    }
    const malformed = await gateway.request(RevokeToken, {
      variables: { id: 'not-an-id' },
      auth: { session: other.session },
    });
    expect(errorCodes(malformed)).toEqual([['revokeApiToken', 'BAD_USER_INPUT']]);
    expect((await gateway.data(TokenViewer, { auth: { token: token.secret } })).viewer?.kind).toBe('API_TOKEN');
  });
});

describe('secrets', () => {
  it('never appear in a log line', () => {
    expect(secretsSeen.length).toBeGreaterThan(10);
    const logs = gateway.logs.join('\n');
    for (const secret of secretsSeen) expect(logs).not.toContain(secret);
  });
});
