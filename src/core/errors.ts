import { GraphQLError } from 'graphql';
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

const credentialRefusals = new WeakMap<GraphQLError, CredentialRefusalReason>();

/** The reason of an error made by invalidCredentials or forbiddenAddress; undefined for any other. */
export function credentialRefusalOf(error: unknown): CredentialRefusalReason | undefined {
  return error instanceof GraphQLError ? credentialRefusals.get(error) : undefined;
}

/** Bad credentials: refuses the whole request with HTTP 401. */
export function invalidCredentials(message: string, reason: CredentialRefusalReason): GraphQLError {
  const error = new GraphQLError(`Invalid credentials: ${message}.`, {
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
  const error = new GraphQLError(`This API token may not be used from ${address}.`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
  credentialRefusals.set(error, 'address');
  return error;
}

/** No credentials for a field that needs them (a field error, HTTP 200). */
export function unauthenticated(message = 'Log in, or send an API token, to read this field.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(
  message: string,
  extensions: { requiredPage?: Page; clientId?: string; policy?: string; administeredClientId?: string } = {},
) {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extensions } });
}

export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

/**
 * Every problem of a form at once: BAD_USER_INPUT naming the first field (as a single problem would), with
 * `extensions.problems` listing each field and its message in the form's order.
 */
export function badUserInputs(problems: readonly { field: string; message: string }[]): GraphQLError {
  const [first] = problems;
  const message = problems.length === 1 ? (first?.message ?? '') : problems.map((problem) => problem.message).join(' ');
  return new GraphQLError(message, {
    extensions: {
      code: 'BAD_USER_INPUT',
      field: first?.field,
      problems: problems.map(({ field, message }) => ({ field, message })),
    },
  });
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found.`, { extensions: { code: 'NOT_FOUND' } });
}
