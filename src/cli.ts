import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from './config.js';
import {
  createClient,
  createUser,
  findClient,
  findUserByEmail,
  setActive,
  setPassword,
  setRights,
} from './database/admin.js';
import { ClientEntity, UserEntity } from './database/entities.js';
import { openDatabase } from './database/open.js';
import { seedDemo } from './database/seed.js';
import { isPage, type Page } from './pages.js';

const HELP = `salure-gateway admin commands: npm run cli -- <command> [options]

  migrate                                    apply pending migrations (also: npm run migrate)
  seed                                       load the demo data; idempotent (also: npm run seed)
  clients                                    list clients
  client:create --name <name>                create a client
  users                                      list users with their rights
  user:create --email <e> --name <n> --client <client> [--pages P,..] [--clients C,..] [--password <p>]
  user:password --email <e> [--password <p>] set a password; ends the user's sessions
  user:activate --email <e>
  user:deactivate --email <e>                the user's sessions and API tokens stop at once
  user:grant --email <e> [--pages P,..] [--clients C,..]
  user:withdraw --email <e> [--pages P,..] [--clients C,..]

Clients are given by name or id; pages are ${['USERS', 'CONNECTORS', 'INTERFACES', 'RUNS'].join(', ')}.
Without --password, the password is read from standard input (so it stays out of the shell history).
The database is DATABASE_URL, or the embedded one under DATA_DIR (stop the server first: one process at a time).`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    help: { type: 'boolean', short: 'h' },
    email: { type: 'string' },
    name: { type: 'string' },
    client: { type: 'string' },
    clients: { type: 'string' },
    pages: { type: 'string' },
    password: { type: 'string' },
  },
});

type Options = typeof values;
const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function required(options: Options, name: 'email' | 'name' | 'client'): string {
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

async function passwordOf(options: Options): Promise<string> {
  if (options.password) return options.password;
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  return input.split(/\r?\n/)[0] ?? '';
}

const commands: Record<string, (em: EntityManager, options: Options) => Promise<string>> = {
  migrate: async () => 'Migrations are up to date.',
  seed: async (em) => {
    const { clients, users } = await seedDemo(em);
    return `Demo data: ${clients} client(s) and ${users} user(s) added (existing ones left as they were).`;
  },
  clients: async (em) => {
    const clients = await em.find(ClientEntity, {}, { orderBy: { name: 'asc' } });
    return clients.map((client) => `${client.id}  ${client.name}`).join('\n') || '(no clients)';
  },
  'client:create': async (em, options) => {
    const client = await createClient(em, required(options, 'name'));
    return `Client created: ${client.id}  ${client.name}`;
  },
  users: async (em) => {
    const users = await em.find(UserEntity, {}, { orderBy: { email: 'asc' } });
    const names = new Map((await em.find(ClientEntity, {})).map((client) => [client.id, client.name]));
    const rows = users.map((user) =>
      [
        user.email,
        user.name,
        user.isActive ? 'active' : 'inactive',
        `pages: ${user.pages.join(',') || '-'}`,
        `clients: ${user.clientIds.map((id) => names.get(id) ?? id).join(', ') || '-'}`,
      ].join('  '),
    );
    return rows.join('\n') || '(no users)';
  },
  'user:create': async (em, options) => {
    const home = await findClient(em, required(options, 'client'));
    const user = await createUser(em, {
      email: required(options, 'email'),
      name: required(options, 'name'),
      password: await passwordOf(options),
      clientId: home.id,
      pages: pagesOf(options.pages),
      clientIds: await clientIdsOf(em, options.clients),
    });
    return `User created: ${user.email} (${user.id})`;
  },
  'user:password': async (em, options) => {
    const user = await findUserByEmail(em, required(options, 'email'));
    await setPassword(em, user, await passwordOf(options));
    return `Password set for ${user.email}; their sessions are ended.`;
  },
  'user:activate': async (em, options) => {
    const user = await findUserByEmail(em, required(options, 'email'));
    await setActive(em, user, true);
    return `${user.email} is active.`;
  },
  'user:deactivate': async (em, options) => {
    const user = await findUserByEmail(em, required(options, 'email'));
    await setActive(em, user, false);
    return `${user.email} is deactivated; their sessions and API tokens are refused from now on.`;
  },
  'user:grant': async (em, options) => {
    const user = await findUserByEmail(em, required(options, 'email'));
    await setRights(em, user, {
      grantPages: pagesOf(options.pages),
      grantClients: await clientIdsOf(em, options.clients),
    });
    return `${user.email}: pages ${user.pages.join(',') || '-'}; ${user.clientIds.length} client(s).`;
  },
  'user:withdraw': async (em, options) => {
    const user = await findUserByEmail(em, required(options, 'email'));
    await setRights(em, user, {
      withdrawPages: pagesOf(options.pages),
      withdrawClients: await clientIdsOf(em, options.clients),
    });
    return `${user.email}: pages ${user.pages.join(',') || '-'}; ${user.clientIds.length} client(s).`;
  },
};

const [name] = positionals;
// Own commands only: `constructor` or `toString` is an unknown command like any other.
const command = name && Object.hasOwn(commands, name) ? commands[name] : undefined;
if (values.help || !command) {
  process.stdout.write(`${HELP}\n`);
  if (name && !command) process.stderr.write(`\nUnknown command: ${name}\n`);
  process.exit(values.help || !name ? 0 : 2);
}

const database = await openDatabase(loadConfig());
try {
  process.stdout.write(`${await command(database.orm.em.fork(), values)}\n`);
  process.exitCode = 0;
} catch (error) {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await database.close();
}
