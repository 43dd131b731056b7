import { describe, expect, it } from 'vitest';
import { ApiTokenEntity, type User } from '../src/database/entities.js';
import { aClient, aUser, sessionOf, tokenOf } from './builders.js';
import { CreateToken, RevokeToken } from './documents.js';
import { startTestGateway } from './helpers.js';

const gateway = await startTestGateway();

const Viewer = '{ viewer { kind } }';

describe('concurrent token creation and revocation', () => {
  it('200 at once by several users lose nothing: the stored state matches the answers', async () => {
    const client = await aClient(gateway.em());
    const users: { user: User; session: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const user = await aUser(gateway.em(), { clients: [client] });
      users.push({ user, session: await sessionOf(gateway, user) });
    }
    // 100 tokens to revoke later, made up front (20 per user).
    const existing = await Promise.all(
      users.flatMap(({ session }) =>
        Array.from({ length: 20 }, (_, i) => tokenOf(gateway, session, { label: `old ${i}`, pages: ['USERS'] })),
      ),
    );
    const ownerOf = (index: number) => users[Math.floor(index / 20)];

    // 100 creations and 100 revocations, all in flight together.
    const creations = users.flatMap(({ session }, u) =>
      Array.from({ length: 20 }, (_, i) =>
        gateway.request(CreateToken, {
          variables: { input: { label: `new ${u}-${i}`, pages: ['USERS'] } },
          auth: { session },
        }),
      ),
    );
    const revocations = existing.map((token, index) =>
      gateway.request(RevokeToken, { variables: { id: token.id }, auth: { session: ownerOf(index)?.session ?? '' } }),
    );
    const [created, revoked] = await Promise.all([Promise.all(creations), Promise.all(revocations)]);

    expect(created.every((answer) => answer.status === 200 && !answer.body.errors)).toBe(true);
    expect(revoked.every((answer) => answer.body.data?.revokeApiToken.status === 'REVOKED')).toBe(true);
    const createdIds = created.map((answer) => answer.body.data?.createApiToken.apiToken.id);
    expect(new Set(createdIds).size).toBe(100);

    const em = gateway.em();
    for (const [u, { user }] of users.entries()) {
      const stored = await em.find(ApiTokenEntity, { user: user.id });
      expect(stored).toHaveLength(40);
      const active = stored.filter((token) => !token.revokedAt).map((token) => token.id);
      const expected = created.slice(u * 20, u * 20 + 20).map((answer) => answer.body.data?.createApiToken.apiToken.id);
      expect(active.sort()).toEqual(expected.sort());
    }
    // Every new secret works; every revoked one is refused.
    const secrets = created.map((answer) => answer.body.data?.createApiToken.token ?? '');
    const uses = await Promise.all(secrets.map((token) => gateway.request(Viewer, { auth: { token } })));
    expect(uses.every((answer) => answer.status === 200)).toBe(true);
    const refused = await Promise.all(
      existing.map(({ secret }) => gateway.request(Viewer, { auth: { token: secret } })),
    );
    expect(refused.every((answer) => answer.status === 401)).toBe(true);
  });

  it('a token revoked while requests with it are in flight is refused by every request started after', async () => {
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client] });
    const session = await sessionOf(gateway, user);
    const token = await tokenOf(gateway, session, { label: 'busy', pages: ['USERS'] });

    let revokedAt = Number.POSITIVE_INFINITY;
    const started: { at: number; status: Promise<number> }[] = [];
    // Requests keep starting, a few at a time, until 30 have started after the revocation's answer.
    const startedAfter = () => started.filter((request) => request.at > revokedAt).length;
    let loadIsUnderWay: () => void = () => {};
    const underWay = new Promise<void>((resolve) => {
      loadIsUnderWay = resolve;
    });
    const load = (async () => {
      while (startedAfter() < 30) {
        const at = performance.now();
        const status = gateway.request(Viewer, { auth: { token: token.secret } }).then((answer) => answer.status);
        started.push({ at, status });
        if (started.length === 30) loadIsUnderWay();
        if (started.length % 4 === 0) await status; // in flight, but not thousands at once
        await new Promise(setImmediate); // let I/O (the revocation's SQL) through: warm requests need none
      }
    })();
    await underWay;
    await gateway.request(RevokeToken, { variables: { id: token.id }, auth: { session } });
    revokedAt = performance.now();
    await load;

    const after = started.filter((request) => request.at > revokedAt);
    const before = started.filter((request) => request.at < revokedAt);
    expect(after.length).toBeGreaterThan(5);
    expect(before.length).toBeGreaterThan(5);
    expect(await Promise.all(after.map((request) => request.status))).toEqual(after.map(() => 401));
  });
});
