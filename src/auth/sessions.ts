import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SessionEntity, UserEntity } from '../database/entities.js';
import { unauthenticated } from '../errors.js';
import type { RateLimits } from '../rate-limits.js';
import { verifyPassword } from './passwords.js';
import { type Clock, type Principal, userPrincipal } from './principal.js';
import { generateSecret, hashSecret } from './secrets.js';

/** Longer input is refused before hashing (an argon2 run on a megabyte is a cheap denial of service). */
const MAX_CREDENTIAL_LENGTH = 1024;
/** One message for every failure: it must not tell whether the e-mail exists, or the account is inactive. */
const LOGIN_FAILED = 'Wrong e-mail or password.';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

type LoginContext = { clock: Clock; sessionTtlMs: number; rateLimits: RateLimits; clientAddress: string };

export async function login(
  em: EntityManager,
  email: string,
  password: string,
  { clock, sessionTtlMs, rateLimits, clientAddress }: LoginContext,
): Promise<{ secret: string; expiresAt: Date; principal: Principal }> {
  const normalised = normaliseEmail(email).slice(0, MAX_CREDENTIAL_LENGTH);
  // Brute force: too many recent failures for this e-mail or from this address refuse further attempts.
  await rateLimits.checkLogin(normalised, clientAddress);
  if (email.length > MAX_CREDENTIAL_LENGTH || password.length > MAX_CREDENTIAL_LENGTH) {
    throw unauthenticated(LOGIN_FAILED);
  }
  const user = await em.findOne(UserEntity, { email: normalised }, { populate: ['passwordHash'] });
  const passwordMatches = await verifyPassword(user?.passwordHash, password);
  if (!user || !passwordMatches || !user.isActive) {
    await rateLimits.loginFailed(normalised, clientAddress);
    throw unauthenticated(LOGIN_FAILED);
  }
  await rateLimits.loginSucceeded(normalised);

  const now = clock();
  const secret = generateSecret('session');
  const session = em.create(SessionEntity, {
    id: randomUUID(),
    user: user.id,
    secretHash: hashSecret(secret),
    createdAt: now,
    expiresAt: new Date(now.getTime() + sessionTtlMs),
    lastUsedAt: now,
  });
  await em.flush();
  return { secret, expiresAt: session.expiresAt, principal: userPrincipal(user, session.id) };
}

/** Ends the calling session: the next request with it is refused. */
export async function logout(em: EntityManager, principal: Principal, clock: Clock): Promise<void> {
  if (!principal.sessionId) return;
  await em.nativeUpdate(SessionEntity, { id: principal.sessionId, endedAt: null }, { endedAt: clock() });
}
