// `npm run bench`: the operations of issues 5 and 15 under load, side by side against the gateway (on PostgreSQL and
// on the embedded database), the peers (PostGraphile 5 and 4 on the same PostgreSQL tables, tenants and pages
// enforced by row-level security from a JWT; bench/peers/postgraphile5, bench/peers/postgraphile) and the limit (a
// bare node:http server with canned answers of the same size), all on Node 22 or BENCH_NODE (from the npm registry's node package,
// in bench/peers/postgraphile5), and the gateway on this machine's Node beside them.
// `npm run bench -- --smoke`: a few seconds on a small data set, so CI keeps it working.
import { type ChildProcess, execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/database/open.js';
import { migrate, openOrm } from '../src/database/orm.js';
import { BENCH_SECRET, benchClientIds, benchRunIds, FULL, loadDataset, RUNS_START, SMOKE } from './dataset.js';
import {
  buildServer,
  built,
  freePort,
  GATEWAY_ENV,
  MAIN_NODE,
  nodeFlags,
  START_ENTRY,
  spanSink,
  startListening,
} from './processes.js';
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
const peer4Dir = join(root, 'bench/peers/postgraphile');
const peer5Dir = join(root, 'bench/peers/postgraphile5');

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

/** `Node 22` (or the major version of BENCH_NODE): asked once the peers, and Node 22 with them, are installed. */
let mainNodeName: string | undefined;
function mainNode(): string {
  mainNodeName ??= `Node ${execFileSync(MAIN_NODE, ['--version'])
    .toString()
    .trim()
    .replace(/^v(\d+).*$/, '$1')}`;
  return mainNodeName;
}

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
  await pg.em.getConnection().execute(readFileSync(join(peer4Dir, 'setup.sql'), 'utf8'));
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

/** The peers' own dependencies (and Node 22, in the PostGraphile 5 peer's), installed from their lock files. */
function ensurePeersInstalled() {
  for (const [dir, installed] of [
    [peer4Dir, 'node_modules/postgraphile-plugin-connection-filter'],
    [peer5Dir, 'node_modules/node/bin/node'],
  ] as const) {
    if (existsSync(join(dir, installed)) && existsSync(join(dir, 'node_modules/postgraphile'))) continue;
    log(`installing the benchmark's peer in ${dir}`);
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

/**
 * The v4 peer's document in PostGraphile 5's names: a row's own key is \`rowId\` there (\`id\` is the global node id),
 * and orders by it \`ROW_ID_ASC\`/\`ROW_ID_DESC\`.
 */
function inV5(document: string): string {
  return document.replace(/\bid\b/g, 'rowId').replace(/\bID_(ASC|DESC)\b/g, 'ROW_ID_$1');
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

/** A server the benchmark started: its GraphQL URL and process. */
type Server = { url: string; child: ChildProcess };

/**
 * A server's statements per request, counted on the wire by a proxy in front of PostgreSQL (`start` gets the
 * proxy's URL): after one warm-up request per operation, the mean over 5 (for the gateway: the warm path, where the
 * token was verified and cached by the request before).
 */
async function wireStatementsPerRequest(
  start: (databaseUrl: string) => Promise<Server>,
  requests: ((url: string) => Promise<string>)[],
): Promise<number[]> {
  const database = new URL(pgUrl);
  const counter = await startStatementCounter({ host: database.hostname, port: Number(database.port || 5432) });
  const counted = Object.assign(new URL(pgUrl), { host: `127.0.0.1:${counter.port}` }).toString();
  const server = await start(counted);
  const counts: number[] = [];
  try {
    for (const request of requests) {
      await request(server.url);
      const before = counter.statements;
      for (let i = 0; i < 5; i++) await request(server.url);
      counts.push((counter.statements - before) / 5);
    }
  } finally {
    server.child.kill('SIGTERM');
    await counter.close();
  }
  return counts;
}

/** RSS of a process in MB from /proc: now (VmRSS) or its peak so far (VmHWM). */
function rssMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/** One request; throws unless it is answered with data and no errors. */
async function post(url: string, body: string, auth: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: auth },
    body,
  });
  return answered(url, response);
}

/** One REST call (GET); throws unless it is answered 200. */
async function get(url: string, auth: string): Promise<string> {
  return answered(url, await fetch(url, { headers: { authorization: auth } }));
}

async function answered(url: string, response: Response): Promise<string> {
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
ensurePeersInstalled();
const bodies = OPERATIONS.map((operation) => JSON.stringify({ query: operation.query, variables }));
const peer4Bodies = OPERATIONS.map((operation) => JSON.stringify({ query: operation.peer, variables }));
const peer5Bodies = OPERATIONS.map((operation) => JSON.stringify({ query: inV5(operation.peer), variables }));
const restPaths = OPERATIONS.map((operation) =>
  'rest' in operation && operation.rest ? operation.rest(clientId) : undefined,
);
const jwtSecret = randomBytes(32).toString('hex');
const peerAuthorization = `Bearer ${peerJwt(jwtSecret, clientIds)}`;
const peerEnv = { ...process.env, JWT_SECRET: jwtSecret, NODE_ENV: 'production', GRAPHILE_ENV: 'production' };
// Metrics on, as by default (each gateway on a port of its own).
const gatewayEnv = async (database: Record<string, string>, more: Record<string, string> = {}) => ({
  ...process.env,
  ...GATEWAY_ENV,
  METRICS_PORT: String(await freePort()),
  ...database,
  ...more,
});
// Every server runs built, as `npm start` runs the gateway (the floors too, to be compared alike).
buildServer();
const startGateway = async (database: Record<string, string>, more: Record<string, string> = {}, node = MAIN_NODE) =>
  startListening(START_ENTRY, await gatewayEnv(database, more), undefined, node);
const startPeer = (dir: string) => (databaseUrl: string) =>
  startListening(join(dir, 'server.mjs'), { ...peerEnv, DATABASE_URL: databaseUrl }, undefined, MAIN_NODE);
const startPeer4 = startPeer(peer4Dir);
const startPeer5 = startPeer(peer5Dir);
const gatewayRequests = bodies.map((body, index) => {
  const path = restPaths[index];
  return (url: string) => (path ? get(url.replace('/graphql', path), authorization) : post(url, body, authorization));
});
const sql = {
  gateway: await wireStatementsPerRequest((url) => startGateway({ DATABASE_URL: url }), gatewayRequests),
  peer4: await wireStatementsPerRequest(
    startPeer4,
    peer4Bodies.map((body) => (url: string) => post(url, body, peerAuthorization)),
  ),
  peer5: await wireStatementsPerRequest(
    startPeer5,
    peer5Bodies.map((body) => (url: string) => post(url, body, peerAuthorization)),
  ),
};

/**
 * What a new user's first `npm start` holds: the gateway on a new embedded data folder with the demo data, idle
 * (RSS when it listens, and `idleSeconds` later), on this machine's Node as npm start runs it.
 */
async function idleFirstStart(idleSeconds: number): Promise<{ listening: number; idle: number }> {
  const folder = mkdtempSync(join(tmpdir(), 'salure-bench-idle-'));
  try {
    const { child } = await startListening(START_ENTRY, {
      ...process.env,
      PORT: '0',
      METRICS_PORT: '0',
      LOG_LEVEL: 'error',
      DATA_DIR: folder,
    });
    const listening = rssMb(child.pid, 'VmRSS') ?? 0;
    await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
    const idle = rssMb(child.pid, 'VmRSS') ?? 0;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    return { listening, idle };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
const idleSeconds = smoke ? 1 : 15;
const firstStart = await idleFirstStart(idleSeconds);

/** The servers measured, each with its RSS when it started listening (read again at the end: peak and end). */
const servers: { label: string; server: Server; rssAtStart: number | undefined }[] = [];
async function started(label: string, starting: Promise<Server>): Promise<Server> {
  const server = await starting;
  servers.push({ label, server, rssAtStart: rssMb(server.child.pid, 'VmRSS') });
  return server;
}
let sink: Awaited<ReturnType<typeof spanSink>> | undefined;
try {
  const gatewayPg = await started(`gateway, PostgreSQL, ${mainNode()}`, startGateway({ DATABASE_URL: pgUrl }));
  const gatewayEmbedded = await started(`gateway, embedded, ${mainNode()}`, startGateway({ DATA_DIR: dataDir }));
  const gatewayNode20 = await started(
    `gateway, PostgreSQL, Node ${process.versions.node.split('.')[0]}`,
    startGateway({ DATABASE_URL: pgUrl }, {}, process.execPath),
  );
  const peer4 = await started(`PostGraphile 4.14.1, ${mainNode()}`, startPeer4(pgUrl));
  const peer5 = await started(`PostGraphile 5.1.5, ${mainNode()}`, startPeer5(pgUrl));
  // Operation 1's A/B (BENCH_AB=1): without counting token usage, without metrics, with tracing on (spans sent to a
  // sink in this process): what each costs, in the same run.
  const ab = process.env.BENCH_AB === '1';
  sink = ab ? await spanSink() : undefined;
  const gatewayNoUsage = ab
    ? await started('gateway, TOKEN_USAGE=off', startGateway({ DATABASE_URL: pgUrl }, { TOKEN_USAGE: 'off' }))
    : undefined;
  const gatewayNoMetrics = ab
    ? await started('gateway, METRICS_PORT=0', startGateway({ DATABASE_URL: pgUrl }, { METRICS_PORT: '0' }))
    : undefined;
  const gatewayTraced =
    ab && sink
      ? await started(
          'gateway, tracing on',
          startGateway({ DATABASE_URL: pgUrl }, { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url }),
        )
      : undefined;
  // Canned answers: what the gateway answers, byte for byte. Both peers must answer the same rows (by their names).
  const canned: Record<string, string> = {};
  const names = (text: string) => JSON.stringify(text.match(/"name":"[^"]*"/g));
  for (const [index, request] of gatewayRequests.entries()) {
    canned[`/op${index}`] = await request(gatewayPg.url);
    const ours = names(JSON.stringify(JSON.parse(canned[`/op${index}`] ?? '')));
    for (const [peer, peerBodies] of [
      [peer4, peer4Bodies],
      [peer5, peer5Bodies],
    ] as const) {
      if (names(await post(peer.url, peerBodies[index] ?? '', peerAuthorization)) !== ours) {
        throw new Error(`op ${OPERATIONS[index]?.name[0]}: a peer (${peer.url}) answers other rows than the gateway`);
      }
    }
  }
  const bare = await started(
    `limit: bare node:http, ${mainNode()}`,
    startListening(
      built('bench/bare-server.ts'),
      { ...process.env, BENCH_CANNED: JSON.stringify(canned) },
      undefined,
      MAIN_NODE,
    ),
  );
  // For operation 4: graphql-yoga alone, answering the same viewer from a constant; and node:http + graphql-jit alone.
  const viewerIndex = OPERATIONS.findIndex((operation) => operation.name.startsWith('4 '));
  const viewer = viewerIndex < 0 ? undefined : JSON.parse(canned[`/op${viewerIndex}`] ?? '{}').data?.viewer;
  const floorEnv = { ...process.env, BENCH_VIEWER: JSON.stringify(viewer ?? {}) };
  const floor = await started(
    `floor: graphql-yoga alone, ${mainNode()}`,
    startListening(built('bench/yoga-floor.ts'), floorEnv, undefined, MAIN_NODE),
  );
  const jitFloor = await started(
    `floor: node:http + graphql-jit, ${mainNode()}`,
    startListening(built('bench/jit-floor.ts'), floorEnv, undefined, MAIN_NODE),
  );

  const rows: string[] = [];
  const verdicts: string[] = [];
  let errors = 0;
  const ratio = (value: number, of: number) => `${(value / of).toFixed(2)}x`;
  const met = (yes: boolean) => (yes ? 'met' : 'not met');
  for (const [index, operation] of OPERATIONS.entries()) {
    for (const connections of connectionCounts) {
      const body = bodies[index] ?? '';
      const number = Number(operation.name[0]);
      const restPath = restPaths[index];
      const on =
        (server: Server, auth = authorization, sent = body) =>
        () =>
          measure(server.url, sent, connections, auth, server.child.pid);
      // A REST operation: the gateways over REST, and the same gateway over GraphQL (the twin) beside them.
      const gatewayTarget = (server: Server) =>
        restPath
          ? () => measure(server.url.replace('/graphql', restPath), '', connections, authorization, server.child.pid)
          : on(server);
      const [limit, theirs4, theirs5, pg, embedded, pg20, ...extra] = await measureSideBySide([
        () => measure(bare.url.replace('/graphql', `/op${index}`), body, connections, authorization, bare.child.pid),
        on(peer4, peerAuthorization, peer4Bodies[index] ?? ''),
        on(peer5, peerAuthorization, peer5Bodies[index] ?? ''),
        gatewayTarget(gatewayPg),
        gatewayTarget(gatewayEmbedded),
        gatewayTarget(gatewayNode20),
        ...(number === 4 ? [on(floor), on(jitFloor)] : []),
        ...(restPath ? [on(gatewayPg)] : []),
        ...(number === 1 && gatewayNoUsage && gatewayNoMetrics && gatewayTraced
          ? [on(gatewayNoUsage), on(gatewayNoMetrics), on(gatewayTraced)]
          : []),
      ]);
      const [yogaAlone, jitAlone] = number === 4 ? extra : [];
      const twin = restPath ? extra[0] : undefined;
      const [noUsage, noMetrics, traced] = number === 1 ? extra : [];
      if (!limit || !theirs4 || !theirs5 || !pg || !embedded || !pg20) throw new Error('a target was not measured');
      errors += [limit, theirs4, theirs5, pg, embedded, pg20, ...extra].reduce((sum, f) => sum + (f?.errors ?? 0), 0);
      // The faster of the two peers is the one to beat.
      const [best, bestName] = theirs5.rps >= theirs4.rps ? [theirs5, 'PostGraphile 5'] : [theirs4, 'PostGraphile 4'];
      const ours = sql.gateway[index] ?? 0;
      const row = (target: string, f: Figures, sqlCount: number) =>
        `| ${operation.name} | ${connections} | ${target} | ${f.rps} | ${f.p50} | ${f.p99} | ${f.errors} | ${sqlCount} | ${f.cpuUs ?? '-'} | ${ratio(f.rps, best.rps)} | ${ratio(f.p99 || 1, best.p99 || 1)} | ${ratio(f.rps, limit.rps)} |`;
      const over = restPath ? 'gateway REST' : 'gateway';
      rows.push(row(`${over}, PostgreSQL`, pg, ours));
      rows.push(row(`${over}, embedded`, embedded, ours));
      if (twin) rows.push(row('gateway GraphQL twin, PostgreSQL', twin, ours));
      if (noUsage) rows.push(row('gateway, PostgreSQL, TOKEN_USAGE=off', noUsage, ours));
      if (noMetrics) rows.push(row('gateway, PostgreSQL, METRICS_PORT=0 (no metrics)', noMetrics, ours));
      if (traced) rows.push(row('gateway, PostgreSQL, tracing on (OTLP to a sink)', traced, ours));
      rows.push(row('PostGraphile 5.1.5', theirs5, sql.peer5[index] ?? 0));
      rows.push(row('PostGraphile 4.14.1', theirs4, sql.peer4[index] ?? 0));
      if (yogaAlone) rows.push(row('floor: graphql-yoga alone, constant answer', yogaAlone, 0));
      if (jitAlone) rows.push(row('floor: node:http + graphql-jit, no yoga, constant answer', jitAlone, 0));
      rows.push(row('limit: bare node:http', limit, 0));
      rows.push(row(`${over}, PostgreSQL, on Node ${process.versions.node}`, pg20, ours));
      const p99Ratio = (pg.p99 || 1) / (best.p99 || 1);
      verdicts.push(
        `- op ${number}, ${connections} connections: throughput ${ratio(pg.rps, best.rps)} of ${bestName}'s, the faster peer (target >= 1.0x: ${met(pg.rps >= best.rps)}), p99 ${p99Ratio.toFixed(2)}x (target <= 1.2x: ${met(p99Ratio <= 1.2)}); on Node ${process.versions.node} the gateway does ${ratio(pg20.rps, pg.rps)} of its ${mainNode()} throughput` +
          (number === 4
            ? `; ${ratio(pg.rps, yogaAlone?.rps ?? 1)} of graphql-yoga alone (target >= 0.80x: ${met(pg.rps >= 0.8 * (yogaAlone?.rps ?? 0))}), which reaches ${ratio(yogaAlone?.rps ?? 0, limit.rps)} of bare node:http (node:http + graphql-jit: ${ratio(jitAlone?.rps ?? 0, limit.rps)})`
            : '') +
          (twin ? `; REST ${ratio(pg.rps, twin.rps)} of its GraphQL twin's throughput` : '') +
          (noUsage
            ? `; with usage counting ${ratio(pg.rps, noUsage.rps)} of the throughput without (p99 ${ratio(pg.p99 || 1, noUsage.p99 || 1)})`
            : '') +
          (noMetrics
            ? `; with metrics ${ratio(pg.rps, noMetrics.rps)} of the throughput without and ${ratio(pg.cpuUs ?? 0, noMetrics.cpuUs ?? 1)} of its CPU per request`
            : '') +
          (traced
            ? `; with tracing on ${ratio(traced.rps, pg.rps)} of the throughput without and ${ratio(traced.cpuUs ?? 0, pg.cpuUs ?? 1)} of its CPU per request`
            : ''),
      );
      log(
        `${operation.name}, ${connections} connections: gateway pg ${pg.rps} req/s (Node 20: ${pg20.rps}), embedded ${embedded.rps}, PostGraphile 5 ${theirs5.rps}, PostGraphile 4 ${theirs4.rps}, limit ${limit.rps}`,
      );
    }
  }
  const memory = servers.map(
    ({ label, server, rssAtStart }) =>
      `| ${label} | ${rssAtStart ?? '-'} | ${rssMb(server.child.pid, 'VmHWM') ?? '-'} | ${rssMb(server.child.pid, 'VmRSS') ?? '-'} |`,
  );
  const peakOf = (server: Server) => rssMb(server.child.pid, 'VmHWM') ?? 0;
  const lowerPeerPeak = Math.min(peakOf(peer4), peakOf(peer5));
  verdicts.push(
    `- an idle first \`npm start\` (embedded database, new data folder, demo data, Node ${process.versions.node}): ${firstStart.listening} MB of RSS when listening, ${firstStart.idle} MB ${idleSeconds} s later (target < 300 MB: ${met(firstStart.idle < 300)})`,
  );
  verdicts.push(
    `- peak RSS: the gateway on PostgreSQL ${peakOf(gatewayPg)} MB, on the embedded database ${peakOf(gatewayEmbedded)} MB; the lower of the peers' ${lowerPeerPeak} MB (target: the gateway on PostgreSQL at most that: ${met(peakOf(gatewayPg) <= lowerPeerPeak)})`,
  );
  const date = new Date().toISOString().slice(0, 10);
  const report = [
    `# Benchmark ${date}${smoke ? ' (smoke)' : ''}${only ? ` (operation ${only.join(', ')} only)` : ''}`,
    '',
    `Data: ${scale.clients} clients, ${scale.connectors} connectors, ${scale.interfaces} interfaces, ${scale.runs} runs, ${scale.users} users, ${scale.tokens + 1} tokens.`,
    `Load: autocannon from this process (Node ${process.version}), per case and target ${rounds} runs of ${warmup + runSeconds} s, interleaved with the other targets' (A B C A B C), whose first ${warmup} s warm the server and the connections and are not counted (${seconds} s counted); an API token with 3 pages and 2 clients (the peers: a JWT with the same pages and clients, enforced by RLS policies). Every server runs on Node ${execFileSync(MAIN_NODE, ['--version']).toString().trim()} (the npm registry's node package), but the last row of each case: the gateway on this machine's Node ${process.version}. 2 cores shared by load, servers and PostgreSQL; every Node process with the flags of \`npm start\` (${nodeFlags().join(' ')}).`,
    "Server CPU: user + system time of the server process (not PostgreSQL's) in the counted seconds, per answered request: steadier than req/s on a shared machine, so the cost of a feature is read from it.",
    "SQL/request: counted on the wire by a proxy in front of PostgreSQL (every simple query and every execution, including a peer's BEGIN, set_config and COMMIT), the mean of 5 requests after a warm one. Ratios are to the faster of the two peers in the same case, and to the limit.",
    '',
    '| operation | connections | target | req/s | p50 ms | p99 ms | errors | SQL/request | server CPU µs/request | req/s vs faster peer | p99 vs faster peer | req/s vs limit |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Memory of each server (MB): RSS when it started listening, its peak (VmHWM) and at the end of the run.',
    '',
    '| server | RSS at start | peak RSS | RSS at end |',
    '|---|---|---|---|',
    ...memory,
    '',
    `Targets (the gateway on PostgreSQL, ${mainNode()}):`,
    '',
    ...verdicts,
    ...(sink ? ['', `Tracing on: the gateway sent ${sink.requests()} batches of spans to the sink.`] : []),
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
  for (const { server } of servers) server.child.kill('SIGTERM');
  sink?.close();
}
