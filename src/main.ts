import { createServer } from 'node:http';
import { type AddressInfo, Server as NetServer } from 'node:net';
import { getHeapStatistics } from 'node:v8';
import { CredentialCache, listenForCredentialChanges } from './auth/credential-cache.js';
import { NoticeSender } from './auth/notices.js';
import { connectRedis, createRateLimits } from './auth/rate-limits.js';
import { TokenUsage } from './auth/token-usage.js';
import { loadConfig } from './config.js';
import { stdoutLog } from './core/log-output.js';
import { createLogger } from './core/logger.js';
import { Metrics } from './core/metrics.js';
import { metricsUrl, serveMetrics } from './core/metrics-server.js';
import { startTracing } from './core/tracing.js';
import { DELETION_RETENTION_DAYS, pruneDeletions } from './database/deletions.js';
import { UserEntity } from './database/entities.js';
import { openDatabase } from './database/open.js';
import { runCommand } from './operator/commands.js';
import { claimDataDir, DataDirBusy } from './operator/data-dir-owner.js';
import { DEMO_PASSWORD, seedDemo } from './operator/demo-data.js';
import { loadPersistedOperations } from './plugins/use-persisted-operations.js';
import { createGateway } from './server.js';
import { WebhookSender } from './webhooks/sender.js';

// config -> (embedded: claim DATA_DIR) -> database -> migrations -> demo seed -> HTTP server; a drain on SIGTERM
// and SIGINT.
const startedAt = performance.now();
const config = loadConfig();
const logOutput = stdoutLog();
const logger = createLogger(config.logLevel, logOutput);

// One process owns an embedded database's folder; a second gateway is refused, the CLI acts through this one.
let owner: Awaited<ReturnType<typeof claimDataDir>> | undefined;
if (!config.databaseUrl) {
  try {
    owner = await claimDataDir(config.dataDir, 'gateway');
  } catch (error) {
    if (!(error instanceof DataDirBusy)) throw error;
    process.stderr.write(`salure-gateway cannot start: ${error.message}\n`);
    process.exit(1);
  }
}

const credentialCache = new CredentialCache(config.authCacheSize);
const database = await openDatabase(config, {
  onWarning: (message) => logger.warn({ database: message }, 'database driver'),
  onNotification: credentialCache.onNotification,
});
const { orm } = database;
const credentialListener = await listenForCredentialChanges(credentialCache, {
  url: database.url,
  crossProcess: !database.embedded,
  logger,
});

// SEED_DEMO unset: seed an embedded database that has no users yet, never a real server.
const seed = config.seedDemo ?? (database.embedded && (await orm.em.fork().count(UserEntity)) === 0);
if (seed) {
  const seeded = await seedDemo(orm.em.fork());
  logger.info(seeded, 'demo data loaded');
}
owner?.serve((name, options) => runCommand(orm.em, name, options));

// With REDIS_URL, every gateway process on it shares one rate-limit budget.
const redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
// Requests per API token and day: counted in memory, written every minute and at shutdown.
const tokenUsage = new TokenUsage(orm.em, logger);
tokenUsage.start();
// Notices before tokens break: written by every gateway (once each), e-mailed through SMTP_URL when it is set.
const notices = new NoticeSender({
  orm,
  // nodemailer is loaded only with SMTP_URL (unused, its modules would sit in the heap).
  transport: config.notices.smtpUrl ? (await import('nodemailer')).createTransport(config.notices.smtpUrl) : undefined,
  from: config.notices.from,
  clock: () => new Date(),
  logger,
  policy: config.tokenPolicy,
});
notices.start(config.notices.intervalMs);
// Deletion markers past their retention (docs/changes.md), dropped hourly by each gateway (the same delete twice
// is harmless).
const pruneMarkers = () =>
  pruneDeletions(orm.em.fork(), new Date(Date.now() - DELETION_RETENTION_DAYS * 86_400_000)).catch((error: unknown) =>
    logger.warn({ err: error }, 'deletion markers: pruning failed'),
  );
const pruner = setInterval(pruneMarkers, 3_600_000);
pruner.unref();
// Prometheus metrics on their own listener, never on the API's port; METRICS_PORT=0: none, not even counted.
const metrics = config.metricsPort > 0 ? new Metrics() : undefined;
const metricsServer = metrics ? await startMetrics(metrics) : undefined;
// OpenTelemetry traces with OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT).
const tracing = config.tracesUrl
  ? await startTracing({ url: config.tracesUrl, serviceName: config.serviceName })
  : undefined;
