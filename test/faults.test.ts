import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { connectRedis, createRateLimits, DEFAULT_RATE_LIMITS } from '../src/auth/rate-limits.js';
import { createLogger } from '../src/core/logger.js';
import { aClient, aUser, sessionOf, tokenOf } from './builders.js';
import { startTestGateway } from './helpers.js';
import { hasRedisServer } from './prerequisites.js';
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
    // REST says the same in its own terms (a cached credential: the page read is what fails).
    const rest = await gateway.rest('/api/v1/connectors', { auth: { token } });
    expect(rest.status).toBe(503);
    expect(rest.headers.get('content-type')).toContain('application/problem+json');
    expect(rest.headers.get('retry-after')).toBe('5');
    expect(rest.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(JSON.stringify(rest.body)).not.toMatch(/ECONN|127\.0\.0\.1|select/i);
    // What needs no database still answers.
    expect((await gateway.request('{ __typename }')).status).toBe(200);

    await proxy.start();
    const restoredAt = performance.now();
    // The pool reconnects on the next request that needs it: no waiting, a few tries at most.
    let recovered = await gateway.request(VIEWER, { auth: { token } });
    for (let tries = 0; recovered.status !== 200 && tries < 20; tries++) {
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

describe('a database that stops answering on open connections', () => {
  it('answers 503 within the client-side bound, is not ready meanwhile, logs the outage once, and recovers', async () => {
    const stallable = new TcpProxy({ host: target.hostname, port: Number(target.port) });
    await stallable.start();
    onTestFinished(() => stallable.cut());
    const url = new URL(target);
    url.port = String(stallable.port);
    const QUERY_TIMEOUT_MS = 500;
    const stalled = await startTestGateway({
      databaseUrl: url.toString(),
      queryTimeoutMs: QUERY_TIMEOUT_MS,
      connectTimeoutMs: QUERY_TIMEOUT_MS,
    });
    const client = await aClient(stalled.em());
    const session = await sessionOf(stalled, await aUser(stalled.em(), { clients: [client] }));
    const PAGE = '{ users { totalCount } }';
    expect((await stalled.request(PAGE, { auth: { session } })).status).toBe(200);

    stallable.stall();
    const logsBefore = stalled.logs.length;
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const refused = await stalled.request(PAGE, { auth: { session } });
      times.push(performance.now() - started);
      expect(refused.status).toBe(503);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    }
    // A bound for liveness, not a performance figure: without the client-side bound this waits for the stall's end.
    expect(Math.max(...times)).toBeLessThan(10_000);
    expect((await stalled.yoga.fetch('http://gateway.test/ready')).status).toBe(503);
    // Warnings and errors only (the access log has its line per request, by design).
    const duringOutage = stalled.logs.slice(logsBefore).filter((line) => JSON.parse(line).level >= 40);

    stallable.resume();
    let recovered = await stalled.request(PAGE, { auth: { session } });
    for (let i = 0; recovered.status !== 200 && i < 20; i++)
      recovered = await stalled.request(PAGE, { auth: { session } });
    expect(recovered.status).toBe(200);
    expect(duringOutage.filter((line) => line.includes('database unavailable'))).toHaveLength(1);
    expect(duringOutage.length).toBeLessThan(times.length); // not a line (or three) per refused request
    expect(stalled.logs.filter((line) => line.includes('database available again'))).toHaveLength(1);
    console.info(
      `stalled database: 5 requests refused in ${times.map((ms) => ms.toFixed(0)).join(', ')} ms (bound ${QUERY_TIMEOUT_MS} ms); ${duringOutage.length} warnings logged`,
    );
  });
});

/** A Redis server of the test's own, on a Unix socket in a folder of its own. */
async function ownRedis(): Promise<{ path: string; process: ChildProcess; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'salure-redis-'));
  const path = join(dir, 'redis.sock');
  const server = spawn('redis-server', ['--port', '0', '--unixsocket', path, '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    server.on('error', reject);
    let output = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      if (/ready to accept connections/i.test(output)) resolve();
    });
  });
  // Never outlive the test run, whatever ends it.
  const kill = () => server.kill('SIGKILL');
  process.once('exit', kill);
  return {
    path,
    process: server,
    stop() {
      process.off('exit', kill);
      kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Log lines, and a way to wait for one that matches. */
function capturedLog() {
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  const logger = createLogger('debug', {
    write(line: string) {
      lines.push(line);
      for (const waiter of waiting.filter(({ pattern }) => pattern.test(line))) waiter.resolve();
    },
  });
  const until = (pattern: RegExp) =>
    lines.some((line) => pattern.test(line))
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiting.push({ pattern, resolve }));
  return { logger, lines, until };
}

describe.skipIf(!hasRedisServer)('a Redis that stops answering (paused with SIGSTOP)', () => {
  it('costs a request at most the command bound, logs the outage once, and shares the budget again after', async () => {
    const redisServer = await ownRedis();
    const redis = await connectRedis(redisServer.path);
    onTestFinished(() => {
      redis.disconnect();
      redisServer.process.kill('SIGCONT');
      redisServer.stop();
    });
    await new Promise((resolve) => (redis.status === 'ready' ? resolve(null) : redis.once('ready', resolve)));
    const log = capturedLog();
    const limits = { ...DEFAULT_RATE_LIMITS, perMinute: 10_000, anonymousPerMinute: 10_000 };
    const stalled = await startTestGateway({ rateLimits: createRateLimits(limits, redis, { logger: log.logger }) });
    const client = await aClient(stalled.em());
    const session = await sessionOf(stalled, await aUser(stalled.em(), { clients: [client] }));

    redisServer.process.kill('SIGSTOP');
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      const started = performance.now();
      const answer = await stalled.request('{ viewer { name } }', { auth: { session } });
      times.push(performance.now() - started);
      expect(answer.status).toBe(200);
    }
    await log.until(/redis does not answer/);
    const slowest = Math.max(...times);
    // A bound for liveness, not a performance figure: without the command timeout a request waits for Redis.
    expect(slowest).toBeLessThan(5_000);
    expect(log.lines.filter((line) => /redis/.test(line))).toHaveLength(1);

    redisServer.process.kill('SIGCONT');
    await log.until(/redis answers again/);
    const back = await stalled.request('{ viewer { name } }', { auth: { session } });
    expect(back.status).toBe(200);
    expect(log.lines.filter((line) => /redis/.test(line))).toHaveLength(2);
    const sorted = [...times].sort((a, b) => a - b);
    console.info(
      `paused Redis: 30 requests, median ${sorted[15]?.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms; ${log.lines.at(-1)?.trim()}`,
    );
  });
});
