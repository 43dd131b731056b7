import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startListening } from '../bench/processes.js';
import { ApiTokenEntity, ClientEntity, UserEntity } from '../src/database/entities.js';
import { settleCredentialChanges } from '../src/database/notifications.js';
import { setActive, setAdministration, setRights } from '../src/operator/users.js';
import { aClient, anOwnerWithToken, aUser, sessionOf, tokenOf } from './builders.js';
import { Logout, RevokeToken, Viewer } from './documents.js';
import { type Auth, authorizationHeader, startTestGateway, type TestGateway } from './helpers.js';
import { TcpProxy } from './tcp-proxy.js';

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});

const credentialTables = /\b(api_token|session|app_user)\b/;

describe('the credential cache', () => {
  it('a warm request reads no token, session or user from the database', async () => {
    const { session, token } = await anOwnerWithToken(gateway, { pages: ['USERS', 'CONNECTORS'] });
    for (const auth of [{ token: token.secret }, { session }]) {
      await gateway.data(Viewer, { auth }); // cold: read, checked, cached (and the last use written)
      const warm = await gateway.statementsOf(() => gateway.data(Viewer, { auth }));
      // The viewer's clients (names included) come with the cached credentials too.
      expect(warm).toEqual([]);
    }
  });

  it('a revoked token is refused at the next request', async () => {
    const { session, token } = await anOwnerWithToken(gateway, { pages: ['USERS', 'CONNECTORS'] });
    await gateway.data(Viewer, { auth: { token: token.secret } });
    await gateway.data(RevokeToken, { variables: { id: token.id }, auth: { session } });
    expect((await gateway.request(Viewer, { auth: { token: token.secret } })).status).toBe(401);
  });

  it('an ended session is refused at the next request', async () => {
    const { session } = await anOwnerWithToken(gateway, { pages: ['USERS', 'CONNECTORS'] });
    await gateway.data(Viewer, { auth: { session } });
    await gateway.data(Logout, { auth: { session } });
    expect((await gateway.request(Viewer, { auth: { session } })).status).toBe(401);
  });

  it("the owner's new rights reach a cached token at the next request", async () => {
    const em = gateway.em();
    const { user: created, token } = await anOwnerWithToken(gateway, { pages: ['USERS', 'CONNECTORS'] });
    const user = await em.findOneOrFail(UserEntity, { id: created.id });
    expect((await gateway.data(Viewer, { auth: { token: token.secret } })).viewer?.pages).toEqual([
      'USERS',
      'CONNECTORS',
    ]);
    await setRights(em, user, { withdrawPages: ['USERS'] });
    expect((await gateway.data(Viewer, { auth: { token: token.secret } })).viewer?.pages).toEqual(['CONNECTORS']);
    await setActive(em, user, false);
    expect((await gateway.request(Viewer, { auth: { token: token.secret } })).status).toBe(401);
  });

  it("a renamed client shows its new name at the next request (the cache holds the owner's clients)", async () => {
    const em = gateway.em();
    const { token } = await anOwnerWithToken(gateway, { pages: ['USERS', 'CONNECTORS'] });
    const [client] = (await gateway.data(Viewer, { auth: { token: token.secret } })).viewer?.clients ?? [];
    await em.nativeUpdate(ClientEntity, { name: client?.name }, { name: `${client?.name} (renamed)` });
    await settleCredentialChanges(em); // a change straight in the database: wait until the gateways heard of it
    expect((await gateway.data(Viewer, { auth: { token: token.secret } })).viewer?.clients).toEqual([
      { id: client?.id, name: `${client?.name} (renamed)` },
    ]);
  });

  it('a last-use update does not drop the cached token (it changes no right)', async () => {
    const { token } = await anOwnerWithToken(gateway, { pages: ['USERS', 'CONNECTORS'] });
    await gateway.data(Viewer, { auth: { token: token.secret } });
    await gateway
      .em()
      .nativeUpdate(ApiTokenEntity, { id: token.id }, { lastUsedAt: new Date(), lastUsedIp: '10.0.0.1' });
    const warm = await gateway.statementsOf(() => gateway.data(Viewer, { auth: { token: token.secret } }));
    expect(warm.filter((sql) => credentialTables.test(sql))).toEqual([]);
  });

  it('is bounded: the least recently used entries go', async () => {
    const small = await startTestGateway({ authCacheSize: 2 });
    const em = small.em();
    const client = await aClient(em);
    const user = await aUser(em, { clients: [client] });
    const session = await sessionOf(small, user);
    for (let i = 0; i < 4; i++) {
      const token = await tokenOf(small, session, { label: `t${i}`, pages: ['USERS'] });
      await small.data(Viewer, { auth: { token: token.secret } });
    }
    expect(small.credentialCache.size).toBe(2);
  });
});

/** Requests against a gateway in another process, by its URL. */
async function viewerOver(url: string, auth: Auth): Promise<{ status: number; pages?: string[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: authorizationHeader(auth) },
    body: JSON.stringify({ query: '{ viewer { pages } }' }),
  });
  const body = (await response.json()) as { data?: { viewer?: { pages: string[] } } };
  return { status: response.status, pages: body.data?.viewer?.pages };
}

