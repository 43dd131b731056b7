import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '../src/auth/rate-limits.js';
import { AuditEventEntity, type Client, type Connector, type Interface, type Run } from '../src/database/entities.js';
import { aClient, aConnector, anInterface, aRun, aUser, sessionOf, tokenOf } from './builders.js';
import { startTestGateway } from './helpers.js';

// The REST API (/api/v1): the same pages, guards and clients as GraphQL, through the same yoga instance.

const gateway = await startTestGateway();

type World = {
  own: Client;
  other: Client;
  foreign: Client;
  connectors: Connector[];
  iface: Interface;
  runs: Run[];
  foreignRun: Run;
  session: string;
  /** Every page, the own client only, with an end. */
  all: string;
  /** RUNS only: related interfaces are not its to read. */
  runsOnly: string;
  runsOnlyId: string;
};
let world: World;
const DAY = 86_400_000;
const ENDS_AT = new Date(Date.now() + 30 * DAY);

beforeAll(async () => {
  const em = gateway.em();
  const [own, other, foreign] = [await aClient(em), await aClient(em), await aClient(em)];
  const connectors = [
    await aConnector(em, own, 'AFAS Profit', { system: 'AFAS', status: 'ACTIVE' }),
    await aConnector(em, own, 'Nmbrs', { system: 'Nmbrs', status: 'ERROR' }),
  ];
  const iface = await anInterface(em, own, { source: connectors[0], target: connectors[1], name: 'employees' });
  const base = Date.now() - 10 * DAY;
  const runs: Run[] = [];
  for (let i = 0; i < 5; i++) {
    runs.push(await aRun(em, iface, new Date(base + i * DAY), { status: i % 2 ? 'FAILED' : 'SUCCEEDED' }));
  }
  const foreignRun = await aRun(em, await anInterface(em, foreign, {}), new Date(base));
  await aRun(em, await anInterface(em, other, {}), new Date(base));
  const owner = await aUser(em, { clients: [own, other] });
  const session = await sessionOf(gateway, owner);
  const all = await tokenOf(gateway, session, {
    label: 'all',
    pages: ['USERS', 'CONNECTORS', 'INTERFACES', 'RUNS'],
    clientIds: [own.id],
    expiresAt: ENDS_AT.toISOString(),
  });
  const runsOnly = await tokenOf(gateway, session, { label: 'runs', pages: ['RUNS'], clientIds: [own.id] });
  world = {
    own,
    other,
    foreign,
    connectors,
    iface,
    runs,
    foreignRun,
    session,
    all: all.secret,
    runsOnly: runsOnly.secret,
    runsOnlyId: runsOnly.id,
  };
});

const as = (token: string) => ({ auth: { token } });

function expectProblem(
  answer: Awaited<ReturnType<typeof gateway.rest>>,
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
) {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status, code, ...extra });
  expect(typeof answer.body.type).toBe('string');
  expect(typeof answer.body.title).toBe('string');
  expect(typeof answer.body.detail).toBe('string');
  expect(JSON.stringify(answer.body)).not.toMatch(/\bselect\b|\bat \w+ \(|node_modules/i);
}

describe('GET /api/v1/me', () => {
  it('answers the viewer of a token, with its end, and of a session', async () => {
    const token = await gateway.rest('/api/v1/me', as(world.all));
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({
      kind: 'API_TOKEN',
      pages: ['USERS', 'CONNECTORS', 'INTERFACES', 'RUNS'],
      clients: [{ id: world.own.id, name: world.own.name }],
      tokenExpiresAt: ENDS_AT.toISOString(),
    });
    expect(token.headers.get('salure-token-expires')).toBe(ENDS_AT.toISOString());
    expect(token.headers.get('ratelimit-limit')).toBeTruthy();
    const session = await gateway.rest('/api/v1/me', { auth: { session: world.session } });
    expect(session.body).toMatchObject({ kind: 'USER', tokenExpiresAt: null });
    expect((session.body.clients as unknown[]).length).toBe(2);
  });
});

