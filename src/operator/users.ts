import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.js';
import { normaliseEmail } from '../auth/sessions.js';
import { isUuid } from '../core/ids.js';
import { PAGES, type Page } from '../core/pages.js';
import { recordAudit } from '../database/audit.js';
import { type Client, ClientEntity, SessionEntity, type User, UserEntity } from '../database/entities.js';
import { settleCredentialChanges } from '../database/notifications.js';
import { revokeTokensOf } from '../database/tokens.js';

// Operator actions on clients, users and their rights: used by the CLI, the demo seed and the tests' builders.
// Changes to rights return once every gateway process has dropped the credentials they concern.

export async function createClient(em: EntityManager, name: string): Promise<Client> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('A client needs a name.');
  if (await em.count(ClientEntity, { name: trimmed })) throw new Error(`A client named ${trimmed} exists already.`);
  const client = em.create(ClientEntity, { id: randomUUID(), name: trimmed, createdAt: new Date() });
  await em.flush();
  return client;
}

type NewUser = {
  email: string;
  name: string;
  password: string;
  /** The home client; the user also gets access to it. */
  clientId: string;
  pages?: readonly Page[];
  clientIds?: readonly string[];
  /** Clients whose tokens the user governs; each must be one of the user's clients. */
  adminClientIds?: readonly string[];
  isActive?: boolean;
  /** A precomputed hash (tests), instead of hashing `password`. */
  passwordHash?: string;
};

export async function createUser(em: EntityManager, input: NewUser): Promise<User> {
  const email = normaliseEmail(input.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new Error(`Not an e-mail address: ${input.email}`);
  if (await em.count(UserEntity, { email })) throw new Error(`A user with e-mail ${email} exists already.`);
  if (!input.passwordHash && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  const user = em.create(UserEntity, {
    id: randomUUID(),
    email,
    name: input.name.trim(),
    passwordHash: input.passwordHash ?? (await hashPassword(input.password)),
    isActive: input.isActive ?? true,
    client: input.clientId,
    pages: PAGES.filter((page) => input.pages?.includes(page)),
    clientIds: [...new Set([input.clientId, ...(input.clientIds ?? [])])],
    adminClientIds: [...new Set(input.adminClientIds ?? [])],
    createdAt: new Date(),
  });
  const outside = user.adminClientIds.filter((id) => !user.clientIds.includes(id));
  if (outside.length > 0) throw new Error(`A user administers only clients they have: ${outside.join(', ')}.`);
  await em.flush();
  return user;
}

export async function findUserByEmail(em: EntityManager, email: string): Promise<User> {
  const user = await em.findOne(UserEntity, { email: normaliseEmail(email) });
  if (!user) throw new Error(`No user with e-mail ${email}.`);
  return user;
}

export async function findClient(em: EntityManager, nameOrId: string): Promise<Client> {
  const client = await em.findOne(ClientEntity, isUuid(nameOrId) ? { id: nameOrId } : { name: nameOrId.trim() });
  if (!client) throw new Error(`No client ${nameOrId}.`);
  return client;
}

/** Changes a user's rights; their sessions and tokens see the change on the very next request. */
export async function setRights(
  em: EntityManager,
  user: User,
  change: { grantPages?: Page[]; withdrawPages?: Page[]; grantClients?: string[]; withdrawClients?: string[] },
): Promise<void> {
  const pages = new Set([...user.pages, ...(change.grantPages ?? [])]);
  for (const page of change.withdrawPages ?? []) pages.delete(page);
  const clientIds = new Set([...user.clientIds, ...(change.grantClients ?? [])]);
  for (const clientId of change.withdrawClients ?? []) clientIds.delete(clientId);
  // The user as this entity manager holds it (the same object when it read it): a user read through another one
  // would otherwise be left unchanged by the flush.
  const stored = await em.findOneOrFail(UserEntity, { id: user.id });
  for (const entity of new Set([user, stored])) {
    entity.pages = PAGES.filter((page) => pages.has(page));
    entity.clientIds = [...clientIds];
    // A client withdrawn is no longer administered either.
    entity.adminClientIds = stored.adminClientIds.filter((id) => clientIds.has(id));
  }
  await em.flush();
  await settleCredentialChanges(em);
}

/**
 * Makes the user an administrator of clients (which must be theirs) or withdraws it (docs/organisation.md); their
 * sessions see the change on the very next request.
 */
export async function setAdministration(
  em: EntityManager,
  user: User,
  change: { grantClients?: string[]; withdrawClients?: string[] },
): Promise<void> {
  const stored = await em.findOneOrFail(UserEntity, { id: user.id });
  const outside = (change.grantClients ?? []).filter((id) => !stored.clientIds.includes(id));
  if (outside.length > 0) {
    throw new Error(`${stored.email} does not have client(s) ${outside.join(', ')}; grant them first.`);
  }
  const administered = new Set([...stored.adminClientIds, ...(change.grantClients ?? [])]);
  for (const clientId of change.withdrawClients ?? []) administered.delete(clientId);
  for (const entity of new Set([user, stored])) entity.adminClientIds = [...administered];
  await em.flush();
  await settleCredentialChanges(em);
}

/**
 * Activates or deactivates a user. Deactivation is final for what the user had: it ends their sessions and revokes
 * their API tokens (each with a TOKEN_REVOKED event), in one transaction, so activating the user again revives
 * nothing.
 */
export async function setActive(em: EntityManager, user: User, isActive: boolean): Promise<void> {
  // Set on the entity too (before the transaction, whose flush would otherwise write back what it held).
  user.isActive = isActive;
  await em.transactional(async (tx) => {
    const now = new Date();
    await tx.nativeUpdate(UserEntity, { id: user.id }, { isActive });
    if (isActive) return;
    await endAllSessions(tx, user, now);
    const revoked = await revokeTokensOf(tx, user.id, now);
    await recordAudit(
      tx,
      null,
      now,
      revoked.map((id) => ({
        action: 'TOKEN_REVOKED',
        actorUserId: user.id,
        tokenId: id,
        detail: 'the owner was deactivated',
      })),
    );
  });
  await settleCredentialChanges(em);
}

async function endAllSessions(em: EntityManager, user: User, now = new Date()): Promise<void> {
  await em.nativeUpdate(SessionEntity, { user: user.id, endedAt: null }, { endedAt: now });
}

/** Sets a new password and ends every session of the user. */
export async function setPassword(em: EntityManager, user: User, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`A password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
  user.passwordHash = await hashPassword(password);
  // The new password and the end of the old sessions, together.
  await em.transactional(async (tx) => {
    await tx.nativeUpdate(UserEntity, { id: user.id }, { passwordHash: user.passwordHash });
    await endAllSessions(tx, user);
  });
  await settleCredentialChanges(em);
}
