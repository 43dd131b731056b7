import { Session } from 'node:inspector/promises';
import { Metrics } from '../src/core/metrics.js';
import { cpuPerRequest, openBenchGateways, operationRequest } from './in-process.js';

// Where what dies in the old generation was allocated, while one process answers an operation (16 requests at a
// time, or IN_FLIGHT): a sampling heap profile of the objects that survived the young generation's collections and
// were freed only by a full one, beside the same sites' share of everything allocated. A request's objects should
// die young; those that do not are copied and promoted before they die (docs/performance.md, "Garbage
// collection"). Both profiles are samples, and a site's frames can differ between them (inlining), so a share is
// rough and can exceed 100%.
// Usage: [IN_FLIGHT=1] node --max-semi-space-size=32 --import tsx bench/old-deaths.ts <operation as in cpu-per-request.ts> [requests]

type ProfileNode = {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
};

const operation = process.argv[2] ?? '6';
const requests = Number(process.argv[3] ?? 4000);
const bench = await openBenchGateways();
const request = await operationRequest(bench.orm, operation);
const yoga = bench.gateway(new Metrics());
const session = new Session();
session.connect();

/** Bytes sampled per allocation site (the innermost four frames) while `requests` are answered. */
async function sampled(includeObjectsCollectedByMinorGC: boolean): Promise<Map<string, number>> {
  await cpuPerRequest(yoga, request, 1000);
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC,
  });
  await cpuPerRequest(yoga, request, requests);
  const { profile } = await session.post('HeapProfiler.stopSampling');
  const bySite = new Map<string, number>();
  const walk = (node: ProfileNode, stack: string[]) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const frame = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/src\//, 'src/')}:${lineNumber + 1}`;
    const frames = [...stack, frame];
    if (node.selfSize > 0) {
      const site = frames.slice(-4).reverse().join(' < ');
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, frames);
  };
  walk(profile.head as ProfileNode, []);
  return bySite;
}

const all = await sampled(true);
const old = await sampled(false);
const total = (sites: Map<string, number>) => [...sites.values()].reduce((sum, bytes) => sum + bytes, 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
process.stdout.write(
  `operation ${operation}: of ${kb(total(all) / requests)} allocated per request, ${kb(total(old) / requests)} died old\n`,
);
for (const [site, bytes] of [...old].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  const share = ((100 * bytes) / (all.get(site) ?? bytes)).toFixed(0);
  process.stdout.write(`${kb(bytes).padStart(9)} ${share.padStart(4)}% of the site's  ${site}\n`);
}
session.disconnect();
await bench.close();