describe('the lists', () => {
  it('answer items with scalars, the client and related ids, totalCount and nextCursor, and page with Link', async () => {
    const first = await gateway.rest('/api/v1/runs?limit=2&orderBy=startedAt:asc', as(world.all));
    expect(first.status).toBe(200);
    expect(first.body.totalCount).toBe(5);
    const [run] = world.runs;
    expect(first.body.items?.[0]).toEqual({
      id: run?.id,
      status: run?.status,
      startedAt: run?.startedAt.toISOString(),
      finishedAt: run?.finishedAt?.toISOString() ?? null,
      recordsProcessed: run?.recordsProcessed,
      message: null,
      client: { id: world.own.id, name: world.own.name },
      interfaceId: world.iface.id,
      updatedAt: expect.any(String),
    });
    const link = first.headers.get('link');
    expect(link).toMatch(/^<http:\/\/gateway\.test\/api\/v1\/runs\?.*cursor=.*>; rel="next"$/);
    // Follow nextCursor to the end: every run once, in order.
    const seen = (first.body.items ?? []).map((item) => item.id);
    let cursor = first.body.nextCursor as string | null;
    while (cursor) {
      const next = await gateway.rest(
        `/api/v1/runs?limit=2&orderBy=startedAt:asc&cursor=${encodeURIComponent(cursor)}`,
        as(world.all),
      );
      seen.push(...(next.body.items ?? []).map((item) => item.id));
      cursor = next.body.nextCursor as string | null;
      if (!cursor) expect(next.headers.get('link')).toBeNull();
    }
    expect(seen).toEqual(world.runs.map((r) => r.id));
  });

  it('filter as the GraphQL lists do: repeated status, a range, connector, search, system', async () => {
    const failed = await gateway.rest('/api/v1/runs?status=FAILED&status=RUNNING', as(world.all));
    expect(failed.body.items?.map((item) => item.status)).toEqual(['FAILED', 'FAILED']);
    const after = world.runs[3]?.startedAt.toISOString() ?? '';
    const range = await gateway.rest(`/api/v1/runs?startedAfter=${after}&orderBy=startedAt`, as(world.all));
    expect(range.body.items?.map((item) => item.id)).toEqual(world.runs.slice(3).map((r) => r.id));
    const byConnector = await gateway.rest(`/api/v1/runs?connectorId=${world.connectors[1]?.id}`, as(world.all));
    expect(byConnector.body.totalCount).toBe(5);
    const connectors = await gateway.rest('/api/v1/connectors?system=AFAS&search=profit', as(world.all));
    expect(connectors.body.items).toEqual([
      expect.objectContaining({ name: 'AFAS Profit', client: { id: world.own.id, name: world.own.name } }),
    ]);
    const interfaces = await gateway.rest('/api/v1/interfaces', as(world.all));
    expect(interfaces.body.items?.[0]).toMatchObject({
      id: world.iface.id,
      sourceConnectorId: world.connectors[0]?.id,
      targetConnectorId: world.connectors[1]?.id,
      lastRunId: world.runs[4]?.id,
    });
    const users = await gateway.rest('/api/v1/users?isActive=true', as(world.all));
    expect(users.status).toBe(200);
    expect(users.body.items?.every((item) => item.isActive === true && item.client)).toBe(true);
  });

  it('leave out a related id whose page the token lacks, as GraphQL refuses that field', async () => {
    const runs = await gateway.rest('/api/v1/runs', as(world.runsOnly));
    expect(runs.status).toBe(200);
    expect(runs.body.items?.length).toBe(5);
    for (const item of runs.body.items ?? []) expect(item).not.toHaveProperty('interfaceId');
    const row = await gateway.rest(`/api/v1/runs/${world.runs[0]?.id}`, as(world.runsOnly));
    expect(row.status).toBe(200);
    expect(row.body).not.toHaveProperty('interfaceId');
  });

  it('send the same SQL as their GraphQL twin: one statement for the page with its count', async () => {
    await gateway.rest('/api/v1/runs', as(world.all)); // warm: credentials cached
    const statements = await gateway.statementsOf(() => gateway.rest('/api/v1/runs?limit=100', as(world.all)));
    expect(statements.length).toBe(1);
    expect(statements[0]).toMatch(/count\(\*\)/);
  });
});

