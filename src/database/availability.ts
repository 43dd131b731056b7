import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import type { Logger } from '../core/logger.js';

// Node's socket errors, and PostgreSQL's connection_exception class (08…) but for protocol_violation (08P01: what
// was sent was wrong, not the connection), shutdown (57P0x) and too many connections.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNAVAILABLE_SQLSTATES = /^(08(?!P01)|57P0[123]$|53300$)/;
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Timeout acquiring a connection|timeout expired|connection timeout|Connection refused|not queryable|pool is probably full|Query read timeout/i;

/** True when an error (or what caused it) says the database cannot be reached, rather than that a query failed. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 6; depth++) {
    const { code, message, cause, originalError } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      originalError?: unknown;
    };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_SQLSTATES.test(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return true;
    current = cause ?? originalError;
  }
  return false;
}

/** SERVICE_UNAVAILABLE (HTTP 503): the caller may retry; nothing about the cause is told. */
export function databaseUnavailable(): GraphQLError {
  return new GraphQLError('The database is unavailable; try again shortly.', {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'Retry-After': '5' } } },
  });
}

/** For /ready: one trivial query, answered within `timeoutMs`. */
export async function isDatabaseReady(orm: MikroORM, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = orm.em
    .getConnection()
    .execute('select 1')
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * An outage in the log: one line when the first request fails for want of the database (with the cause), one when
 * a statement succeeds again (with how long it lasted and how many requests were refused), nothing per request.
 */
export function databaseOutages(logger: Logger) {
  let outage: { since: number; refused: number } | undefined;
  return {
    /** False from the first request refused for want of the database until a statement succeeds again. */
    answering: () => outage === undefined,
    refused(cause: unknown): void {
      if (outage) {
        outage.refused++;
        return;
      }
      outage = { since: Date.now(), refused: 1 };
      logger.warn({ err: cause }, 'database unavailable; requests that need it answer 503 until it is back');
    },
    /** Called after every successful statement: cheap when there is no outage. */
    answered(): void {
      if (!outage) return;
      logger.info({ ms: Date.now() - outage.since, refused: outage.refused }, 'database available again');
      outage = undefined;
    },
  };
}

/** The connection pool now: connections running a statement, idle ones, and acquisitions waiting for one. */
export function poolState(orm: MikroORM): { inUse: number; idle: number; waiting: number } {
  const pool = (
    orm.em.getConnection().getKnex().client as {
      pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number };
    }
  ).pool;
  return pool
    ? { inUse: pool.numUsed(), idle: pool.numFree(), waiting: pool.numPendingAcquires() }
    : { inUse: 0, idle: 0, waiting: 0 };
}
