import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, inject } from 'vitest';
import { startListening } from '../bench/processes.js';
import { DEMO_PASSWORD } from '../src/operator/demo-data.js';
import { evidenceFile, recordSecrets } from './helpers.js';

// The gateway as operators run it: its own process on the embedded database, with signals, a log reader, the CLI
// beside it (test/stopping, test/log-reader and test/data-dir). Every wait is on an event (a log line, an exit, an
// answer), never on time.

export const root = new URL('..', import.meta.url).pathname;
const run = promisify(execFile);

/**
 * These tests start their own processes on embedded databases, whatever database the run is on: they run in the
 * embedded pass only (the PostgreSQL pass would repeat them unchanged).
 */
export const describeProcesses = describe.skipIf(inject('databaseKind') !== 'embedded');

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
function aFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'salure-data-'));
  folders.push(folder);
  return folder;
}

/**
 * A data folder of its own with the demo data, as a first `npm start` leaves it: a copy of the one the run made
 * once (test/global-setup.ts; opening a copy takes a second, making a new one six).
 */
export function aDataDir(): string {
  const folder = aFolder();
  cpSync(inject('dataTemplate'), folder, { recursive: true });
  return folder;
}

/** Runs the CLI as an operator would, on `dataDir`. */
export const cli = (dataDir: string, ...args: string[]) =>
  run(join(root, 'node_modules/.bin/tsx'), ['src/cli.ts', ...args], { cwd: root, env: gatewayEnv(dataDir) });

/** The environment of a gateway on the embedded database in `dataDir`, on a free port. */
export function gatewayEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, TEST_DATABASE_URL: _too, ...env } = process.env;
  // Loops of requests from one address would meet the anonymous rate limit.
  return {
    ...env,
    DATA_DIR: dataDir,
    PORT: '0',
    // Several gateways run side by side here: none serves metrics unless a test asks.
    METRICS_PORT: '0',
    LOG_LEVEL: 'info',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    ...extra,
  };
}

/** Log lines of a process (its stdout), and a way to wait for one that matches. */
export function lineWatcher() {
  const lines: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  return {
    lines,
    feed(chunk: Buffer | string) {
      partial += chunk;
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      for (const line of complete) {
        lines.push(line);
        for (const waiter of waiting.filter(({ pattern }) => pattern.test(line))) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    },
    until(pattern: RegExp): Promise<string> {
      const seen = lines.find((line) => pattern.test(line));
      return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ pattern, resolve }));
    },
  };
}

/** Starts the gateway (as `npm start` runs node) and resolves once it listens. */
export async function startGateway(dataDir: string, extra: NodeJS.ProcessEnv = {}) {
  const watcher = lineWatcher();
  const evidence = evidenceFile('log');
  const started = await startListening('src/main.ts', gatewayEnv(dataDir, extra), (chunk) => {
    appendFileSync(evidence, chunk);
    watcher.feed(chunk);
  });
  const exited = exitOf(started.child);
  return { ...started, ...watcher, exited };
}

/**
 * Starts the gateway with `npm start`, as a user does (npm, then node under it), in a process group of its own so
 * that a test can signal the whole group as a terminal's Ctrl-C or a supervisor does; resolves once it listens.
 */
export async function startWithNpm(dataDir: string, extra: NodeJS.ProcessEnv = {}) {
  const watcher = lineWatcher();
  const npm = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: gatewayEnv(dataDir, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const evidence = evidenceFile('log');
  npm.stdout?.on('data', (chunk: Buffer) => {
    appendFileSync(evidence, chunk);
    watcher.feed(chunk);
  });
  npm.stderr?.resume();
  const exited = exitOf(npm);
  const started = JSON.parse(await watcher.until(/salure-gateway started/)) as {
    pid: number;
    url: string;
    heapLimitMb: number;
  };
  return { npm, started, exited, ...watcher };
}

export function exitOf(child: ChildProcess): Promise<{ code: number | null; at: number }> {
  child.removeAllListeners('exit');
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, at: performance.now() })));
}

export async function graphqlAt<T>(url: string, query: string, authorization?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  recordSecrets(text);
  return { status: response.status, body: JSON.parse(text) as { data?: T; errors?: unknown[] } };
}

export async function demoToken(url: string): Promise<string> {
  const login = await graphqlAt<{ login: { sessionToken: string } }>(
    url,
    `mutation { login(email: "admin@acme.test", password: "${DEMO_PASSWORD}") { sessionToken } }`,
  );
  const created = await graphqlAt<{ createApiToken: { token: string } }>(
    url,
    'mutation { createApiToken(input: { label: "ops", pages: [CONNECTORS] }) { token } }',
    `Bearer ${login.body.data?.login.sessionToken}`,
  );
  return created.body.data?.createApiToken.token ?? '';
}

export const CONNECTORS = '{ connectors { totalCount } }';

/** The TCP ports a process listens on (from /proc: its socket descriptors among the listening sockets). */
export function tcpListeners(pid: number): number[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ''];
      } catch {
        return [];
      }
    }),
  );
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const row of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local = '', , state, , , , , , inode = ''] = row.trim().split(/\s+/);
      if (state === '0A' && inodes.has(inode)) ports.push(Number.parseInt(local.split(':')[1] ?? '', 16));
    }
  }
  return ports.sort();
}