describe('GET /api/v1/<page>/{id}', () => {
  it('answers the row itself, and 404 alike for another client’s row and an id that exists nowhere', async () => {
    const run = world.runs[0] as Run;
    const row = await gateway.rest(`/api/v1/runs/${run.id}`, as(world.all));
    expect(row.status).toBe(200);
    expect(row.body).toMatchObject({ id: run.id, interfaceId: world.iface.id });
    const foreign = await gateway.rest(`/api/v1/runs/${world.foreignRun.id}`, as(world.all));
    const nowhere = await gateway.rest(`/api/v1/runs/${randomUUID()}`, as(world.all));
    expectProblem(foreign, 404, 'NOT_FOUND');
    expectProblem(nowhere, 404, 'NOT_FOUND');
    expect(foreign.body.detail).toBe(nowhere.body.detail);
    const connector = await gateway.rest(`/api/v1/connectors/${world.connectors[0]?.id}`, as(world.all));
    expect(connector.body).toMatchObject({ name: 'AFAS Profit', system: 'AFAS' });
  });
});

describe('errors as HTTP means them', () => {
  it('401 without credentials and with bad ones, with WWW-Authenticate', async () => {
    for (const path of ['/api/v1/me', '/api/v1/runs', `/api/v1/runs/${randomUUID()}`]) {
      const anonymous = await gateway.rest(path);
      expectProblem(anonymous, 401, 'UNAUTHENTICATED');
      expect(anonymous.headers.get('www-authenticate')).toContain('SalureToken');
    }
    const bad = await gateway.rest('/api/v1/runs', { auth: { header: 'SalureToken salure_not-a-token' } });
    expectProblem(bad, 401, 'UNAUTHENTICATED');
    expect(bad.headers.get('www-authenticate')).toContain('SalureToken');
  });

  it('403 for a page the token lacks (the whole request) and a client outside its own', async () => {
    const page = await gateway.rest('/api/v1/connectors', as(world.runsOnly));
    expectProblem(page, 403, 'FORBIDDEN', { requiredPage: 'CONNECTORS' });
    const row = await gateway.rest(`/api/v1/connectors/${world.connectors[0]?.id}`, as(world.runsOnly));
    expectProblem(row, 403, 'FORBIDDEN', { requiredPage: 'CONNECTORS' });
    const client = await gateway.rest(`/api/v1/runs?clientId=${world.other.id}`, as(world.all));
    expectProblem(client, 403, 'FORBIDDEN', { clientId: world.other.id });
  });

  it('400 naming the parameter: unknown, repeated, out of range, not a value of its type', async () => {
    const cases: [string, string][] = [
      ['/api/v1/runs?stauts=FAILED', 'stauts'],
      ['/api/v1/runs?limit=0', 'limit'],
      ['/api/v1/runs?limit=101', 'limit'],
      ['/api/v1/runs?limit=ten', 'limit'],
      ['/api/v1/runs?limit=1&limit=2', 'limit'],
      ['/api/v1/runs?status=BROKEN', 'status'],
      ['/api/v1/runs?startedAfter=yesterday', 'startedAfter'],
      ['/api/v1/runs?startedAfter=2026-02-01T00:00:00Z&startedBefore=2026-01-01T00:00:00Z', 'startedAfter'],
      ['/api/v1/runs?orderBy=duration:desc', 'orderBy'],
      ['/api/v1/runs?cursor=forged', 'cursor'],
      ['/api/v1/runs?clientId=not-a-uuid', 'clientId'],
      ['/api/v1/connectors?search=', 'search'],
      ['/api/v1/users?isActive=yes', 'isActive'],
      ['/api/v1/runs/not-a-uuid', 'id'],
    ];
    for (const [path, parameter] of cases) {
      expectProblem(await gateway.rest(path, as(world.all)), 400, 'BAD_USER_INPUT', { parameter });
    }
    // A cursor of another list is refused, never a silently wrong page.
    const runs = await gateway.rest('/api/v1/runs?limit=1', as(world.all));
    const other = await gateway.rest(`/api/v1/connectors?cursor=${runs.body.nextCursor}`, as(world.all));
    expectProblem(other, 400, 'BAD_USER_INPUT', { parameter: 'cursor' });
  });

  it('404 for a route that does not exist, 405 with Allow for any other method', async () => {
    expectProblem(await gateway.rest('/api/v1/tokens', as(world.all)), 404, 'NOT_FOUND');
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const answer = await gateway.rest('/api/v1/runs', { ...as(world.all), method });
      expectProblem(answer, 405, 'METHOD_NOT_ALLOWED');
      expect(answer.headers.get('allow')).toBe('GET');
    }
  });

  it('429 with Retry-After and RateLimit-* past the limit, counted with GraphQL calls', async () => {
    const limited = await startTestGateway({
      rateLimits: createRateLimits({ ...DEFAULT_RATE_LIMITS, perMinute: 2, anonymousPerMinute: 1000 }),
    });
    const em = limited.em();
    const client = await aClient(em);
    const session = await sessionOf(limited, await aUser(em, { clients: [client] }));
    const token = await tokenOf(limited, session, { label: 'limited', pages: ['RUNS'] });
    expect((await limited.rest('/api/v1/runs', as(token.secret))).status).toBe(200);
    expect((await limited.request('{ viewer { name } }', as(token.secret))).status).toBe(200);
    const refused = await limited.rest('/api/v1/runs', as(token.secret));
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
  });
});

