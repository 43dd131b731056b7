import type { ApiToken } from '../database/entities.js';

const DAY_MS = 86_400_000;

/** Operator policy on token lifetimes (TOKEN_MAX_LIFETIME_DAYS, TOKEN_IDLE_DAYS); undefined: no limit. */
export type TokenPolicy = { maxLifetimeDays?: number; idleDays?: number };

export type ApiTokenStatus = 'ACTIVE' | 'PENDING' | 'EXPIRED' | 'REVOKED';

/**
 * A token's status now, and why when it is not ACTIVE. The policy applies to every token, also to those made
 * before it was tightened: their lifetime counts from their creation, their idleness from their last use.
 */
export function apiTokenStatus(
  token: ApiToken,
  now: Date,
  policy: TokenPolicy,
): { status: ApiTokenStatus; reason: string | null } {
  if (token.revokedAt) return { status: 'REVOKED', reason: 'revoked' };
  if (token.expiresAt && token.expiresAt <= now) return { status: 'EXPIRED', reason: 'its end date has passed' };
  const lifetimeEnd = lifetimeEndOf(token, policy);
  if (lifetimeEnd && lifetimeEnd <= now) {
    return { status: 'EXPIRED', reason: `older than the ${policy.maxLifetimeDays}-day lifetime limit` };
  }
  const idleEnd = idleEndOf(token, policy);
  if (idleEnd && idleEnd <= now) return { status: 'EXPIRED', reason: `unused for ${policy.idleDays} days` };
  if (token.notBefore && token.notBefore > now) {
    return { status: 'PENDING', reason: `not valid before ${token.notBefore.toISOString()}` };
  }
  return { status: 'ACTIVE', reason: null };
}

/** When the token stops working if nothing changes: its end date, the lifetime limit or the idle limit. */
export function effectiveEndOf(token: ApiToken, policy: TokenPolicy): Date | null {
  return endOf(token, policy)?.at ?? null;
}

/** The token's first end and why: its end date, the lifetime limit, or the idle limit (which a use moves on). */
export function endOf(
  token: ApiToken,
  policy: TokenPolicy,
): { at: Date; because: 'END_DATE' | 'LIFETIME_LIMIT' | 'IDLE_LIMIT' } | null {
  const ends = [
    { at: token.expiresAt, because: 'END_DATE' as const },
    { at: lifetimeEndOf(token, policy), because: 'LIFETIME_LIMIT' as const },
    { at: idleEndOf(token, policy), because: 'IDLE_LIMIT' as const },
  ].filter((end): end is { at: Date; because: 'END_DATE' | 'LIFETIME_LIMIT' | 'IDLE_LIMIT' } => end.at instanceof Date);
  return ends.sort((a, b) => a.at.getTime() - b.at.getTime())[0] ?? null;
}

function lifetimeEndOf(token: ApiToken, policy: TokenPolicy): Date | null {
  return policy.maxLifetimeDays ? new Date(token.createdAt.getTime() + policy.maxLifetimeDays * DAY_MS) : null;
}

function idleEndOf(token: ApiToken, policy: TokenPolicy): Date | null {
  if (!policy.idleDays) return null;
  // A rotation counts as a use: the new secret starts its own idle period.
  const lastActive = Math.max(
    token.createdAt.getTime(),
    token.lastUsedAt?.getTime() ?? 0,
    token.rotatedAt?.getTime() ?? 0,
  );
  return new Date(lastActive + policy.idleDays * DAY_MS);
}

/** The latest end date a new token may have under the policy, or null without a lifetime limit. */
export function latestEndDate(now: Date, policy: TokenPolicy): Date | null {
  return policy.maxLifetimeDays ? new Date(now.getTime() + policy.maxLifetimeDays * DAY_MS) : null;
}