// Only the origin: a URL may carry credentials.
if (config.tracesUrl) logger.info({ to: new URL(config.tracesUrl).origin }, 'traces sent');
const yoga = createGateway({
  metrics,
  tracing: tracing !== undefined,
  tokenUsage,
  countTokenUsage: config.countTokenUsage,
  orm,
  logger,
  sessionTtlMs: config.sessionTtlMs,
  limits: config.limits,
  rateLimits: createRateLimits(config.rateLimits, redis, { logger }),
  persistedOperations: {
    mode: config.persistedOperations,
    documents: loadPersistedOperations(config.persistedOperationsFile),
  },
  tokenPolicy: config.tokenPolicy,
  trustProxy: config.trustProxy,
  credentialCache,
  corsOrigins: config.corsOrigins,
  webhooks: { allowHttpLoopback: config.webhooks.allowHttpLoopback },
});
// Webhooks (docs/changes.md): every gateway takes part; a lease keeps each delivery with one at a time.
const webhooks = new WebhookSender({
  orm,
  clock: () => new Date(),
  logger,
  policy: config.tokenPolicy,
  allowHttpLoopback: config.webhooks.allowHttpLoopback,
});
webhooks.start(config.webhooks.intervalMs);

async function startMetrics(metrics: Metrics) {
  try {
    const server = await serveMetrics(metrics, config.metricsPort, config.metricsHost);
    logger.info({ url: metricsUrl(server) }, 'metrics served');
    return server;
  } catch (error) {
    const { code } = error as { code?: string };
    process.stderr.write(
      `salure-gateway cannot serve its metrics on ${config.metricsHost}:${config.metricsPort} (${code ?? error}); ` +
        'set METRICS_PORT to a free port, or to 0 for none\n',
    );
    await database.close();
    await owner?.release();
    process.exit(1);
  }
}

/** Set on SIGTERM or SIGINT: every answer from then on closes its connection. */
let draining = false;
const server = createServer((request, response) => {
  if (draining) response.setHeader('Connection', 'close');
  yoga(request, response);
});
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}/graphql`;
  logger.info(
    {
      url,
      pid: process.pid,
      database: database.embedded ? `embedded (${config.dataDir})` : 'DATABASE_URL',
      migrated: database.migrated,
      heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 1048576),
    },
    'salure-gateway started',
  );
  const startup = Math.round(performance.now() - startedAt);
  process.stderr.write(
    `\nsalure-gateway is listening on ${url} (GraphiQL in a browser; started in ${startup} ms)\n` +
      `API Access page (create and revoke tokens): http://${host}:${port}/\n` +
      `Log in with: mutation { login(email: "admin@acme.test", password: "${DEMO_PASSWORD}") { sessionToken } }\n` +
      `then send the header  Authorization: Bearer <sessionToken>\n\n`,
  );
});

/**
 * A keep-alive connection that was idle when the signal came may already carry a request on the wire: it is given
 * this long before it is closed. Connections that answer a request after the signal close after their answer.
 */
const IDLE_GRACE_MS = 200;
/** Requests still running this long after the signal are cut off. */
const DRAIN_DEADLINE_MS = 10_000;
/** The log reader gets this long to take the last lines; a dead or stalled one never holds the exit. */
const LOG_FLUSH_MS = 1_000;
/** As long for the spans still waiting to be sent. */
const TRACES_FLUSH_MS = 1_000;

/** A second signal this soon after the first is the same stop, passed on by npm. */
const SAME_STOP_MS = 1_000;
let stopping = false;
let signalledAt = 0;
async function shutdown(signal: string) {
  if (stopping) {
    // Ctrl-C, and a supervisor that signals the process group, reach node twice under `npm start` (npm passes the
    // signal on): one stop, arriving twice. A signal later than that only stops waiting for requests; it never
    // exits at once, which lost the counts not yet written: every later step is bounded.
    if (performance.now() - signalledAt < SAME_STOP_MS) return;
    logger.warn({ signal }, 'another signal: not waiting for requests');
    server.closeAllConnections();
    return;
  }
  stopping = true;
  signalledAt = performance.now();
  draining = true;
  logger.info({ signal }, 'shutting down');
  const stoppedAt = performance.now();
  // Stop accepting; resolves once every connection has closed. (http.Server#close would also close idle
  // connections at once, dropping a request that is on its way on one of them.)
  const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  const idle = setTimeout(() => server.closeIdleConnections(), IDLE_GRACE_MS);
  const deadline = setTimeout(() => server.closeAllConnections(), DRAIN_DEADLINE_MS);
  await closed;
  clearTimeout(idle);
  clearTimeout(deadline);
  metricsServer?.close();
  await credentialListener.stop();
  await tokenUsage.stop();
  await notices.stop();
  await webhooks.stop();
  clearInterval(pruner);
  // The spans still waiting go out; a receiver that does not answer never holds the exit.
  await Promise.race([tracing?.stop(), new Promise((resolve) => setTimeout(resolve, TRACES_FLUSH_MS))]);
  await database.close();
  await owner?.release();
  redis?.disconnect();
  logger.info({ ms: Math.round(performance.now() - stoppedAt) }, 'stopped');
  await logOutput.drain(LOG_FLUSH_MS);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
