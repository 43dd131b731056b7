import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../src/database/embedded.js';
import { migrate, openOrm } from '../src/database/orm.js';
import { seedDemo } from '../src/operator/demo-data.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: 'embedded' | 'postgresql';
    /** Where test files write the logs they capture and the secrets they were given (see checkNoSecretLogged). */
    evidenceDir: string;
    /** A migrated data folder with the demo data, for tests that start gateways on copies (embedded runs only). */
    dataTemplate: string;
  }
}

/**
 * After the whole run: no secret that any test was given (sessions, API tokens) appears in any captured log line,
 * of the in-process gateways or of the spawned `npm start` processes.
 */
function checkNoSecretLogged(dir: string): void {
  const files = readdirSync(dir);
  const read = (suffix: string) =>
    files.filter((f) => f.endsWith(suffix)).map((f) => readFileSync(join(dir, f), 'utf8'));
  const secrets = new Set(read('.secrets').flatMap((text) => text.split('\n').filter(Boolean)));
  const logs = read('.log').join('\n');
  const leaked = [...secrets].filter((secret) => logs.includes(secret));
  if (!process.env.KEEP_EVIDENCE) rmSync(dir, { recursive: true, force: true });
  if (leaked.length > 0) {
    // An error thrown in a global teardown is only printed; the exit code is what CI sees.
    console.error(`secrets check FAILED: ${leaked.length} secret(s) found in the captured logs.`);
    process.exitCode = 1;
    return;
  }
  console.info(`secrets check: ${secrets.size} secrets, ${logs.split('\n').length} log lines, none leaked`);
}

/** A data folder as the first `npm start` leaves it: migrated, with the demo data. */
async function makeDataTemplate(dir: string): Promise<void> {
  const embedded = await startEmbeddedDatabase(dir, { maxConnections: 2 });
  const orm = await openOrm({ clientUrl: embedded.url, poolMax: 1 });
  await migrate(orm);
  await seedDemo(orm.em.fork());
  await orm.close();
  await embedded.stop();
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
  // What `npm start` builds first (the gateway's dist/, which test/operations.test.ts starts, and the browser tests'
  // page), built once before the files start (in parallel, each would build it at once).
  execFileSync(process.execPath, ['scripts/build-if-needed.mjs'], { cwd: new URL('..', import.meta.url).pathname });
  const dataTemplate = mkdtempSync(join(tmpdir(), 'salure-template-'));
  if (!serverUrl) await makeDataTemplate(dataTemplate);
  project.provide('dataTemplate', dataTemplate);
  const evidenceDir = mkdtempSync(join(tmpdir(), 'salure-evidence-'));
  project.provide('evidenceDir', evidenceDir);
  project.provide('databaseUrl', databaseUrl);
  project.provide('databaseKind', serverUrl ? 'postgresql' : 'embedded');
  return async () => {
    await stop();
    rmSync(dataTemplate, { recursive: true, force: true });
    checkNoSecretLogged(evidenceDir);
  };
}
