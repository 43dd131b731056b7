import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { startEmbeddedDatabase } from '../src/database/embedded.js';
import {
  aDataDir,
  CONNECTORS,
  cli,
  demoToken,
  describeProcesses,
  graphqlAt,
  startGateway,
  tcpListeners,
} from './gateway-process.js';

// The embedded database's folder: one owner, the CLI beside a running gateway, nobody else's to read.
describeProcesses('one owner of the embedded database', () => {
  it('refuses a second gateway, lets the CLI act through the running one, and survives a kill -9', async () => {
    const dataDir = aDataDir();
    const first = await startGateway(dataDir);
    const token = await demoToken(first.url);
    expect((await graphqlAt(first.url, CONNECTORS, `SalureToken ${token}`)).status).toBe(200);

    await expect(startGateway(dataDir)).rejects.toThrow(/in use by a running gateway \(pid \d+/);

    const { stdout } = await cli(dataDir, 'user:deactivate', '--email', 'admin@acme.test');
    expect(stdout).toContain('admin@acme.test is deactivated');
    // At once, in the running gateway.
    expect((await graphqlAt(first.url, CONNECTORS, `SalureToken ${token}`)).status).toBe(401);

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startGateway(dataDir); // the dead owner's claim is taken over
    expect((await graphqlAt(second.url, CONNECTORS, `SalureToken ${token}`)).status).toBe(401); // and it lasted
    expect((await cli(dataDir, 'users')).stdout).toMatch(/admin@acme\.test {2}Ada Admin {2}inactive/);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    // Without a gateway the CLI opens the folder itself.
    expect((await cli(dataDir, 'users')).stdout).toMatch(/admin@acme\.test {2}Ada Admin {2}inactive/);
  }, 120_000);

  it('keeps the folder, its files and its database socket to the owner', async () => {
    const dataDir = aDataDir();
    const gateway = await startGateway(dataDir);
    const open: string[] = [];
    const walk = (path: string) => {
      if ((statSync(path).mode & 0o077) !== 0) open.push(path);
      if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) walk(join(path, entry));
    };
    walk(dataDir);
    expect(open).toEqual([]);
    // The embedded database is on a Unix socket in a private folder: the only TCP port open is the gateway's.
    expect(tcpListeners(gateway.child.pid ?? 0)).toEqual([Number(new URL(gateway.url).port)]);
    gateway.child.kill('SIGTERM');
    expect((await gateway.exited).code).toBe(0);
  }, 60_000);

  it('makes the database of a new folder (initdb in a child process) and runs it with 64 MB of shared buffers', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'salure-new-')), 'data');
    const embedded = await startEmbeddedDatabase(dataDir, { maxConnections: 1 });
    const client = new pg.Client(embedded.url);
    try {
      await client.connect();
      const { rows } = await client.query<{ shared_buffers: string }>('show shared_buffers');
      expect(rows[0]?.shared_buffers).toBe('64MB');
      expect(readdirSync(dataDir)).toContain('PG_VERSION');
    } finally {
      await client.end();
      await embedded.stop();
      rmSync(join(dataDir, '..'), { recursive: true, force: true });
    }
  }, 60_000);
});
