import { badUserInput } from '../core/errors.js';
import { PAGES, type Page } from '../core/pages.js';
import { type PolicyRules, readClientPolicy, writeClientPolicy } from '../database/administration.js';
import { recordAudit } from '../database/audit.js';
import type { ApiToken } from '../database/entities.js';
import type { ApiTokenApproval, ClientTokenPolicy } from '../database/governance-entities.js';
import { addNotices } from '../database/notices.js';
import { type AdministrationContext, clientTokens } from './administration.js';
import { recipientOf } from './notices.js';
import type { Principal } from './principal.js';

// A client's rules for the tokens that read it (docs/organisation.md). A token that breaks one is blocked for that
// client only, at every request, and works again when the rule is relaxed; creation refuses what a rule forbids.

const DAY_MS = 86_400_000;
const MAX_POLICY_DAYS = 3650;

export const POLICY_RULES = [
  'MAX_LIFETIME',
  'END_REQUIRED',
  'ALLOWED_PAGES',
  'ADDRESSES_REQUIRED',
  'IDLE_LIMIT',
  /** Not a rule a token breaks: its request to read the client waits for a decision, or was denied. */
  'APPROVAL',
] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];

/** Why a token is held back for one client. */
export type ClientBlock = { rule: PolicyRule; message: string };

/** What the rules read of a token (a stored one, or one about to be created). */
export type PolicyTokenFacts = Pick<ApiToken, 'pages' | 'expiresAt' | 'createdAt' | 'allowedIps'> &
  Partial<Pick<ApiToken, 'lastUsedAt' | 'rotatedAt'>>;

type PolicyRulesOf = Omit<ClientTokenPolicy, 'client' | 'updatedAt' | 'updatedBy'>;

/** Whether a new token needs an administrator's approval to read a client with this policy. */
export function needsApproval(token: PolicyTokenFacts, policy: PolicyRulesOf, allClients: boolean): boolean {
  if (policy.approval === 'ALWAYS') return true;
  if (policy.approval !== 'ABOVE_THRESHOLD') return false;
  const days = policy.approvalAboveDays ?? null;
  const long =
    days !== null && (!token.expiresAt || token.expiresAt.getTime() - token.createdAt.getTime() > days * DAY_MS);
  return (
    long || (policy.approvalAllClients && allClients) || (policy.approvalUsersPage && token.pages.includes('USERS'))
  );
}

/** The block of a client whose approval the token waits for, or that was denied. */
export function approvalBlock(approval: Pick<ApiTokenApproval, 'status' | 'reason'>): ClientBlock | null {
  if (approval.status === 'APPROVED') return null;
  return approval.status === 'PENDING'
    ? { rule: 'APPROVAL', message: "it waits for the approval of the client's administrators" }
    : {
        rule: 'APPROVAL',
        message: `the client's administrators denied it${approval.reason ? `: ${approval.reason}` : ''}`,
      };
}

/** The rules of `policy` that the token breaks now, in a fixed order (the first is the one a refusal names). */
export function policyBreaches(token: PolicyTokenFacts, policy: PolicyRulesOf, now: Date): ClientBlock[] {
  const breaches: ClientBlock[] = [];
  const { maxLifetimeDays, idleDays } = policy;
  if (policy.endRequired && !token.expiresAt) {
    breaches.push({ rule: 'END_REQUIRED', message: 'tokens reading this client must have an end date' });
  }
  if (
    maxLifetimeDays &&
    (!token.expiresAt || token.expiresAt.getTime() - token.createdAt.getTime() > maxLifetimeDays * DAY_MS)
  ) {
    breaches.push({
      rule: 'MAX_LIFETIME',
      message: `tokens reading this client must end within ${maxLifetimeDays} days of their creation`,
    });
  }
  const outside = policy.allowedPages ? token.pages.filter((page) => !policy.allowedPages?.includes(page)) : [];
  if (outside.length > 0) {
    breaches.push({
      rule: 'ALLOWED_PAGES',
      message: `tokens reading this client may hold only pages ${(policy.allowedPages ?? []).join(', ') || '(none)'}, not ${outside.join(', ')}`,
    });
  }
  if (policy.addressesRequired && !token.allowedIps) {
    breaches.push({ rule: 'ADDRESSES_REQUIRED', message: 'tokens reading this client must have allowed addresses' });
  }
  if (idleDays) {
    const lastActive = Math.max(
      token.createdAt.getTime(),
      token.lastUsedAt?.getTime() ?? 0,
      token.rotatedAt?.getTime() ?? 0,
    );
    if (lastActive + idleDays * DAY_MS <= now.getTime()) {
      breaches.push({
        rule: 'IDLE_LIMIT',
        message: `tokens reading this client are blocked after ${idleDays} idle days`,
      });
    }
  }
  return breaches;
}

