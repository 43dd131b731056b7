// `npm run bench`: the operations of issues 5 and 15 under load, side by side against the gateway (on PostgreSQL and
// on the embedded database), the peer (PostGraphile v4 on the same PostgreSQL tables, tenants and pages enforced by
// row-level security from a JWT; bench/peers/postgraphile) and the limit (a bare node:http server with canned
// answers of the same size).
// `npm run bench -- --smoke`: a few seconds on a small data set, so CI keeps it working.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { CredentialCache, listenForCredentialChanges } from '../src/auth/credential-cache.js';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '../src/auth/rate-limits.js';
import { createLogger } from '../src/core/logger.js';
import { openDatabase } from '../src/database/open.js';
import { migrate, openOrm } from '../src/database/orm.js';
import { createGateway } from '../src/server.js';
import { BENCH_SECRET, benchClientIds, benchRunIds, FULL, loadDataset, RUNS_START, SMOKE } from './dataset.js';
import { freePort, spanSink, startListening } from './processes.js';
import { startStatementCounter } from './statement-counter.js';

const smoke = process.argv.includes('--smoke');
const scale = smoke ? SMOKE : FULL;
const seconds = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 6);
// Each case's measured seconds are split over interleaved rounds (BENCH_ROUNDS; see measureSideBySide).
const rounds = smoke ? 1 : Number(process.env.BENCH_ROUNDS ?? 2);
const runSeconds = seconds / rounds;
const warmup = smoke ? 1 : 2;
const connectionCounts = smoke ? [16] : [16, 64];
const root = new URL('..', import.meta.url).pathname;
const dbName = smoke ? 'salure_bench_smoke' : 'salure_bench';
const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const pgUrl = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
const dataDir = join(root, 'bench/.data', smoke ? 'smoke' : 'full');
const authorization = `SalureToken ${BENCH_SECRET}`;
const peerDir = join(root, 'bench/peers/postgraphile');

const ALL_OPERATIONS = [
  {
    name: '1 connectors(first: 20) + client',
    query: '{ connectors(first: 20) { edges { node { id name system client { name } } } } }',
    peer: '{ allConnectors(first: 20, orderBy: [CREATED_AT_ASC, ID_ASC]) { edges { node { id name system clientByClientId { name } } } } }',
  },
  {
    name: '2 interfaces(first: 50) + source, target, lastRun, client',
    query:
      '{ interfaces(first: 50) { edges { node { id name source { name } target { name } lastRun { status startedAt } client { name } } } } }',
    peer: '{ allInterfaces(first: 50, orderBy: [CREATED_AT_ASC, ID_ASC]) { edges { node { id name connectorBySourceId { name } connectorByTargetId { name } lastRun { status startedAt } clientByClientId { name } } } } }',
  },
  {
    name: '3 runs(first: 100, clientId) + interface',
    query:
      'query R($c: ID) { runs(first: 100, clientId: $c) { edges { node { id status startedAt interface { name } } } } }',
    peer: 'query R($c: UUID) { allRuns(first: 100, condition: { clientId: $c }, orderBy: [STARTED_AT_DESC, ID_DESC]) { edges { node { id status startedAt interfaceByInterfaceId { name } } } } }',
  },
  {
    name: '4 viewer { pages clients }',
    query: '{ viewer { pages clients { name } } }',
    peer: '{ currentPages allClients { nodes { name } } }',
  },
  {
    // The peer counts with totalCount: with one status asked for, statusCounts is that one count.
    name: '5 failed runs of a client in 7 days, newest first, 50 + statusCounts',
    query:
      'query F($c: ID, $from: DateTime, $until: DateTime) { runs(clientId: $c, first: 50, filter: { status: [FAILED], startedAfter: $from, startedBefore: $until }, orderBy: { field: STARTED_AT, direction: DESC }) { statusCounts { status count } edges { node { id status startedAt finishedAt interface { name } } } } }',
    peer: 'query F($c: UUID, $from: Datetime, $until: Datetime) { allRuns(first: 50, condition: { clientId: $c, status: "FAILED" }, filter: { startedAt: { greaterThanOrEqualTo: $from, lessThan: $until } }, orderBy: [STARTED_AT_DESC, ID_DESC]) { totalCount edges { node { id status startedAt finishedAt interfaceByInterfaceId { name } } } } }',
  },
  {
    // PostGraphile v4 has no nodes(ids:); a list filtered by id is its way to read many rows by id at once.
    name: '6 nodes(ids:) of 50 runs',
    query: 'query N($ids: [ID!]!) { nodes(ids: $ids) { ... on Run { id status startedAt interface { name } } } }',
    peer: 'query N($ids: [UUID!]) { allRuns(filter: { id: { in: $ids } }, orderBy: [ID_ASC]) { nodes { id status startedAt interfaceByInterfaceId { name } } } }',
  },
  {
    // REST: GET /api/v1/runs runs this document (its route's) through the same yoga; measured beside it.
    name: '7 REST GET /api/v1/runs?clientId&limit=100',
    rest: (c: string) => `/api/v1/runs?clientId=${c}&limit=100`,
    query:
      'query R($c: ID) { runs(first: 100, clientId: $c) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status startedAt finishedAt recordsProcessed message client { id name } interface { id } } } } }',
    peer: 'query R($c: UUID) { allRuns(first: 100, condition: { clientId: $c }, orderBy: [STARTED_AT_DESC, ID_DESC]) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status startedAt finishedAt recordsProcessed message clientByClientId { id name } interfaceByInterfaceId { id } } } } }',
  },
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
  // Loading 200,000 runs with their indexes takes longer than a request's statement bound.
  const pg = await openOrm({ clientUrl: pgUrl, poolMax: 2, statementTimeoutMs: 0, queryTimeoutMs: 0 });
  await migrate(pg);
  log(`PostgreSQL data set: ${await loadDataset(pg, scale)}`);
  // The peer's role, policies and functions (idempotent; the gateway connects as the owner, unaffected).
  await pg.em.getConnection().execute(readFileSync(join(peerDir, 'setup.sql'), 'utf8'));
  const clientIds = await benchClientIds(pg);
  const runIds = await benchRunIds(pg, clientIds[0] ?? '');
  await pg.close();
  mkdirSync(dataDir, { recursive: true });
  const embedded = await openDatabase({
    databaseUrl: undefined,
    dataDir,
    dbPoolMax: 2,
    statementTimeoutMs: 0,
    queryTimeoutMs: 0,
  });
  log(`embedded data set: ${await loadDataset(embedded.orm, scale)}`);
  await embedded.close();
  return { clientIds, runIds };
}

