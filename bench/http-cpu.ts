// Server CPU per request over HTTP, for A/B work on the per-request path: one gateway (or ENTRY, e.g.
// bench/yoga-floor.ts) on the benchmark's PostgreSQL database, 16 autocannon connections from this process, CPU read
// from /proc. Run it from two checkouts in turn (A B A B). Env: PREPARE=1 makes and loads salure_bench first; BODY
// (default the viewer query), CONNECTIONS (default 16), ENTRY, NODE_BIN (e.g. Node 22, or a wrapper adding --cpu-prof), MPORT (a metrics
// port; default 0: no metrics), ROUNDS, SECONDS.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { migrate, openOrm } from '../src/database/orm.js';
import { BENCH_SECRET, FULL, loadDataset } from './dataset.js';
import { buildServer, built, GATEWAY_ENV, START_ENTRY, startListening } from './processes.js';

const server = 'postgresql://postgres@127.0.0.1:5432/postgres';
const pgUrl = 'postgresql://postgres@127.0.0.1:5432/salure_bench';
if (process.env.PREPARE) {
  const admin = await openOrm({ clientUrl: server, poolMax: 1 });
  const [exists] = await admin.em.getConnection().execute(`select 1 from pg_database where datname = 'salure_bench'`);
  if (!exists) await admin.em.getConnection().execute('create database salure_bench');
  await admin.close();
  const pg = await openOrm({ clientUrl: pgUrl, poolMax: 2, statementTimeoutMs: 0, queryTimeoutMs: 0 });
  await migrate(pg);
  console.log(await loadDataset(pg, FULL));
  await pg.close();
}
function cpuMs(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(f[11]) + Number(f[12])) * 10;
}
const body = process.env.BODY ?? JSON.stringify({ query: '{ viewer { pages clients { name } } }' });
const node = process.env.NODE_BIN ?? process.execPath;
buildServer();
const entry = process.env.ENTRY ? built(process.env.ENTRY) : START_ENTRY;
const { child, url } = await startListening(
  entry,
  {
    ...process.env,
    ...GATEWAY_ENV,
    METRICS_PORT: process.env.MPORT ?? '0',
    DATABASE_URL: pgUrl,
    BENCH_VIEWER: JSON.stringify({ pages: ['RUNS', 'CONNECTORS'], clients: [{ name: 'a' }, { name: 'b' }] }),
  },
  undefined,
  node,
);
const headers = { 'content-type': 'application/json', authorization: `SalureToken ${BENCH_SECRET}` };
const run = (duration: number) =>
  new Promise<autocannon.Result>((resolve, reject) =>
    autocannon(
      { url, method: 'POST', connections: Number(process.env.CONNECTIONS ?? 16), headers, body, duration },
      (e, r) => (e ? reject(e) : resolve(r)),
    ),
  );
await run(3);
for (let i = 0; i < Number(process.env.ROUNDS ?? 2); i++) {
  const before = cpuMs(child.pid ?? 0);
  const r = await run(Number(process.env.SECONDS ?? 5));
  const cpu = cpuMs(child.pid ?? 0) - before;
  console.log(
    `${entry}: ${r.requests.total} req, ${(r.requests.total / r.duration).toFixed(0)} req/s, ${((cpu * 1000) / r.requests.total).toFixed(0)} µs CPU/req, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non2xx ${r.non2xx} errors ${r.errors}`,
  );
}
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
