import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { freePort } from '../bench/processes.js';
import { createRateLimits } from '../src/auth/rate-limits.js';
import { generateSecret } from '../src/auth/secrets.js';
import { MAX_OPERATION_NAMES, Metrics } from '../src/core/metrics.js';
import { metricsUrl, serveMetrics } from '../src/core/metrics-server.js';
import { anOwnerWithToken, TEST_PASSWORD } from './builders.js';
import { RevokeToken } from './documents.js';
import { aDataDir, describeProcesses, startGateway, tcpListeners } from './gateway-process.js';
import { connectedRedis, GENEROUS_RATE_LIMITS, startTestGateway } from './helpers.js';
import { testRedisUrl } from './prerequisites.js';

// The Prometheus metrics (docs/operations.md): served on a listener of their own, moved by a scripted session,
// with bounded labels that never hold a secret, an id or an address; and the dashboard's queries use only them.

const gateway = await startTestGateway({
  rateLimits: createRateLimits({ ...GENEROUS_RATE_LIMITS, loginFailuresPerEmail: 2 }),
});
const metrics = gateway.metrics as Metrics;
let server: Server;
beforeAll(async () => {
  server = await serveMetrics(metrics, 0, '127.0.0.1');
});
afterAll(() => void server.close());

type Sample = { name: string; labels: Record<string, string>; value: number };

async function scrape(): Promise<{ text: string; samples: Sample[]; types: Map<string, string> }> {
  const response = await fetch(metricsUrl(server));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type?.[1] && type[2]) types.set(type[1], type[2]);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample?.[1] || !sample[3]) continue;
    const labels = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, name, value]) => [name, value]),
    );
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { text, samples, types };
}

