import { afterAll, describe, expect, inject, it } from 'vitest';
import { aClient, aUser, sessionOf, tokenOf } from './builders.js';
import { startTestGateway } from './helpers.js';
import { TcpProxy } from './tcp-proxy.js';

const target = new URL(inject('databaseUrl'));
const proxy = new TcpProxy({ host: target.hostname, port: Number(target.port) });
await proxy.start();
const viaProxy = new URL(target);
viaProxy.port = String(proxy.port);
const gateway = await startTestGateway({ databaseUrl: viaProxy.toString() });
afterAll(() => proxy.cut());

const VIEWER = '{ viewer { name } connectors { totalCount } }';
const status = async (path: string) => (await gateway.yoga.fetch(`http://gateway.test${path}`)).status;

describe('the database going away and coming back', () => {
  it('fails fast with SERVICE_UNAVAILABLE, says not ready, and recovers by itself', async () => {
    const client = await aClient(gateway.em());
    const user = await aUser(gateway.em(), { clients: [client] });
    const session = await sessionOf(gateway, user);
    const { secret: token } = await tokenOf(gateway, session, { label: 'outage', pages: ['CONNECTORS'] });
    expect((await gateway.request(VIEWER, { auth: { token } })).status).toBe(200);
    expect(await status('/ready')).toBe(200);

    await proxy.cut();
    const startedAt = performance.now();
    const refused = await gateway.request(VIEWER, { auth: { token } });
    const failedInMs = performance.now() - startedAt;
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(refused.body)).not.toMatch(/ECONN|127\.0\.0\.1|select/i);
    expect(failedInMs).toBeLessThan(10_000); // no hanging: a bound for liveness, not a performance figure
    expect(await status('/ready')).toBe(503);
    expect(await status('/health')).toBe(200);
    // What needs no database still answers.
    expect((await gateway.request('{ __typename }')).status).toBe(200);

    await proxy.start();
    const restoredAt = performance.now();
    let recovered = await gateway.request(VIEWER, { auth: { token } });
    while (recovered.status !== 200 && performance.now() - restoredAt < 15_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      recovered = await gateway.request(VIEWER, { auth: { token } });
    }
    const recoveryMs = Math.round(performance.now() - restoredAt);
    expect(recovered.body.data).toEqual({ viewer: { name: user.name }, connectors: { totalCount: 0 } });
    expect(await status('/ready')).toBe(200);
    // Statements cut off mid-way were logged by their name, never with their text and values (a token's hash).
    const logged = gateway.logs.join('\n');
    expect(logged).not.toMatch(/\bselect\b[\s\S]*\bfrom\b|\binsert into\b|secret_hash/i);
    expect(logged).toContain('"statement":');
    console.info(`database outage: refused in ${Math.round(failedInMs)} ms, recovered ${recoveryMs} ms after return`);
  });
});
