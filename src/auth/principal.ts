import type { Page } from '../core/pages.js';
import type { ApiToken, Client, User } from '../database/entities.js';

/**
 * Who is calling, built once per request from the credentials; every access check reads it.
 * For an API token, `pages` and `clientIds` are the token's grant intersected with its owner's current rights.
 */
export type Principal = {
  kind: 'USER' | 'API_TOKEN';
  user: { id: string; name: string; email: string };
  pages: ReadonlySet<Page>;
  clientIds: ReadonlySet<string>;
  /** The session in use (kind USER). */
  sessionId?: string;
  /** The token in use (kind API_TOKEN). */
  apiTokenId?: string;
  /** When the token in use stops working, if it has an end (its end date or the lifetime policy). */
  apiTokenEndsAt?: Date | null;
  /** The owner's own current rights (for a user, the same as `pages` and `clientIds`). */
  owner: { pages: ReadonlySet<Page>; clientIds: ReadonlySet<string> };
  /** The owner's clients as read with the credentials (cached with them), so their names cost no query. */
  knownClients: readonly Client[];
};

/** A logged-in user (a session): what the `user` scope guarantees (graphql/builder.ts). */
export type UserPrincipal = Principal & { kind: 'USER'; sessionId: string };

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export function userPrincipal(user: User, sessionId: string, knownClients: readonly Client[] = []): Principal {
  return {
    kind: 'USER',
    user: { id: user.id, name: user.name, email: user.email },
    pages: new Set(user.pages),
    clientIds: new Set(user.clientIds),
    sessionId,
    owner: { pages: new Set(user.pages), clientIds: new Set(user.clientIds) },
    knownClients,
  };
}

/** A token never reaches more than its owner can see now: a right the owner lost is gone from the token too. */
export function apiTokenPrincipal(
  token: ApiToken,
  owner: User,
  endsAt: Date | null,
  knownClients: readonly Client[],
): Principal {
  return {
    kind: 'API_TOKEN',
    user: { id: owner.id, name: owner.name, email: owner.email },
    pages: new Set(intersect<Page>(token.pages, owner.pages)),
    clientIds: new Set(token.clientIds ? intersect(token.clientIds, owner.clientIds) : owner.clientIds),
    apiTokenId: token.id,
    apiTokenEndsAt: endsAt,
    owner: { pages: new Set(owner.pages), clientIds: new Set(owner.clientIds) },
    knownClients,
  };
}

export function intersect<T>(granted: readonly T[], held: readonly T[]): T[] {
  const heldSet = new Set(held);
  return granted.filter((item) => heldSet.has(item));
}