/** The sum of the samples of `name` whose labels include `labels`. */
function sampleSum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('metrics', () => {
  it('are served on their own listener only: GET /metrics there, nothing on the API port', async () => {
    const onApi = await gateway.yoga.fetch('http://gateway.test/metrics');
    expect(await onApi.text()).not.toContain('salure_');
    const other = await fetch(metricsUrl(server).replace('/metrics', '/graphql'));
    expect(other.status).toBe(404);
    const post = await fetch(metricsUrl(server), { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('move as a scripted session says: requests, operations, credentials, refusals, rate limits, audit', async () => {
    const { token, session, user } = await anOwnerWithToken(gateway, { label: 'metrics', pages: ['USERS'] });
    const before = (await scrape()).samples;

    const usersAsToken = 'query MetricsUsers { users(first: 1) { totalCount } }';
    for (let i = 0; i < 3; i++) await gateway.data(usersAsToken, { auth: { token: token.secret } });
    // CONNECTORS is not the token's: one refused field, written to the audit log.
    const refused = await gateway.request('query MetricsConnectors { connectors(first: 1) { totalCount } }', {
      auth: { token: token.secret },
    });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      (await gateway.request('{ viewer { name } }', { headers: { authorization: 'Bearer nonsense' } })).status,
    ).toBe(401);
    const unknownToken = generateSecret('apiToken');
    expect((await gateway.request('{ viewer { name } }', { auth: { token: unknownToken } })).status).toBe(401);
    await gateway.data(RevokeToken, { variables: { id: token.id }, auth: { session } });
    expect((await gateway.request('{ viewer { name } }', { auth: { token: token.secret } })).status).toBe(401);
    // Two wrong passwords spend the e-mail's budget; the third attempt is rate limited before it is checked.
    const login = `mutation Login { login(email: "${user.email}", password: "wrong-${TEST_PASSWORD}") { sessionToken } }`;
    for (let i = 0; i < 3; i++) await gateway.request(login);
    expect((await gateway.request(login)).status).toBe(429);
    expect((await gateway.rest(`/api/v1/users/${user.id}`, { auth: { session } })).status).toBe(200);

    const after = (await scrape()).samples;
    const moved = (name: string, labels: Record<string, string> = {}) =>
      sampleSum(after, name, labels) - sampleSum(before, name, labels);
    expect(moved('salure_http_requests_total', { route: '/graphql', method: 'POST', status: '200' })).toBeGreaterThan(
      4,
    );
    expect(moved('salure_http_requests_total', { route: '/graphql', status: '401' })).toBeGreaterThanOrEqual(3);
    expect(moved('salure_http_requests_total', { route: '/graphql', status: '429' })).toBe(2);
    // A REST call by its route's template, never by the id it was sent.
    expect(moved('salure_http_requests_total', { route: '/api/v1/users/{id}', status: '200' })).toBe(1);
    expect(moved('salure_http_request_duration_seconds_count', { route: '/graphql' })).toBeGreaterThan(9);
    expect(moved('graphql_envelop_request', { operationName: 'MetricsUsers', operationType: 'query' })).toBe(3);
    expect(moved('graphql_envelop_phase_execute_count', { operationName: 'MetricsUsers' })).toBe(3);
    expect(moved('graphql_envelop_phase_parse_count', { operationName: 'MetricsUsers' })).toBe(3);
    expect(moved('graphql_envelop_phase_validate_count', { operationName: 'MetricsUsers' })).toBe(3);
    expect(moved('graphql_envelop_request_duration_count', { operationName: 'MetricsUsers' })).toBe(3);
    expect(moved('graphql_envelop_error_result', { operationName: 'MetricsConnectors', code: 'FORBIDDEN' })).toBe(1);
    // The REST call's document is on the allow-list: its name is a label of its own.
    expect(moved('graphql_envelop_request', { operationName: 'RestUser' })).toBe(1);
    expect(moved('salure_credentials_total', { kind: 'api_token', outcome: 'accepted' })).toBe(4);
    expect(moved('salure_credentials_total', { kind: 'session', outcome: 'refused', reason: 'malformed' })).toBe(1);
    expect(moved('salure_credentials_total', { kind: 'api_token', outcome: 'refused', reason: 'unknown' })).toBe(1);
    expect(moved('salure_credentials_total', { kind: 'api_token', outcome: 'refused', reason: 'revoked' })).toBe(1);
    expect(moved('salure_refused_fields_total', { page: 'CONNECTORS' })).toBe(1);
    expect(moved('salure_rate_limited_total', { kind: 'login' })).toBe(2);
    expect(moved('salure_audit_events_total', { action: 'ACCESS_DENIED' })).toBeGreaterThan(0);
    expect(moved('salure_audit_events_total', { action: 'TOKEN_REVOKED' })).toBe(1);
    expect(moved('salure_credential_cache_lookups_total', { result: 'hit' })).toBeGreaterThan(0);
    expect(moved('salure_credential_cache_lookups_total', { result: 'miss' })).toBeGreaterThan(0);
    // The revocation was announced to the cache.
    expect(moved('salure_credential_cache_invalidations_total')).toBeGreaterThan(0);
    expect(sampleSum(after, 'salure_dependency_up', { dependency: 'database' })).toBe(1);
    expect(after.filter((s) => s.name === 'salure_database_pool_connections').map((s) => s.labels.state)).toEqual([
      'in_use',
      'idle',
      'waiting',
    ]);
    expect(sampleSum(after, 'salure_database_pool_connections', { state: 'idle' })).toBeGreaterThan(0);
  });

  it('hold no secret, id or address in a label, and bound the operation names a caller can make up', async () => {
    const { token, user, clients } = await anOwnerWithToken(gateway, { pages: ['USERS'] });
    for (let i = 0; i < MAX_OPERATION_NAMES + 20; i++) {
      await gateway.request(`query Made${i}Up { viewer { name } }`, {
        auth: { token: token.secret },
        address: '203.0.113.77',
      });
    }
    const { text, samples } = await scrape();
    for (const secretOrId of [token.secret, token.id, user.id, user.email, clients[0]?.id ?? '', '203.0.113.77']) {
      expect(text).not.toContain(secretOrId);
    }
    const names = new Set(
      samples.filter((s) => s.name === 'graphql_envelop_request').map((s) => s.labels.operationName),
    );
    expect(names.has('other')).toBe(true);
    expect([...names].filter((name) => name?.startsWith('Made')).length).toBeLessThanOrEqual(MAX_OPERATION_NAMES);
  });
});

describe('operation names', () => {
  it('take a label of their own only from authenticated callers and the allow-list: anonymous names are other', async () => {
    const fresh = await startTestGateway();
    const { token } = await anOwnerWithToken(fresh, { pages: ['USERS'] });
    // Anonymous callers register APQ documents under made-up names, as many as there are slots.
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) {
      const query = `query Q${i} { __typename }`;
      await fresh.yoga.fetch('http://gateway.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query,
          extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } },
        }),
      });
    }
    await fresh.request('query RealClient { viewer { name } }', { auth: { token: token.secret } });
    const text = await fresh.metrics?.text();
    const names = new Set([...(text ?? '').matchAll(/operationName="([^"]*)"/g)].map((match) => match[1]));
    expect([...names].filter((name) => /^Q\d+$/.test(name ?? ''))).toEqual([]);
    expect(names.has('other')).toBe(true);
    expect(names.has('RealClient')).toBe(true);
  });
});

