import { describe, expect, it } from 'vitest';
import { dayOf } from '../src/auth/token-usage.js';
import { DEMO_PASSWORD } from '../src/operator/demo-data.js';
import { anOwnerWithToken, tokenOf } from './builders.js';
import {
  aDataDir,
  CONNECTORS,
  demoToken,
  describeProcesses,
  graphqlAt,
  startGateway,
  startWithNpm,
} from './gateway-process.js';
import { startTestGateway } from './helpers.js';

// ApiToken.usage: requests per token and day, counted in memory and written in batches.

const USAGE = `query($days: Int) { apiTokens { id usage(days: $days) { day requests refused } } }`;
type Usage = { apiTokens: { id: string; usage: { day: string; requests: number; refused: number }[] }[] };

describe('token usage', () => {
  it('counts requests and refusals per day, writes none per request, and one statement per batch', async () => {
    const gateway = await startTestGateway();
    const owner = await anOwnerWithToken(gateway, { pages: ['CONNECTORS'] });
    const auth = { auth: { token: owner.token.secret } };
    const requests = await gateway.statementsOf(async () => {
      for (let i = 0; i < 3; i++) await gateway.request(CONNECTORS, auth);
      await gateway.request('{ runs { totalCount } }', auth); // RUNS refused
      await gateway.rest('/api/v1/connectors', auth); // REST counts once
    });
    expect(requests.filter((sql) => /api_token_usage/.test(sql))).toEqual([]);
    // Not written yet, but answered: this process's counts are part of the answer.
    const read = async (days = 1) =>
      (await gateway.data<Usage, { days: number }>(USAGE, { variables: { days }, auth: { session: owner.session } }))
        .apiTokens;
    expect((await read())[0]?.usage).toEqual([{ day: dayOf(new Date()), requests: 5, refused: 1 }]);
    const writes = await gateway.statementsOf(() => gateway.tokenUsage.flush());
    expect(writes.length).toBe(1);
    expect((await read())[0]?.usage).toEqual([{ day: dayOf(new Date()), requests: 5, refused: 1 }]);
    // Thirty days by default: oldest first, today last, zeros where nothing happened.
    const month = (await read(30))[0]?.usage ?? [];
    expect(month.length).toBe(30);
    expect(month.at(-1)?.day).toBe(dayOf(new Date()));
    expect(month.slice(0, -1).every((day) => day.requests === 0)).toBe(true);
    const refused = await gateway.request(USAGE, { variables: { days: 91 }, auth: { session: owner.session } });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
  });

  it('reads the usage of a list of tokens in one statement, whatever their number', async () => {
    const gateway = await startTestGateway();
    const owner = await anOwnerWithToken(gateway, { pages: ['CONNECTORS'] });
    const statementsFor = async () => {
      const sent = await gateway.statementsOf(() =>
        gateway.data<Usage, { days: number }>(USAGE, { variables: { days: 7 }, auth: { session: owner.session } }),
      );
      return sent.filter((sql) => /from api_token_usage/.test(sql)).length;
    };
    expect(await statementsFor()).toBe(1);
    for (let i = 0; i < 4; i++) await tokenOf(gateway, owner.session, { label: `more ${i}`, pages: ['CONNECTORS'] });
    expect(await statementsFor()).toBe(1);
  });

  it('adds the counts of several gateways on one database, none lost', async () => {
    const [one, two] = [await startTestGateway(), await startTestGateway()];
    const owner = await anOwnerWithToken(one, { pages: ['CONNECTORS'] });
    const auth = { auth: { token: owner.token.secret } };
    await Promise.all([
      ...Array.from({ length: 7 }, () => one.request(CONNECTORS, auth)),
      ...Array.from({ length: 4 }, () => two.request(CONNECTORS, auth)),
    ]);
    await Promise.all([one.tokenUsage.flush(), two.tokenUsage.flush()]);
    await two.request(CONNECTORS, auth);
    await two.tokenUsage.flush();
    const usage = await one.data<Usage, { days: number }>(USAGE, {
      variables: { days: 1 },
      auth: { session: owner.session },
    });
    expect(usage.apiTokens[0]?.usage[0]).toMatchObject({ requests: 12, refused: 0 });
  });
});

