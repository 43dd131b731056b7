import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type ExecutionResult, print } from 'graphql';
import type { Redis } from 'ioredis';
import { afterAll, expect, inject } from 'vitest';
import { CredentialCache, listenForCredentialChanges } from '../src/auth/credential-cache.js';
import { connectRedis, createRateLimits, type RateLimitConfig, type RateLimits } from '../src/auth/rate-limits.js';
import type { TokenPolicy } from '../src/auth/token-policy.js';
import { TokenUsage } from '../src/auth/token-usage.js';
import { createLogger } from '../src/core/logger.js';
import { Metrics } from '../src/core/metrics.js';
import { openOrm } from '../src/database/orm.js';
import { loadPersistedOperations, type PersistedOperationsMode } from '../src/plugins/use-persisted-operations.js';
import { createGateway } from '../src/server.js';

export const SESSION_TTL_MS = 12 * 3600_000;

/** Credentials for a request: an API token, a session, or a raw Authorization header value. */
export type Auth = { token: string } | { session: string } | { header: string };

export type RequestOptions<V> = {
  variables?: V;
  auth?: Auth;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** The client's address, as a socket would give it (default: none, "unknown"). */
  address?: string;
};

export type Answer<R> = { status: number; headers: Headers; body: ExecutionResult<R> & { data?: R | null } };

/**
 * A gateway on the test database, driven through `yoga.fetch` (the real HTTP handling, without a port).
 * It records every SQL statement and every log line, and its clock can be set.
 */
/** Limits high enough that no test meets them unless it sets its own. */
export const GENEROUS_RATE_LIMITS: RateLimitConfig = {
  perMinute: 100_000,
  anonymousPerMinute: 100_000,
  loginFailuresPerEmail: 1_000,
  loginFailuresPerAddress: 100_000,
  loginWindowSeconds: 900,
  leakReportsPerMinute: 100_000,
};

