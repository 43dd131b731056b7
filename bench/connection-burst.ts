// A burst of new connections into a busy gateway: each round opens 64 new autocannon connections (as every
// measured run of `npm run bench` does) and prints p50 / p99 / max of the answers after the first 2 s, and the
// slowest answer of the whole round, which is the last first request of a new connection to be accepted
// (src/core/loop-turns.ts). On the benchmark's database (`PREPARE=1 node --import tsx bench/http-cpu.ts` makes it).
// Env: NODE_BIN, ROUNDS (default 3), BODY (a GraphQL request; default the REST call of operation 7).
import autocannon from 'autocannon';
import { migrate, openOrm } from '../src/database/orm.js';
import { BENCH_SECRET, benchClientIds } from './dataset.js';
import { buildServer, freePort, GATEWAY_ENV, START_ENTRY, startListening } from './processes.js';

const pgUrl = 'postgresql://postgres@127.0.0.1:5432/salure_bench';
const orm = await openOrm({ clientUrl: pgUrl, poolMax: 1 });
await migrate(orm);
const [clientId] = await benchClientIds(orm);
await orm.close();
buildServer();
const { child, url } = await startListening(
  START_ENTRY,
  {
    ...process.env,
    ...GATEWAY_ENV,
    METRICS_PORT: String(await freePort()),
    DATABASE_URL: pgUrl,
  },
  undefined,
  process.env.NODE_BIN ?? process.execPath,
);
const body = process.env.BODY;
const headers: Record<string, string> = { authorization: `SalureToken ${BENCH_SECRET}` };
if (body) headers['content-type'] = 'application/json';
const options = body
  ? { url, method: 'POST' as const, body }
  : { url: url.replace('/graphql', `/api/v1/runs?clientId=${clientId}&limit=100`), method: 'GET' as const };
for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) {
  const counted: number[] = [];
  let slowest = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({ ...options, headers, connections: 64, duration: 8 }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    run.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      slowest = Math.max(slowest, ms);
      if (performance.now() - started > 2000) counted.push(ms);
    });
  });
  counted.sort((a, b) => a - b);
  const at = (q: number) => Math.round(counted[Math.ceil(q * counted.length) - 1] ?? 0);
  console.log(
    `round ${round}: ${counted.length} answers after 2 s: p50 ${at(0.5)} p99 ${at(0.99)} max ${at(1)} ms; slowest of the round ${Math.round(slowest)} ms; non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
}
child.kill('SIGTERM');
