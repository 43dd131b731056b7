import { z } from 'zod';
import { DEFAULT_RATE_LIMITS } from './auth/rate-limits.js';
import { DEFAULT_QUERY_TIMEOUT_MS } from './database/orm.js';
import { invalidOrigins } from './plugins/use-cors.js';
import { DEFAULT_QUERY_LIMITS } from './plugins/use-query-limits.js';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** The environment, parsed and validated in one place (see docs/operations.md, "Environment"). */
const EnvironmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  SEED_DEMO: booleanFlag.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(12),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5000),
  DB_QUERY_TIMEOUT_MS: z.coerce.number().int().min(0).default(DEFAULT_QUERY_TIMEOUT_MS),
  QUERY_MAX_DEPTH: limit(DEFAULT_QUERY_LIMITS.maxDepth),
  QUERY_MAX_COST: limit(DEFAULT_QUERY_LIMITS.maxCost),
  QUERY_MAX_ALIASES: limit(DEFAULT_QUERY_LIMITS.maxAliases),
  QUERY_MAX_DIRECTIVES: limit(DEFAULT_QUERY_LIMITS.maxDirectives),
  QUERY_MAX_TOKENS: limit(DEFAULT_QUERY_LIMITS.maxTokens),
  QUERY_MAX_CHARACTERS: limit(DEFAULT_QUERY_LIMITS.maxCharacters),
  MAX_BODY_BYTES: limit(DEFAULT_QUERY_LIMITS.maxBodyBytes),
  REDIS_URL: z.string().url().optional(),
  PERSISTED_OPERATIONS: z.enum(['allow', 'only']).default('allow'),
  PERSISTED_OPERATIONS_FILE: z.string().min(1).optional(),
  RATE_LIMIT_PER_MINUTE: limit(DEFAULT_RATE_LIMITS.perMinute),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: limit(DEFAULT_RATE_LIMITS.anonymousPerMinute),
  LOGIN_FAILURES_PER_EMAIL: limit(DEFAULT_RATE_LIMITS.loginFailuresPerEmail),
  LOGIN_FAILURES_PER_ADDRESS: limit(DEFAULT_RATE_LIMITS.loginFailuresPerAddress),
  LOGIN_FAILURE_WINDOW_SECONDS: limit(DEFAULT_RATE_LIMITS.loginWindowSeconds),
  LEAK_REPORTS_PER_MINUTE: limit(DEFAULT_RATE_LIMITS.leakReportsPerMinute),
  TOKEN_MAX_LIFETIME_DAYS: z.coerce.number().positive().optional(),
  TOKEN_IDLE_DAYS: z.coerce.number().positive().optional(),
  TOKEN_USAGE: booleanFlag.default(true),
  // Notices by e-mail (docs/organisation.md): smtp://user:pass@host:port or smtps://…; unset: no e-mail.
  SMTP_URL: z.string().url().optional(),
  NOTICE_FROM: z.string().min(3).default('salure-gateway <no-reply@salure-gateway.invalid>'),
  NOTICE_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Webhooks may go to plain http on loopback (development); never elsewhere. */
  WEBHOOK_ALLOW_HTTP_LOOPBACK: booleanFlag.default(false),
  WEBHOOK_INTERVAL_SECONDS: z.coerce.number().int().min(1).default(2),
  TRUST_PROXY: z.string().min(1).optional(),
  AUTH_CACHE_SIZE: z.coerce.number().int().min(0).default(10_000),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  // OpenTelemetry's own variables: the receiver's base URL (…/v1/traces is added) or the traces URL itself.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('salure-gateway'),
  CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine((origins) => invalidOrigins(origins).length === 0, {
      message: 'a comma-separated list of origins such as https://app.example.com (scheme, host, port; no path)',
    })
    .default([]),
});

function limit(defaultValue: number) {
  return z.coerce.number().int().positive().default(defaultValue);
}

/**
 * The configuration: each setting once, its variable's name, type and default above and its place here; the type
 * is what this gives.
 */
const ConfigSchema = EnvironmentSchema.transform((e) => ({
  port: e.PORT,
  host: e.HOST,
  /** Unset: the embedded PostgreSQL (PGlite) under `dataDir`. */
  databaseUrl: e.DATABASE_URL,
  dataDir: e.DATA_DIR,
  /** Undefined: seed a new embedded database only. */
  seedDemo: e.SEED_DEMO,
  logLevel: e.LOG_LEVEL,
  sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
  dbPoolMax: e.DB_POOL_MAX,
  statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
  queryTimeoutMs: e.DB_QUERY_TIMEOUT_MS,
  limits: {
    maxDepth: e.QUERY_MAX_DEPTH,
    maxCost: e.QUERY_MAX_COST,
    maxAliases: e.QUERY_MAX_ALIASES,
    maxDirectives: e.QUERY_MAX_DIRECTIVES,
    maxTokens: e.QUERY_MAX_TOKENS,
    maxCharacters: e.QUERY_MAX_CHARACTERS,
    maxBodyBytes: e.MAX_BODY_BYTES,
  },
  /** Unset: rate limits are counted in memory, per process. */
  redisUrl: e.REDIS_URL,
  persistedOperations: e.PERSISTED_OPERATIONS,
  /** Unset: operations/generated/persisted-documents.json. */
  persistedOperationsFile: e.PERSISTED_OPERATIONS_FILE,
  rateLimits: {
    perMinute: e.RATE_LIMIT_PER_MINUTE,
    anonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE,
    loginFailuresPerEmail: e.LOGIN_FAILURES_PER_EMAIL,
    loginFailuresPerAddress: e.LOGIN_FAILURES_PER_ADDRESS,
    loginWindowSeconds: e.LOGIN_FAILURE_WINDOW_SECONDS,
    leakReportsPerMinute: e.LEAK_REPORTS_PER_MINUTE,
  },
  tokenPolicy: { maxLifetimeDays: e.TOKEN_MAX_LIFETIME_DAYS, idleDays: e.TOKEN_IDLE_DAYS },
  countTokenUsage: e.TOKEN_USAGE,
  notices: { smtpUrl: e.SMTP_URL, from: e.NOTICE_FROM, intervalMs: e.NOTICE_INTERVAL_SECONDS * 1000 },
  webhooks: { allowHttpLoopback: e.WEBHOOK_ALLOW_HTTP_LOOPBACK, intervalMs: e.WEBHOOK_INTERVAL_SECONDS * 1000 },
  trustProxy: e.TRUST_PROXY,
  /** 0: credentials are read from the database on every request. */
  authCacheSize: e.AUTH_CACHE_SIZE,
  corsOrigins: e.CORS_ORIGINS,
  /** 0: no metrics at all (no listener, nothing counted). */
  metricsPort: e.METRICS_PORT,
  metricsHost: e.METRICS_HOST,
  /** Unset: no tracing (the OpenTelemetry SDK is not even loaded). */
  tracesUrl:
    e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (e.OTEL_EXPORTER_OTLP_ENDPOINT ? `${e.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` : undefined),
  serviceName: e.OTEL_SERVICE_NAME,
}));

export type Config = z.infer<typeof ConfigSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  return parsed.data;
}
