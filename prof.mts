import { BENCH_SECRET } from './bench/dataset.ts';
import { openOrm } from './src/database/orm.ts';
import { createLogger } from './src/logger.ts';
import { createRateLimits, DEFAULT_RATE_LIMITS } from './src/rate-limits.ts';
import { createGateway } from './src/server.ts';

const orm = await openOrm({ clientUrl: 'postgresql://postgres@127.0.0.1:5432/salure_bench', poolMax: 10 });
const yoga = createGateway({
  orm,
  logger: createLogger('silent'),
  sessionTtlMs: 1e7,
  rateLimits: createRateLimits({ ...DEFAULT_RATE_LIMITS, perMinute: 1e9 }),
});
const q =
  '{ interfaces(first: 50) { edges { node { id name source { name } target { name } lastRun { status startedAt } client { name } } } } }';
const run = () =>
  yoga
    .fetch('http://b/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `SalureToken ${BENCH_SECRET}` },
      body: JSON.stringify({ query: q }),
    })
    .then((r) => r.text());
for (let i = 0; i < 100; i++) await run();
const t = performance.now();
const N = 400;
for (let i = 0; i < N / 4; i++) await Promise.all(Array.from({ length: 4 }, run));
console.log('req/s', Math.round(N / ((performance.now() - t) / 1000)));
await orm.close();