describe('where only the allow-list runs', () => {
  it('REST still answers: its documents are persisted operations of the gateway itself', async () => {
    // A second gateway on the same database, where only the allow-list runs; the token is one of the first's.
    const strict = await startTestGateway({ persistedOperations: 'only' });
    const runs = await strict.rest('/api/v1/runs', as(world.runsOnly));
    expect(runs.status).toBe(200);
    expect(runs.body.totalCount).toBe(5);
    const graphql = await strict.request('{ runs { totalCount } }', as(world.runsOnly));
    expect(graphql.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
  });
});

describe('the access log and the audit', () => {
  it('log one line per REST call with its own path, and audit a refusal as GraphQL does', async () => {
    const before = gateway.logs.length;
    await gateway.rest('/api/v1/connectors', as(world.runsOnly));
    const lines = gateway.logs
      .slice(before)
      .map((line) => JSON.parse(line) as { path?: string; status?: number })
      .filter((line) => line.path !== undefined);
    expect(lines).toEqual([expect.objectContaining({ path: '/api/v1/connectors', status: 403 })]);
    const rows = await gateway.em().find(AuditEventEntity, { token: world.runsOnlyId, action: 'ACCESS_DENIED' });
    // By schema coordinate, as for GraphQL (this file's other refusals of this token are there too).
    expect(rows.map((row) => row.detail)).toContainEqual(
      expect.stringMatching(/^Query\.connectors: .*page CONNECTORS/),
    );
  });
});

describe('the OpenAPI document and the docs page', () => {
  it('is a valid OpenAPI 3.1 document, and every route answers what it says', async () => {
    const answer = await gateway.rest('/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    const document = answer.body as {
      openapi: string;
      paths: Record<string, { get: { responses: Record<string, { content?: Record<string, { schema: object }> }> } }>;
    };
    expect(document.openapi).toBe('3.1.0');
    const validation = await new Validator().validate(document);
    expect(validation.errors ?? []).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/api/v1/me',
        '/api/v1/users',
        '/api/v1/users/{id}',
        '/api/v1/connectors',
        '/api/v1/connectors/{id}',
        '/api/v1/interfaces',
        '/api/v1/interfaces/{id}',
        '/api/v1/runs',
        '/api/v1/runs/{id}',
        '/api/v1/clients/{clientId}/api-tokens',
        '/api/v1/clients/{clientId}/api-token-requests',
        '/api/v1/deletions/{page}',
      ].sort(),
    );
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    // ajv-formats is CommonJS: its function is the default export's default.
    formats.default(ajv);
    ajv.addSchema(document, 'openapi.json');
    const check = (path: string, status: number, body: unknown) => {
      const media = status < 300 ? 'application/json' : 'application/problem+json';
      const pointer = `openapi.json#/paths/${path.replace(/\//g, '~1')}/get/responses/${status}/content/${media.replace('/', '~1')}/schema`;
      const validate = ajv.getSchema(pointer);
      expect(validate, `${path} ${status} is documented`).toBeDefined();
      const valid = validate?.(body);
      expect(validate?.errors ?? [], `${path} ${status}`).toEqual([]);
      expect(valid).toBe(true);
    };
    const samples: [string, string, string][] = [
      ['/api/v1/me', '/api/v1/me', world.all],
      ['/api/v1/users', '/api/v1/users', world.all],
      ['/api/v1/connectors', '/api/v1/connectors', world.all],
      ['/api/v1/interfaces', '/api/v1/interfaces', world.all],
      ['/api/v1/runs', '/api/v1/runs?limit=2', world.all],
      ['/api/v1/runs', '/api/v1/runs', world.runsOnly],
      ['/api/v1/runs/{id}', `/api/v1/runs/${world.runs[0]?.id}`, world.all],
      ['/api/v1/interfaces/{id}', `/api/v1/interfaces/${world.iface.id}`, world.all],
      ['/api/v1/connectors/{id}', `/api/v1/connectors/${world.connectors[0]?.id}`, world.all],
      ['/api/v1/runs/{id}', `/api/v1/runs/${randomUUID()}`, world.all],
      ['/api/v1/runs', '/api/v1/runs?limit=0', world.all],
      ['/api/v1/connectors', '/api/v1/connectors', world.runsOnly],
      // An administrator's list (test/administration.test.ts checks its answer): a token is refused.
      ['/api/v1/clients/{clientId}/api-tokens', `/api/v1/clients/${randomUUID()}/api-tokens`, world.all],
      // Deletion markers (test/incremental-reads.test.ts checks their answers).
      ['/api/v1/deletions/{page}', '/api/v1/deletions/RUNS', world.all],
      ['/api/v1/deletions/{page}', '/api/v1/deletions/USERS', world.runsOnly],
      ['/api/v1/runs', '/api/v1/runs?orderBy=updatedAt:asc&updatedSince=2026-01-01T00:00:00Z', world.all],
    ];
    const users = await gateway.rest('/api/v1/users', as(world.all));
    samples.push(['/api/v1/users/{id}', `/api/v1/users/${users.body.items?.[0]?.id}`, world.all]);
    for (const [path, url, token] of samples) {
      const sample = await gateway.rest(url, as(token));
      check(path, sample.status, sample.body);
    }
    check('/api/v1/runs', 401, (await gateway.rest('/api/v1/runs')).body);
  });

  it('serves the docs page and its renderer from the gateway, under the strict Content-Security-Policy', async () => {
    const page = await gateway.yoga.fetch('http://gateway.test/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const file = await gateway.yoga.fetch(`http://gateway.test${asset[1]}`);
      expect(file.status, asset[1]).toBe(200);
    }
  });
});
