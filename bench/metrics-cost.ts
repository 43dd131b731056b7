import { Metrics } from '../src/core/metrics.js';
import { cpuPerRequest, openBenchGateways } from './in-process.js';

// The CPU that metrics add to a request, measured in one process: two gateways on the same database (the
// benchmark's, `npm run bench` makes it), one with metrics and one without, given the same batches of operation 1
// in alternating order, and the process's CPU time per request compared. Finer than the benchmark's A/B across
// processes (a few percent there is within the noise of a shared 2-core machine); the database's own CPU is not
// in it, only the gateway's (and its driver's).
// Usage: node --expose-gc --max-semi-space-size=32 --import tsx bench/metrics-cost.ts [rounds] [requests per batch]

const rounds = Number(process.argv[2] ?? 20);
const batch = Number(process.argv[3] ?? 400);
const body = JSON.stringify({
  query: '{ connectors(first: 20) { edges { node { id name system client { name } } } } }',
});

const bench = await openBenchGateways();
const targets = { 'with metrics': bench.gateway(new Metrics()), 'without metrics': bench.gateway(undefined) };

/** With --expose-gc: each batch starts from a collected heap, so no batch pays for another's garbage. */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

async function run(yoga: (typeof targets)['with metrics'], requests: number): Promise<number> {
  collectGarbage?.();
  return cpuPerRequest(yoga, { body }, requests);
}

for (const yoga of Object.values(targets)) await run(yoga, batch * 2); // warm: JIT, caches, pool
const perRequest: Record<string, number[]> = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? Object.entries(targets) : Object.entries(targets).reverse();
  for (const [name, yoga] of order) perRequest[name]?.push(await run(yoga, batch));
}
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const withMetrics = median(perRequest['with metrics'] ?? []);
const without = median(perRequest['without metrics'] ?? []);
// Per round, the two batches ran back to back: their ratio cancels the slow spells the round fell in.
const ratios = (perRequest['with metrics'] ?? []).map(
  (value, index) => value / (perRequest['without metrics']?.[index] ?? 1),
);
process.stdout.write(
  `operation 1, ${rounds} rounds of ${batch} requests (16 at a time) per gateway, in one process:\n` +
    `  CPU per request, median: with metrics ${withMetrics.toFixed(0)} µs, without ${without.toFixed(0)} µs\n` +
    `  with / without: ${(mean(perRequest['with metrics'] ?? []) / mean(perRequest['without metrics'] ?? [])).toFixed(3)}x of the mean (all rounds' CPU over all their requests), ${(withMetrics / without).toFixed(3)}x of the median;\n` +
    `  median of the rounds' ratios ${median(ratios).toFixed(3)}x ` +
    `(rounds: ${[...ratios]
      .sort((a, b) => a - b)
      .map((r) => r.toFixed(2))
      .join(' ')})\n`,
);
await bench.close();
