import { Metrics } from '../src/core/metrics.js';
import { cpuPerRequest, openBenchGateways, operationRequest } from './in-process.js';

// The gateway's own CPU per request of an operation, measured in one process (the database's CPU is not in it):
// while working on an operation's cost, a figure steadier than the benchmark's on a shared machine. One gateway on
// the benchmark's database (`npm run bench` makes it), batches of requests 16 at a time, the median of the batches.
// No collection is forced between batches: a forced one's concurrent sweeping lands in the next batch's CPU, which
// made the viewer's 69 µs read as 255.
// Usage: node --max-semi-space-size=32 --import tsx bench/cpu-per-request.ts <0|1|3|4|5|6|7|7g> [batches] [size]
// (0: a one-row page, the base cost of a page query; 7: REST's GET /api/v1/runs, 7g: its GraphQL twin). CPU_SPLIT=1 prints each batch's user and system time.

const operation = process.argv[2] ?? '3';
const batches = Number(process.argv[3] ?? 15);
const batch = Number(process.argv[4] ?? 500);
const bench = await openBenchGateways();
const request = await operationRequest(bench.orm, operation);
const yoga = bench.gateway(new Metrics());
const run = (requests: number) => cpuPerRequest(yoga, request, requests);

await run(batch * 2);
const perRequest: number[] = [];
for (let index = 0; index < batches; index++) perRequest.push(await run(batch));
perRequest.sort((a, b) => a - b);
const median = perRequest[Math.floor(perRequest.length / 2)] ?? 0;
process.stdout.write(
  `operation ${operation} on Node ${process.version}: ${median.toFixed(0)} µs CPU per request (median of ${batches} batches of ${batch}; quartiles ${perRequest[Math.floor(batches / 4)]?.toFixed(0)}-${perRequest[Math.floor((3 * batches) / 4)]?.toFixed(0)})\n`,
);
await bench.close();