// Two gateway processes on one PostgreSQL server: this test process and a `src/main.ts` child, which reaches the
// database over a slow link (everything the server sends arrives 100 ms late), so a notification is still on its
// way when the revoking answer would come back without the barrier. The embedded database is one process by
// construction (its data folder is locked), so this runs on PostgreSQL only.
describe.runIf(inject('databaseKind') === 'postgresql')('two gateway processes on one database', () => {
  let other: { child: ChildProcess; url: string };
  let otherOutput = '';
  let slowLink: TcpProxy;
  beforeAll(async () => {
    const databaseUrl = new URL(inject('databaseUrl'));
    slowLink = new TcpProxy({ host: databaseUrl.hostname, port: Number(databaseUrl.port || 5432) }, 100);
    await slowLink.start();
    other = await startListening(
      'src/main.ts',
      {
        ...process.env,
        DATABASE_URL: Object.assign(new URL(databaseUrl), { host: `127.0.0.1:${slowLink.port}` }).toString(),
        PORT: '0',
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
      (chunk) => {
        otherOutput += chunk;
      },
    );
  }, 30_000);
  afterAll(async () => {
    other?.child.kill('SIGTERM');
    await slowLink?.cut();
  });

  it('revoked on one, refused on the other at the next request, every time', async () => {
    const { session } = await anOwnerWithToken(gateway, { pages: ['USERS', 'CONNECTORS'] });
    for (let i = 0; i < 5; i++) {
      const token = await tokenOf(gateway, session, { label: `round ${i}`, pages: ['USERS'] });
      // Warm on the other process: its second request is answered from its cache.
      expect((await viewerOver(other.url, { token: token.secret })).status).toBe(200);
      expect((await viewerOver(other.url, { token: token.secret })).status).toBe(200);
      await gateway.data(RevokeToken, { variables: { id: token.id }, auth: { session } });
      expect((await viewerOver(other.url, { token: token.secret })).status).toBe(401);
    }
  });

  it('barriers that come at once are acknowledged one after another on the listening connection', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    try {
      // Every process answers each of them (none is left waiting), and no process overlaps two statements on its
      // listening connection (pg warns of that today and pg 9 refuses it).
      const late = await Promise.all(Array.from({ length: 20 }, () => settleCredentialChanges(gateway.em())));
      expect(late.flat()).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((message) => message.includes('already executing a query'))).toEqual([]);
    expect(otherOutput).not.toContain('already executing a query');
  });

  it("the owner's rights, changed by an operator, reach the other process at the next request", async () => {
    const em = gateway.em();
    const { user, token } = await anOwnerWithToken(gateway, { pages: ['USERS', 'CONNECTORS'] });
    expect((await viewerOver(other.url, { token: token.secret })).pages).toEqual(['USERS', 'CONNECTORS']);
    await setRights(em, user, { withdrawPages: ['CONNECTORS'] });
    expect((await viewerOver(other.url, { token: token.secret })).pages).toEqual(['USERS']);
  });

  it("a client's new token policy reaches the other process at the next request", async () => {
    const em = gateway.em();
    const { clients, token } = await anOwnerWithToken(gateway, { pages: ['USERS'] });
    const [client] = clients;
    if (!client) throw new Error('no client');
    const admin = await aUser(em, { clients: [client], pages: [] });
    await setAdministration(em, admin, { grantClients: [client.id] });
    const adminSession = await sessionOf(gateway, admin);
    const clientsOver = async () => {
      const response = await fetch(other.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: authorizationHeader({ token: token.secret }) },
        body: JSON.stringify({ query: '{ viewer { clients { id } } }' }),
      });
      const body = (await response.json()) as { data: { viewer: { clients: { id: string }[] } } };
      return body.data.viewer.clients.map(({ id }) => id);
    };
    // Warm on the other process, then a policy the token breaks: it is held back there at once.
    expect(await clientsOver()).toEqual([client.id]);
    expect(await clientsOver()).toEqual([client.id]);
    const setPolicy = (input: string) =>
      gateway.data(`mutation { setClientTokenPolicy(clientId: "${client.id}", input: ${input}) { endRequired } }`, {
        auth: { session: adminSession },
      });
    await setPolicy('{ endRequired: true }');
    expect(await clientsOver()).toEqual([]);
    await setPolicy('{}');
    expect(await clientsOver()).toEqual([client.id]);
  });

  it('a process that loses its notifications forgets what it cached', async () => {
    const { token } = await anOwnerWithToken(gateway, { pages: ['USERS', 'CONNECTORS'] });
    expect((await viewerOver(other.url, { token: token.secret })).status).toBe(200);
    const em = gateway.em();
    const listeners = async () =>
      (
        await em
          .getConnection()
          .execute<{ pid: number }[]>(
            "select pid from pg_stat_activity where application_name like 'salure-gateway-listener:%'",
          )
      ).map((row) => row.pid);
    const before = await listeners();
    expect(before.length).toBeGreaterThanOrEqual(2); // this process's gateways and the other's
    await em.getConnection().execute(`select pg_terminate_backend(pid) from pg_stat_activity where pid in (${before})`);
    // Revoked while nobody listens: no process hears of it.
    await em.nativeUpdate(ApiTokenEntity, { id: token.id }, { revokedAt: new Date() });
    await expect
      .poll(async () => (await listeners()).filter((pid) => !before.includes(pid)), { timeout: 10_000 })
      .toHaveLength(before.length);
    expect((await viewerOver(other.url, { token: token.secret })).status).toBe(401);
  });
});
