import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** `npm start`'s command (package.json is its one home): `exec node <flags> <entry>`. */
function startScript(): { flags: string; entry: string } {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const match = /^exec node (.*?) (dist\/\S+\.js)$/.exec(scripts.start);
  if (!match?.[1] || !match[2]) throw new Error('package.json: the start script is not "exec node <flags> dist/….js"');
  return { flags: match[1], entry: match[2] };
}

/**
 * Node's flags as `npm start` gives them, with its `${NAME:-default}` settings read from `env`: a 64 MB young
 * generation (V8's default is 16; it took a third of the time spent in garbage collection off a nested page query)
 * and the heap limit. Every process the benchmark and the tests start gets them, the peer and the bare server too.
 */
export function nodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  return startScript()
    .flags.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => env[name] || fallback)
    .split(' ');
}

/** What `npm start` runs: the gateway's bundle (`npm run build:server`; scripts/bundle-server.mjs). */
export const START_ENTRY = startScript().entry;

/**
 * Node 22, from the npm registry's `node` package in the PostGraphile 5 peer's folder (which needs it; the machines
 * have Node 20): what the benchmark's main table runs on, and CI's second pass of the tests.
 */
export const NODE_22 = join(root, 'bench/peers/postgraphile5/node_modules/node/bin/node');

/**
 * The Node every server of the benchmark's main table runs on: Node 22 by default, or the binary BENCH_NODE names
 * (e.g. Node 24 from `npm i node@24` in a folder of its own), to compare versions run by run.
 */
export const MAIN_NODE = process.env.BENCH_NODE ?? NODE_22;

/** The gateway's settings under load: any free port, errors only in the log, no demo data, no rate limit in the way. */
export const GATEWAY_ENV = {
  PORT: '0',
  LOG_LEVEL: 'error',
  SEED_DEMO: 'false',
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100000000',
};

/**
 * Starts an entry point (the gateway, or the bare server) in its own Node process and resolves with its GraphQL URL
 * once it prints "listening on …": TypeScript through tsx (the tests run the sources), JavaScript as it is (the
 * build, as `npm start` runs it: see `built`). `env` replaces the environment (pass process.env to extend it).
 * `node` is the Node binary (this process's by default).
 */
export function startListening(
  entry: string,
  env: NodeJS.ProcessEnv,
  onOutput?: (chunk: Buffer) => void,
  node = process.execPath,
): Promise<{ child: ChildProcess; url: string }> {
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(node, [...nodeFlags(env), ...loader, entry], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk;
      onOutput?.(chunk);
      const match = /listening on (http:\/\/\S+\/graphql)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${entry} exited with ${code} before listening:\n${output}`)));
  });
}

/**
 * A TypeScript entry point's JavaScript in the build (`npm run build:server`, which `npm start` runs first when the
 * sources are newer), e.g. `built('bench/yoga-floor.ts')`. The gateway itself runs from START_ENTRY, its bundle.
 */
export function built(entry: string): string {
  return join('dist', entry.replace(/\.ts$/, '.js'));
}

/** Brings the build up to date (tsc, incremental: a few seconds when little changed), and bundles it. */
export function buildServer(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/bundle-server.mjs')], { stdio: 'inherit' });
}

/** A port free now, for a listener that takes no port 0 (METRICS_PORT: 0 turns metrics off). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** An OTLP/HTTP receiver that takes spans and drops them: tracing's cost to the gateway, not to a collector. */
export async function spanSink(): Promise<{ url: string; close(): void; requests(): number }> {
  let requests = 0;
  const server = (await import('node:http')).createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close(), requests: () => requests };
}
