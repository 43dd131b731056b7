import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEMO_PASSWORD } from '../src/operator/demo-data.js';
import { aDataDir, describeProcesses, graphqlAt, root, startGateway } from './gateway-process.js';
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
  it('runs as written: log in, create a token with the session, read with the token; then govern it as Acme BV administrator', async () => {
    const gateway = await startGateway(aDataDir());
    // Stopped also when the test fails half-way (otherwise its process outlives the run).
    onTestFinished(() => void gateway.child.kill('SIGTERM'));
    const origin = new URL(gateway.url).origin;
    const section = (heading: string) =>
      read('README.md')
        .split('\n## ')
        .find((part) => part.startsWith(heading)) ?? '';
    const blocksOf = (heading: string) =>
      [...section(heading).matchAll(/```sh\n([\s\S]*?) *```/g)].map((match) =>
        (match[1] ?? '').replace(/^ {3}/gm, '').replaceAll('http://127.0.0.1:4000', origin),
      );
    const steps = blocksOf('Create an API token');
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
      if (answer.data?.createApiToken) {
        env.TOKEN = answer.data.createApiToken.token as string;
        env.TOKEN_ID = (answer.data.createApiToken.apiToken as { id: string }).id;
      }
    }
    expect(answers[2]).toMatchObject({ viewer: { kind: 'API_TOKEN', pages: ['CONNECTORS', 'RUNS'] } });

    // The administrator's walk-through: the inventory lists the new token; the policy and the revocation answer.
    const [inventory = '', govern = ''] = blocksOf("Govern a client's tokens");
    const listed = await run('bash', ['-c', `set -o pipefail\n${inventory}`], { env });
    const items = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string });
    expect(items.map((item) => item.id)).toContain(env.TOKEN_ID);
    // In one shell, as a reader runs them: the second block uses $ACME of the first.
    const governed = await run(
      'bash',
      ['-c', `set -o pipefail\n{ ${inventory}\n} >/dev/null\n{ ${govern}\n} | jq -c .`],
      {
        env,
      },
    );
    const [policy, revoked] = governed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(policy).toEqual({ data: { setClientTokenPolicy: { maxLifetimeDays: 365, endRequired: true } } });
    expect(revoked).toEqual({ data: { revokeClientApiTokens: [{ id: env.TOKEN_ID, status: 'REVOKED' }] } });
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  }, 60_000);
});

describeProcesses("the guides' examples", () => {
  it('run as written against the demo data: every GraphQL example of reading-data.md and the REST one answer without error', async () => {
    const gateway = await startGateway(aDataDir());
    // Stopped also when the test fails half-way (otherwise its process outlives the run).
    onTestFinished(() => void gateway.child.kill('SIGTERM'));
    const origin = new URL(gateway.url).origin;
    const login = await graphqlAt<{ login: { sessionToken: string } }>(
      gateway.url,
      `mutation { login(email: "admin@acme.test", password: "${DEMO_PASSWORD}") { sessionToken } }`,
    );
    const created = await graphqlAt<{ createApiToken: { token: string } }>(
      gateway.url,
      'mutation { createApiToken(input: { label: "guide", pages: [USERS, CONNECTORS, INTERFACES, RUNS] }) { token } }',
      `Bearer ${login.body.data?.login.sessionToken}`,
    );
    const token = created.body.data?.createApiToken.token ?? '';
    // The placeholders of the examples, filled from the demo data.
    const ids = await graphqlAt<{
      connectors: { edges: { node: { id: string } }[]; pageInfo: { startCursor: string } };
      interfaces: { edges: { node: { id: string } }[] };
      runs: { edges: { node: { id: string } }[] };
    }>(
      gateway.url,
      '{ connectors(last: 10) { edges { node { id } } pageInfo { startCursor } } interfaces(first: 1) { edges { node { id } } } runs(first: 1) { edges { node { id } } } }',
      `SalureToken ${token}`,
    );
    const data = ids.body.data;
    const fill: Record<string, string> = {
      '<connector id>': data?.connectors.edges[0]?.node.id ?? '',
      '<interface id>': data?.interfaces.edges[0]?.node.id ?? '',
      '<run id>': data?.runs.edges[0]?.node.id ?? '',
      '<startCursor of the page above>': data?.connectors.pageInfo.startCursor ?? '',
    };
    const blocks = (file: string) =>
      [...read(file).matchAll(/```sh\n([\s\S]*?)```/g)].map((match) =>
        Object.entries(fill).reduce(
          (text, [placeholder, value]) => text.replaceAll(placeholder, value),
          (match[1] ?? '').replaceAll('http://127.0.0.1:4000', origin),
        ),
      );
    const [define, ...examples] = blocks('docs/reading-data.md');
    expect(define).toContain('gql()');
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const example of [...examples, ...blocks('docs/rest.md')]) {
      // Each example prints one JSON answer per call; jq puts each on a line of its own.
      const { stdout } = await run('bash', ['-c', `set -o pipefail\n${define}\n{ ${example}\n} | jq -c .`], {
        env: { ...process.env, TOKEN: token },
      });
      const answers = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { errors?: unknown; code?: string });
      expect(answers.length, example).toBeGreaterThan(0);
      for (const answer of answers) {
        expect(answer.errors, example).toBeUndefined();
        expect(answer.code, example).toBeUndefined(); // a REST problem has a code
      }
    }
    gateway.child.kill('SIGTERM');
    await gateway.exited;
  }, 90_000);
});
