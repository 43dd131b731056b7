import type { Page } from '../core/pages.js';
import type { CredentialOwner } from '../database/credentials.js';
import type { ApiToken, Client, User } from '../database/entities.js';
import type { ApiTokenApproval, ClientTokenPolicy } from '../database/governance-entities.js';
import { blockedClientsOf, type ClientBlock } from './client-policy.js';

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
  /** For a service token, the client that owns it (then `user` is that client, not a person). */
  serviceClientId?: string;
  /** When the token in use stops working, if it has an end (its end date or the lifetime policy). */
  apiTokenEndsAt?: Date | null;
  /** The owner's own current rights (for a user, the same as `pages` and `clientIds`). */
  owner: { pages: ReadonlySet<Page>; clientIds: ReadonlySet<string> };
  /** The owner's clients as read with the credentials (cached with them), so their names cost no query. */
  knownClients: readonly Client[];
  /** The clients whose tokens this caller governs: a session's administered clients; none for an API token. */
  adminClientIds: ReadonlySet<string>;
  /** A token's clients that a client policy holds back (not in `clientIds`), with the rule. */
  blockedClients: ReadonlyMap<string, ClientBlock>;
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
    adminClientIds: new Set(intersect(user.adminClientIds ?? [], user.clientIds)),
    blockedClients: NO_BLOCKS,
  };
}

const NO_BLOCKS: ReadonlyMap<string, ClientBlock> = new Map();

/**
 * A token never reaches more than its owner can see now: a right the owner lost is gone from the token too, and a
 * client whose policy the token breaks is held back (docs/organisation.md).
 */
export function apiTokenPrincipal(
  token: ApiToken,
  owner: CredentialOwner,
  endsAt: Date | null,
  knownClients: readonly Client[],
  policies: readonly ClientTokenPolicy[] = [],
  now: Date = new Date(),
  approvals: readonly ApiTokenApproval[] = [],
): Principal {
  const clientIds = new Set(token.clientIds ? intersect(token.clientIds, owner.clientIds) : owner.clientIds);
  const blockedClients =
    policies.length > 0 || approvals.length > 0
      ? blockedClientsOf(token, clientIds, policies, now, approvals)
      : NO_BLOCKS;
  for (const clientId of blockedClients.keys()) clientIds.delete(clientId);
  return {
    kind: 'API_TOKEN',
    user: { id: owner.id, name: owner.name, email: owner.email },
    pages: new Set(intersect<Page>(token.pages, owner.pages)),
    clientIds,
    adminClientIds: new Set(),
    blockedClients,
    apiTokenId: token.id,
    ...(token.ownerClient ? { serviceClientId: token.ownerClient.id } : {}),
    apiTokenEndsAt: endsAt,
    owner: { pages: new Set(owner.pages), clientIds: new Set(owner.clientIds) },
    knownClients,
  };
}

export function intersect<T>(granted: readonly T[], held: readonly T[]): T[] {
  const heldSet = new Set(held);
  return granted.filter((item) => heldSet.has(item));
}

/**
 * Whose story an event of a token belongs to: its owner's, or for a service token its client's (there is no
 * person; audit_event.actor_user_id references a user).
 */
export function auditOwnerOf(token: Pick<ApiToken, 'user' | 'ownerClient'>): {
  actorUserId: string | null;
  clientId?: string;
} {
  return token.ownerClient
    ? { actorUserId: null, clientId: token.ownerClient.id }
    : { actorUserId: token.user?.id ?? null };
}

/** The same for a caller: the person, or a service token's client. */
export function auditActorOf(principal: Principal): { actorUserId: string | null; clientId?: string } {
  return principal.serviceClientId
    ? { actorUserId: null, clientId: principal.serviceClientId }
    : { actorUserId: principal.user.id };
}
