import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { takeTurnsBySession } from './embedded-turns.js';

type EmbeddedDatabase = {
  /** A postgres:// URL for the ordinary PostgreSQL driver. */
  url: string;
  stop(): Promise<void>;
};

/**
 * The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served to the same driver, migrations and
 * SQL as a real server. It has no passwords, so nobody else may reach it: with a data folder it is served on a
 * Unix socket in a private folder (mode 0700) and its files are the owner's only; `dataDir` undefined keeps the
 * database in memory (tests), served on a loopback port.
 * The caller owns the data folder (see operator/data-dir-owner.ts): PGlite itself does not lock it.
 */
export async function startEmbeddedDatabase(
  dataDir: string | undefined,
  { maxConnections }: { maxConnections: number },
): Promise<EmbeddedDatabase> {
  let socketDir: string | undefined;
  if (dataDir) {
    // Whatever PGlite writes from now on is the owner's only; what an older version wrote is made so.
    process.umask(0o077);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    restrictToOwner(dataDir);
    socketDir = mkdtempSync(join(tmpdir(), 'salure-pg-'));
  }
  if (dataDir && !existsSync(join(dataDir, 'PG_VERSION'))) await createDatabaseFiles(dataDir);
  const db = await PGlite.create(dataDir, { startParams: START_PARAMS });
  // PGlite sets modes of its own on some files (its .conf files come out world-writable).
  if (dataDir) restrictToOwner(dataDir);
  // PGlite is one session; the socket server's connections take turns on it, each for a whole exchange.
  const server = socketDir
    ? new PGLiteSocketServer({ db, path: join(socketDir, '.s.PGSQL.5432'), maxConnections })
    : new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  takeTurnsBySession(server, db);
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: socketDir
      ? `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`
      : `postgresql://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/**
 * PostgreSQL's settings for the embedded database: PGlite's, with 64 MB of shared buffers instead of 128 MB. The
 * buffers live in its WebAssembly memory, which never shrinks. Measured (bench/results/2026-11-30*.md): 16 MB took
 * another 56 MB off an idle first start but made a page with totalCount 2.7x slower (its count reads past them).
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=64MB'];

/**
 * Makes a new data folder's database files (initdb) in a child process: in this one, the WebAssembly memory that
 * initdb takes (about 480 MB) would stay in the process until a major garbage collection, which an idle gateway
 * may never run.
 */
async function createDatabaseFiles(dataDir: string): Promise<void> {
  const script = `const { PGlite } = await import('@electric-sql/pglite');
    const db = await PGlite.create(${JSON.stringify(dataDir)}); await db.close();`;
  // Run from the project's folder, whose node_modules the import is found in.
  const cwd = fileURLToPath(new URL('../..', import.meta.url));
  await promisify(execFile)(process.execPath, ['--input-type=module', '--eval', script], { cwd });
}

/** Folders 0700 and files 0600, all the way down. */
function restrictToOwner(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) restrictToOwner(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}
