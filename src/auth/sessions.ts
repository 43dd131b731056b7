import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SessionEntity, UserEntity } from '../database/entities.js';
import { unauthenticated } from '../errors.js';
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

export async function login(
  em: EntityManager,
  email: string,
  password: string,
  { clock, sessionTtlMs }: { clock: Clock; sessionTtlMs: number },
): Promise<{ secret: string; expiresAt: Date; principal: Principal }> {
  if (email.length > MAX_CREDENTIAL_LENGTH || password.length > MAX_CREDENTIAL_LENGTH) {
    throw unauthenticated(LOGIN_FAILED);
  }
  const user = await em.findOne(UserEntity, { email: normaliseEmail(email) }, { populate: ['passwordHash'] });
  const passwordMatches = await verifyPassword(user?.passwordHash, password);
  if (!user || !passwordMatches || !user.isActive) throw unauthenticated(LOGIN_FAILED);

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
