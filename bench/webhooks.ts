// `npm run bench:webhooks`: webhook delivery on PostgreSQL (BENCH_POSTGRES_URL, default the local server) with two
// senders (two gateways' worth) and a receiver on loopback. Throughput: 2,000 failed runs inserted at once, until
// every one has arrived. Lag: one run every 20 ms for 20 s, from its insert (plain SQL) to its arrival, at p50 and
// p99, with the senders' default interval (WEBHOOK_INTERVAL_SECONDS=2) and with 0.2 s.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { userPrincipal } from '../src/auth/principal.js';
import { createEndpoint } from '../src/auth/webhooks.js';
import { createLogger } from '../src/core/logger.js';
import { ClientEntity, InterfaceEntity, UserEntity } from '../src/database/entities.js';
import { migrate, openOrm } from '../src/database/orm.js';
import { seedDemo } from '../src/operator/demo-data.js';
import { WebhookSender } from '../src/webhooks/sender.js';

const serverUrl = process.env.BENCH_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = 'salure_bench_webhooks';
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
await admin.end();
const url = Object.assign(new URL(serverUrl), { pathname: `/${dbName}` }).toString();
const orm = await openOrm({ clientUrl: url, poolMax: 10 });
await migrate(orm);
await seedDemo(orm.em.fork());

// The receiver: when each run arrived (by its id).
const arrived = new Map<string, number>();
let waiting: { count: number; resolve: () => void } | undefined;
const receiver = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    const id = (JSON.parse(body) as { data: { run: { id: string } } }).data.run.id;
    arrived.set(id, performance.now());
    response.writeHead(204).end();
    if (waiting && arrived.size >= waiting.count) waiting.resolve();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const port = (receiver.address() as AddressInfo).port;

const em = orm.em.fork();
const ada = await em.findOneOrFail(UserEntity, { email: 'admin@acme.test' });
const acme = await em.findOneOrFail(ClientEntity, { name: 'Acme BV' });
const iface = await em.findOneOrFail(InterfaceEntity, { client: acme });
const principal = userPrincipal(ada, 'bench', await em.find(ClientEntity, { id: { $in: ada.clientIds } }));
await createEndpoint(
  em,
  principal,
  { url: `http://127.0.0.1:${port}/hook`, events: ['run.failed'] },
  { allowHttpLoopback: true },
  new Date(),
);

const writer = new pg.Client({ connectionString: url });
await writer.connect();
const insertRun = (id: string) =>
  writer.query(
    `insert into run (id, client_id, interface_id, status, started_at, finished_at, records_processed)
     values ($1, $2, $3, 'FAILED', now(), now(), 0)`,
    [id, acme.id, iface.id],
  );

const logger = createLogger('warn');
const senders = (intervalMs: number) => {
  const made = [0, 1].map(
    () => new WebhookSender({ orm, clock: () => new Date(), logger, policy: {}, allowHttpLoopback: true }),
  );
  for (const sender of made) sender.start(intervalMs);
  return { stop: () => Promise.all(made.map((sender) => sender.stop())) };
};
const until = (count: number) =>
  new Promise<void>((resolve) => {
    waiting = { count, resolve };
    if (arrived.size >= count) resolve();
  });
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? 0;

// Throughput: a burst of runs, delivered by two senders polling every 0.2 s.
const BURST = 2_000;
await writer.query('begin');
for (let i = 0; i < BURST; i++) await insertRun(randomUUID());
await writer.query('commit');
const started = performance.now();
let running = senders(200);
await until(BURST);
const burstSeconds = (performance.now() - started) / 1000;
await running.stop();

// Lag: a steady stream of runs, from insert to arrival.
const results: string[] = [];
for (const intervalMs of [2_000, 200]) {
  arrived.clear();
  const inserted = new Map<string, number>();
  running = senders(intervalMs);
  const STREAM = 1_000;
  for (let i = 0; i < STREAM; i++) {
    const id = randomUUID();
    inserted.set(id, performance.now());
    await insertRun(id);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await until(STREAM);
  await running.stop();
  const lags = [...inserted].map(([id, at]) => (arrived.get(id) ?? Number.NaN) - at);
  results.push(
    `interval ${intervalMs / 1000} s: lag p50 ${Math.round(percentile(lags, 50))} ms, p99 ${Math.round(percentile(lags, 99))} ms (${STREAM} runs, one per 20 ms)`,
  );
}

console.log(`webhooks on PostgreSQL, 2 senders, receiver on loopback, Node ${process.version}`);
console.log(`throughput: ${BURST} deliveries in ${burstSeconds.toFixed(1)} s = ${Math.round(BURST / burstSeconds)}/s`);
for (const line of results) console.log(line);
await writer.end();
receiver.close();
await orm.close();
