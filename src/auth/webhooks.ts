import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import ipaddr from 'ipaddr.js';
import { badUserInput, notFound } from '../core/errors.js';
import { isUuid } from '../core/ids.js';
import { readCredential } from '../database/credentials.js';
import { ClientEntity, UserEntity } from '../database/entities.js';
import { type WEBHOOK_EVENT_TYPES, type WebhookEndpoint, WebhookEndpointEntity } from '../database/webhook-entities.js';
import { rotateSecret } from '../database/webhooks.js';
import { apiTokenPrincipal, type Clock, type Principal, userPrincipal } from './principal.js';
import { apiTokenStatus, effectiveEndOf, type TokenPolicy } from './token-policy.js';

// Webhook endpoints (docs/changes.md): made by a user (with a session) or an API token, which owns it; and the
// owner's rights at the moment of a delivery, read like a request's (pages and clients now, the token's status).

/** A rotated secret keeps signing beside the new one this long, so receivers can switch without a gap. */
export const SECRET_OVERLAP_MS = 24 * 3_600_000;
const MAX_ENDPOINTS_PER_OWNER = 20;
const MAX_URL_LENGTH = 2_000;
/** What an event needs of the endpoint's maker: run events the RUNS page; a waiting request administration. */
const NEED_OF_EVENT: Record<(typeof WEBHOOK_EVENT_TYPES)[number], 'RUNS' | 'ADMINISTRATION' | null> = {
  'run.started': 'RUNS',
  'run.succeeded': 'RUNS',
  'run.failed': 'RUNS',
  'token.expiring': null,
  'token.blocked': null,
  'token.revoked': null,
  'token.approval_requested': 'ADMINISTRATION',
  'token.approval_decided': null,
};

export type WebhookSettings = { allowHttpLoopback: boolean };

export const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

/** Who owns what the caller makes: the token in use, or the logged-in user. */
const ownerOf = (caller: Principal): { user: string | null; token: string | null } =>
  caller.kind === 'API_TOKEN'
    ? { user: null, token: caller.apiTokenId ?? null }
    : { user: caller.user.id, token: null };

/** Whether a host is a loopback name or address (the only place plain http may go, when allowed). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost') return true;
  return ipaddr.isValid(bare) && ipaddr.process(bare).range() === 'loopback';
}

/** The URL as given, or BAD_USER_INPUT: https, or http to loopback where allowed; no credentials in it. */
export function checkedUrl(text: string, settings: WebhookSettings): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badUserInput('"url" is not a URL.', 'url');
  }
  if (text.length > MAX_URL_LENGTH) throw badUserInput(`"url" is longer than ${MAX_URL_LENGTH} characters.`, 'url');
  if (url.username || url.password) throw badUserInput('"url" must not hold a user or password.', 'url');
  const loopbackHttp = url.protocol === 'http:' && settings.allowHttpLoopback && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !loopbackHttp) {
    throw badUserInput(
      settings.allowHttpLoopback ? '"url" must be https (or http to loopback).' : '"url" must be https.',
      'url',
    );
  }
  return url.toString();
}

export type EndpointInput = {
  url: string;
  events: readonly string[];
  clientIds?: readonly string[] | null;
  interfaceIds?: readonly string[] | null;
};