/** The peer's own dependencies, installed from its lock file on first use. */
function ensurePeerInstalled() {
  if (existsSync(join(peerDir, 'node_modules/postgraphile-plugin-connection-filter'))) return;
  log('installing the PostGraphile peer (bench/peers/postgraphile)');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: peerDir, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** An HS256 JWT for the peer: the role PostGraphile switches to, and the same clients and pages as the token. */
function peerJwt(secret: string, clientIds: string[]): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = {
    aud: 'postgraphile',
    role: 'bench_reader',
    clients: clientIds.join(','),
    pages: 'CONNECTORS,INTERFACES,RUNS',
    exp: Math.floor(Date.now() / 1000) + 3600,
  };
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const GATEWAY_ENV = {
  PORT: '0',
  LOG_LEVEL: 'error',
  SEED_DEMO: 'false',
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
};

/** The gateway's SQL statements per request, counted in-process on the same database, after a warm-up request. */
async function statementsPerRequest(bodies: string[], restPaths: (string | undefined)[]): Promise<number[]> {
  let count = 0;
  const credentialCache = new CredentialCache(100);
  const orm = await openOrm({ clientUrl: pgUrl, poolMax: 2, onQuery: () => count++ });
  const logger = createLogger('silent');
  const listener = await listenForCredentialChanges(credentialCache, { url: pgUrl, crossProcess: true, logger });
  const yoga = createGateway({
    orm,
    logger,
    sessionTtlMs: 3600_000,
    rateLimits: createRateLimits({ ...DEFAULT_RATE_LIMITS, perMinute: 1e9 }),
    credentialCache,
  });
  const counts: number[] = [];
  for (const [index, body] of bodies.entries()) {
    const path = restPaths[index];
    const run = () =>
      path
        ? yoga.fetch(`http://bench${path}`, { headers: { authorization } })
        : yoga.fetch('http://bench/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization },
            body,
          });
    // Counted: the warm path (the request before verified and cached the token, and wrote its last use).
    await (await run()).text();
    count = 0;
    await (await run()).text();
    counts.push(count);
  }
  await listener.stop();
  await orm.close();
  return counts;
}

