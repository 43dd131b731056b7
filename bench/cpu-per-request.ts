import { CredentialCache, listenForCredentialChanges } from '../src/auth/credential-cache.js';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '../src/auth/rate-limits.js';
import { createLogger } from '../src/core/logger.js';
import { Metrics } from '../src/core/metrics.js';
import { openOrm } from '../src/database/orm.js';
import { createGateway } from '../src/server.js';
import { BENCH_SECRET, benchClientIds } from './dataset.js';

// The gateway's own CPU per request of an operation, measured in one process (the database's CPU is not in it):
// while working on an operation's cost, a figure steadier than the benchmark's on a shared machine. One gateway on
// the benchmark's database (`npm run bench` makes it), batches of requests 16 at a time, the median of the batches.
// No collection is forced between batches: a forced one's concurrent sweeping lands in the next batch's CPU, which
// made the viewer's 69 µs read as 255.
// Usage: node --max-semi-space-size=64 --import tsx bench/cpu-per-request.ts <1|3|4> [batches] [size]

const OPERATIONS: Record<string, string> = {
  '1': '{ connectors(first: 20) { edges { node { id name system client { name } } } } }',
  '3': 'query R($c: ID) { runs(first: 100, clientId: $c) { edges { node { id status startedAt interface { name } } } } }',
  '4': '{ viewer { pages clients { name } } }',
};
const operation = process.argv[2] ?? '3';
const batches = Number(process.argv[3] ?? 15);
const batch = Number(process.argv[4] ?? 500);
const CONCURRENCY = 16;
const url = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/salure_bench';
const authorization = `SalureToken ${BENCH_SECRET}`;

const orm = await openOrm({ clientUrl: url, poolMax: 10 });
const [clientId] = await benchClientIds(orm);
const body = JSON.stringify({ query: OPERATIONS[operation], variables: { c: clientId } });
const logger = createLogger('silent');
const credentialCache = new CredentialCache(100);
const listener = await listenForCredentialChanges(credentialCache, { url, crossProcess: true, logger });
const yoga = createGateway({
  orm,
  logger,
  sessionTtlMs: 3600_000,
  rateLimits: createRateLimits({ ...DEFAULT_RATE_LIMITS, perMinute: 1e9 }),
  credentialCache,
  metrics: new Metrics(),
});
async function run(requests: number): Promise<number> {
  const started = process.cpuUsage();
  let next = 0;
  const worker = async () => {
    while (next++ < requests) {
      const response = await yoga.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body,
      });
      const text = await response.text();
      if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${response.status}: ${text}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const { user, system } = process.cpuUsage(started);
  return (user + system) / requests;
}

await run(batch * 2);
const perRequest: number[] = [];
for (let index = 0; index < batches; index++) perRequest.push(await run(batch));
perRequest.sort((a, b) => a - b);
const median = perRequest[Math.floor(perRequest.length / 2)] ?? 0;
process.stdout.write(
  `operation ${operation} on Node ${process.version}: ${median.toFixed(0)} µs CPU per request (median of ${batches} batches of ${batch}; quartiles ${perRequest[Math.floor(batches / 4)]?.toFixed(0)}-${perRequest[Math.floor((3 * batches) / 4)]?.toFixed(0)})\n`,
);
await listener.stop();
await orm.close();