describeProcesses('token usage of a gateway process', () => {
  it('is written when the gateway stops (SIGTERM), not lost', async () => {
    const dataDir = aDataDir();
    const first = await startGateway(dataDir);
    const token = await demoToken(first.url);
    for (let i = 0; i < 3; i++)
      expect((await graphqlAt(first.url, CONNECTORS, `SalureToken ${token}`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = await startGateway(dataDir);
    const login = await graphqlAt<{ login: { sessionToken: string } }>(
      second.url,
      `mutation { login(email: "admin@acme.test", password: "${DEMO_PASSWORD}") { sessionToken } }`,
    );
    const usage = await graphqlAt<{ apiTokens: { label: string; usage: { requests: number }[] }[] }>(
      second.url,
      '{ apiTokens { label usage(days: 1) { requests } } }',
      `Bearer ${login.body.data?.login.sessionToken}`,
    );
    expect(usage.body.data?.apiTokens.find((t) => t.label === 'ops')?.usage[0]?.requests).toBe(3);
    second.child.kill('SIGTERM');
    await second.exited;
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`is written when ${signal} goes to the whole group of npm start (Ctrl-C, a supervisor), not lost`, async () => {
      const dataDir = aDataDir();
      const first = await startWithNpm(dataDir);
      const token = await demoToken(first.started.url);
      for (let i = 0; i < 8; i++) {
        expect((await graphqlAt(first.started.url, CONNECTORS, `SalureToken ${token}`)).status).toBe(200);
      }
      // npm and node both get it, and npm passes it on to node as well: node sees it twice.
      process.kill(-(first.npm.pid as number), signal);
      await first.exited;
      expect(first.lines.some((line) => line.includes('"msg":"stopped"'))).toBe(true);

      const second = await startGateway(dataDir);
      expect(await usageOf(second.url, 'ops')).toBe(8);
      second.child.kill('SIGTERM');
      await second.exited;
    }, 90_000);
  }
});

describe('when a token ends', () => {
  it('says which limit comes first: the end date, the lifetime limit or the idle limit', async () => {
    // Tokens made without a policy (one ending in 60 days, one never), then read under each policy.
    const none = await startTestGateway();
    const owner = await anOwnerWithToken(none, {
      pages: ['CONNECTORS'],
      expiresAt: new Date(Date.now() + 60 * 86_400_000).toISOString(),
    });
    const ENDS = '{ apiTokens { id endsAt endsBecause createdAt } }';
    type Ends = { apiTokens: { id: string; endsAt: string | null; endsBecause: string | null; createdAt: string }[] };
    const ends = async (gateway: typeof none) =>
      (await gateway.data<Ends, never>(ENDS, { auth: { session: owner.session } })).apiTokens.find(
        (token) => token.id === owner.token.id,
      );
    expect((await ends(none))?.endsBecause).toBe('END_DATE');
    const idle = await ends(await startTestGateway({ tokenPolicy: { idleDays: 5, maxLifetimeDays: 30 } }));
    expect(idle?.endsBecause).toBe('IDLE_LIMIT');
    expect(Date.parse(idle?.endsAt ?? '') - Date.parse(idle?.createdAt ?? '')).toBe(5 * 86_400_000);
    expect((await ends(await startTestGateway({ tokenPolicy: { maxLifetimeDays: 30 } })))?.endsBecause).toBe(
      'LIFETIME_LIMIT',
    );
    const forever = await tokenOf(none, owner.session, { label: 'forever', pages: ['CONNECTORS'] });
    const [never] = (await none.data<Ends, never>(ENDS, { auth: { session: owner.session } })).apiTokens.filter(
      (token) => token.id === forever.id,
    );
    expect(never).toMatchObject({ endsAt: null, endsBecause: null });
  });
});

/** The requests counted today for the demo admin's token of this label, read through the API. */
async function usageOf(url: string, label: string): Promise<number | undefined> {
  const login = await graphqlAt<{ login: { sessionToken: string } }>(
    url,
    `mutation { login(email: "admin@acme.test", password: "${DEMO_PASSWORD}") { sessionToken } }`,
  );
  const usage = await graphqlAt<{ apiTokens: { label: string; usage: { requests: number }[] }[] }>(
    url,
    '{ apiTokens { label usage(days: 1) { requests } } }',
    `Bearer ${login.body.data?.login.sessionToken}`,
  );
  return usage.body.data?.apiTokens.find((t) => t.label === label)?.usage[0]?.requests;
}
