import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql/language/printer.js';
import type { TokenField } from '../../src/core/token-rules.js';

// The page talks to the gateway's GraphQL endpoint only, with the session from sessionStorage (never a cookie,
// so no other site can make the browser send it).
const SESSION_KEY = 'salure.session';

export const session = {
  get: () => sessionStorage.getItem(SESSION_KEY),
  set: (value: string) => sessionStorage.setItem(SESSION_KEY, value),
  clear: () => sessionStorage.removeItem(SESSION_KEY),
};

export type ApiError = {
  message: string;
  extensions?: { code?: string; field?: string; problems?: { field: TokenField; message: string }[] };
};

export class GraphQLRequestError extends Error {
  constructor(readonly errors: ApiError[]) {
    super(errors[0]?.message ?? 'Request failed.');
  }
  get code() {
    return this.errors[0]?.extensions?.code;
  }
  get field() {
    return this.errors[0]?.extensions?.field;
  }
  /** Every problem of a form the API refused, each with its field (BAD_USER_INPUT's `extensions.problems`). */
  get problems() {
    return this.errors[0]?.extensions?.problems ?? [];
  }
}

export async function request<R, V>(document: TypedDocumentNode<R, V>, variables?: V): Promise<R> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = session.get();
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch('/graphql', {
    method: 'POST',
    headers,
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: R; errors?: ApiError[] };
  if (response.status === 401) {
    session.clear();
    throw new GraphQLRequestError(body.errors ?? [{ message: 'Your session has ended; log in again.' }]);
  }
  if (body.errors?.length) throw new GraphQLRequestError(body.errors);
  if (!body.data) throw new GraphQLRequestError([{ message: `The gateway answered ${response.status}.` }]);
  return body.data;
}
