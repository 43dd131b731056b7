import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type ApiToken, ApiTokenEntity } from '../database/entities.js';
import { badUserInput, forbidden, notFound } from '../errors.js';
import { isUuid } from '../ids.js';
import { PAGES } from '../pages.js';
import type { Clock, Principal } from './principal.js';
import { generateSecret, hashSecret, secretHint } from './secrets.js';

export const MAX_LABEL_LENGTH = 100;

export type CreateApiTokenInput = {
  label: string;
  pages: readonly string[];
  clientIds?: readonly string[] | null;
  expiresAt?: Date | null;
};

export type ApiTokenStatus = 'ACTIVE' | 'EXPIRED' | 'REVOKED';

export function apiTokenStatus(token: ApiToken, now: Date): ApiTokenStatus {
  if (token.revokedAt) return 'REVOKED';
  if (token.expiresAt && token.expiresAt <= now) return 'EXPIRED';
  return 'ACTIVE';
}

/**
 * Creates a token for a logged-in user, capped at the user's rights as of this request. Returns the secret,
 * which exists only in this answer: the database keeps its hash.
 */
export async function createApiToken(
  em: EntityManager,
  user: Principal,
  input: CreateApiTokenInput,
  clock: Clock,
): Promise<{ secret: string; token: ApiToken }> {
  const now = clock();
  const label = input.label.trim();
  if (label.length === 0 || label.length > MAX_LABEL_LENGTH) {
    throw badUserInput(`The label must be 1 to ${MAX_LABEL_LENGTH} characters long.`, 'label');
  }
  if (/\p{Cc}/u.test(label)) throw badUserInput('The label may not contain control characters.', 'label');
  const pages = PAGES.filter((page) => input.pages.includes(page));
  if (pages.length === 0) throw badUserInput('Choose at least one page.', 'pages');
  const clientIds = input.clientIds ? [...new Set(input.clientIds)] : null;
  if (clientIds?.length === 0) {
    throw badUserInput('Choose at least one client, or leave clients out for all of yours.', 'clientIds');
  }
  if (input.expiresAt && input.expiresAt <= now) throw badUserInput('The end date must be in the future.', 'expiresAt');

  const missingPages = pages.filter((page) => !user.pages.has(page));
  if (missingPages.length > 0) {
    throw forbidden(`You cannot grant pages you do not have: ${missingPages.join(', ')}.`, {
      requiredPage: missingPages[0],
    });
  }
  const missingClients = (clientIds ?? []).filter((id) => !user.clientIds.has(id));
  if (missingClients.length > 0) {
    throw forbidden(`You cannot grant clients you do not have: ${missingClients.join(', ')}.`, {
      clientId: missingClients[0],
    });
  }

  const secret = generateSecret('apiToken');
  const token = em.create(ApiTokenEntity, {
    id: randomUUID(),
    user: user.user.id,
    label,
    secretHash: hashSecret(secret),
    hint: secretHint(secret),
    pages,
    clientIds,
    expiresAt: input.expiresAt ?? null,
    createdAt: now,
  });
  await em.flush();
  return { secret, token };
}

export function listApiTokens(em: EntityManager, user: Principal, includeRevoked: boolean): Promise<ApiToken[]> {
  return em.find(
    ApiTokenEntity,
    { user: user.user.id, ...(includeRevoked ? {} : { revokedAt: null }) },
    { orderBy: { createdAt: 'desc', id: 'desc' } },
  );
}

/** Revokes one of the user's own tokens; someone else's, or an unknown id, is NOT_FOUND alike. Idempotent. */
export async function revokeApiToken(em: EntityManager, user: Principal, id: string, clock: Clock): Promise<ApiToken> {
  const token = isUuid(id) ? await em.findOne(ApiTokenEntity, { id, user: user.user.id }) : null;
  if (!token) throw notFound('API token');
  if (!token.revokedAt) {
    token.revokedAt = clock();
    await em.flush();
  }
  return token;
}