export async function startTestGateway(
  options: {
    rateLimits?: RateLimits;
    databaseUrl?: string;
    persistedOperations?: PersistedOperationsMode;
    tokenPolicy?: TokenPolicy;
    trustProxy?: string;
    /** Verified credentials kept in process (default: on, as in production; 0 turns it off). */
    authCacheSize?: number;
    corsOrigins?: string[];
    /** The client-side bounds of a statement and of a new connection (default: as in production). */
    queryTimeoutMs?: number;
    connectTimeoutMs?: number;
    /** Prometheus metrics are counted (default: yes, as in production). */
    metrics?: boolean;
    /** Spans are made (the test starts the SDK: startTracing). */
    tracing?: boolean;
    /** Webhook endpoints may be plain http on loopback (the tests' receivers). */
    webhooksToLoopback?: boolean;
  } = {},
) {
  const statements: string[] = [];
  const logs: string[] = [];
  const credentialCache = new CredentialCache(options.authCacheSize ?? 1_000);
  const databaseUrl = options.databaseUrl ?? inject('databaseUrl');
  const orm = await openOrm({
    clientUrl: databaseUrl,
    poolMax: 4,
    queryTimeoutMs: options.queryTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
    onQuery: (sql) => statements.push(sql),
    onWarning: (message) => void logs.push(JSON.stringify({ level: 40, database: message })),
    onNotification: credentialCache.onNotification,
  });
  const logFile = evidenceFile('log');
  const logger = createLogger('debug', {
    write: (line: string) => {
      logs.push(line);
      appendFileSync(logFile, line);
    },
  });
  let now: Date | undefined;
  const tokenUsage = new TokenUsage(orm.em);
  const metrics = options.metrics === false ? undefined : new Metrics({ processMetrics: false });
  const yoga = createGateway({
    metrics,
    tracing: options.tracing,
    tokenUsage,
    orm,
    logger,
    sessionTtlMs: SESSION_TTL_MS,
    clock: () => now ?? new Date(),
    rateLimits: options.rateLimits ?? createRateLimits(GENEROUS_RATE_LIMITS),
    persistedOperations: { mode: options.persistedOperations ?? 'allow', documents: loadPersistedOperations() },
    tokenPolicy: options.tokenPolicy,
    trustProxy: options.trustProxy,
    credentialCache,
    corsOrigins: options.corsOrigins,
    webhooks: { allowHttpLoopback: options.webhooksToLoopback ?? false },
  });
  const listener = await listenForCredentialChanges(credentialCache, {
    url: databaseUrl,
    crossProcess: inject('databaseKind') === 'postgresql',
    logger,
  });
  afterAll(async () => {
    await listener.stop();
    await orm.close();
  });

  async function request<R, V>(
    document: TypedDocumentNode<R, V> | string,
    options: RequestOptions<V> = {},
  ): Promise<Answer<R>> {
    const query = typeof document === 'string' ? document : print(document);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.auth) headers.authorization = authorizationHeader(options.auth);
    // What node's HTTP server would pass along: the socket the request came on.
    const serverContext = options.address ? { req: { socket: { remoteAddress: options.address } } } : {};
    const response =
      options.method === 'GET'
        ? await yoga.fetch(
            `http://gateway.test/graphql?query=${encodeURIComponent(query)}`,
            { method: 'GET', headers: { ...headers, accept: 'application/graphql-response+json' } },
            serverContext,
          )
        : await yoga.fetch(
            'http://gateway.test/graphql',
            { method: 'POST', headers, body: JSON.stringify({ query, variables: options.variables ?? {} }) },
            serverContext,
          );
    const text = await response.text();
    recordSecrets(text);
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  }

  /** A REST call (GET unless told), answered with its status, headers and parsed body. */
  async function rest(
    path: string,
    options: { auth?: Auth; method?: string; headers?: Record<string, string> } = {},
  ): Promise<{
    status: number;
    headers: Headers;
    body: Record<string, unknown> & { items?: Record<string, unknown>[] };
  }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth) headers.authorization = authorizationHeader(options.auth);
    const response = await yoga.fetch(`http://gateway.test${path}`, { method: options.method ?? 'GET', headers }, {});
    const text = await response.text();
    recordSecrets(text);
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  }

  return {
    yoga,
    orm,
    logger,
    clock: () => now ?? new Date(),
    credentialCache,
    rest,
    tokenUsage,
    metrics,
    /** A fresh entity manager for builders and direct checks. */
    em: () => orm.em.fork(),
    logs,
    request,
    /** Runs a request and answers it with no errors; fails the test otherwise. */
    async data<R, V>(document: TypedDocumentNode<R, V> | string, options: RequestOptions<V> = {}): Promise<R> {
      const answer = await request(document, options);
      expectNoErrors(answer);
      return answer.body.data as R;
    },
    /** Sets the gateway's clock (undefined: real time). */
    setNow(date: Date | undefined) {
      now = date;
    },
    /** The SQL statements that `action` sent. */
    async statementsOf(action: () => Promise<unknown>): Promise<string[]> {
      const before = statements.length;
      await action();
      return statements.slice(before);
    },
  };
}

/** A file in the run's evidence folder, checked for leaked secrets after the run (test/global-setup.ts). */
export function evidenceFile(kind: 'log' | 'secrets'): string {
  return join(inject('evidenceDir'), `${process.pid}-${randomUUID()}.${kind}`);
}

const secretsFile = evidenceFile('secrets');
/** Notes every secret an answer holds, so that the end of the run can check that none reached a log. */
export function recordSecrets(text: string): void {
  const secrets = text.match(/salure_(?:session_)?[0-9A-Za-z]{49}/g);
  if (secrets) appendFileSync(secretsFile, `${secrets.join('\n')}\n`);
}

export type TestGateway = Awaited<ReturnType<typeof startTestGateway>>;

export function authorizationHeader(auth: Auth): string {
  if ('token' in auth) return `SalureToken ${auth.token}`;
  if ('session' in auth) return `Bearer ${auth.session}`;
  return auth.header;
}

export function expectNoErrors(answer: Answer<unknown>): void {
  expect(answer.body.errors ?? []).toEqual([]);
  expect(answer.status).toBe(200);
}

/** The errors of an answer as [path, code] pairs, for compact assertions. */
export function errorCodes(answer: Answer<unknown>): [string, unknown][] {
  return (answer.body.errors ?? []).map((error) => [(error.path ?? []).join('.'), error.extensions?.code]);
}

/** A Redis client as the gateway makes one (connectRedis), once it is connected. */
export async function connectedRedis(url: string): Promise<Redis> {
  const client = await connectRedis(url);
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return client;
}
