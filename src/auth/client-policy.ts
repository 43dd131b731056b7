import type { ApiToken, ClientTokenPolicy } from '../database/entities.js';

// A client's rules for the tokens that read it (docs/organisation.md). A token that breaks one is blocked for that
// client only, at every request, and works again when the rule is relaxed; creation refuses what a rule forbids.

const DAY_MS = 86_400_000;

export const POLICY_RULES = [
  'MAX_LIFETIME',
  'END_REQUIRED',
  'ALLOWED_PAGES',
  'ADDRESSES_REQUIRED',
  'IDLE_LIMIT',
] as const;
export type PolicyRule = (typeof POLICY_RULES)[number];

/** Why a token is held back for one client. */
export type ClientBlock = { rule: PolicyRule; message: string };

/** What the rules read of a token (a stored one, or one about to be created). */
export type PolicyTokenFacts = Pick<ApiToken, 'pages' | 'expiresAt' | 'createdAt' | 'allowedIps'> &
  Partial<Pick<ApiToken, 'lastUsedAt' | 'rotatedAt'>>;

/** The rules of `policy` that the token breaks now, in a fixed order (the first is the one a refusal names). */
export function policyBreaches(
  token: PolicyTokenFacts,
  policy: Omit<ClientTokenPolicy, 'client' | 'updatedAt' | 'updatedBy'>,
  now: Date,
): ClientBlock[] {
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
): Map<string, ClientBlock> {
  const byClient = new Map(policies.map((policy) => [policy.client.id, policy]));
  const blocked = new Map<string, ClientBlock>();
  for (const clientId of clientIds) {
    const policy = byClient.get(clientId);
    const [first] = policy ? policyBreaches(token, policy, now) : [];
    if (first) blocked.set(clientId, first);
  }
  return blocked;
}