describe('a duration histogram', () => {
  it('counts each observation in its bucket, cumulated as Prometheus reads them, with +Inf, sum and count', async () => {
    const fresh = new Metrics({ processMetrics: false });
    const parse = fresh.operation('Counted', 'query').parse;
    for (const seconds of [0.0005, 0.003, 0.003, 0.02, 42]) parse.observe(seconds);
    const lines = (await fresh.text()).split('\n').filter((line) => line.startsWith('graphql_envelop_phase_parse'));
    const sample = (suffix: string) => Number(lines.find((line) => line.includes(suffix))?.split(' ')[1] ?? Number.NaN);
    expect(sample('le="0.001"')).toBe(1);
    expect(sample('le="0.0025"')).toBe(1);
    expect(sample('le="0.005"')).toBe(3);
    expect(sample('le="0.025"')).toBe(4);
    expect(sample('le="10"')).toBe(4);
    expect(sample('le="+Inf"')).toBe(5);
    expect(sample('_count{')).toBe(5);
    expect(sample('_sum{')).toBeCloseTo(42.0265, 6);
  });
});

describeProcesses('metrics of a gateway process', () => {
  it('are served on METRICS_PORT beside the API, and a taken port stops the start with a message', async () => {
    const port = await freePort();
    const first = await startGateway(aDataDir(), { METRICS_PORT: String(port) });
    try {
      const served = JSON.parse(await first.until(/"msg":"metrics served"/)) as { url: string };
      expect(served.url).toBe(`http://127.0.0.1:${port}/metrics`);
      const text = await (await fetch(served.url)).text();
      expect(text).toContain('salure_dependency_up{dependency="database"} 1');
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      const ports = tcpListeners(first.child.pid ?? 0);
      expect(ports).toContain(port);
      expect(ports).toContain(Number(new URL(first.url).port));
      await expect(startGateway(aDataDir(), { METRICS_PORT: String(port) })).rejects.toThrow(
        `cannot serve its metrics on 127.0.0.1:${port} (EADDRINUSE)`,
      );
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  }, 60_000);
});

const redisUrl = testRedisUrl();
describe.skipIf(!redisUrl)('metrics with Redis (TEST_REDIS_URL)', () => {
  it('say whether Redis answers', async () => {
    const redis = await connectedRedis(redisUrl ?? '');
    onTestFinished(() => redis.disconnect());
    const withRedis = await startTestGateway({
      rateLimits: createRateLimits(GENEROUS_RATE_LIMITS, redis, { keyPrefix: `test-${randomUUID()}` }),
    });
    const text = (await withRedis.metrics?.text()) ?? '';
    expect(text).toContain('salure_dependency_up{dependency="redis"} 1');
  });
});

describe('the Grafana dashboard (docs/grafana-dashboard.json)', () => {
  it('queries only metrics the gateway serves, by labels they have', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('../docs/grafana-dashboard.json', import.meta.url), 'utf8')) as {
      panels: { title: string; targets?: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
    expect(exprs.length).toBeGreaterThan(8);
    // Every family the dashboard uses has samples after a session (process metrics are on in production).
    const { samples, types } = await scrape();
    const served = new Set(samples.map((s) => s.name));
    const processMetrics = await new Metrics().registry.getMetricsAsJSON();
    for (const metric of processMetrics) if (PROCESS_METRIC.test(metric.name)) served.add(metric.name);
    const metricNames = new Set(
      exprs.flatMap((expr) => expr.match(/\b(?:salure|graphql_envelop|process|nodejs)_\w+/g) ?? []),
    );
    const missing = [...metricNames].filter((name) => !served.has(name));
    expect(missing).toEqual([]);
    for (const name of metricNames) {
      if (PROCESS_METRIC.test(name)) continue;
      const family = name.replace(/_(bucket|sum|count)$/, '');
      if (name !== family) expect(types.get(family)).toBe('histogram');
      if (name.endsWith('_total')) expect(types.get(name)).toBe('counter');
    }
    // Labels in `by (…)` and selectors exist on the metric they are used with.
    for (const expr of exprs) {
      for (const [, metric, selector] of expr.matchAll(/\b((?:salure|graphql_envelop)_\w+)\{([^}]*)\}/g)) {
        const labels = new Set(samples.filter((s) => s.name === metric).flatMap((s) => Object.keys(s.labels)));
        for (const [, label] of (selector ?? '').matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)) {
          expect(labels, `${metric} has no label ${label}`).toContain(label);
        }
      }
    }
  });
});

/** Node's process metrics, which the test gateways leave off (they would be counted once per test file). */
const PROCESS_METRIC = /^(process|nodejs)_/;
