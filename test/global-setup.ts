import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../src/database/embedded.js';
import { migrate, openOrm } from '../src/database/orm.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'embedded' | 'postgresql';
  }
}

/**
 * Starts the database for the whole run and migrates it once:
 * - default: the embedded PostgreSQL (PGlite, in memory), served on a loopback port;
 * - with TEST_DATABASE_URL: a fresh database on that server (dropped afterwards).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  let databaseUrl: string;
  let stop: () => Promise<void>;
  if (serverUrl) {
    const name = `salure_test_${process.pid}_${Date.now()}`;
    const admin = await openOrm({ clientUrl: serverUrl, poolMax: 1 });
    await admin.em.getConnection().execute(`create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    stop = async () => {
      await admin.em.getConnection().execute(`drop database if exists "${name}" with (force)`);
      await admin.close();
    };
  } else {
    const embedded = await startEmbeddedDatabase(undefined, { maxConnections: 64 });
    databaseUrl = embedded.url;
    stop = () => embedded.stop();
  }
  const orm = await openOrm({ clientUrl: databaseUrl, poolMax: 1 });
  await migrate(orm);
  await orm.close();
  project.provide('databaseUrl', databaseUrl);
  project.provide('databaseKind', serverUrl ? 'postgresql' : 'embedded');
  return stop;
}
