// A steady load on the gateway for a while, from this process, against a gateway in its own process:
// zero failed requests and stable memory are the pass marks. `npm run soak [-- seconds rate]`.
// With DATABASE_URL the gateway runs on that PostgreSQL; without, on a fresh embedded database.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildServer, START_ENTRY, startListening } from './processes.js';

const [seconds = 30, rate = 200] = process.argv.slice(2).map(Number);
const root = new URL('..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'salure-soak-'));
buildServer();

function startGateway() {
  return startListening(START_ENTRY, {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    RATE_LIMIT_PER_MINUTE: '10000000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '10000000',
  });
}

/** Resident memory of a process in MiB: the median of 9 samples over 2 s, so one GC does not decide it. */
async function rssMiB(pid: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 9; i++) {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
    samples.push(Number(line?.[1] ?? 0) / 1024);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return Math.round((samples.sort((a, b) => a - b)[4] ?? 0) * 10) / 10;
}

async function graphql(url: string, query: string, authorization?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: Record<string, Record<string, string>> };
}

function load(url: string, token: string, duration: number) {
  return autocannon({
    url,
    method: 'POST',
    connections: 16,
    duration,
    overallRate: rate,
    headers: { 'content-type': 'application/json', authorization: `SalureToken ${token}` },
    body: JSON.stringify({
      query: '{ connectors(first: 20) { totalCount edges { node { name system client { name } } } } }',
    }),
  });
}

const { child, url } = await startGateway();
const pid = child.pid ?? 0;
try {
  const login = await graphql(
    url,
    'mutation { login(email: "admin@acme.test", password: "correct-horse-battery-staple") { sessionToken } }',
  );
  const created = await graphql(
    url,
    'mutation { createApiToken(input: { label: "soak", pages: [CONNECTORS] }) { token } }',
    `Bearer ${login.data.login?.sessionToken}`,
  );
  const token = created.data.createApiToken?.token ?? '';

  await load(url, token, 10); // warm-up: code paths compiled, pools and caches filled
  const warm = await rssMiB(pid);
  const result = await load(url, token, seconds);
  const after = await rssMiB(pid);

  const failed = result.errors + result.timeouts + result.non2xx;
  const growth = Math.round(((after - warm) / warm) * 1000) / 10;
  const report = [
    `# Soak ${new Date().toISOString().slice(0, 10)}: ${seconds} s at ${rate} req/s, 16 connections`,
    '',
    `database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'embedded'}; operation: connectors(first: 20) with client`,
    '',
    '| requests | failed (errors, timeouts, non-2xx) | req/s | p50 ms | p99 ms | RSS after warm-up | RSS after load | growth |',
    '|---|---|---|---|---|---|---|---|',
    `| ${result.requests.total} | ${failed} (${result.errors}, ${result.timeouts}, ${result.non2xx}) | ${result.requests.average} | ${result.latency.p50} | ${result.latency.p99} | ${warm} MiB | ${after} MiB | ${growth}% |`,
    '',
  ].join('\n');
  process.stdout.write(`${report}\n`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const kind = process.env.DATABASE_URL ? 'postgresql' : 'embedded';
  writeFileSync(join(root, `bench/results/soak-${new Date().toISOString().slice(0, 10)}-${kind}.md`), report);
  process.exitCode = failed === 0 && growth <= 20 ? 0 : 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
