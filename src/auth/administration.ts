import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestMeta } from '../core/caller-input.js';
import { badUserInput, notFound } from '../core/errors.js';
import {
  type ClientTokenRow,
  decideApprovals,
  lockClientTokens,
  readClientPolicy,
  readClientTokens,
  revokeTokens,
  setTokenClients,
} from '../database/administration.js';
import { recordAudit } from '../database/audit.js';
import { ClientEntity } from '../database/entities.js';
import type { ClientTokenPolicy } from '../database/governance-entities.js';
import { addNotices, type NewNotice } from '../database/notices.js';
import { approvalBlock, type ClientBlock, policyBreaches } from './client-policy.js';
import { recipientOf } from './notices.js';
import { type Clock, intersect, type Principal } from './principal.js';
import { apiTokenStatus, endOf, type TokenPolicy } from './token-policy.js';

// What a client's administrators do with the tokens that read the client (docs/organisation.md). The GraphQL
// fields that call these are guarded by the `administers` scope of the same client; every statement here keeps to
// the tokens that can read it.

export const MAX_BULK_IDS = 100;
export const MAX_REASON_LENGTH = 500;
const _MAX_POLICY_DAYS = 3650;

export type ClientTokenStatus = 'ACTIVE' | 'PENDING' | 'EXPIRED' | 'REVOKED' | 'BLOCKED';

/** A token of the inventory: what its administrators may know of it, for the client it was read for. */
export type ClientToken = ClientTokenRow & {
  /** The token's id (what lists page by). */
  id: string;
  /** The administered client it was read for (the type's guard checks it again). */
  clientId: string;
  status: ClientTokenStatus;
  statusReason: string | null;
  block: ClientBlock | null;
  endsAt: Date | null;
  /** The clients the token reads now: its own (or all of the owner's) that the owner still has. */
  effectiveClientIds: string[];
};

export type AdministrationContext = { em: EntityManager; clock: Clock; policy: TokenPolicy; meta: RequestMeta };

/** Every token that can read the client, with its status under the operator's limits and the client's policy. */
export async function clientTokens(
  { em, clock, policy }: AdministrationContext,
  clientId: string,
): Promise<ClientToken[]> {
  const now = clock();
  const [rows, clientPolicy] = await Promise.all([readClientTokens(em, clientId, now), readClientPolicy(em, clientId)]);
  return rows.map((row) => inventoryToken(row, clientId, clientPolicy, now, policy));
}

function inventoryToken(
  row: ClientTokenRow,
  clientId: string,
  clientPolicy: ClientTokenPolicy | null,
  now: Date,
  policy: TokenPolicy,
): ClientToken {
  const { token, owner } = row;
  const base = apiTokenStatus(token, now, policy);
  const [breach = null] = base.status === 'ACTIVE' && clientPolicy ? policyBreaches(token, clientPolicy, now) : [];
  const block = breach ?? (base.status === 'ACTIVE' && row.approval ? approvalBlock(row.approval) : null);
  // A request that waits for a decision leaves the token PENDING for the client; a denied one blocks it.
  const status: ClientTokenStatus = !block
    ? base.status
    : block.rule === 'APPROVAL' && row.approval?.status === 'PENDING'
      ? 'PENDING'
      : 'BLOCKED';
  return {
    ...row,
    id: token.id,
    clientId,
    status,
    statusReason: block
      ? `${block.rule === 'APPROVAL' ? '' : "blocked by the client's token policy: "}${block.message}`
      : base.reason,
    block,
    endsAt: endOf(token, policy)?.at ?? null,
    effectiveClientIds: token.clientIds ? intersect(token.clientIds, owner.clientIds) : owner.clientIds,
  };
}

/** The ids of a bulk call, once each: 1 to MAX_BULK_IDS of them. */
function bulkIds(ids: readonly string[]): string[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0 || unique.length > MAX_BULK_IDS) {
    throw badUserInput(`Give 1 to ${MAX_BULK_IDS} token ids.`, 'ids');
  }
  return unique;
}

/** These tokens as the client's inventory shows them after a change, in the order asked. */
async function inventoryOf(context: AdministrationContext, clientId: string, ids: readonly string[]) {
  const inventory = await clientTokens(context, clientId);
  return ids.flatMap((id) => inventory.find((token) => token.token.id === id) ?? []);
}

function checkedReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_REASON_LENGTH) {
    throw badUserInput(`Give a reason of 1 to ${MAX_REASON_LENGTH} characters; the owners see it.`, 'reason');
  }
  return trimmed;
}

async function clientName(em: EntityManager, clientId: string): Promise<string> {
  return (await em.findOneOrFail(ClientEntity, { id: clientId })).name;
}

/**
 * Revokes tokens that read the client, all or none in one transaction: an id that is not a token of the client
 * fails the whole call (NOT_FOUND, as for a token that does not exist). Tokens revoked already stay as they were.
 */
