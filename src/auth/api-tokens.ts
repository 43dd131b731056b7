import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestMeta } from '../core/caller-input.js';
import { quoted } from '../core/caller-input.js';
import { badUserInput, badUserInputs, forbidden, notFound } from '../core/errors.js';
import { PAGES } from '../core/pages.js';
import { type Problem, TOKEN_FIELDS, tokenFormProblems } from '../core/token-rules.js';
import { readClientPolicies, requestApprovals } from '../database/administration.js';
import { recordAudit } from '../database/audit.js';
import { type ApiToken, ApiTokenEntity } from '../database/entities.js';
import type { ClientTokenPolicy } from '../database/governance-entities.js';
import { addNotices } from '../database/notices.js';
import { canonicalAllowedAddress } from './addresses.js';
import { needsApproval, type PolicyTokenFacts, policyBreaches } from './client-policy.js';
import { approvalRequestedNotices } from './notices.js';
import { auditOwnerOf, type Clock, type Principal } from './principal.js';
import { generateSecret, hashSecret, isWellFormedSecret, secretHint } from './secrets.js';
import type { TokenPolicy } from './token-policy.js';

export { MAX_LABEL_LENGTH } from '../core/token-rules.js';

const MAX_ALLOWED_IPS = 50;
export const MAX_LEAKED_SECRETS = 100;

export type CreateApiTokenInput = {
  label: string;
  pages: readonly string[];
  clientIds?: readonly string[] | null;
  expiresAt?: Date | null;
  notBefore?: Date | null;
  allowedIps?: readonly string[] | null;
};

/** What every token operation needs from its request. */
type TokenContext = { em: EntityManager; clock: Clock; policy: TokenPolicy; meta: RequestMeta };

/**
 * Creates a token for a logged-in user, capped at the user's rights as of this request. Returns the secret,
 * which exists only in this answer: the database keeps its hash.
 */
export async function createApiToken(
  { em, clock, policy, meta }: TokenContext,
  user: Principal,
  input: CreateApiTokenInput,
  /** A service token of this client (docs/organisation.md), made by `user`, one of its administrators. */
  service?: { clientId: string },
): Promise<{ secret: string; token: ApiToken }> {
  const now = clock();
  const label = input.label.trim();
  const pages = PAGES.filter((page) => input.pages.includes(page));
  const clientIds = service ? [service.clientId] : input.clientIds ? [...new Set(input.clientIds)] : null;
  const checkedIps = input.allowedIps ? checkAllowedIps(input.allowedIps) : { value: null, problems: [] };
  // Every problem of the form at once (the page shows each beside its field), from the rules the page shares.
  const problems = [
    ...tokenFormProblems({ ...input, pages }, now, policy.maxLifetimeDays),
    ...checkedIps.problems,
  ].sort((a, b) => TOKEN_FIELDS.indexOf(a.field) - TOKEN_FIELDS.indexOf(b.field));
  if (problems.length > 0) throw badUserInputs(problems);
  const allowedIps = checkedIps.value;

  const missingPages = pages.filter((page) => !user.pages.has(page));
  if (missingPages.length > 0) {
    throw forbidden(`You cannot grant pages you do not have: ${missingPages.join(', ')}.`, {
      requiredPage: missingPages[0],
    });
  }
  const missingClients = (clientIds ?? []).filter((id) => !user.clientIds.has(id));
  if (missingClients.length > 0) {
    const more = missingClients.length > 3 ? ` and ${missingClients.length - 3} more` : '';
    throw forbidden(`You cannot grant clients you do not have: ${missingClients.slice(0, 3).join(', ')}${more}.`, {
      clientId: missingClients[0],
    });
  }

  const draft = { pages, expiresAt: input.expiresAt ?? null, createdAt: now, allowedIps };
  const policies = await checkClientPolicies(em, draft, [...(clientIds ?? user.clientIds)]);
  // Clients whose policy wants an administrator's approval of this token: it waits for it there (PENDING).
  // (Not for a service token: an administrator of its client made it.)
  const awaiting = service
    ? []
    : policies.filter((policy) => needsApproval(draft, policy, clientIds === null)).map((policy) => policy.client.id);

  const secret = generateSecret('apiToken');
  // The token and its TOKEN_CREATED event are committed together, or neither.
  const token = await em.transactional(async (tx) => {
    const created = tx.create(ApiTokenEntity, {
      id: randomUUID(),
      user: service ? null : user.user.id,
      ownerClient: service?.clientId ?? null,
      createdBy: service ? user.user.id : null,
      label,
      secretHash: hashSecret(secret),
      hint: secretHint(secret),
      pages,
      clientIds,
      expiresAt: input.expiresAt ?? null,
      notBefore: input.notBefore ?? null,
      allowedIps,
      createdAt: now,
    });
    await tx.flush();
    await requestApprovals(tx, created.id, awaiting, now);
    const clientsAwaiting = awaiting.map((id) => user.knownClients.find((c) => c.id === id) ?? { id, name: id });
    await addNotices(tx, approvalRequestedNotices(created, user.user.name, clientsAwaiting), now);
    await recordAudit(tx, meta, now, {
      action: 'TOKEN_CREATED',
      ...(service
        ? { actorUserId: null, clientId: service.clientId, byUserId: user.user.id }
        : { actorUserId: user.user.id }),
      tokenId: created.id,
      detail: label,
    });
    return created;
  });
  return { secret, token };
}

