import type { MikroORM } from '@mikro-orm/postgresql';
import { CredentialCache, listenForCredentialChanges } from '../src/auth/credential-cache.js';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '../src/auth/rate-limits.js';
import { createLogger } from '../src/core/logger.js';
import type { Metrics } from '../src/core/metrics.js';
import { openOrm } from '../src/database/orm.js';
import { createGateway } from '../src/server.js';
import { BENCH_SECRET, benchClientIds, benchRunIds, FULL, RUNS_START } from './dataset.js';

// Gateways in this process on the benchmark's database (`npm run bench` makes it), for the scripts that measure the
// gateway's own CPU per request (bench/cpu-per-request.ts, bench/metrics-cost.ts) and what its requests leave to the
// old generation (bench/old-deaths.ts): the database's CPU is not in it.

export const BENCH_DATABASE_URL = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/salure_bench';
/**
 * Requests in flight at once (IN_FLIGHT, default 16). One at a time makes garbage-collection traces repeat from
 * one scavenge to the next (bench/old-deaths.ts).
 */
const CONCURRENCY = Number(process.env.IN_FLIGHT ?? 16);
const authorization = `SalureToken ${BENCH_SECRET}`;

/** The benchmark's database with the credential cache kept current, and a way to make gateways on it. */
export async function openBenchGateways() {
  const orm = await openOrm({ clientUrl: BENCH_DATABASE_URL, poolMax: 10 });
  const logger = createLogger('silent');
  const credentialCache = new CredentialCache(100);
  const listener = await listenForCredentialChanges(credentialCache, {
    url: BENCH_DATABASE_URL,
    crossProcess: true,
    logger,
  });
  return {
    orm,
    gateway: (metrics: Metrics | undefined) =>
      createGateway({
        orm,
        logger,
        sessionTtlMs: 3600_000,
        rateLimits: createRateLimits({ ...DEFAULT_RATE_LIMITS, perMinute: 1e9 }),
        credentialCache,
        metrics,
      }),
    async close() {
      await listener.stop();
      await orm.close();
    },
  };
}

type Gateway = ReturnType<Awaited<ReturnType<typeof openBenchGateways>>['gateway']>;

/**
 * Sends `requests` POSTs of `body` (or GETs of a REST `path`) with the benchmark's token, 16 at a time; the
 * process's CPU µs per request.
 */
export async function cpuPerRequest(
  yoga: Gateway,
  request: { body: string } | { path: string },
  requests: number,
): Promise<number> {
  const started = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next++ < requests) {
      const response =
        'path' in request
          ? await yoga.fetch(`http://bench${request.path}`, { headers: { authorization } })
          : await yoga.fetch('http://bench/graphql', {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization },
              body: request.body,
            });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${response.status}: ${text}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const { user, system } = process.cpuUsage(started);
  if (process.env.CPU_SPLIT)
    process.stderr.write(`user ${(user / requests).toFixed(0)} system ${(system / requests).toFixed(0)}\n`);
  return (user + system) / requests;
}

/** The operations of the in-process tools, by the benchmark's numbers. */
const OPERATIONS: Record<string, string> = {
  '0': 'query R($c: ID) { runs(first: 1, clientId: $c) { edges { node { id } } } }',
  '1': '{ connectors(first: 20) { edges { node { id name system client { name } } } } }',
  '3': 'query R($c: ID) { runs(first: 100, clientId: $c) { edges { node { id status startedAt interface { name } } } } }',
  '4': '{ viewer { pages clients { name } } }',
  '5': 'query F($c: ID, $from: DateTime, $until: DateTime) { runs(clientId: $c, first: 50, filter: { status: [FAILED], startedAfter: $from, startedBefore: $until }, orderBy: { field: STARTED_AT, direction: DESC }) { statusCounts { status count } edges { node { id status startedAt finishedAt interface { name } } } } }',
  '6': 'query N($ids: [ID!]!) { nodes(ids: $ids) { ... on Run { id status startedAt interface { name } } } }',
  // 7's GraphQL twin: what GET /api/v1/runs?clientId&limit=100 (operation 7, REST) reads.
  '7g': 'query R($c: ID) { runs(first: 100, clientId: $c) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status startedAt finishedAt recordsProcessed message client { id name } interface { id } } } } }',
};

/**
 * Operation `operation`'s request on the benchmark's data (a REST path for 7, else a GraphQL body). Operation 5's
 * week: the last 7 days of the data set, as `npm run bench` asks.
 */
export async function operationRequest(orm: MikroORM, operation: string): Promise<{ body: string } | { path: string }> {
  const [clientId] = await benchClientIds(orm);
  if (operation === '7') return { path: `/api/v1/runs?clientId=${clientId}&limit=100` };
  const query = OPERATIONS[operation];
  if (!query) throw new Error(`No operation ${operation}: one of 7, ${Object.keys(OPERATIONS).join(', ')}.`);
  const ids = (await benchRunIds(orm, clientId ?? '')).slice(0, 50);
  const until = new Date(Date.parse(RUNS_START) + (FULL.runs + 1) * 10_000);
  const from = new Date(until.getTime() - 7 * 86_400_000);
  return { body: JSON.stringify({ query, variables: { c: clientId, ids, from, until } }) };
}
