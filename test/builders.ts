import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { hashPassword } from '../src/auth/passwords.js';
import { PAGES, type Page } from '../src/core/pages.js';
import {
  type Client,
  type Connector,
  ConnectorEntity,
  type Interface,
  InterfaceEntity,
  type Run,
  RunEntity,
  type User,
} from '../src/database/entities.js';
import { createClient, createUser } from '../src/operator/users.js';
import { CreateToken, Login } from './documents.js';
import type { CreateApiTokenInput } from './generated/graphql.js';
import type { TestGateway } from './helpers.js';

// Seed builders: each call makes rows with unique names, so test files share one database without interfering.

export const TEST_PASSWORD = 'test-password-of-the-suite';
let passwordHash: Promise<string> | undefined;

const unique = () => randomUUID().slice(0, 8);

export function aClient(em: EntityManager, name = `Client ${unique()}`): Promise<Client> {
  return createClient(em, name);
}

export async function aUser(
  em: EntityManager,
  options: { clients: Client[]; pages?: readonly Page[]; isActive?: boolean; name?: string },
): Promise<User> {
  const [home] = options.clients;
  if (!home) throw new Error('A user needs at least one client.');
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return createUser(em, {
    email: `user-${unique()}@test.example`,
    name: options.name ?? `User ${unique()}`,
    password: TEST_PASSWORD,
    passwordHash: await passwordHash,
    clientId: home.id,
    clientIds: options.clients.map((client) => client.id),
    pages: options.pages ?? PAGES,
    isActive: options.isActive ?? true,
  });
}

/** Rows are created a millisecond apart from `base`, so their order is known. */
let tick = Date.now() - 86_400_000;
const nextInstant = () => new Date(tick++);

export async function aConnector(
  em: EntityManager,
  client: Client,
  name = `Connector ${unique()}`,
  options: { system?: string; status?: Connector['status'] } = {},
) {
  const connector: Connector = em.create(ConnectorEntity, {
    id: randomUUID(),
    client: client.id,
    name,
    system: options.system ?? 'AFAS',
    status: options.status ?? 'ACTIVE',
    createdAt: nextInstant(),
  });
  await em.flush();
  return connector;
}

export async function anInterface(
  em: EntityManager,
  client: Client,
  options: { source?: Connector; target?: Connector; name?: string; status?: Interface['status'] } = {},
) {
  const iface: Interface = em.create(InterfaceEntity, {
    id: randomUUID(),
    client: client.id,
    name: options.name ?? `Interface ${unique()}`,
    status: options.status ?? 'ACTIVE',
    schedule: '0 6 * * *',
    source: options.source?.id ?? null,
    target: options.target?.id ?? null,
    createdAt: nextInstant(),
  });
  await em.flush();
  return iface;
}

export async function aRun(
  em: EntityManager,
  iface: Interface,
  startedAt = nextInstant(),
  options: { status?: Run['status']; finishedAt?: Date | null; recordsProcessed?: number } = {},
) {
  const status = options.status ?? 'SUCCEEDED';
  const run: Run = em.create(RunEntity, {
    id: randomUUID(),
    client: iface.client.id,
    interface: iface.id,
    status,
    startedAt,
    finishedAt:
      options.finishedAt !== undefined
        ? options.finishedAt
        : status === 'RUNNING'
          ? null
          : new Date(startedAt.getTime() + 1000),
    recordsProcessed: options.recordsProcessed ?? 10,
    message: null,
  });
  await em.flush();
  return run;
}

/** One client with a connector pair, an interface between them and two runs. */
export async function aClientWithData(em: EntityManager) {
  const client = await aClient(em);
  const source = await aConnector(em, client);
  const target = await aConnector(em, client);
  const iface = await anInterface(em, client, { source, target });
  const runs = [await aRun(em, iface), await aRun(em, iface)];
  return { client, source, target, iface, runs };
}

/** Logs a user in through the API; returns the session secret. */
export async function sessionOf(gateway: TestGateway, user: User): Promise<string> {
  const data = await gateway.data(Login, { variables: { email: user.email, password: TEST_PASSWORD } });
  return data.login.sessionToken;
}

/** Creates an API token through the API as `session`; returns the secret and the token's id. */
export async function tokenOf(gateway: TestGateway, session: string, input: CreateApiTokenInput) {
  const data = await gateway.data(CreateToken, { variables: { input }, auth: { session } });
  return { secret: data.createApiToken.token, id: data.createApiToken.apiToken.id };
}

/**
 * A user who owns `clients` (new ones: a number, default 1; with `withData`, each with connectors, an interface and
 * runs) and `pages` (default all), logged in through the API.
 */
export async function anOwner(
  gateway: TestGateway,
  options: { clients?: number; pages?: readonly Page[]; withData?: boolean } = {},
) {
  const em = gateway.em();
  const clients: Client[] = [];
  for (let i = 0; i < (options.clients ?? 1); i++) {
    clients.push(options.withData ? (await aClientWithData(em)).client : await aClient(em));
  }
  const user = await aUser(em, { clients, pages: options.pages ?? PAGES });
  return { user, clients, session: await sessionOf(gateway, user) };
}

/** An owner (as anOwner) with one API token of `grant`. */
export async function anOwnerWithToken(
  gateway: TestGateway,
  grant: Omit<CreateApiTokenInput, 'label'> & { label?: string },
  options: Parameters<typeof anOwner>[1] = {},
) {
  const owner = await anOwner(gateway, options);
  const token = await tokenOf(gateway, owner.session, { label: 'script', ...grant });
  return { ...owner, token };
}

/** The first two of a list, for tests that need both (fails the test when there are fewer). */
export function firstTwo<T>(items: readonly T[]): [T, T] {
  const [first, second] = items;
  if (first === undefined || second === undefined) throw new Error('Expected two.');
  return [first, second];
}