export async function revokeClientTokens(
  context: AdministrationContext,
  admin: Principal,
  clientId: string,
  ids: readonly string[],
  reason: string,
): Promise<ClientToken[]> {
  const unique = bulkIds(ids);
  const why = checkedReason(reason);
  const { em, clock, meta } = context;
  const now = clock();
  await em.transactional(async (tx) => {
    const found = await lockClientTokens(tx, clientId, unique);
    if (found.length !== unique.length) throw notFound('API token');
    const live = found.filter((token) => !token.revoked_at);
    await revokeTokens(
      tx,
      live.map((token) => token.id),
      now,
    );
    const detail = `revoked by ${admin.user.name}, administrator of ${await clientName(tx, clientId)}: ${why}`;
    await addNotices(
      tx,
      live.map((token) => revokedNotice(token, detail)),
      now,
    );
    await recordAudit(
      tx,
      meta,
      now,
      live.map((token) => ({
        action: 'TOKEN_REVOKED' as const,
        actorUserId: token.user_id,
        tokenId: token.id,
        byUserId: admin.user.id,
        clientId,
        detail,
      })),
    );
  });
  return inventoryOf(context, clientId, unique);
}

/**
 * Approves or denies the client's pending requests of these tokens, all or none: a token without a pending request
 * for the client fails the whole call (NOT_FOUND). The owners see the decision, who made it and why.
 */
export async function decideTokenRequests(
  context: AdministrationContext,
  admin: Principal,
  clientId: string,
  ids: readonly string[],
  approve: boolean,
  reason: string,
): Promise<ClientToken[]> {
  const unique = bulkIds(ids);
  const why = checkedReason(reason);
  const { em, clock, meta } = context;
  const now = clock();
  await em.transactional(async (tx) => {
    const decided = await decideApprovals(tx, {
      clientId,
      tokenIds: unique,
      approve,
      by: admin.user.id,
      reason: why,
      now,
    });
    if (decided.length !== unique.length) throw notFound('Pending request');
    const name = await clientName(tx, clientId);
    const verb = approve ? 'approved' : 'denied';
    await addNotices(
      tx,
      decided.map((row) => ({
        kind: 'REQUEST_DECIDED' as const,
        dedupeKey: `decided:${row.token_id}:${clientId}`,
        tokenId: row.token_id,
        userId: row.user_id,
        clientId,
        subject: `API token "${row.label}": reading ${name} ${verb}`,
        body: `${admin.user.name}, administrator of ${name}, ${verb} your API token "${row.label}" reading ${name}: ${why}`,
      })),
      now,
    );
    await recordAudit(
      tx,
      meta,
      now,
      decided.map((row) => ({
        action: approve ? ('TOKEN_APPROVED' as const) : ('TOKEN_DENIED' as const),
        actorUserId: row.user_id,
        tokenId: row.token_id,
        byUserId: admin.user.id,
        clientId,
        detail: `reading ${name} ${verb} by ${admin.user.name}, its administrator: ${why}`,
      })),
    );
  });
  return inventoryOf(context, clientId, unique);
}

/** The notice to a token's owner (or a service token's administrators) that someone else revoked it. */
function revokedNotice(
  token: { id: string; label: string; user_id: string | null; owner_client_id: string | null },
  detail: string,
): NewNotice {
  return {
    kind: 'TOKEN_REVOKED',
    dedupeKey: `revoked:${token.id}`,
    tokenId: token.id,
    ...recipientOf(token),
    subject: `API token "${token.label}" was revoked`,
    body: `The API token "${token.label}" was ${detail}. Scripts that use it are refused from now on.`,
  };
}

const asIds = (value: string[] | string | null, em: EntityManager): string[] | null =>
  value === null ? null : Array.isArray(value) ? value : em.getPlatform().unmarshallArray(value);

/**
 * Stops one token reading the client; it keeps its other clients (a token for all of the owner's clients becomes
 * one for the owner's other clients of today). A token left with no client is revoked.
 */
export async function removeClientFromToken(
  context: AdministrationContext,
  admin: Principal,
  clientId: string,
  id: string,
  reason: string,
): Promise<ClientToken | null> {
  const why = checkedReason(reason);
  const { em, clock, meta } = context;
  const now = clock();
  await em.transactional(async (tx) => {
    const [found] = await lockClientTokens(tx, clientId, [id]);
    if (!found) throw notFound('API token');
    if (found.revoked_at) return;
    const ownerClients = asIds(found.owner_client_ids, tx) ?? [];
    const remaining = (asIds(found.client_ids, tx) ?? ownerClients).filter((other) => other !== clientId);
    const name = await clientName(tx, clientId);
    const event = { actorUserId: found.user_id, tokenId: found.id, byUserId: admin.user.id, clientId };
    if (intersect(remaining, ownerClients).length === 0) {
      await revokeTokens(tx, [found.id], now);
      const detail = `revoked by ${admin.user.name}, administrator of ${name} (its only client): ${why}`;
      await addNotices(tx, [revokedNotice(found, detail)], now);
      await recordAudit(tx, meta, now, { ...event, action: 'TOKEN_REVOKED', detail });
      return;
    }
    await setTokenClients(tx, found.id, remaining);
    const detail = `${name} removed by ${admin.user.name}, its administrator: ${why}`;
    await recordAudit(tx, meta, now, { ...event, action: 'TOKEN_CLIENT_REMOVED', detail });
  });
  // The token no longer reads the client unless it was revoked: then it is still in the inventory, as REVOKED.
  const inventory = await clientTokens(context, clientId);
  return inventory.find((token) => token.token.id === id) ?? null;
}
