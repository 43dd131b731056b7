import { type ChildProcess, spawn } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
/**
 * As `npm start` runs the gateway: a 64 MB young generation (V8's default is 16) took a third of the time spent
 * in garbage collection off a nested page query (in process, 16 concurrent: 220 -> 286 req/s). Every process the
 * benchmark starts gets it, the peer and the bare server too.
 */
const NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * Starts a TypeScript entry point (the gateway, or the bare server) in its own Node process and resolves with its
 * GraphQL URL once it prints "listening on …". `env` replaces the environment (pass process.env to extend it).
 */
export function startListening(
  entry: string,
  env: NodeJS.ProcessEnv,
  onOutput?: (chunk: Buffer) => void,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...NODE_FLAGS, '--import', 'tsx', entry], {
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
