import { type ChildProcess, execFile } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort, START_ENTRY, spanSink, startListening } from '../bench/processes.js';
import { migrationsList } from '../migrations/index.js';
import { ClientEntity, ConnectorEntity, InterfaceEntity, RunEntity, UserEntity } from '../src/database/entities.js';
import { DEMO_PASSWORD, seedDemo } from '../src/operator/demo-data.js';
import { evidenceFile, recordSecrets, startTestGateway } from './helpers.js';
import { testRedisUrl } from './prerequisites.js';

const gateway = await startTestGateway();
const root = new URL('..', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
const run = promisify(execFile);

describe('migrations', () => {
  it('are all listed in migrations/index.ts', () => {
    const files = readdirSync(join(root, 'migrations'))
      .filter((file) => /^Migration\d{14}.*\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''));
    expect(migrationsList.map((migration) => migration.name)).toEqual(files.sort());
  });

  it('leave the database exactly as the entities describe it (nothing to migrate)', async () => {
    expect(await gateway.orm.schema.getUpdateSchemaSQL({ wrap: false })).toBe('');
  });
});

describe('the demo seed', () => {
  it('loads the demo data of README, and loading it again changes nothing', async () => {
    await seedDemo(gateway.em());
    const again = await seedDemo(gateway.em());
    expect(again).toEqual({ clients: 0, users: 0 });
    const em = gateway.em();
    const counts: Record<string, number[]> = {};
    for (const name of ['Acme BV', 'Globex NV', 'Initech']) {
      const client = await em.findOneOrFail(ClientEntity, { name });
      counts[name] = [
        await em.count(ConnectorEntity, { client }),
        await em.count(InterfaceEntity, { client }),
        await em.count(RunEntity, { client }),
      ];
    }
    expect(counts).toEqual({ 'Acme BV': [4, 3, 120], 'Globex NV': [3, 2, 20], Initech: [2, 1, 5] });
    const demoUsers = await em.find(UserEntity, { email: { $like: '%.test' } }, { orderBy: { email: 'asc' } });
    expect(demoUsers.map((u) => [u.email, u.isActive, u.pages.length, u.clientIds.length])).toEqual([
      ['admin@acme.test', true, 4, 2],
      ['former@acme.test', false, 4, 1],
      ['hr@acme.test', true, 2, 1],
      ['ivy@initech.test', true, 4, 1],
      ['ops@globex.test', true, 3, 1],
    ]);
    // Every interface joins connectors of its own client; every run belongs to an interface of its own client.
    const interfaces = await em.find(InterfaceEntity, {}, { populate: ['source', 'target'] });
    for (const iface of interfaces) {
      for (const end of [iface.source, iface.target]) if (end) expect(end.getEntity().client.id).toBe(iface.client.id);
    }
    const runs = await em.find(RunEntity, {}, { populate: ['interface'] });
    for (const r of runs) expect(r.interface.getEntity().client.id).toBe(r.client.id);
  });
});

describe('the command line', () => {
  const cli = (...args: string[]) =>
    run(tsx, ['src/cli.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: inject('databaseUrl') } });

  it('creates a client and a user, changes rights, deactivates, and lists', async () => {
    const suffix = Date.now().toString(36);
    await cli('client:create', '--name', `CLI ${suffix}`);
    await cli(
      'user:create',
      '--email',
      `cli-${suffix}@test.example`,
      '--name',
      'Cli User',
      '--client',
      `CLI ${suffix}`,
      '--pages',
      'users,runs',
      '--password',
      'a-password-of-the-cli',
    );
    await cli('user:withdraw', '--email', `cli-${suffix}@test.example`, '--pages', 'RUNS');
    await cli('user:grant', '--email', `cli-${suffix}@test.example`, '--pages', 'CONNECTORS');
    await cli('user:deactivate', '--email', `cli-${suffix}@test.example`);
    const { stdout } = await cli('users');
    expect(stdout).toContain(
      `cli-${suffix}@test.example  Cli User  inactive  pages: USERS,CONNECTORS  clients: CLI ${suffix}`,
    );
  });

  it('explains itself with --help, and refuses bad input with a message and a non-zero exit', async () => {
    expect((await cli('--help')).stdout).toContain('user:create');
    await expect(cli('user:grant', '--email', 'nobody@test.example')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('No user with e-mail nobody@test.example'),
    });
    await expect(cli('user:grant', '--email', 'admin@acme.test', '--pages', 'PAYROLL')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Unknown page(s): PAYROLL'),
    });
    await expect(cli('no-such-command')).rejects.toMatchObject({ code: 2 });
  });
});

