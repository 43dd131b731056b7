import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestMeta } from '../core/caller-input.js';
import { forbiddenAddress, invalidCredentials } from '../core/errors.js';
import { recordAudit } from '../database/audit.js';
import { readCredential } from '../database/credentials.js';
import { ApiTokenEntity, SessionEntity } from '../database/entities.js';
import { isAddressAllowed } from './addresses.js';
import type { CachedCredential, CredentialCache } from './credential-cache.js';
import { apiTokenPrincipal, auditOwnerOf, type Clock, type Principal, userPrincipal } from './principal.js';
import { hashSecret, isWellFormedSecret, type SecretKind } from './secrets.js';
import { apiTokenStatus, effectiveEndOf, type TokenPolicy } from './token-policy.js';

/** The metrics' reason for a token that is not ACTIVE. */
const REFUSAL_OF_STATUS = { PENDING: 'not_before', EXPIRED: 'expired', REVOKED: 'revoked' } as const;

/** Longer headers are refused before any parsing. */
const MAX_AUTHORIZATION_LENGTH = 512;
/** `lastUsedAt` is written at most this often per token or session. */
const LAST_USED_RESOLUTION_MS = 60_000;
/** By the scheme as sent, lower-cased (a Map: `constructor` is a scheme name like any other). */
const SCHEMES = new Map<string, SecretKind>([
  ['saluretoken', 'apiToken'],
  ['bearer', 'session'],
]);

/** The kind of credentials a header holds, for the log: a known scheme's name only, never a part of the value. */
export function credentialKindOf(header: string | null): 'none' | 'api-token' | 'session' | 'unrecognised' {
  if (header === null) return 'none';
  const kind = SCHEMES.get(header.trimStart().split(' ', 1)[0]?.toLowerCase() ?? '');
  return kind === 'apiToken' ? 'api-token' : kind === 'session' ? 'session' : 'unrecognised';
}

/**
 * Reads the Authorization header. No header: anonymous (null). Anything else that is not a well-formed secret
 * of the scheme's kind throws, refusing the whole request (HTTP 401), without touching the database.
 */
export function parseAuthorization(header: string | null): { kind: SecretKind; secret: string } | null {
  if (header === null) return null;
  if (header.length > MAX_AUTHORIZATION_LENGTH)
    throw invalidCredentials('the Authorization header is too long', 'malformed');
  const [, scheme = '', secret = ''] = /^([A-Za-z]+) +(\S+)$/.exec(header.trim()) ?? [];
  const kind = SCHEMES.get(scheme.toLowerCase());
  if (!kind) {
    throw invalidCredentials(
      'use "Authorization: SalureToken <API token>" or "Authorization: Bearer <session>"',
      'malformed',
    );
  }
  if (!isWellFormedSecret(kind, secret)) {
    throw invalidCredentials(kind === 'apiToken' ? 'malformed API token' : 'malformed session token', 'malformed');
  }
  return { kind, secret };
}

type AuthenticationContext = {
  clock: Clock;
  policy: TokenPolicy;
  meta: RequestMeta;
  /** Verified credentials kept in process; without it every request reads the database. */
  cache?: CredentialCache;
};

/**
 * Resolves the Authorization header to a Principal: null when anonymous; throws (HTTP 401) when invalid. `em`
 * gives the request's entity manager when one is needed (not on a warm path: forking one costs 6% of a viewer
 * query).
 */
export async function authenticate(
  header: string | null,
  em: () => EntityManager,
  context: AuthenticationContext,
): Promise<Principal | null> {
  const credentials = parseAuthorization(header);
  if (!credentials) return null;
  const secretHash = hashSecret(credentials.secret);
  const cached = context.cache?.get(secretHash);
  if (cached?.kind === credentials.kind && !mayBeStale(cached, context)) return checkCredential(cached, em, context);
  const stamp = context.cache?.stamp() ?? 0;
  const found = await readCredential(em(), credentials.kind, secretHash);
  if (!found)
    throw invalidCredentials(
      credentials.kind === 'apiToken' ? 'unknown API token' : 'unknown or ended session',
      'unknown',
    );
  const principal = await checkCredential(found, em, context);
  context.cache?.set(secretHash, found, stamp);
  return principal;
}

/**
 * Only the idle policy reads a value that other processes change without a notification (the last use): a token
 * that looks idle from the cache is read again before it is refused.
 */
function mayBeStale(cached: CachedCredential, { clock, policy }: AuthenticationContext): boolean {
  return cached.kind === 'apiToken' && apiTokenStatus(cached.credential, clock(), policy).status !== 'ACTIVE';
}

/** The checks of every use, on a credential read from the database or the cache. */
function checkCredential(
  found: CachedCredential,
  em: () => EntityManager,
  context: AuthenticationContext,
): Promise<Principal> {
  return found.kind === 'apiToken' ? checkApiToken(found, em, context) : checkSession(found, em, context);
}

async function checkApiToken(
  { credential: token, owner, clients, policies, approvals }: Extract<CachedCredential, { kind: 'apiToken' }>,
  em: () => EntityManager,
  { clock, policy, meta }: AuthenticationContext,
): Promise<Principal> {
  const now = clock();
  const { status, reason } = apiTokenStatus(token, now, policy);
  if (status === 'EXPIRED') {
    await recordAudit(em(), meta, now, {
      action: 'TOKEN_EXPIRED',
      ...auditOwnerOf(token),
      tokenId: token.id,
      detail: reason,
      dedupe: `expired:${token.id}`,
    });
  }
  if (status !== 'ACTIVE')
    throw invalidCredentials(`the API token is ${status.toLowerCase()}: ${reason}`, REFUSAL_OF_STATUS[status]);
  if (!owner.isActive) throw invalidCredentials("the API token's owner is deactivated", 'deactivated');
  if (token.allowedIps && !isAddressAllowed(meta.address, token.allowedIps)) {
    await recordAudit(em(), meta, now, {
      action: 'ACCESS_DENIED',
      ...auditOwnerOf(token),
      tokenId: token.id,
      detail: `address ${meta.address} is not in the token's allow-list`,
      dedupe: `address:${token.id}:${meta.address}`,
    });
    throw forbiddenAddress(meta.address);
  }
  // Built before this use is recorded: a client's idle limit counts the time up to this request.
  const principal = apiTokenPrincipal(token, owner, effectiveEndOf(token, policy), clients, policies, now, approvals);
  if (isStale(token.lastUsedAt, now)) {
    const lastUse = {
      lastUsedAt: now,
      lastUsedIp: meta.address,
      lastUsedUserAgent: meta.userAgent,
    };
    await em().nativeUpdate(ApiTokenEntity, { id: token.id }, lastUse);
    // The cached row follows (the trigger leaves last-use updates out).
    Object.assign(token, lastUse);
  }
  return principal;
}

async function checkSession(
  { credential: session, owner: user, clients }: Extract<CachedCredential, { kind: 'session' }>,
  em: () => EntityManager,
  { clock }: AuthenticationContext,
): Promise<Principal> {
  const now = clock();
  if (session.endedAt) throw invalidCredentials('unknown or ended session', 'ended');
  if (session.expiresAt <= now) throw invalidCredentials('the session has expired; log in again', 'expired');
  if (!user.isActive) throw invalidCredentials('the user is deactivated', 'deactivated');
  if (isStale(session.lastUsedAt, now)) {
    await em().nativeUpdate(SessionEntity, { id: session.id }, { lastUsedAt: now });
    session.lastUsedAt = now;
  }
  return userPrincipal(user, session.id, clients);
}

function isStale(lastUsedAt: Date | null | undefined, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}
