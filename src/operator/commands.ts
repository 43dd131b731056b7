import type { EntityManager } from '@mikro-orm/postgresql';
import { isPage, PAGES, type Page } from '../core/pages.js';
import { ClientEntity, UserEntity } from '../database/entities.js';
import { seedDemo } from './demo-data.js';
import {
  createClient,
  createUser,
  findClient,
  findUserByEmail,
  setActive,
  setAdministration,
  setPassword,
  setRights,
} from './users.js';

/** An operator command's options, as given on the command line (the password already read). */
export type CommandOptions = {
  email?: string | undefined;
  name?: string | undefined;
  client?: string | undefined;
  clients?: string | undefined;
  pages?: string | undefined;
  password?: string | undefined;
};

export const HELP = `salure-gateway admin commands: npm run cli -- <command> [options]

  migrate                                    apply pending migrations (also: npm run migrate)
  seed                                       load the demo data; idempotent (also: npm run seed)
  clients                                    list clients
  client:create --name <name>                create a client
  users                                      list users with their rights
  user:create --email <e> --name <n> --client <client> [--pages P,..] [--clients C,..] [--password <p>]
  user:password --email <e> [--password <p>] set a password; ends the user's sessions
  user:activate --email <e>
  user:deactivate --email <e>                ends the user's sessions and revokes their API tokens
  user:grant --email <e> [--pages P,..] [--clients C,..]
  user:withdraw --email <e> [--pages P,..] [--clients C,..]
  user:admin --email <e> --clients C,..      make the user an administrator of these (their own) clients
  user:unadmin --email <e> --clients C,..    withdraw it

Clients are given by name or id; pages are ${PAGES.join(', ')}.
Without --password, the password is read from standard input (so it stays out of the shell history).
The database is DATABASE_URL, or the embedded one under DATA_DIR: while a gateway runs on that folder, the
command runs in the gateway (its change takes effect there at once); otherwise the CLI opens the folder itself.`;

/** Commands that need a password (read from standard input when --password is not given). */
export const NEEDS_PASSWORD = new Set(['user:create', 'user:password']);

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function required(options: CommandOptions, name: 'email' | 'name' | 'client'): string {
  const value = options[name];
  if (!value) throw new Error(`--${name} is required.`);
  return value;
}

function pagesOf(value: string | undefined): Page[] {
  const pages = list(value).map((page) => page.toUpperCase());
  const unknown = pages.filter((page) => !isPage(page));
  if (unknown.length > 0) throw new Error(`Unknown page(s): ${unknown.join(', ')}.`);
  return pages as Page[];
}

async function clientIdsOf(em: EntityManager, value: string | undefined): Promise<string[]> {
  const ids: string[] = [];
  for (const nameOrId of list(value)) ids.push((await findClient(em, nameOrId)).id);
  return ids;
}

function passwordOf(options: CommandOptions): string {
  if (options.password === undefined) throw new Error('A password is required.');
  return options.password;
}

type Command = (em: EntityManager, options: CommandOptions) => Promise<string>;

/** By name; a Map, so that `constructor` is an unknown command like any other. */
export const COMMANDS = new Map<string, Command>([
  ['migrate', async () => 'Migrations are up to date.'],
  [
    'seed',
    async (em) => {
      const { clients, users } = await seedDemo(em);
      return `Demo data: ${clients} client(s) and ${users} user(s) added (existing ones left as they were).`;
    },
  ],
  [
    'clients',
    async (em) => {
      const clients = await em.find(ClientEntity, {}, { orderBy: { name: 'asc' } });
      return clients.map((client) => `${client.id}  ${client.name}`).join('\n') || '(no clients)';
    },
  ],
  [
    'client:create',
    async (em, options) => {
      const client = await createClient(em, required(options, 'name'));
      return `Client created: ${client.id}  ${client.name}`;
    },
  ],
  [
    'users',
    async (em) => {
      const users = await em.find(UserEntity, {}, { orderBy: { email: 'asc' } });
      const names = new Map((await em.find(ClientEntity, {})).map((client) => [client.id, client.name]));
      const rows = users.map((user) =>
        [
          user.email,
          user.name,
          user.isActive ? 'active' : 'inactive',
          `pages: ${user.pages.join(',') || '-'}`,
          `clients: ${user.clientIds.map((id) => names.get(id) ?? id).join(', ') || '-'}`,
          `administers: ${user.adminClientIds.map((id) => names.get(id) ?? id).join(', ') || '-'}`,
        ].join('  '),
      );
      return rows.join('\n') || '(no users)';
    },
  ],
  [
    'user:create',
    async (em, options) => {
      const home = await findClient(em, required(options, 'client'));
      const user = await createUser(em, {
        email: required(options, 'email'),
        name: required(options, 'name'),
        password: passwordOf(options),
        clientId: home.id,
        pages: pagesOf(options.pages),
        clientIds: await clientIdsOf(em, options.clients),
      });
      return `User created: ${user.email} (${user.id})`;
    },
  ],
  [
    'user:password',
    async (em, options) => {
      const user = await findUserByEmail(em, required(options, 'email'));
      await setPassword(em, user, passwordOf(options));
      return `Password set for ${user.email}; their sessions are ended.`;
    },
  ],
  [
    'user:activate',
    async (em, options) => {
      const user = await findUserByEmail(em, required(options, 'email'));
      await setActive(em, user, true);
      return `${user.email} is active.`;
    },
  ],
  [
    'user:deactivate',
    async (em, options) => {
      const user = await findUserByEmail(em, required(options, 'email'));
      await setActive(em, user, false);
      return `${user.email} is deactivated; their sessions are ended and their API tokens revoked.`;
    },
  ],
  [
    'user:grant',
    async (em, options) => {
      const user = await findUserByEmail(em, required(options, 'email'));
      await setRights(em, user, {
        grantPages: pagesOf(options.pages),
        grantClients: await clientIdsOf(em, options.clients),
      });
      return `${user.email}: pages ${user.pages.join(',') || '-'}; ${user.clientIds.length} client(s).`;
    },
  ],
  [
    'user:withdraw',
    async (em, options) => {
      const user = await findUserByEmail(em, required(options, 'email'));
      await setRights(em, user, {
        withdrawPages: pagesOf(options.pages),
        withdrawClients: await clientIdsOf(em, options.clients),
      });
      return `${user.email}: pages ${user.pages.join(',') || '-'}; ${user.clientIds.length} client(s).`;
    },
  ],
  [
    'user:admin',
    async (em, options) => {
      const user = await findUserByEmail(em, required(options, 'email'));
      await setAdministration(em, user, { grantClients: await clientIdsOf(em, options.clients) });
      return `${user.email} administers ${user.adminClientIds.length} client(s).`;
    },
  ],
  [
    'user:unadmin',
    async (em, options) => {
      const user = await findUserByEmail(em, required(options, 'email'));
      await setAdministration(em, user, { withdrawClients: await clientIdsOf(em, options.clients) });
      return `${user.email} administers ${user.adminClientIds.length} client(s).`;
    },
  ],
]);

/** Runs a command by name on a fresh entity manager of `em`. */
export async function runCommand(em: EntityManager, name: string, options: CommandOptions): Promise<string> {
  const command = COMMANDS.get(name);
  if (!command) throw new Error(`Unknown command: ${name}`);
  return command(em.fork(), options);
}
