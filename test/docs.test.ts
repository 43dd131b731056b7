import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { aDataDir, describeProcesses, root, startGateway } from './gateway-process.js';
import { recordSecrets } from './helpers.js';

// README is short and every guide in docs/ is linked from it; links between them resolve; the first-token steps
// of README run as written against a real gateway.

const run = promisify(execFile);
const markdown = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(file: string): Set<string> {
  const text = read(file).replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#+ (.+)$/gm)].map((match) => anchorOf(match[1] ?? '')));
}

describe('README and the guides', () => {
  it('README stays short and links every guide in docs/', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThan(200);
    for (const file of markdown.filter((f) => f.startsWith('docs/'))) expect(readme, file).toContain(`](${file})`);
  });

  it('has no link to a file or a heading that is not there', () => {
    const broken: string[] = [];
    for (const file of markdown) {
      const text = read(file).replace(/```[\s\S]*?```/g, '');
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const linked = path ? resolve(dirname(join(root, file)), path) : join(root, file);
        if (!existsSync(linked)) broken.push(`${file}: ${target}`);
        else if (anchor && linked.endsWith('.md') && !anchorsOf(linked.slice(root.length)).has(anchor)) {
          broken.push(`${file}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});

describeProcesses("README's first token", () => {
  it('runs as written: log in, create a token with the session, read with the token', async () => {
    const gateway = await startGateway(aDataDir());
    const origin = new URL(gateway.url).origin;
    const steps = [...read('README.md').matchAll(/```sh\n( *curl[\s\S]*?) *```/g)].map((match) =>
      (match[1] ?? '').replace(/^ {3}/gm, '').replaceAll('http://127.0.0.1:4000', origin),
    );
    expect(steps.length).toBe(3);
    const env: NodeJS.ProcessEnv = { ...process.env };
    const answers: Record<string, unknown>[] = [];
    for (const step of steps) {
      const { stdout } = await run('bash', ['-c', step], { env });
      recordSecrets(stdout);
      const answer = JSON.parse(stdout) as { data?: Record<string, Record<string, unknown>>; errors?: unknown };
      expect(answer.errors, step).toBeUndefined();
      answers.push(answer.data ?? {});
      env.SESSION ??= answer.data?.login?.sessionToken as string | undefined;
      if (answer.data?.createApiToken) env.TOKEN = answer.data.createApiToken.token as string;
    }
    expect(answers[2]).toMatchObject({ viewer: { kind: 'API_TOKEN', pages: ['CONNECTORS', 'RUNS'] } });
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  }, 60_000);
});