/** The peer's statements per request, counted on the wire by a proxy in front of PostgreSQL (5 requests each). */
async function peerStatementsPerRequest(env: NodeJS.ProcessEnv, peerAuthorization: string, bodies: string[]) {
  const database = new URL(pgUrl);
  const counter = await startStatementCounter({ host: database.hostname, port: Number(database.port || 5432) });
  const counted = Object.assign(new URL(pgUrl), { host: `127.0.0.1:${counter.port}` }).toString();
  const peer = await startListening(join(peerDir, 'server.mjs'), { ...env, DATABASE_URL: counted });
  const counts: number[] = [];
  try {
    for (const body of bodies) {
      const run = () => post(peer.url, body, peerAuthorization);
      await run();
      const before = counter.statements;
      for (let i = 0; i < 5; i++) await run();
      counts.push((counter.statements - before) / 5);
    }
  } finally {
    peer.child.kill('SIGTERM');
    await counter.close();
  }
  return counts;
}

/** One request; throws unless it is answered with data and no errors. */
async function post(url: string, body: string, auth: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body,
  });
  const text = await response.text();
  if (response.status !== 200 || text.includes('"errors"')) throw new Error(`${url}: ${response.status} ${text}`);
  return text;
}

type Figures = { rps: number; p50: number; p99: number; errors: number; cpuUs: number | undefined };

/**
 * What one measured run saw: the latencies of the counted part, its length, the errors of the whole run, and the
 * CPU the server process spent in the counted part (when its pid is known).
 */
type Sample = { latencies: number[]; seconds: number; errors: number; cpuMs?: number };

/** CPU time (user + system) a process has spent, in ms, from /proc (Linux; clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * One autocannon run on `connections` connections: the first `warmup` seconds warm the server and those same
 * connections and are not counted; the `runSeconds` after are. A warm-up on connections of its own would leave
 * the measured run to open new ones into a saturated server, where libuv accepts one connection per event loop
 * iteration (libuv/libuv#3696): the last of 64 first requests then waits seconds, and p99 measures that
 * connection storm rather than the server's steady latency.
 */
async function measure(
  url: string,
  body: string,
  connections: number,
  auth = authorization,
  pid?: number,
): Promise<Sample> {
  // An empty body: a REST call (GET).
  const headers: Record<string, string> = body
    ? { 'content-type': 'application/json', authorization: auth }
    : { authorization: auth };
  const latencies: number[] = [];
  let countingSince = 0;
  let cpuSince: number | undefined;
  const warmupTimer = setTimeout(() => {
    countingSince = performance.now();
    cpuSince = cpuMsOf(pid);
  }, warmup * 1000);
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const options = body
      ? { url, method: 'POST' as const, connections, headers, body, duration: warmup + runSeconds }
      : { url, method: 'GET' as const, connections, headers, duration: warmup + runSeconds };
    const run = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
    run.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
      if (countingSince) latencies.push(responseTime);
    });
  });
  clearTimeout(warmupTimer);
  const cpuUntil = cpuMsOf(pid);
  const errors = result.errors + result.timeouts + result.non2xx;
  const cpuMs = cpuSince === undefined || cpuUntil === undefined ? undefined : cpuUntil - cpuSince;
  return { latencies, seconds: (performance.now() - countingSince) / 1000, errors, cpuMs };
}

/** req/s, p50 and p99 over all the samples of one target. */
function figuresOf(samples: Sample[]): Figures {
  const latencies = samples.flatMap((sample) => sample.latencies).sort((a, b) => a - b);
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0);
  const percentile = (q: number) => Math.round(latencies[Math.max(0, Math.ceil(q * latencies.length) - 1)] ?? 0);
  const cpuMs = samples.every((sample) => sample.cpuMs !== undefined)
    ? samples.reduce((sum, sample) => sum + (sample.cpuMs ?? 0), 0)
    : undefined;
  return {
    rps: Math.round(latencies.length / seconds),
    p50: percentile(0.5),
    p99: percentile(0.99),
    errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
    cpuUs: cpuMs === undefined || latencies.length === 0 ? undefined : Math.round((cpuMs * 1000) / latencies.length),
  };
}

/**
 * Measures the targets of one case in `rounds` interleaved rounds (A B C, A B C), so that a slow spell of the
 * shared machine falls on all of them rather than on whichever ran then.
 */
