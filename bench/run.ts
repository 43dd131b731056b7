// `npm run bench`: the four operations of issue 5 under load, side by side against the gateway (on PostgreSQL and
// on the embedded database) and the limit (a bare node:http server with canned answers of the same size).
// `npm run bench -- --smoke`: a few seconds on a small data set, so CI keeps it working.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/database/open.js';
import { migrate, openOrm } from '../src/database/orm.js';
import { createLogger } from '../src/logger.js';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '../src/rate-limits.js';
import { createGateway } from '../src/server.js';
import { BENCH_SECRET, benchClientId, FULL, loadDataset, SMOKE } from './dataset.js';
import { startListening } from './processes.js';

const smoke = process.argv.includes('--smoke');
const scale = smoke ? SMOKE : FULL;
const seconds = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 8);
const warmup = smoke ? 1 : 2;
const connectionCounts = smoke ? [16] : [16, 64];
const root = new URL('..', import.meta.url).pathname;
const dbName = smoke ? 'salure_bench_smoke' : 'salure_bench';
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const pgUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
const dataDir = join(root, 'bench/.data', smoke ? 'smoke' : 'full');
const authorization = `SalureToken ${BENCH_SECRET}`;

const ALL_OPERATIONS = [
  {
    name: '1 connectors(first: 20) + client',
    query: '{ connectors(first: 20) { edges { node { id name system client { name } } } } }',
  },
  {
    name: '2 interfaces(first: 50) + source, target, lastRun, client',
    query:
      '{ interfaces(first: 50) { edges { node { id name source { name } target { name } lastRun { status startedAt } client { name } } } } }',
  },
  {
    name: '3 runs(first: 100, clientId) + interface',
    query:
      'query R($c: ID) { runs(first: 100, clientId: $c) { edges { node { id status startedAt interface { name } } } } }',
  },
  { name: '4 viewer { pages clients }', query: '{ viewer { pages clients { name } } }' },
];

// BENCH_ONLY=2,3 measures only those operations (while working on them).
const only = process.env.BENCH_ONLY?.split(',').map(Number);
const OPERATIONS = ALL_OPERATIONS.filter((_, index) => !only || only.includes(index + 1));

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

async function prepareDatabases() {
  const admin = await openOrm({ clientUrl: serverUrl, poolMax: 1 });
  const [exists] = await admin.em.getConnection().execute(`select 1 from pg_database where datname = '${dbName}'`);
  if (!exists) await admin.em.getConnection().execute(`create database "${dbName}"`);
  await admin.close();
  const pg = await openOrm({ clientUrl: pgUrl, poolMax: 2 });
  await migrate(pg);
  log(`PostgreSQL data set: ${await loadDataset(pg, scale)}`);
  const clientId = await benchClientId(pg);
  await pg.close();
  mkdirSync(dataDir, { recursive: true });
  const embedded = await openDatabase({ databaseUrl: undefined, dataDir, dbPoolMax: 2, statementTimeoutMs: 0 });
  log(`embedded data set: ${await loadDataset(embedded.orm, scale)}`);
  await embedded.close();
  return clientId;
}

const GATEWAY_ENV = {
  PORT: '0',
  LOG_LEVEL: 'error',
  SEED_DEMO: 'false',
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
};

/** SQL statements per request, counted in-process on the same database, after one warm-up request. */
async function statementsPerRequest(clientId: string): Promise<number[]> {
  let count = 0;
  const orm = await openOrm({ clientUrl: pgUrl, poolMax: 2, onQuery: () => count++ });
  const logger = createLogger('silent');
  const yoga = createGateway({
    orm,
    logger,
    sessionTtlMs: 3600_000,
    rateLimits: createRateLimits({ ...DEFAULT_RATE_LIMITS, perMinute: 1e9 }),
  });
  const counts: number[] = [];
  for (const operation of OPERATIONS) {
    const run = () =>
      yoga.fetch('http://bench/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: operation.query, variables: { c: clientId } }),
      });
    await (await run()).text();
    count = 0;
    await (await run()).text();
    counts.push(count);
  }
  await orm.close();
  return counts;
}

