import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { CredentialCache, listenForCredentialChanges } from './auth/credential-cache.js';
import { loadConfig } from './config.js';
import { UserEntity } from './database/entities.js';
import { openDatabase } from './database/open.js';
import { DEMO_PASSWORD, seedDemo } from './database/seed.js';
import { createLogger } from './logger.js';
import { loadPersistedOperations } from './persisted-operations.js';
import { createRateLimits } from './rate-limits.js';
import { createGateway } from './server.js';

// config -> database -> migrations -> demo seed -> HTTP server; clean shutdown on SIGTERM and SIGINT.
const startedAt = performance.now();
const config = loadConfig();
const logger = createLogger(config.logLevel);
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

// With REDIS_URL, every gateway process on it shares one rate-limit budget.
const redis = config.redisUrl
  ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
  : undefined;
redis?.on('error', (error) => logger.warn({ err: error }, 'redis unavailable; rate limits count in memory meanwhile'));
const yoga = createGateway({
  orm,
  logger,
  sessionTtlMs: config.sessionTtlMs,
  limits: config.limits,
  rateLimits: createRateLimits(config.rateLimits, redis),
  persistedOperations: {
    mode: config.persistedOperations,
    documents: loadPersistedOperations(config.persistedOperationsFile),
  },
  tokenPolicy: config.tokenPolicy,
  trustProxy: config.trustProxy,
  credentialCache,
  corsOrigins: config.corsOrigins,
});
const server = createServer(yoga);
server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}/graphql`;
  logger.info(
    { url, database: database.embedded ? `embedded (${config.dataDir})` : 'DATABASE_URL', migrated: database.migrated },
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

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Stop accepting, let requests in flight finish (bounded), then close the pool and the embedded database.
  const force = setTimeout(() => server.closeAllConnections(), 10_000).unref();
  server.closeIdleConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  clearTimeout(force);
  await credentialListener.stop();
  await database.close();
  redis?.disconnect();
  logger.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