/** Makes an endpoint for the caller; answers it with its secret (shown this once). */
export async function createEndpoint(
  em: EntityManager,
  caller: Principal,
  input: EndpointInput,
  settings: WebhookSettings,
  now: Date,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = checkedUrl(input.url, settings);
  const events = [...new Set(input.events)];
  if (events.length === 0) throw badUserInput('Choose at least one event.', 'events');
  for (const event of events) {
    if (!(event in NEED_OF_EVENT)) throw badUserInput(`No event "${event}".`, 'events');
    const need = NEED_OF_EVENT[event as keyof typeof NEED_OF_EVENT];
    if (need === 'ADMINISTRATION' && caller.adminClientIds.size === 0) {
      throw badUserInput(`Event ${event} is for administrators of a client, logged in.`, 'events');
    }
    if (need === 'RUNS' && !caller.pages.has(need)) {
      throw badUserInput(`Event ${event} needs the ${need} page, which you lack.`, 'events');
    }
  }
  const outside = (input.clientIds ?? []).filter((id) => !caller.clientIds.has(id));
  if (outside.length > 0) throw badUserInput(`You do not read client ${outside[0]}.`, 'clientIds');
  const owner = ownerOf(caller);
  if ((await em.count(WebhookEndpointEntity, owner)) >= MAX_ENDPOINTS_PER_OWNER) {
    throw badUserInput(`At most ${MAX_ENDPOINTS_PER_OWNER} endpoints each; delete one first.`, 'url');
  }
  const secret = newWebhookSecret();
  const endpoint = em.create(WebhookEndpointEntity, {
    id: randomUUID(),
    ...owner,
    url,
    events: events as WebhookEndpoint['events'],
    clientIds: input.clientIds ? [...new Set(input.clientIds)] : null,
    interfaceIds: input.interfaceIds ? [...new Set(input.interfaceIds)] : null,
    secret,
    previousSecret: null,
    failures: 0,
    createdAt: now,
  });
  await em.flush();
  return { endpoint, secret };
}

/** The caller's endpoints (a token sees its own, a user those made with a session). */
export function endpointsOf(em: EntityManager, caller: Principal): Promise<WebhookEndpoint[]> {
  return em.find(WebhookEndpointEntity, ownerOf(caller), { orderBy: { createdAt: 'asc', id: 'asc' } });
}

/** One of the caller's endpoints, or NOT_FOUND (another's is alike to none). */
export async function endpointOf(em: EntityManager, caller: Principal, id: string): Promise<WebhookEndpoint> {
  if (!isUuid(id)) throw notFound('WebhookEndpoint');
  const endpoint = await em.findOne(WebhookEndpointEntity, { id, ...ownerOf(caller) });
  if (!endpoint) throw notFound('WebhookEndpoint');
  return endpoint;
}

/** A new secret; the previous one signs beside it for SECRET_OVERLAP_MS. A disabled endpoint is enabled again. */
export async function rotateEndpointSecret(em: EntityManager, caller: Principal, id: string, now: Date) {
  const endpoint = await endpointOf(em, caller, id);
  const secret = newWebhookSecret();
  const previousUntil = new Date(now.getTime() + SECRET_OVERLAP_MS);
  await rotateSecret(em, endpoint.id, secret, previousUntil);
  endpoint.previousUntil = previousUntil;
  return { endpoint, secret };
}

/** Enables an endpoint again after it was disabled, its failures forgotten. */
export async function enableEndpoint(em: EntityManager, caller: Principal, id: string) {
  const endpoint = await endpointOf(em, caller, id);
  em.assign(endpoint, { disabledAt: null, failures: 0 });
  await em.flush();
  return endpoint;
}

/**
 * The owner's rights now, as a request would have them; null when the owner can read nothing any more (the token
 * revoked, expired or blocked out, the user deactivated). Reading it records no use of the token.
 */
export async function ownerPrincipal(
  em: EntityManager,
  owner: { userId: string | null; tokenId: string | null },
  { clock, policy }: { clock: Clock; policy: TokenPolicy },
): Promise<Principal | null> {
  const now = clock();
  if (owner.tokenId) {
    const found = await readCredential(em, 'apiToken', owner.tokenId, 'id');
    if (found?.kind !== 'apiToken' || !found.owner.isActive) return null;
    if (apiTokenStatus(found.credential, now, policy).status !== 'ACTIVE') return null;
    const { credential, clients, policies, approvals } = found;
    return apiTokenPrincipal(
      credential,
      found.owner,
      effectiveEndOf(credential, policy),
      clients,
      policies,
      now,
      approvals,
    );
  }
  const user = owner.userId ? await em.findOne(UserEntity, { id: owner.userId }) : null;
  if (!user?.isActive) return null;
  const clients = await em.find(ClientEntity, { id: { $in: user.clientIds } });
  return userPrincipal(user, 'webhook', clients);
}