type Figures = { rps: number; p50: number; p99: number; errors: number };

async function measure(url: string, body: string, connections: number): Promise<Figures> {
  const options = {
    url,
    method: 'POST' as const,
    connections,
    headers: { 'content-type': 'application/json', authorization },
    body,
  };
  await autocannon({ ...options, duration: warmup });
  const result = await autocannon({ ...options, duration: seconds });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

const clientId = await prepareDatabases();
const sql = await statementsPerRequest(clientId);
const bodies = OPERATIONS.map((operation) => JSON.stringify({ query: operation.query, variables: { c: clientId } }));

const processes: ChildProcess[] = [];
try {
  const gatewayPg = await startListening('src/main.ts', { ...process.env, ...GATEWAY_ENV, DATABASE_URL: pgUrl });
  const gatewayEmbedded = await startListening('src/main.ts', { ...process.env, ...GATEWAY_ENV, DATA_DIR: dataDir });
  processes.push(gatewayPg.child, gatewayEmbedded.child);
  // Canned answers: what the gateway answers, byte for byte.
  const canned: Record<string, string> = {};
  for (const [index, body] of bodies.entries()) {
    const response = await fetch(gatewayPg.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body,
    });
    canned[`/op${index}`] = await response.text();
    if (response.status !== 200 || canned[`/op${index}`]?.includes('"errors"'))
      throw new Error(`op ${index}: ${canned[`/op${index}`]}`);
  }
  const bare = await startListening('bench/bare-server.ts', { ...process.env, BENCH_CANNED: JSON.stringify(canned) });
  processes.push(bare.child);

  const rows: string[] = [];
  let errors = 0;
  for (const [index, operation] of OPERATIONS.entries()) {
    for (const connections of connectionCounts) {
      const limit = await measure(bare.url.replace('/graphql', `/op${index}`), bodies[index] ?? '', connections);
      const pg = await measure(gatewayPg.url, bodies[index] ?? '', connections);
      const embedded = await measure(gatewayEmbedded.url, bodies[index] ?? '', connections);
      errors += limit.errors + pg.errors + embedded.errors;
      const ratio = (figures: Figures) => `${(figures.rps / limit.rps).toFixed(3)}x`;
      const row = (target: string, f: Figures, sqlCount: string, ofLimit: string) =>
        `| ${operation.name} | ${connections} | ${target} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.errors} | ${sqlCount} | n/a | ${ofLimit} |`;
      rows.push(row('gateway, PostgreSQL', pg, String(sql[index]), ratio(pg)));
      rows.push(row('gateway, embedded', embedded, String(sql[index]), ratio(embedded)));
      rows.push(row('limit: bare node:http', limit, '0', '1.00x'));
      log(
        `${operation.name}, ${connections} connections: pg ${pg.rps} req/s, embedded ${embedded.rps}, limit ${limit.rps}`,
      );
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `# Benchmark ${date}${smoke ? ' (smoke)' : ''}`,
    '',
    `Data: ${scale.clients} clients, ${scale.connectors} connectors, ${scale.interfaces} interfaces, ${scale.runs} runs, ${scale.users} users, ${scale.tokens + 1} tokens.`,
    `Load: autocannon from this process, ${warmup} s warm-up then ${seconds} s per case; an API token with 3 pages and 2 clients. Node ${process.version}, 2 cores shared by load, servers and PostgreSQL.`,
    'PostGraphile: the peer is not set up yet (see issue 5), so its column is n/a.',
    '',
    '| operation | connections | target | req/s | p50 ms | p99 ms | errors | SQL/request | vs PostGraphile | vs limit |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(report);
  if (!smoke && !only) {
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, `bench/results/${date}.md`), report);
  }
  process.exitCode = errors === 0 ? 0 : 1;
} finally {
  for (const child of processes) child.kill('SIGTERM');
}