describe('npm start on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'salure-data-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /**
   * Starts the gateway as `npm start` does (its bundle); resolves with its GraphQL URL once it listens. `onOutput`
   * sees what it prints.
   */
  function start(settings: Record<string, string> = {}, onOutput?: (chunk: Buffer) => void) {
    const { DATABASE_URL: _ignored, ...env } = process.env;
    const log = evidenceFile('log');
    return startListening(
      START_ENTRY,
      { ...env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'debug', ...settings },
      (chunk) => {
        appendFileSync(log, chunk);
        onOutput?.(chunk);
      },
    );
  }

  function stop(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }

  async function graphqlAt<T>(url: string, query: string, authorization?: string) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ query }),
    });
    const text = await response.text();
    recordSecrets(text);
    return JSON.parse(text) as { data?: T; errors?: unknown[] };
  }

  it('seeds a new database, keeps its data across a restart without seeding twice, and stops cleanly', async () => {
    const first = await start();
    expect((await fetch(first.url.replace('/graphql', '/health'))).status).toBe(200);
    const graphiql = await fetch(first.url, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('GraphiQL');
    const login = await graphqlAt<{ login: { sessionToken: string } }>(
      first.url,
      `mutation { login(email: "admin@acme.test", password: "${DEMO_PASSWORD}") { sessionToken } }`,
    );
    const session = login.data?.login.sessionToken;
    const created = await graphqlAt<{ createApiToken: { token: string } }>(
      first.url,
      'mutation { createApiToken(input: { label: "restart", pages: [CONNECTORS] }) { token } }',
      `Bearer ${session}`,
    );
    const token = created.data?.createApiToken.token;
    expect(token).toMatch(/^salure_/);
    expect(await stop(first.child)).toBe(0);

    const second = await start();
    const read = await graphqlAt(second.url, '{ connectors { totalCount } }', `SalureToken ${token}`);
    expect(read).toEqual({ data: { connectors: { totalCount: 7 } } });
    const users = await graphqlAt<{ users: { totalCount: number } }>(
      second.url,
      '{ users(first: 100) { totalCount } }',
      `Bearer ${session}`,
    );
    expect(users.data?.users.totalCount).toBe(4); // Acme BV's 3 and Globex NV's 1, not twice
    expect(await stop(second.child)).toBe(0);
  }, 60_000);

  // The modules these settings load on demand are left out of the bundle (scripts/bundle-server.mjs): imported
  // from within it, ioredis would lack its named exports (the gateway would not start), and a bundled OpenTelemetry
  // API would never see the SDK's tracer (every trace id 0).
  it('runs its bundle with Redis, SMTP and traces on', async () => {
    const redisUrl = testRedisUrl();
    const sink = await spanSink();
    const metricsPort = await freePort();
    let output = '';
    const gateway = await start(
      {
        METRICS_PORT: String(metricsPort),
        SMTP_URL: 'smtp://127.0.0.1:1',
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
        ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      },
      (chunk) => {
        output += chunk;
      },
    );
    try {
      expect(await graphqlAt(gateway.url, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
      // The request's access line, as it comes: the trace id of its span.
      const accessLine = await new Promise<string>((resolve) => {
        const check = () => {
          const found = output.split('\n').find((line) => line.includes('"path":"/graphql"'));
          if (found) resolve(found);
        };
        check();
        gateway.child.stdout?.on('data', check);
      });
      expect(JSON.parse(accessLine).traceId).toMatch(/^(?!0+$)[0-9a-f]{32}$/);
      if (redisUrl) {
        const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
        expect(metrics).toMatch(/^salure_dependency_up\{dependency="redis"\} [01]$/m);
      }
    } finally {
      expect(await stop(gateway.child)).toBe(0);
      sink.close();
    }
  }, 60_000);
});