/**
 * FORBIDDEN naming the client and the rule when a policy of a client the token would read forbids it; else the
 * policies of those clients.
 */
async function checkClientPolicies(
  em: EntityManager,
  draft: PolicyTokenFacts,
  clientIds: string[],
): Promise<ClientTokenPolicy[]> {
  const policies = await readClientPolicies(em, clientIds);
  for (const policy of policies) {
    const [breach] = policyBreaches(draft, policy, draft.createdAt);
    if (breach) {
      throw forbidden(
        `The token policy of client ${policy.client.id} forbids this token: ${breach.message}. Change the token, or leave that client out.`,
        { clientId: policy.client.id, policy: breach.rule },
      );
    }
  }
  return policies;
}

/** The allow-list in canonical form, or its problems (each entry's). */
function checkAllowedIps(entries: readonly string[]): { value: string[] | null; problems: Problem[] } {
  if (entries.length === 0 || entries.length > MAX_ALLOWED_IPS) {
    const message = `Give 1 to ${MAX_ALLOWED_IPS} addresses or ranges, or leave the allow-list out for any address.`;
    return { value: null, problems: [{ field: 'allowedIps', message }] };
  }
  const canonical: string[] = [];
  const problems: Problem[] = [];
  for (const entry of entries) {
    const result = canonicalAllowedAddress(entry);
    if ('problem' in result) {
      problems.push({ field: 'allowedIps', message: `Allowed address ${quoted(entry)}: ${result.problem}.` });
    } else canonical.push(result.value);
  }
  return { value: [...new Set(canonical)], problems };
}

export function listApiTokens(em: EntityManager, user: Principal, includeRevoked: boolean): Promise<ApiToken[]> {
  return em.find(
    ApiTokenEntity,
    { user: user.user.id, ...(includeRevoked ? {} : { revokedAt: null }) },
    { orderBy: { createdAt: 'desc', id: 'desc' } },
  );
}

/** A service token of the client; any other id is NOT_FOUND. */
async function serviceToken(em: EntityManager, clientId: string, id: string): Promise<ApiToken> {
  const token = await em.findOne(ApiTokenEntity, { id, ownerClient: clientId });
  if (!token) throw notFound('Service token');
  return token;
}

/** One of the user's own tokens; someone else's, or an unknown id, is NOT_FOUND alike. */
async function ownToken(em: EntityManager, user: Principal, id: string): Promise<ApiToken> {
  const token = await em.findOne(ApiTokenEntity, { id, user: user.user.id });
  if (!token) throw notFound('API token');
  return token;
}

/** Revokes one of the user's own tokens, with its TOKEN_REVOKED event in the same transaction. Idempotent. */
export function revokeApiToken({ em, clock, meta }: TokenContext, user: Principal, id: string) {
  return em.transactional(async (tx) => {
    const token = await ownToken(tx, user, id);
    if (token.revokedAt) return token;
    token.revokedAt = clock();
    await tx.flush();
    await recordAudit(tx, meta, token.revokedAt, {
      action: 'TOKEN_REVOKED',
      actorUserId: user.user.id,
      tokenId: token.id,
    });
    return token;
  });
}

/**
 * Gives one of the user's own tokens a new secret, keeping its id, label, rights and dates; the old secret is
 * refused from the next request on. The lifetime limit still counts from the token's creation.
 */
export function rotateApiToken(
  { em, clock, meta }: TokenContext,
  user: Principal,
  id: string,
  /** A service token of this client, rotated by `user`, one of its administrators. */
  service?: { clientId: string },
) {
  return em.transactional(async (tx) => {
    const token = service ? await serviceToken(tx, service.clientId, id) : await ownToken(tx, user, id);
    if (token.revokedAt) throw badUserInput('A revoked token cannot be rotated; create a new one.', 'id');
    const secret = generateSecret('apiToken');
    const now = clock();
    token.secretHash = hashSecret(secret);
    token.hint = secretHint(secret);
    token.rotatedAt = now;
    await tx.flush();
    const actor = service
      ? { actorUserId: null, clientId: service.clientId, byUserId: user.user.id }
      : { actorUserId: user.user.id };
    await recordAudit(tx, meta, now, { action: 'TOKEN_ROTATED', ...actor, tokenId: token.id });
    return { secret, token };
  });
}

/**
 * Revokes every valid token among `secrets`, whoever owns it: whoever holds a leaked secret may kill it. Answers
 * only how many were revoked, never which or whose.
 */
export async function revokeLeakedTokens({ em, clock, meta }: TokenContext, secrets: readonly string[]) {
  if (secrets.length === 0 || secrets.length > MAX_LEAKED_SECRETS) {
    throw badUserInput(`Give 1 to ${MAX_LEAKED_SECRETS} secrets.`, 'secrets');
  }
  const hashes = [...new Set(secrets.filter((secret) => isWellFormedSecret('apiToken', secret)).map(hashSecret))];
  if (hashes.length === 0) return 0;
  const now = clock();
  return em.transactional(async (tx) => {
    const tokens = await tx.find(ApiTokenEntity, { secretHash: { $in: hashes }, revokedAt: null });
    for (const token of tokens) token.revokedAt = now;
    await tx.flush();
    await recordAudit(
      tx,
      meta,
      now,
      tokens.map((token) => ({
        action: 'TOKEN_REVOKED' as const,
        ...auditOwnerOf(token),
        tokenId: token.id,
        detail: 'reported as leaked',
      })),
    );
    return tokens.length;
  });
}