/** Per client of `clientIds`: the first rule of its policy the token breaks. Clients without a breach are left out. */
export function blockedClientsOf(
  token: PolicyTokenFacts,
  clientIds: Iterable<string>,
  policies: readonly ClientTokenPolicy[],
  now: Date,
  approvals: readonly Pick<ApiTokenApproval, 'client' | 'status' | 'reason'>[] = [],
): Map<string, ClientBlock> {
  const byClient = new Map(policies.map((policy) => [policy.client.id, policy]));
  const approvalOf = new Map(approvals.map((approval) => [approval.client.id, approval]));
  const blocked = new Map<string, ClientBlock>();
  for (const clientId of clientIds) {
    const policy = byClient.get(clientId);
    const approval = approvalOf.get(clientId);
    const first =
      (policy ? policyBreaches(token, policy, now)[0] : undefined) ?? (approval ? approvalBlock(approval) : null);
    if (first) blocked.set(clientId, first);
  }
  return blocked;
}

export type PolicyInput = {
  maxLifetimeDays?: number | null;
  endRequired?: boolean | null;
  allowedPages?: readonly string[] | null;
  addressesRequired?: boolean | null;
  idleDays?: number | null;
  approval?: ClientTokenPolicy['approval'] | null;
  approvalAboveDays?: number | null;
  approvalAllClients?: boolean | null;
  approvalUsersPage?: boolean | null;
};

function days(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > MAX_POLICY_DAYS) {
    throw badUserInput(`"${field}" must be between 1 and ${MAX_POLICY_DAYS} days, or null for no limit.`, field);
  }
  return value;
}

/** Replaces the client's token policy; tokens that break it are blocked for the client from the next request. */
export async function setClientPolicy(
  context: AdministrationContext,
  admin: Principal,
  clientId: string,
  input: PolicyInput,
): Promise<ClientTokenPolicy> {
  const rules: PolicyRules = {
    maxLifetimeDays: days(input.maxLifetimeDays, 'maxLifetimeDays'),
    endRequired: input.endRequired ?? false,
    allowedPages: input.allowedPages ? PAGES.filter((page: Page) => input.allowedPages?.includes(page)) : null,
    addressesRequired: input.addressesRequired ?? false,
    idleDays: days(input.idleDays, 'idleDays'),
    approval: input.approval ?? 'NEVER',
    approvalAboveDays: days(input.approvalAboveDays, 'approvalAboveDays'),
    approvalAllClients: input.approvalAllClients ?? false,
    approvalUsersPage: input.approvalUsersPage ?? false,
  };
  if (
    rules.approval === 'ABOVE_THRESHOLD' &&
    rules.approvalAboveDays === null &&
    !rules.approvalAllClients &&
    !rules.approvalUsersPage
  ) {
    throw badUserInput(
      'ABOVE_THRESHOLD needs a threshold: approvalAboveDays, approvalAllClients or approvalUsersPage.',
      'approval',
    );
  }
  const { em, clock, meta } = context;
  const now = clock();
  const blockedBefore = await blockedTokenIds(context, clientId);
  await em.transactional(async (tx) => {
    await writeClientPolicy(tx, clientId, rules, now, admin.user.id);
    await recordAudit(tx, meta, now, {
      action: 'POLICY_CHANGED',
      actorUserId: admin.user.id,
      byUserId: admin.user.id,
      clientId,
      detail: describePolicy(rules),
    });
  });
  // A notice to the owner of each token that the new policy blocks (and did not before).
  const newlyBlocked = (await clientTokens(context, clientId)).filter(
    (row) => row.status === 'BLOCKED' && row.block?.rule !== 'APPROVAL' && !blockedBefore.has(row.token.id),
  );
  await addNotices(
    em,
    newlyBlocked.map(({ token, block }) => ({
      kind: 'TOKEN_BLOCKED' as const,
      dedupeKey: `blocked:${token.id}:${clientId}:${block?.rule}:${now.toISOString()}`,
      tokenId: token.id,
      ...recipientOf({ user_id: token.user?.id, owner_client_id: token.ownerClient?.id }),
      subject: `API token "${token.label}" is blocked for a client`,
      body: `The token policy of a client that your API token "${token.label}" reads now blocks it there: ${block?.message}. It reads nothing of that client until the token or the policy changes; its other clients are not affected.`,
    })),
    now,
  );
  return (await readClientPolicy(em.fork(), clientId)) as ClientTokenPolicy;
}

async function blockedTokenIds(context: AdministrationContext, clientId: string): Promise<Set<string>> {
  const rows = await clientTokens(context, clientId);
  return new Set(rows.filter((row) => row.status === 'BLOCKED').map((row) => row.token.id));
}

/** The rules in words, for the audit log. */
export function describePolicy(rules: PolicyRules): string {
  const parts = [
    rules.maxLifetimeDays ? `lifetime at most ${rules.maxLifetimeDays} days` : null,
    rules.endRequired ? 'end date required' : null,
    rules.allowedPages ? `pages ${rules.allowedPages.join(', ') || '(none)'}` : null,
    rules.addressesRequired ? 'allowed addresses required' : null,
    rules.idleDays ? `blocked after ${rules.idleDays} idle days` : null,
    rules.approval !== 'NEVER' ? `approval ${rules.approval.toLowerCase().replaceAll('_', ' ')}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? `token policy: ${parts.join('; ')}` : 'token policy: no rules';
}
