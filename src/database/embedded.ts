import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export type EmbeddedDatabase = {
  /** A postgres:// URL for the ordinary PostgreSQL driver. */
  url: string;
  stop(): Promise<void>;
};

/**
 * The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served on a loopback port, so the
 * gateway talks to it through the same driver, migrations and SQL as to a real server.
 * `dataDir` undefined keeps the database in memory (tests).
 */
export async function startEmbeddedDatabase(
  dataDir: string | undefined,
  { maxConnections }: { maxConnections: number },
): Promise<EmbeddedDatabase> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // PGlite runs one query at a time; the socket server queues them and keeps each connection's transaction apart.
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