async function measureSideBySide(targets: (() => Promise<Sample>)[]): Promise<Figures[]> {
  const samples = targets.map((): Sample[] => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, target] of targets.entries()) samples[index]?.push(await target());
  }
  return samples.map(figuresOf);
}

const { clientIds, runIds } = await prepareDatabases();
const clientId = clientIds[0] ?? '';
// The seven days before the data set's last run (all of the smoke data's few hours).
const until = new Date(Date.parse(RUNS_START) + (scale.runs + 1) * 10_000);
const variables = {
  c: clientId,
  from: new Date(until.getTime() - 7 * 86_400_000).toISOString(),
  until: until.toISOString(),
  ids: runIds,
};
ensurePeerInstalled();
const bodies = OPERATIONS.map((operation) => JSON.stringify({ query: operation.query, variables }));
const peerBodies = OPERATIONS.map((operation) => JSON.stringify({ query: operation.peer, variables }));
const restPaths = OPERATIONS.map((operation) =>
  'rest' in operation && operation.rest ? operation.rest(clientId) : undefined,
);
const sql = await statementsPerRequest(bodies, restPaths);
const jwtSecret = randomBytes(32).toString('hex');
const peerAuthorization = `Bearer ${peerJwt(jwtSecret, clientIds)}`;
const peerEnv = { ...process.env, JWT_SECRET: jwtSecret, NODE_ENV: 'production' };
const peerSql = await peerStatementsPerRequest(peerEnv, peerAuthorization, peerBodies);

