import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiTokenEntity, SessionEntity } from '../database/entities.js';
import { invalidCredentials } from '../errors.js';
import { apiTokenPrincipal, type Clock, type Principal, userPrincipal } from './principal.js';
import { hashSecret, isWellFormedSecret, type SecretKind } from './secrets.js';

/** Longer headers are refused before any parsing. */
const MAX_AUTHORIZATION_LENGTH = 512;
/** `lastUsedAt` is written at most this often per token or session. */
const LAST_USED_RESOLUTION_MS = 60_000;
const SCHEMES: Record<string, SecretKind> = { saluretoken: 'apiToken', bearer: 'session' };

/**
 * Reads the Authorization header. No header: anonymous (null). Anything else that is not a well-formed secret
 * of the scheme's kind throws, refusing the whole request (HTTP 401), without touching the database.
 */
export function parseAuthorization(header: string | null): { kind: SecretKind; secret: string } | null {
  if (header === null) return null;
  if (header.length > MAX_AUTHORIZATION_LENGTH) throw invalidCredentials('the Authorization header is too long');
  const [, scheme = '', secret = ''] = /^([A-Za-z]+) +(\S+)$/.exec(header.trim()) ?? [];
  const kind = SCHEMES[scheme.toLowerCase()];
  if (!kind) {
    throw invalidCredentials('use "Authorization: SalureToken <API token>" or "Authorization: Bearer <session>"');
  }
  if (!isWellFormedSecret(kind, secret)) {
    throw invalidCredentials(kind === 'apiToken' ? 'malformed API token' : 'malformed session token');
  }
  return { kind, secret };
}

/** Resolves the Authorization header to a Principal: null when anonymous; throws (HTTP 401) when invalid. */
export async function authenticate(header: string | null, em: EntityManager, clock: Clock): Promise<Principal | null> {
  const credentials = parseAuthorization(header);
  if (!credentials) return null;
  const secretHash = hashSecret(credentials.secret);
  return credentials.kind === 'apiToken'
    ? authenticateApiToken(secretHash, em, clock)
    : authenticateSession(secretHash, em, clock);
}

async function authenticateApiToken(secretHash: string, em: EntityManager, clock: Clock): Promise<Principal> {
  const token = await em.findOne(ApiTokenEntity, { secretHash }, { populate: ['user'] });
  const now = clock();
  if (!token) throw invalidCredentials('unknown API token');
  if (token.revokedAt) throw invalidCredentials('the API token was revoked');
  if (token.expiresAt && token.expiresAt <= now) throw invalidCredentials('the API token has expired');
  const owner = token.user.getEntity();
  if (!owner.isActive) throw invalidCredentials("the API token's owner is deactivated");
  if (isStale(token.lastUsedAt, now)) {
    await em.nativeUpdate(ApiTokenEntity, { id: token.id }, { lastUsedAt: now });
  }
  return apiTokenPrincipal(token, owner);
}

async function authenticateSession(secretHash: string, em: EntityManager, clock: Clock): Promise<Principal> {
  const session = await em.findOne(SessionEntity, { secretHash }, { populate: ['user'] });
  const now = clock();
  if (!session || session.endedAt) throw invalidCredentials('unknown or ended session');
  if (session.expiresAt <= now) throw invalidCredentials('the session has expired; log in again');
  const user = session.user.getEntity();
  if (!user.isActive) throw invalidCredentials('the user is deactivated');
  if (isStale(session.lastUsedAt, now)) {
    await em.nativeUpdate(SessionEntity, { id: session.id }, { lastUsedAt: now });
  }
  return userPrincipal(user, session.id);
}

function isStale(lastUsedAt: Date | null | undefined, now: Date): boolean {
  return !lastUsedAt || now.getTime() - lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS;
}
