import { parseArgs } from 'node:util';
import { loadConfig } from './config.js';
import { openDatabase } from './database/open.js';
import { COMMANDS, type CommandOptions, HELP, NEEDS_PASSWORD, runCommand } from './operator/commands.js';
import { claimDataDir, runInOwner } from './operator/data-dir-owner.js';

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

const [name] = positionals;
if (values.help || !name || !COMMANDS.has(name)) {
  process.stdout.write(`${HELP}\n`);
  if (name && !COMMANDS.has(name)) process.stderr.write(`\nUnknown command: ${name}\n`);
  process.exit(values.help || !name ? 0 : 2);
}

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  return input.split(/\r?\n/)[0] ?? '';
}

/**
 * On DATABASE_URL, the CLI opens the database itself. On the embedded database, a gateway running on DATA_DIR
 * owns the folder: the command runs there (so the running gateway sees the change at once, and it lasts);
 * without one, the CLI claims the folder for the time of the command and opens it itself.
 */
async function run(options: CommandOptions): Promise<string> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    const output = await runInOwner(config.dataDir, name ?? '', options);
    if (output !== undefined) return output;
  }
  const owner = config.databaseUrl ? undefined : await claimDataDir(config.dataDir, 'cli');
  try {
    const database = await openDatabase(config);
    try {
      return await runCommand(database.orm.em, name ?? '', options);
    } finally {
      await database.close();
    }
  } finally {
    await owner?.release();
  }
}

try {
  const { help: _help, ...options } = values;
  if (NEEDS_PASSWORD.has(name) && options.password === undefined) options.password = await readPassword();
  process.stdout.write(`${await run(options)}\n`);
  process.exitCode = 0;
} catch (error) {
  process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
