import pino from 'pino';
import { bounded } from './caller-input.js';

/**
 * Structured logs (JSON lines on stdout). Secrets never reach a log line: nothing logs request headers or
 * variables, errors are logged through `loggedError` (no SQL, no bound values), and these paths are redacted in
 * case an object holding them is ever logged.
 */
export function createLogger(level: string, destination?: pino.DestinationStream) {
  return pino(
    {
      level,
      base: { service: 'salure-gateway' },
      serializers: { err: loggedError },
      redact: {
        paths: [
          'req.headers.authorization',
          'headers.authorization',
          '*.password',
          '*.secret',
          '*.token',
          '*.sessionToken',
          'variables',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type Logger = ReturnType<typeof createLogger>;

const MAX_MESSAGE = 300;
/** PostgreSQL's error codes (SQLSTATE): five digits or capitals. */
const SQLSTATE = /^[0-9A-Z]{5}$/;
/** The tables a statement name may mention (never anything else of the statement). */
const TABLES =
  /\b(?:from|into|update|join)\s+"?(app_user|api_token|audit_event|client|connector|interface|run|session)\b/i;
/** knex prefixes a failed statement, with its values inlined, to the driver's message: `<sql> - <message>`. */
const STATEMENT_PREFIX =
  /^\s*(select|insert|update|delete|with|begin|commit|rollback|set|listen|unlisten|notify|create|alter|drop)\b/i;

/**
 * What the log keeps of an error. A database error keeps its type, its code (SQLSTATE or the socket's) and a
 * statement name such as `insert audit_event`: its message holds the statement with its values inlined (a token's
 * hash, a user agent, the caller's variables), and PostgreSQL's own messages quote values too. Any other error
 * keeps a bounded message and its stack frames.
 */
function loggedError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const { code, sqlState, severity } = error as Error & { code?: unknown; sqlState?: unknown; severity?: unknown };
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trim().startsWith('at '))
    .slice(0, 12)
    .join('\n');
  const statement = statementName(error.message);
  const fromDatabase =
    statement !== undefined || severity !== undefined || typeof sqlState === 'string' || SQLSTATE.test(String(code));
  if (fromDatabase) {
    return {
      type: error.name,
      code: typeof sqlState === 'string' ? sqlState : code,
      ...(statement ? { statement } : {}),
      stack: frames,
    };
  }
  return {
    type: error.name,
    message: bounded(error.message, MAX_MESSAGE),
    ...(typeof code === 'string' ? { code } : {}),
    stack: frames,
    ...(error.cause ? { cause: loggedError(error.cause) } : {}),
  };
}

/** A driver's warning text, for the log: one about a statement becomes the statement's name (see loggedError). */
export function loggedWarning(message: string): string {
  const statement = statementName(message);
  return statement ? `statement failed: ${statement}` : bounded(message, MAX_MESSAGE);
}

/** `insert audit_event`, `select api_token`: the verb and the first known table of a statement, nothing else. */
export function statementName(text: string): string | undefined {
  const verb = STATEMENT_PREFIX.exec(text)?.[1];
  if (!verb) return undefined;
  return [verb, TABLES.exec(text)?.[1]].filter(Boolean).join(' ').toLowerCase();
}
