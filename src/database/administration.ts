import type { EntityManager } from '@mikro-orm/postgresql';
import { type ApiToken, ApiTokenEntity, type ClientTokenPolicy, ClientTokenPolicyEntity } from './entities.js';
import { rowShape, uuidArray } from './rows.js';

// What client administrators read and change (docs/organisation.md). Every statement takes the administered
// client and keeps to the tokens that can read it: the token grants it (or all of the owner's clients) and the
// owner has it now.

/** A token as an administrator of one client sees it: with its owner and its use over the last 30 days. */
export type ClientTokenRow = {
  token: ApiToken;
  owner: { id: string; name: string; email: string; clientIds: string[] };
  requests: number;
  refused: number;
};

const READS_CLIENT = `u.client_ids @> array[?]::uuid[] and (t.client_ids is null or t.client_ids @> array[?]::uuid[])`;

/** Every token that can read the client (revoked and expired ones too: the inventory filters by status). */
export async function readClientTokens(em: EntityManager, clientId: string, now: Date): Promise<ClientTokenRow[]> {
  const token = rowShape<ApiToken>(em, ApiTokenEntity);
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select ${token.columns('t', 't__')}, u.id as owner_id, u.name as owner_name, u.email as owner_email,
       u.client_ids as owner_client_ids,
       coalesce(g.requests, 0)::int as requests, coalesce(g.refused, 0)::int as refused
     from api_token t join app_user u on u.id = t.user_id
     left join lateral (select sum(requests) as requests, sum(refused) as refused from api_token_usage g
       where g.token_id = t.id and g.day > (?::date - 30)) g on true
     where ${READS_CLIENT}`,
    [now.toISOString().slice(0, 10), clientId, clientId],
    'all',
    em.getTransactionContext(),
  );
  const platform = em.getPlatform();
  return rows.map((raw) => ({
    token: token.toRow(raw, 't__'),
    owner: {
      id: raw.owner_id as string,
      name: raw.owner_name as string,
      email: raw.owner_email as string,
      clientIds: Array.isArray(raw.owner_client_ids)
        ? (raw.owner_client_ids as string[])
        : platform.unmarshallArray(raw.owner_client_ids as string),
    },
    requests: raw.requests as number,
    refused: raw.refused as number,
  }));
}

/** Of `ids`, the tokens that can read the client, locked for the caller's transaction. */
export async function lockClientTokens(em: EntityManager, clientId: string, ids: readonly string[]) {
  return em.getConnection().execute<
    {
      id: string;
      user_id: string;
      client_ids: string[] | string | null;
      revoked_at: Date | null;
      owner_client_ids: string[] | string;
    }[]
  >(
    `select t.id, t.user_id, t.client_ids, t.revoked_at, u.client_ids as owner_client_ids
     from api_token t join app_user u on u.id = t.user_id
     where t.id = any(?::uuid[]) and ${READS_CLIENT} for update of t`,
    [uuidArray(ids), clientId, clientId],
    'all',
    em.getTransactionContext(),
  );
}

export async function revokeTokens(em: EntityManager, ids: readonly string[], now: Date): Promise<void> {
  await em
    .getConnection()
    .execute(
      'update api_token set revoked_at = ? where id = any(?::uuid[]) and revoked_at is null',
      [now, uuidArray(ids)],
      'run',
      em.getTransactionContext(),
    );
}

export async function setTokenClients(em: EntityManager, id: string, clientIds: readonly string[]): Promise<void> {
  await em
    .getConnection()
    .execute(
      'update api_token set client_ids = ?::uuid[] where id = ?',
      [uuidArray(clientIds), id],
      'run',
      em.getTransactionContext(),
    );
}

/** The client's token policy; null when it has none. */
export function readClientPolicy(em: EntityManager, clientId: string): Promise<ClientTokenPolicy | null> {
  return em.findOne(ClientTokenPolicyEntity, { client: clientId });
}

/** The policies of these clients (those that have one), as plain rows (no unit of work: loaders use it). */
export async function readClientPolicies(
  em: EntityManager,
  clientIds: readonly string[],
): Promise<ClientTokenPolicy[]> {
  if (clientIds.length === 0) return [];
  const policy = rowShape<ClientTokenPolicy>(em, ClientTokenPolicyEntity);
  const rows = await em
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select ${policy.columns()} from client_token_policy where client_id = any(?::uuid[])`,
      [uuidArray(clientIds)],
      'all',
      em.getTransactionContext(),
    );
  return rows.map((row) => policy.toRow(row));
}

export type PolicyRules = Pick<
  ClientTokenPolicy,
  'maxLifetimeDays' | 'endRequired' | 'allowedPages' | 'addressesRequired' | 'idleDays'
>;

/** Writes the client's policy (one row per client). */
export async function writeClientPolicy(
  em: EntityManager,
  clientId: string,
  rules: PolicyRules,
  now: Date,
  byUserId: string,
): Promise<void> {
  await em.upsert(ClientTokenPolicyEntity, { client: clientId, ...rules, updatedAt: now, updatedBy: byUserId });
}
