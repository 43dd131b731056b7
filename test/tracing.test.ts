import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../src/auth/secrets.js';
import { startTracing, type Tracing } from '../src/core/tracing.js';
import { anOwnerWithToken } from './builders.js';
import { startTestGateway } from './helpers.js';

// OpenTelemetry traces (docs/operations.md): an OTLP/HTTP receiver of the test's own takes what the gateway
// sends, and one request's spans must form one tree under the caller's traceparent, with no secret or value in it.

type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
};
const SERVER = 2;
const CLIENT = 3;

/** The receiver: every span it was sent, and every body as text (to look for secrets in). */
const received: OtlpSpan[] = [];
const bodies: string[] = [];
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => {
    body += chunk;
  });
  request.on('end', () => {
    bodies.push(body);
    const parsed = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
    for (const resource of parsed.resourceSpans) for (const scope of resource.scopeSpans) received.push(...scope.spans);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
let tracing: Tracing;
beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  tracing = await startTracing({ url: `http://127.0.0.1:${port}/v1/traces`, serviceName: 'salure-gateway-test' });
});
afterAll(async () => {
  await tracing.stop();
  receiver.close();
});

const gateway = await startTestGateway({ tracing: true });

/** A caller's W3C traceparent: its trace id and its own span id. */
function aTraceparent() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

/** The spans of a trace once its root span (the one whose parent is the caller's) has arrived. */
async function spansOf(traceId: string, callerSpanId: string): Promise<OtlpSpan[]> {
  const arrived = () => received.some((span) => span.traceId === traceId && span.parentSpanId === callerSpanId);
  // Each flush sends what has ended; the request's own span ends as its answer is sent.
  while (!arrived()) await tracing.flush();
  await tracing.flush();
  return received.filter((span) => span.traceId === traceId);
}

const attribute = (span: OtlpSpan | undefined, key: string) =>
  Object.values(span?.attributes?.find((a) => a.key === key)?.value ?? {})[0];

describe('traces', () => {
  it("link the request, parse, validate, execute, the page field and its statements under the caller's trace", async () => {
    const { token, clients } = await anOwnerWithToken(gateway, { pages: ['USERS'] });
    const caller = aTraceparent();
    const answer = await gateway.request('query TracedUsers { users(first: 2) { totalCount edges { node { id } } } }', {
      auth: { token: token.secret },
      headers: { traceparent: caller.header },
    });
    expect(answer.status).toBe(200);
    const spans = await spansOf(caller.traceId, caller.spanId);
    const byName = (name: string) => spans.filter((span) => span.name === name);
    const [http] = byName('POST /graphql');
    expect(http?.parentSpanId).toBe(caller.spanId);
    expect(http?.kind).toBe(SERVER);
    expect(attribute(http, 'http.response.status_code')).toBe(200);
    for (const phase of ['graphql.parse', 'graphql.validate', 'graphql.execute']) {
      expect(byName(phase).map((span) => span.parentSpanId)).toEqual([http?.spanId]);
    }
    const [execute] = byName('graphql.execute');
    expect(attribute(execute, 'graphql.operation.name')).toBe('TracedUsers');
    const [field] = byName('Query.users');
    expect(field?.parentSpanId).toBe(execute?.spanId);
    // Statements by name only: the credential's (a first use) under the request, the page's under its field.
    const statements = spans.filter((span) => span.kind === CLIENT);
    const names = (parent: OtlpSpan | undefined) =>
      statements.filter((span) => span.parentSpanId === parent?.spanId).map((span) => span.name);
    expect(names(field).length).toBeGreaterThan(0);
    for (const name of names(field)) expect(name).toMatch(/^select \w+$/);
    expect(names(http)).toContain('update api_token');
    // totalCount is counted in the page's statement, under the field: no statement of its own under execute.
    expect(names(field)).toEqual(['select app_user']);
    expect(names(execute)).toEqual([]);
    expect(names(field).length + names(http).length + names(execute).length).toBe(statements.length);
    for (const statement of statements) expect(attribute(statement, 'db.system.name')).toBe('postgresql');
    // Fields that are not a page's have no span of their own.
    expect(spans.map((span) => span.name).filter((name) => name.startsWith('User'))).toEqual([]);
    // No secret, no value a statement was sent with.
    const sent = bodies.join('\n');
    expect(sent).not.toContain(token.secret);
    expect(sent).not.toContain(clients[0]?.id);
    // The access log line names the trace.
    expect(
      gateway.logs.some((line) => line.includes(`"traceId":"${caller.traceId}"`) && line.includes('"status":200')),
    ).toBe(true);
  });

  it("put a REST call's document (parse, validate, execute, the page field) under the REST call's own span", async () => {
    const { token } = await anOwnerWithToken(gateway, { pages: ['USERS'] });
    const caller = aTraceparent();
    const answer = await gateway.rest('/api/v1/users', {
      auth: { token: token.secret },
      headers: { traceparent: caller.header },
    });
    expect(answer.status).toBe(200);
    const spans = await spansOf(caller.traceId, caller.spanId);
    const [rest] = spans.filter((span) => span.name === 'GET /api/v1/users');
    expect(rest?.parentSpanId).toBe(caller.spanId);
    // One request, not a second one through yoga for the document.
    expect(spans.filter((span) => span.kind === SERVER)).toHaveLength(1);
    const execute = spans.find((span) => span.name === 'graphql.execute');
    expect(execute?.parentSpanId).toBe(rest?.spanId);
    expect(spans.find((span) => span.name === 'Query.users')?.parentSpanId).toBe(execute?.spanId);
  });

  it("give an unexpected error's log record (extensions.requestId) the trace id", async () => {
    const broken = await startTestGateway({ tracing: true });
    await broken.orm.close(); // every query now fails inside the driver
    const caller = aTraceparent();
    const answer = await broken.request('{ viewer { kind } }', {
      auth: { header: `Bearer ${generateSecret('session')}` },
      headers: { traceparent: caller.header },
    });
    expect(answer.status).toBe(500);
    const requestId = String(answer.body.errors?.[0]?.extensions?.requestId);
    const record = broken.logs.find((line) => line.includes(requestId));
    expect(record).toContain(`"traceId":"${caller.traceId}"`);
    const spans = await spansOf(caller.traceId, caller.spanId);
    expect(
      attribute(
        spans.find((span) => span.kind === SERVER),
        'http.response.status_code',
      ),
    ).toBe(500);
  });
});
