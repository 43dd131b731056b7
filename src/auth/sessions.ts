import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestMeta } from '../core/caller-input.js';
import { notFound, unauthenticated } from '../core/errors.js';
import { recordAudit } from '../database/audit.js';
import { type Session, SessionEntity, UserEntity } from '../database/entities.js';
import { verifyPassword } from './passwords.js';
import { type Clock, type Principal, userPrincipal } from './principal.js';
import type { RateLimits } from './rate-limits.js';
import { generateSecret, hashSecret } from './secrets.js';

/** Longer input is refused before hashing (an argon2 run on a megabyte is a cheap denial of service). */
const MAX_CREDENTIAL_LENGTH = 1024;
/** One message for every failure: it must not tell whether the e-mail exists, or the account is inactive. */
const LOGIN_FAILED = 'Wrong e-mail or password.';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

type SessionContext = {
  em: EntityManager;
  clock: Clock;
  meta: RequestMeta;
  sessionTtlMs: number;
  rateLimits: RateLimits;
};

export async function login(
  { em, clock, meta, sessionTtlMs, rateLimits }: SessionContext,
  email: string,
  password: string,
): Promise<{ secret: string; expiresAt: Date; principal: Principal }> {
  const normalised = normaliseEmail(email).slice(0, MAX_CREDENTIAL_LENGTH);
  // Brute force: the attempt is taken from the e-mail's and the address's budgets before the password is checked.
  const attempt = await rateLimits.startLogin(normalised, meta.address);
  const user =
    email.length > MAX_CREDENTIAL_LENGTH || password.length > MAX_CREDENTIAL_LENGTH
      ? null
      : await em.findOne(UserEntity, { email: normalised }, { populate: ['passwordHash'] });
  // Unknown e-mails are checked against a dummy hash: a failure takes the same time whatever its cause.
  const passwordMatches = await verifyPassword(user?.passwordHash, password);
  const now = clock();
  if (!user || !passwordMatches || !user.isActive) {
    await recordAudit(em, meta, now, {
      action: 'LOGIN_FAILED',
      actorUserId: user?.id ?? null,
      detail: !user ? 'unknown e-mail' : !passwordMatches ? 'wrong password' : 'user deactivated',
    });
    throw unauthenticated(LOGIN_FAILED);
  }
  await attempt.succeeded();

  const secret = generateSecret('session');
  // The session and its LOGIN_SUCCEEDED event are committed together, or neither.
  const session = await em.transactional(async (tx) => {
    const started = tx.create(SessionEntity, {
      id: randomUUID(),
      user: user.id,
      secretHash: hashSecret(secret),
      createdAt: now,
      expiresAt: new Date(now.getTime() + sessionTtlMs),
      lastUsedAt: now,
      ip: meta.address,
      userAgent: meta.userAgent,
    });
    await tx.flush();
    await recordAudit(tx, meta, now, { action: 'LOGIN_SUCCEEDED', actorUserId: user.id, sessionId: started.id });
    return started;
  });
  return { secret, expiresAt: session.expiresAt, principal: userPrincipal(user, session.id) };
}

/** The user's sessions that still work, newest first. */
export function listSessions(em: EntityManager, principal: Principal, now: Date): Promise<Session[]> {
  return em.find(
    SessionEntity,
    { user: principal.user.id, endedAt: null, expiresAt: { $gt: now } },
    { orderBy: { createdAt: 'desc', id: 'desc' } },
  );
}

/** Ends one of the user's own sessions (the calling one for logout): the next request with it is refused. */
export async function endSession(
  { em, clock, meta }: Pick<SessionContext, 'em' | 'clock' | 'meta'>,
  principal: Principal,
  id: string,
): Promise<void> {
  const now = clock();
  await em.transactional(async (tx) => {
    const where = { id, user: principal.user.id };
    const ended = await tx.nativeUpdate(SessionEntity, { ...where, endedAt: null }, { endedAt: now });
    if (ended === 0 && !(await tx.count(SessionEntity, where))) throw notFound('Session');
    if (ended > 0) {
      await recordAudit(tx, meta, now, { action: 'SESSION_ENDED', actorUserId: principal.user.id, sessionId: id });
    }
  });
}