const processes: ChildProcess[] = [];
let sink: Awaited<ReturnType<typeof spanSink>> | undefined;
try {
  // Metrics on, as by default (each gateway on a port of its own).
  const metricsOn = async () => ({ METRICS_PORT: String(await freePort()) });
  const gatewayPg = await startListening('src/main.ts', {
    ...process.env,
    ...GATEWAY_ENV,
    ...(await metricsOn()),
    DATABASE_URL: pgUrl,
  });
  const gatewayEmbedded = await startListening('src/main.ts', {
    ...process.env,
    ...GATEWAY_ENV,
    ...(await metricsOn()),
    DATA_DIR: dataDir,
  });
  const peer = await startListening(join(peerDir, 'server.mjs'), { ...peerEnv, DATABASE_URL: pgUrl });
  // Operation 1 also without counting token usage: what the counting costs (A/B in the same run).
  const gatewayNoUsage = await startListening('src/main.ts', {
    ...process.env,
    ...GATEWAY_ENV,
    ...(await metricsOn()),
    DATABASE_URL: pgUrl,
    TOKEN_USAGE: 'off',
  });
  // And without metrics (METRICS_PORT=0), and with tracing on (spans sent to a sink in this process).
  const gatewayNoMetrics = await startListening('src/main.ts', {
    ...process.env,
    ...GATEWAY_ENV,
    DATABASE_URL: pgUrl,
    METRICS_PORT: '0',
  });
  sink = await spanSink();
  const gatewayTraced = await startListening('src/main.ts', {
    ...process.env,
    ...GATEWAY_ENV,
    ...(await metricsOn()),
    DATABASE_URL: pgUrl,
    OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
  });
  processes.push(
    gatewayPg.child,
    gatewayEmbedded.child,
    peer.child,
    gatewayNoUsage.child,
    gatewayNoMetrics.child,
    gatewayTraced.child,
  );
  // Canned answers: what the gateway answers, byte for byte. The peer must answer the same rows.
  const canned: Record<string, string> = {};
  for (const [index, body] of bodies.entries()) {
    canned[`/op${index}`] = await post(gatewayPg.url, body, authorization);
    const ours = JSON.stringify(JSON.parse(canned[`/op${index}`] ?? '')).match(/"name":"[^"]*"/g);
    const theirs = (await post(peer.url, peerBodies[index] ?? '', peerAuthorization)).match(/"name":"[^"]*"/g);
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
      throw new Error(`op ${OPERATIONS[index]?.name[0]}: the peer answers other rows than the gateway`);
    }
  }
  const bare = await startListening('bench/bare-server.ts', { ...process.env, BENCH_CANNED: JSON.stringify(canned) });
  processes.push(bare.child);
  // For operation 4: graphql-yoga alone, answering the same viewer from a constant.
  const viewerIndex = OPERATIONS.findIndex((operation) => operation.name.startsWith('4 '));
  const viewer = viewerIndex < 0 ? undefined : JSON.parse(canned[`/op${viewerIndex}`] ?? '{}').data?.viewer;
  const floor = await startListening('bench/yoga-floor.ts', {
    ...process.env,
    BENCH_VIEWER: JSON.stringify(viewer ?? {}),
  });
  processes.push(floor.child);
  // And without yoga: node:http and graphql-jit alone, the same viewer.
  const jitFloor = await startListening('bench/jit-floor.ts', {
    ...process.env,
    BENCH_VIEWER: JSON.stringify(viewer ?? {}),
  });
  processes.push(jitFloor.child);

  const rows: string[] = [];
  const verdicts: string[] = [];
  let errors = 0;
  const ratio = (value: number, of: number) => `${(value / of).toFixed(2)}x`;
  for (const [index, operation] of OPERATIONS.entries()) {
    for (const connections of connectionCounts) {
      const body = bodies[index] ?? '';
      const number = Number(operation.name[0]);
      const restPath = restPaths[index];
      // A REST operation: the gateways over REST, and the same gateway over GraphQL (the twin) beside them.
      type Server = { url: string; child: ChildProcess };
      const on =
        (server: Server, auth = authorization, sent = body) =>
        () =>
          measure(server.url, sent, connections, auth, server.child.pid);
      // A REST operation: the gateways over REST, and the same gateway over GraphQL (the twin) beside them.
      const gatewayTarget = (server: Server) =>
        restPath
          ? () => measure(server.url.replace('/graphql', restPath), '', connections, authorization, server.child.pid)
          : on(server);
      const [limit, theirs, pg, embedded, ...extra] = await measureSideBySide([
        () => measure(bare.url.replace('/graphql', `/op${index}`), body, connections, authorization, bare.child.pid),
        on(peer, peerAuthorization, peerBodies[index] ?? ''),
        gatewayTarget(gatewayPg),
        gatewayTarget(gatewayEmbedded),
        ...(number === 4 ? [on(floor), on(jitFloor)] : []),
        ...(restPath ? [on(gatewayPg)] : []),
        ...(number === 1 ? [on(gatewayNoUsage), on(gatewayNoMetrics), on(gatewayTraced)] : []),
      ]);
      const [yogaAlone, jitAlone] = number === 4 ? extra : [];
      const twin = restPath ? extra[0] : undefined;
      const [noUsage, noMetrics, traced] = number === 1 ? extra : [];
      if (!limit || !theirs || !pg || !embedded) throw new Error('a target was not measured');
      errors += [limit, theirs, pg, embedded, ...extra].reduce((sum, f) => sum + (f?.errors ?? 0), 0);
      const row = (target: string, f: Figures, sqlCount: number) =>
        `| ${operation.name} | ${connections} | ${target} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.errors} | ${sqlCount} | ${f.cpuUs ?? '-'} | ${ratio(f.rps, theirs.rps)} | ${ratio(f.p99 || 1, theirs.p99 || 1)} | ${ratio(f.rps, limit.rps)} |`;
      rows.push(row(restPath ? 'gateway REST, PostgreSQL' : 'gateway, PostgreSQL', pg, sql[index] ?? 0));
      rows.push(row(restPath ? 'gateway REST, embedded' : 'gateway, embedded', embedded, sql[index] ?? 0));
      if (twin) rows.push(row('gateway GraphQL twin, PostgreSQL', twin, sql[index] ?? 0));
      if (noUsage) rows.push(row('gateway, PostgreSQL, TOKEN_USAGE=off', noUsage, sql[index] ?? 0));
      if (noMetrics) rows.push(row('gateway, PostgreSQL, METRICS_PORT=0 (no metrics)', noMetrics, sql[index] ?? 0));
      if (traced) rows.push(row('gateway, PostgreSQL, tracing on (OTLP to a sink)', traced, sql[index] ?? 0));
      rows.push(row('PostGraphile 4.14.1', theirs, peerSql[index] ?? 0));
      if (yogaAlone) rows.push(row('floor: graphql-yoga alone, constant answer', yogaAlone, 0));
      if (jitAlone) rows.push(row('floor: node:http + graphql-jit, no yoga, constant answer', jitAlone, 0));
      rows.push(row('limit: bare node:http', limit, 0));
      verdicts.push(
        number !== 4
          ? `- op ${number}, ${connections} connections: throughput ${ratio(pg.rps, theirs.rps)} PostGraphile's (target >= 1.0x: ${pg.rps >= theirs.rps ? 'met' : 'not met'}), p99 ${ratio(pg.p99 || 1, theirs.p99 || 1)} (target <= 1.2x: ${(pg.p99 || 1) <= 1.2 * (theirs.p99 || 1) ? 'met' : 'not met'})${twin ? `; REST ${ratio(pg.rps, twin.rps)} of its GraphQL twin's throughput` : ''}${noUsage ? `; with usage counting ${ratio(pg.rps, noUsage.rps)} of the throughput without (p99 ${ratio(pg.p99 || 1, noUsage.p99 || 1)})` : ''}${noMetrics ? `; with metrics ${ratio(pg.rps, noMetrics.rps)} of the throughput without and ${ratio(pg.cpuUs ?? 0, noMetrics.cpuUs ?? 1)} of its CPU per request (target: within 5%, ${(pg.cpuUs ?? 0) <= 1.05 * (noMetrics.cpuUs ?? 0) ? 'met' : 'not met'} by CPU; p99 ${ratio(pg.p99 || 1, noMetrics.p99 || 1)})` : ''}${traced ? `; with tracing on ${ratio(traced.rps, pg.rps)} of the throughput without and ${ratio(traced.cpuUs ?? 0, pg.cpuUs ?? 1)} of its CPU per request (p99 ${ratio(traced.p99 || 1, pg.p99 || 1)})` : ''}`
          : `- op 4, ${connections} connections: ${ratio(pg.rps, limit.rps)} of the bare limit (target >= 0.50x: ${pg.rps >= 0.5 * limit.rps ? 'met' : 'not met'}); graphql-yoga alone reaches ${ratio(yogaAlone?.rps ?? 0, limit.rps)} of it, the gateway ${ratio(pg.rps, yogaAlone?.rps ?? 1)} of yoga alone; node:http + graphql-jit without yoga reaches ${ratio(jitAlone?.rps ?? 0, limit.rps)} of it`,
      );
      log(
        `${operation.name}, ${connections} connections: gateway pg ${pg.rps} req/s, embedded ${embedded.rps}, PostGraphile ${theirs.rps}, limit ${limit.rps}`,
      );
    }
  }
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `# Benchmark ${date}${smoke ? ' (smoke)' : ''}${only ? ` (operation ${only.join(', ')} only)` : ''}`,
    '',
    `Data: ${scale.clients} clients, ${scale.connectors} connectors, ${scale.interfaces} interfaces, ${scale.runs} runs, ${scale.users} users, ${scale.tokens + 1} tokens.`,
    `Load: autocannon from this process, per case and target ${rounds} runs of ${warmup + runSeconds} s, interleaved with the other targets' (A B C A B C), whose first ${warmup} s warm the server and the connections and are not counted (${seconds} s counted); an API token with 3 pages and 2 clients (the peer: a JWT with the same pages and clients, enforced by RLS policies). Node ${process.version}, 2 cores shared by load, servers and PostgreSQL.`,
    "Server CPU: user + system time of the server process (not PostgreSQL's) in the counted seconds, per answered request: steadier than req/s on a shared machine, so the cost of a feature is read from it.",
    'SQL/request: the gateway counted by its driver, the peer on the wire (every simple query and every execution, including its BEGIN, set_config and COMMIT). Ratios are to PostGraphile and to the limit measured in the same case.',
    '',
    '| operation | connections | target | req/s | p50 ms | p99 ms | errors | SQL/request | server CPU µs/request | req/s vs PostGraphile | p99 vs PostGraphile | req/s vs limit |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Targets (gateway on PostgreSQL):',
    '',
    ...verdicts,
    '',
    `Tracing on: the gateway sent ${sink.requests()} batches of spans to the sink.`,
    '',
  ].join('\n');
  process.stdout.write(report);
  if (!smoke) {
    // A run of some operations only (BENCH_ONLY) is kept beside the full run's results, not over them.
    mkdirSync(join(root, 'bench/results'), { recursive: true });
    writeFileSync(join(root, `bench/results/${date}${only ? `-ops-${only.join('-')}` : ''}.md`), report);
  }
  process.exitCode = errors === 0 ? 0 : 1;
} finally {
  for (const child of processes) child.kill('SIGTERM');
  sink?.close();
}
