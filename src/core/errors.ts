import { GraphQLError } from 'graphql';
import type { Page } from './pages.js';

// Every error a caller can see, with the codes of README's error table. Anything else is masked (plugins/masked-errors.ts).

/** The schemes the gateway accepts, for `WWW-Authenticate`. */
export const WWW_AUTHENTICATE = 'SalureToken realm="salure-gateway", Bearer realm="salure-gateway"';

/** Bad credentials: refuses the whole request with HTTP 401. */
export function invalidCredentials(reason: string): GraphQLError {
  return new GraphQLError(`Invalid credentials: ${reason}.`, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'WWW-Authenticate': WWW_AUTHENTICATE } },
    },
  });
}

/** A token used from an address outside its allow-list: refuses the whole request with HTTP 403. */
export function forbiddenAddress(address: string): GraphQLError {
  return new GraphQLError(`This API token may not be used from ${address}.`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}

/** No credentials for a field that needs them (a field error, HTTP 200). */
export function unauthenticated(message = 'Log in, or send an API token, to read this field.'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(message: string, extensions: { requiredPage?: Page; clientId?: string } = {}) {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', ...extensions } });
}

export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(field ? { field } : {}) } });
}

export function notFound(what: string): GraphQLError {
  return new GraphQLError(`${what} not found.`, { extensions: { code: 'NOT_FOUND' } });
}
