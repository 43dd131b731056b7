import type { EntityManager } from '@mikro-orm/postgresql';

// The per-day usage of API tokens (api_token_usage): added to in batches, read for one token.

export type UsageCount = { tokenId: string; day: string; requests: number; refused: number };

/**
 * Adds counts to the tokens' days in one statement. Additions, not assignments, so that every gateway process adds
 * its own counts; a token deleted since it was counted is left out.
 */
export async function addTokenUsage(em: EntityManager, counts: readonly UsageCount[]): Promise<void> {
  if (counts.length === 0) return;
  await em.getConnection().execute(
    `insert into api_token_usage (token_id, day, requests, refused)
     select u.token_id, u.day, u.requests, u.refused
     from unnest(?::uuid[], ?::date[], ?::int[], ?::int[]) as u(token_id, day, requests, refused)
     join api_token t on t.id = u.token_id
     on conflict (token_id, day) do update
       set requests = api_token_usage.requests + excluded.requests, refused = api_token_usage.refused + excluded.refused`,
    [
      `{${counts.map((c) => c.tokenId).join(',')}}`,
      `{${counts.map((c) => c.day).join(',')}}`,
      `{${counts.map((c) => c.requests).join(',')}}`,
      `{${counts.map((c) => c.refused).join(',')}}`,
    ],
  );
}

/** The counted days of these tokens from `fromDay` (YYYY-MM-DD, UTC) on: one statement for all of them. */
export async function readTokenUsage(
  em: EntityManager,
  tokenIds: readonly string[],
  fromDay: string,
): Promise<{ tokenId: string; day: string; requests: number; refused: number }[]> {
  return em.getConnection().execute<{ tokenId: string; day: string; requests: number; refused: number }[]>(
    `select token_id as "tokenId", to_char(day, 'YYYY-MM-DD') as day, requests, refused from api_token_usage
     where token_id = any(?::uuid[]) and day >= ?::date order by day`,
    [`{${tokenIds.join(',')}}`, fromDay],
  );
}
