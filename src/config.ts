import { z } from 'zod';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './limits.js';

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** The environment, parsed and validated in one place (see README "Environment"). */
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
  QUERY_MAX_DEPTH: limit(DEFAULT_QUERY_LIMITS.maxDepth),
  QUERY_MAX_COST: limit(DEFAULT_QUERY_LIMITS.maxCost),
  QUERY_MAX_ALIASES: limit(DEFAULT_QUERY_LIMITS.maxAliases),
  QUERY_MAX_DIRECTIVES: limit(DEFAULT_QUERY_LIMITS.maxDirectives),
  QUERY_MAX_TOKENS: limit(DEFAULT_QUERY_LIMITS.maxTokens),
  QUERY_MAX_CHARACTERS: limit(DEFAULT_QUERY_LIMITS.maxCharacters),
  MAX_BODY_BYTES: limit(DEFAULT_QUERY_LIMITS.maxBodyBytes),
});

function limit(defaultValue: number) {
  return z.coerce.number().int().positive().default(defaultValue);
}

export type Config = {
  port: number;
  host: string;
  /** Unset: the embedded PostgreSQL (PGlite) under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Undefined: seed a new embedded database only. */
  seedDemo: boolean | undefined;
  logLevel: string;
  sessionTtlMs: number;
  dbPoolMax: number;
  statementTimeoutMs: number;
  limits: QueryLimits;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = EnvironmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    dbPoolMax: e.DB_POOL_MAX,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    limits: {
      maxDepth: e.QUERY_MAX_DEPTH,
      maxCost: e.QUERY_MAX_COST,
      maxAliases: e.QUERY_MAX_ALIASES,
      maxDirectives: e.QUERY_MAX_DIRECTIVES,
      maxTokens: e.QUERY_MAX_TOKENS,
      maxCharacters: e.QUERY_MAX_CHARACTERS,
      maxBodyBytes: e.MAX_BODY_BYTES,
    },
  };
}
