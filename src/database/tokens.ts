import type { EntityManager } from '@mikro-orm/postgresql';

/** Revokes every live token of a user (in the caller's transaction, if any); answers their ids. */
export async function revokeTokensOf(em: EntityManager, userId: string, now: Date): Promise<string[]> {
  const revoked = await em
    .getConnection()
    .execute<{ id: string }[]>(
      'update api_token set revoked_at = ? where user_id = ? and revoked_at is null returning id',
      [now, userId],
      'all',
      em.getTransactionContext(),
    );
  return revoked.map(({ id }) => id);
}
