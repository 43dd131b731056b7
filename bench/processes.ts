import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/**
 * Node's flags as `npm start` gives them (package.json is their one home), with its `${NAME:-default}` settings
 * read from `env`: a 64 MB young generation (V8's default is 16; it took a third of the time spent in garbage
 * collection off a nested page query) and the heap limit. Every process the benchmark and the tests start gets
 * them, the peer and the bare server too.
 */
export function nodeFlags(env: NodeJS.ProcessEnv = process.env): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const flags = /^exec node (.*?) --import tsx /.exec(scripts.start)?.[1];
  if (!flags) throw new Error('package.json: the start script is not "exec node <flags> --import tsx …"');
  return flags
    .replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => env[name] || fallback)
    .split(' ');
}

/**
 * Starts a TypeScript entry point (the gateway, or the bare server) in its own Node process and resolves with its
 * GraphQL URL once it prints "listening on …". `env` replaces the environment (pass process.env to extend it).
 */
export function startListening(
  entry: string,
  env: NodeJS.ProcessEnv,
  onOutput?: (chunk: Buffer) => void,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeFlags(env), '--import', 'tsx', entry], {
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
