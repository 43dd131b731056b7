import type { EntityManager } from '@mikro-orm/postgresql';
import { type ApiToken, ApiTokenEntity } from './entities.js';
import { type ApiTokenApproval, type ClientTokenPolicy, ClientTokenPolicyEntity } from './governance-entities.js';
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
  /** The token's request to read this client, if the client's policy wanted one when it was made. */
  approval: TokenApprovalRow | null;
  /** Who made a service token. */
  createdBy: { name: string; email: string } | null;
};

export type TokenApprovalRow = {
  clientId: string;
  status: ApiTokenApproval['status'];
  requestedAt: Date;
  decidedAt: Date | null;
  decidedBy: { name: string; email: string } | null;
  reason: string | null;
};

const APPROVAL_JSON = `json_build_object('clientId', a.client_id, 'status', a.status, 'requestedAt', a.requested_at,
  'decidedAt', a.decided_at, 'reason', a.reason,
  'decidedBy', case when d.id is null then null else json_build_object('name', d.name, 'email', d.email) end)`;

function approvalOf(raw: unknown): TokenApprovalRow | null {
  if (!raw) return null;
  const row = raw as TokenApprovalRow & { requestedAt: string; decidedAt: string | null };
  return { ...row, requestedAt: new Date(row.requestedAt), decidedAt: row.decidedAt ? new Date(row.decidedAt) : null };
}

/** The token reads the client: a service token of the client, or a person's that grants it while they have it. */
const READS_CLIENT = `(t.owner_client_id = ? or (u.client_ids @> array[?]::uuid[]
  and (t.client_ids is null or t.client_ids @> array[?]::uuid[])))`;
/** A token's owner: its person, or for a service token its client (as the inventory shows it). */
const OWNER = `coalesce(u.id, o.id) as owner_id, coalesce(u.name, o.name) as owner_name, coalesce(u.email, '') as owner_email,
  coalesce(u.client_ids, array[o.id]) as owner_client_ids`;
const OWNERS = `left join app_user u on u.id = t.user_id left join client o on o.id = t.owner_client_id
  left join app_user cb on cb.id = t.created_by_id`;

/** Every token that can read the client (revoked and expired ones too: the inventory filters by status). */
export async function readClientTokens(em: EntityManager, clientId: string, now: Date): Promise<ClientTokenRow[]> {
  const token = rowShape<ApiToken>(em, ApiTokenEntity);
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(
    `select ${token.columns('t', 't__')}, ${OWNER}, cb.name as created_by_name, cb.email as created_by_email,
       coalesce(g.requests, 0)::int as requests, coalesce(g.refused, 0)::int as refused,
       (select ${APPROVAL_JSON} from api_token_approval a left join app_user d on d.id = a.decided_by_id
        where a.token_id = t.id and a.client_id = ?) as approval
     from api_token t ${OWNERS}
     left join lateral (select sum(requests) as requests, sum(refused) as refused from api_token_usage g
       where g.token_id = t.id and g.day > (?::date - 30)) g on true
     where ${READS_CLIENT}`,
    [clientId, now.toISOString().slice(0, 10), clientId, clientId, clientId],
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
    approval: approvalOf(raw.approval),
    createdBy: raw.created_by_name
      ? { name: raw.created_by_name as string, email: raw.created_by_email as string }
      : null,
  }));
}

/** A token's requests to read clients, with their decisions (the owner's view). */
export async function readTokenApprovals(em: EntityManager, tokenIds: readonly string[]) {
  const rows = await em.getConnection().execute<{ token_id: string; approval: unknown }[]>(
    `select a.token_id, ${APPROVAL_JSON} as approval from api_token_approval a
       left join app_user d on d.id = a.decided_by_id where a.token_id = any(?::uuid[]) order by a.requested_at, a.client_id`,
    [uuidArray(tokenIds)],
    'all',
    em.getTransactionContext(),
  );
  return rows.map((row) => ({ tokenId: row.token_id, approval: approvalOf(row.approval) as TokenApprovalRow }));
}

/** Requests approval of a new token to read these clients (in the caller's transaction). */
export async function requestApprovals(em: EntityManager, tokenId: string, clientIds: readonly string[], now: Date) {
  if (clientIds.length === 0) return;
  await em.getConnection().execute(
    `insert into api_token_approval (token_id, client_id, status, requested_at)
     select ?, id, 'PENDING', ? from unnest(?::uuid[]) as id`,
    [tokenId, now, uuidArray(clientIds)],
    'run',
    em.getTransactionContext(),
  );
}

/** Decides the client's pending requests of these tokens; answers the tokens and owners decided. */
export async function decideApprovals(
  em: EntityManager,
  decision: { clientId: string; tokenIds: readonly string[]; approve: boolean; by: string; reason: string; now: Date },
) {
  return em.getConnection().execute<{ token_id: string; user_id: string | null; label: string }[]>(
    `update api_token_approval a set status = ?, decided_at = ?, decided_by_id = ?, reason = ?
     from api_token t where t.id = a.token_id and a.client_id = ? and a.token_id = any(?::uuid[]) and a.status = 'PENDING'
     returning a.token_id, t.user_id, t.label`,
    [
      decision.approve ? 'APPROVED' : 'DENIED',
      decision.now,
      decision.by,
      decision.reason,
      decision.clientId,
      uuidArray(decision.tokenIds),
    ],
    'all',
    em.getTransactionContext(),
  );
}

/** Of `ids`, the tokens that can read the client, locked for the caller's transaction. */
export async function lockClientTokens(em: EntityManager, clientId: string, ids: readonly string[]) {
  return em.getConnection().execute<
    {
      id: string;
      label: string;
      user_id: string | null;
      owner_client_id: string | null;
      client_ids: string[] | string | null;
      revoked_at: Date | null;
      owner_client_ids: string[] | string;
    }[]
  >(
    `select t.id, t.label, t.user_id, t.owner_client_id, t.client_ids, t.revoked_at,
       coalesce(u.client_ids, array[t.owner_client_id]) as owner_client_ids
     from api_token t left join app_user u on u.id = t.user_id
     where t.id = any(?::uuid[]) and ${READS_CLIENT} for update of t`,
    [uuidArray(ids), clientId, clientId, clientId],
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
  | 'maxLifetimeDays'
  | 'endRequired'
  | 'allowedPages'
  | 'addressesRequired'
  | 'idleDays'
  | 'approval'
  | 'approvalAboveDays'
  | 'approvalAllClients'
  | 'approvalUsersPage'
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

/** Live tokens with what their end depends on, for the notices of tokens about to end. */
export function readLiveTokens(em: EntityManager) {
  const token = rowShape<ApiToken>(em, ApiTokenEntity);
  return em
    .getConnection()
    .execute<Record<string, unknown>[]>(`select ${token.columns()} from api_token where revoked_at is null`)
    .then((rows) => rows.map((row) => token.toRow(row)));
}
