import { GraphQLError, type GraphQLErrorOptions } from 'graphql';
import type { Page } from './pages.js';

// Every error a caller can see, with the codes of the error table in docs/access.md. Anything else is masked (plugins/masked-errors.ts).

/** The schemes the gateway accepts, for `WWW-Authenticate`. */
export const WWW_AUTHENTICATE = 'SalureToken realm="salure-gateway", Bearer realm="salure-gateway"';

/** Why credentials were refused, as a code for the metrics (the message may quote an address). */
export type CredentialRefusalReason =
  | 'malformed'
  | 'unknown'
  | 'expired'
  | 'revoked'
  | 'not_before'
  | 'ended'
  | 'deactivated'
  | 'address';

/**
 * An answer to the caller, not a fault: made without a stack trace. graphql-js and graphql-jit read the stack of
 * every field error they wrap, and under tsx's source maps formatting one cost about 0.1 ms per refused field.
 */
function refusal(message: string, options: GraphQLErrorOptions): GraphQLError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return new GraphQLError(message, options);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

const credentialRefusals = new WeakMap<GraphQLError, CredentialRefusalReason>();

/** The reason of an error made by invalidCredentials or forbiddenAddress; undefined for any other. */
export function credentialRefusalOf(error: unknown): CredentialRefusalReason | undefined {
  return error instanceof GraphQLError ? credentialRefusals.get(error) : undefined;
}

/** Bad credentials: refuses the whole request with HTTP 401. */
export function invalidCredentials(message: string, reason: CredentialRefusalReason): GraphQLError {
  const error = refusal(`Invalid credentials: ${message}.`, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'WWW-Authenticate': WWW_AUTHENTICATE } },
    },
  });
  credentialRefusals.set(error, reason);
  return error;
}

/** A token used from an address outside its allow-list: refuses the whole request with HTTP 403. */
export function forbiddenAddress(address: string): GraphQLError {
  const error = refusal(`This API token may not be used from ${address}.`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
  credentialRefusals.set(error, 'address');
  return error;
}

/** No credentials for a field that needs them (a field error, HTTP 200). */
export function unauthenticated(message = 'Log in, or send an API token, to read this field.'): GraphQLError {
  return refusal(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(
  message: string,
  extensions: { requiredPage?: Page; clientId?: string; policy?: string; administeredClientId?: string } = {},
) {
  return refusal(message, { extensions: { code: 'FORBIDDEN', ...extensions } });
}

export function badUserInput(message: string, field?: string): GraphQLError {
  return refusal(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

/**
 * Every problem of a form at once: BAD_USER_INPUT naming the first field (as a single problem would), with
 * `extensions.problems` listing each field and its message in the form's order.
 */
export function badUserInputs(problems: readonly { field: string; message: string }[]): GraphQLError {
  const [first] = problems;
  const message = problems.length === 1 ? (first?.message ?? '') : problems.map((problem) => problem.message).join(' ');
  return refusal(message, {
    extensions: {
      code: 'BAD_USER_INPUT',
      field: first?.field,
      problems: problems.map(({ field, message }) => ({ field, message })),
    },
  });
}

export function notFound(what: string): GraphQLError {
  return refusal(`${what} not found.`, { extensions: { code: 'NOT_FOUND' } });
}
