import { beforeAll, describe, expect, it } from 'vitest';
import { PAGES, type Page } from '../src/core/pages.js';
import { type User, UserEntity } from '../src/database/entities.js';
import { settleCredentialChanges } from '../src/database/notifications.js';
import { readPage } from '../src/database/page-queries.js';
import { setRights } from '../src/operator/users.js';
import { aClient, aClientWithData, aConnector, anInterface, aRun, aUser, sessionOf, tokenOf } from './builders.js';
import { graphql } from './generated/gql.js';
import { errorCodes, startTestGateway } from './helpers.js';

const gateway = await startTestGateway();

const AllPages = graphql(`
  query PagesAll($clientId: ID) {
    users(clientId: $clientId) {
      totalCount
      edges {
        node {
          id
          client {
            id
          }
        }
      }
    }
    connectors(clientId: $clientId) {
      totalCount
      edges {
        node {
          id
          client {
            id
          }
        }
      }
    }
    interfaces(clientId: $clientId) {
      totalCount
      edges {
        node {
          id
          client {
            id
          }
        }
      }
    }
    runs(clientId: $clientId) {
      totalCount
      edges {
        node {
          id
          client {
            id
          }
        }
      }
    }
  }
`);

const Nested = graphql(`
  query PagesNested($first: Int) {
    interfaces(first: $first) {
      edges {
        node {
          id
          client {
            name
          }
          source {
            id
            name
          }
          target {
            id
          }
          lastRun {
            id
            status
          }
        }
      }
    }
    runs(first: 1) {
      edges {
        node {
          id
          interface {
            id
          }
        }
      }
    }
  }
`);

const Viewer = graphql(`
  query PagesViewer {
    viewer {
      pages
      clients {
        id
      }
    }
  }
`);

type Answer = Awaited<ReturnType<typeof gateway.request<unknown, unknown>>>;
/** The client ids of every row in every page of an AllPages answer. */
function clientIdsIn(answer: Answer): Set<string> {
  const ids = new Set<string>();
  JSON.stringify(answer.body.data, (key, value) => {
    if (key === 'client' && value?.id) ids.add(value.id);
    return value;
  });
  return ids;
}

let world: {
  a: Awaited<ReturnType<typeof aClientWithData>>;
  b: Awaited<ReturnType<typeof aClientWithData>>;
  c: Awaited<ReturnType<typeof aClientWithData>>;
  owner: User;
  session: string;
};

beforeAll(async () => {
  const em = gateway.em();
  const a = await aClientWithData(em);
  const b = await aClientWithData(em);
  const c = await aClientWithData(em);
  const owner = await aUser(em, { clients: [a.client, b.client], pages: PAGES });
  await aUser(em, { clients: [b.client] });
  await aUser(em, { clients: [c.client] });
  world = { a, b, c, owner, session: await sessionOf(gateway, owner) };
});

async function tokenFor(pages: Page[], clientIds?: string[]) {
  return (await tokenOf(gateway, world.session, { label: 'test', pages, clientIds })).secret;
}

describe('page rights', () => {
  it.each(PAGES.map((page) => [page]))('a token for %s reads that page only', async (page) => {
    const token = await tokenFor([page]);
    const answer = await gateway.request(AllPages, { auth: { token } });
    const fields = { USERS: 'users', CONNECTORS: 'connectors', INTERFACES: 'interfaces', RUNS: 'runs' } as const;
    for (const other of PAGES) {
      const value = answer.body.data?.[fields[other]];
      if (other === page) expect(value?.totalCount).toBeGreaterThan(0);
      else expect(value).toBeNull();
    }
    const refused = (answer.body.errors ?? []).map((e) => [
      e.path?.join('.'),
      e.extensions?.code,
      e.extensions?.requiredPage,
    ]);
    expect(refused.sort()).toEqual(
      PAGES.filter((p) => p !== page)
        .map((p) => [fields[p], 'FORBIDDEN', p])
        .sort(),
    );
  });

  it('guards cross-page fields: each is null with FORBIDDEN at its path, the rest answers', async () => {
    const token = await tokenFor(['INTERFACES', 'RUNS']);
    const answer = await gateway.request(Nested, { variables: { first: 1 }, auth: { token } });
    const node = answer.body.data?.interfaces?.edges[0]?.node;
    expect(node?.client.name).toBeTruthy();
    expect(node?.source).toBeNull();
    expect(node?.target).toBeNull();
    expect(node?.lastRun?.status).toBe('SUCCEEDED');
    expect(answer.body.data?.runs?.edges[0]?.node.interface?.id).toBeTruthy();
    expect(errorCodes(answer).sort()).toEqual([
      ['interfaces.edges.0.node.source', 'FORBIDDEN'],
      ['interfaces.edges.0.node.target', 'FORBIDDEN'],
    ]);
    expect(answer.body.errors?.[0]?.extensions?.requiredPage).toBe('CONNECTORS');

    const runsOnly = await gateway.request(Nested, {
      variables: { first: 1 },
      auth: { token: await tokenFor(['RUNS']) },
    });
    expect(runsOnly.body.data?.runs?.edges[0]?.node.interface).toBeNull();
    expect(errorCodes(runsOnly).sort()).toEqual([
      ['interfaces', 'FORBIDDEN'],
      ['runs.edges.0.node.interface', 'FORBIDDEN'],
    ]);

    const everything = await gateway.request(Nested, {
      variables: { first: 1 },
      auth: { token: await tokenFor([...PAGES]) },
    });
    expect(errorCodes(everything)).toEqual([]);
    expect(everything.body.data?.interfaces?.edges[0]?.node.source?.id).toBeTruthy();
  });
});

describe('client filtering', () => {
  it('returns no row of another client, by any page', async () => {
    const token = await tokenFor([...PAGES], [world.a.client.id]);
    const answer = await gateway.request(AllPages, { auth: { token } });
    expect(errorCodes(answer)).toEqual([]);
    expect(clientIdsIn(answer)).toEqual(new Set([world.a.client.id]));
    expect(answer.body.data?.connectors?.totalCount).toBe(2);
    expect(answer.body.data?.runs?.totalCount).toBe(2);

    const userAnswer = await gateway.request(AllPages, { auth: { session: world.session } });
    expect(clientIdsIn(userAnswer)).toEqual(new Set([world.a.client.id, world.b.client.id]));
  });

  it('refuses a clientId outside the effective clients with FORBIDDEN on every page', async () => {
    const token = await tokenFor([...PAGES], [world.a.client.id]);
    for (const clientId of [world.b.client.id, world.c.client.id]) {
      const answer = await gateway.request(AllPages, { variables: { clientId }, auth: { token } });
      expect(answer.body.data).toEqual({ users: null, connectors: null, interfaces: null, runs: null });
      expect(errorCodes(answer).map(([, code]) => code)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      expect(answer.body.errors?.[0]?.extensions?.clientId).toBe(clientId);
    }
    // Not an id at all: bad input, before any guard or query.
    const malformed = await gateway.request(AllPages, { variables: { clientId: 'not-a-uuid' }, auth: { token } });
    expect(errorCodes(malformed).map(([, code]) => code)).toEqual(Array(4).fill('BAD_USER_INPUT'));
    const own = await gateway.request(AllPages, { variables: { clientId: world.a.client.id }, auth: { token } });
    expect(clientIdsIn(own)).toEqual(new Set([world.a.client.id]));
  });
});

describe("the owner's current rights bound every token", () => {
  async function withOwnerRights(change: Parameters<typeof setRights>[2], action: () => Promise<void>) {
    const em = gateway.em();
    const owner = await em.findOneOrFail(UserEntity, { id: world.owner.id });
    const before = { pages: [...owner.pages], clientIds: [...owner.clientIds] };
    await setRights(em, owner, change);
    try {
      await action();
    } finally {
      owner.pages = before.pages;
      owner.clientIds = before.clientIds;
      await em.flush();
      // A change made straight in the database: wait until the gateways have heard of it, as setRights does.
      await settleCredentialChanges(em);
    }
  }

  it('a page the owner lost is gone from the token at once', async () => {
    const token = await tokenFor(['CONNECTORS', 'RUNS']);
    await withOwnerRights({ withdrawPages: ['RUNS'] }, async () => {
      const answer = await gateway.request(AllPages, { auth: { token } });
      expect(answer.body.data?.runs).toBeNull();
      expect(answer.body.data?.connectors?.totalCount).toBe(4);
      expect((await gateway.data(Viewer, { auth: { token } })).viewer?.pages).toEqual(['CONNECTORS']);
    });
    expect((await gateway.data(Viewer, { auth: { token } })).viewer?.pages).toEqual(['CONNECTORS', 'RUNS']);
  });

  it('a client the owner lost is gone from the token at once', async () => {
    const allClients = await tokenFor(['CONNECTORS']);
    const onlyB = await tokenFor(['CONNECTORS'], [world.b.client.id]);
    await withOwnerRights({ withdrawClients: [world.b.client.id] }, async () => {
      const all = await gateway.request(AllPages, { auth: { token: allClients } });
      expect(clientIdsIn(all)).toEqual(new Set([world.a.client.id]));
      const b = await gateway.request(AllPages, { auth: { token: onlyB } });
      expect(b.body.data?.connectors).toEqual({ totalCount: 0, edges: [] });
      const byId = await gateway.request(AllPages, {
        variables: { clientId: world.b.client.id },
        auth: { token: onlyB },
      });
      expect(byId.body.data?.connectors).toBeNull();
    });
  });
});

const ConnectorsPage = graphql(`
  query PagesConnectorsPage($clientId: ID, $first: Int, $after: String) {
    connectors(clientId: $clientId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          id
        }
      }
    }
  }
`);

const RunsPage = graphql(`
  query PagesRunsPage($clientId: ID, $interfaceId: ID, $first: Int, $after: String) {
    runs(clientId: $clientId, interfaceId: $interfaceId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          startedAt
        }
      }
    }
  }
`);

describe('pagination', () => {
  it('walks every row once, in order, without gaps or repeats', async () => {
    const em = gateway.em();
    const client = await aClient(em);
    const created = [];
    for (let i = 0; i < 7; i++) created.push((await aConnector(em, client)).id);
    const owner = await aUser(em, { clients: [client] });
    const session = await sessionOf(gateway, owner);
    const seen: string[] = [];
    let after: string | null | undefined;
    const pages: boolean[] = [];
    do {
      const data = await gateway.data(ConnectorsPage, {
        variables: { clientId: client.id, first: 3, after },
        auth: { session },
      });
      const connectors = data.connectors;
      if (!connectors) throw new Error('no connectors');
      expect(connectors.totalCount).toBe(7);
      expect(connectors.pageInfo.hasPreviousPage).toBe(after !== undefined);
      seen.push(...connectors.edges.map((e) => e.node.id));
      pages.push(connectors.pageInfo.hasNextPage);
      after = connectors.pageInfo.hasNextPage ? connectors.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(created);
    expect(pages).toEqual([true, true, false]);
  });

  it('merges the rows of several clients into one order, across pages', async () => {
    const em = gateway.em();
    const [a, b] = [await aClient(em), await aClient(em)];
    const created: string[] = [];
    // Interleaved: a, b, b, a, b, a, a
    for (const client of [a, b, b, a, b, a, a]) created.push((await aConnector(em, client)).id);
    const owner = await aUser(em, { clients: [a, b] });
    const session = await sessionOf(gateway, owner);
    const seen: string[] = [];
    let after: string | null | undefined;
    do {
      const data = await gateway.data(ConnectorsPage, { variables: { first: 2, after }, auth: { session } });
      seen.push(...(data.connectors?.edges.map((e) => e.node.id) ?? []));
      after = data.connectors?.pageInfo.hasNextPage ? data.connectors.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(created);
  });

  it('lists runs newest first, also across pages and per interface', async () => {
    const em = gateway.em();
    const client = await aClient(em);
    const iface = await anInterface(em, client);
    const other = await anInterface(em, client);
    const base = Date.now() - 10_000;
    for (let i = 0; i < 5; i++) await aRun(em, iface, new Date(base + i * 100));
    await aRun(em, other, new Date(base + 50));
    const owner = await aUser(em, { clients: [client] });
    const session = await sessionOf(gateway, owner);
    const first = await gateway.data(RunsPage, { variables: { interfaceId: iface.id, first: 3 }, auth: { session } });
    const rest = await gateway.data(RunsPage, {
      variables: { interfaceId: iface.id, first: 3, after: first.runs?.pageInfo.endCursor },
      auth: { session },
    });
    const startedAt = [...(first.runs?.edges ?? []), ...(rest.runs?.edges ?? [])].map((e) => e.node.startedAt);
    expect(startedAt).toEqual([4, 3, 2, 1, 0].map((i) => new Date(base + i * 100).toISOString()));
    expect(first.runs?.totalCount).toBe(5);
    expect(
      (await gateway.data(RunsPage, { variables: { clientId: client.id }, auth: { session } })).runs?.totalCount,
    ).toBe(6);
  });

  it.each([[0], [101], [-1]])('refuses first: %i with BAD_USER_INPUT', async (first) => {
    const answer = await gateway.request(ConnectorsPage, { variables: { first }, auth: { session: world.session } });
    expect(errorCodes(answer)).toEqual([['connectors', 'BAD_USER_INPUT']]);
  });

  it('accepts first: 100 and defaults to 50', async () => {
    const data = await gateway.data(ConnectorsPage, { variables: { first: 100 }, auth: { session: world.session } });
    expect(data.connectors?.edges.length).toBe(4);
  });

  it.each([['garbage'], [Buffer.from('2026-01-01T00:00:00Z|x').toString('base64url')], ['']])(
    'refuses the cursor %j with BAD_USER_INPUT',
    async (after) => {
      const answer = await gateway.request(ConnectorsPage, { variables: { after }, auth: { session: world.session } });
      expect(errorCodes(answer)).toEqual([['connectors', 'BAD_USER_INPUT']]);
    },
  );

  it('refuses a malformed interfaceId with BAD_USER_INPUT', async () => {
    const answer = await gateway.request(RunsPage, {
      variables: { interfaceId: 'x' },
      auth: { session: world.session },
    });
    expect(errorCodes(answer)).toEqual([['runs', 'BAD_USER_INPUT']]);
  });
});

describe('SQL per request', () => {
  it('is a small constant for nested interfaces, whatever the number of rows (no N+1)', async () => {
    const em = gateway.em();
    const client = await aClient(em);
    for (let i = 0; i < 100; i++) {
      const source = await aConnector(em, client);
      const target = await aConnector(em, client);
      const iface = await anInterface(em, client, { source, target });
      await aRun(em, iface);
    }
    const owner = await aUser(em, { clients: [client] });
    const session = await sessionOf(gateway, owner);
    const query = (first: number) => gateway.data(Nested, { variables: { first }, auth: { session } });
    await query(1); // the first use reads the session (then cached) and writes lastUsedAt; not the steady state
    let hundred: Awaited<ReturnType<typeof query>> | undefined;
    const statementsFor100 = await gateway.statementsOf(async () => {
      hundred = await query(100);
    });
    const statementsFor10 = await gateway.statementsOf(() => query(10));
    expect(hundred?.interfaces?.edges).toHaveLength(100);
    expect(hundred?.interfaces?.edges.every((e) => e.node.source && e.node.target && e.node.lastRun)).toBe(true);
    // The interfaces page with its client, source, target and last run joined; the runs page with its interfaces.
    expect(statementsFor100).toHaveLength(2);
    expect(statementsFor10).toHaveLength(statementsFor100.length);
  });
});

const NestedByFragments = graphql(`
  query PagesNestedByFragments {
    interfaces(first: 100) {
      edges {
        ...InterfaceEdgeParts
      }
    }
  }
  fragment InterfaceEdgeParts on InterfaceEdge {
    node {
      id
      ... on Interface {
        from: source {
          name
        }
        to: target {
          name
        }
      }
      latest: lastRun {
        id
      }
    }
  }
`);

describe('joined relations', () => {
  it('are found through fragments and aliases, and a missing one is null', async () => {
    const em = gateway.em();
    const client = await aClient(em);
    const source = await aConnector(em, client, 'From');
    const withRun = await anInterface(em, client, { source });
    const run = await aRun(em, withRun);
    await anInterface(em, client);
    const owner = await aUser(em, { clients: [client] });
    const session = await sessionOf(gateway, owner);
    const data = await gateway.data(NestedByFragments, { auth: { session } });
    const statements = await gateway.statementsOf(() => gateway.data(NestedByFragments, { auth: { session } }));
    const nodes = data.interfaces?.edges.map((edge) => edge.node) ?? [];
    expect(nodes.map((node) => [node.from?.name ?? null, node.latest?.id ?? null])).toEqual([
      ['From', run.id],
      [null, null],
    ]);
    expect(statements).toHaveLength(1); // source, target and last run joined to the page, whatever their aliases
  });

  it('are shaped once per row and statement: runs of one interface share it (its guard runs once)', async () => {
    const em = gateway.em();
    const client = await aClient(em);
    const [payroll, hours] = [await anInterface(em, client, { name: 'Payroll' }), await anInterface(em, client)];
    for (const iface of [payroll, payroll, hours, payroll]) await aRun(em, iface);
    const { rows } = await readPage(gateway.orm.em, {
      page: 'runs',
      clientIds: [client.id],
      conditions: [],
      order: { property: 'startedAt', direction: 'asc' },
      backward: false,
      position: undefined,
      limit: 10,
      select: ['id', 'interface'],
      joins: [{ relation: 'interface', select: ['name'] }],
    });
    const joined = rows.map((row) => row.joined?.interface as { id: string; name: string });
    expect(joined.map((row) => row.id)).toEqual([payroll.id, payroll.id, hours.id, payroll.id]);
    expect(joined[0]?.name).toBe('Payroll');
    expect(joined[1]).toBe(joined[0]);
    expect(joined[3]).toBe(joined[0]);
    expect(joined[2]).not.toBe(joined[0]);
  });
});

const RunsTwice = graphql(`
  query PagesRunsTwice($clientId: ID) {
    runs(clientId: $clientId) {
      edges {
        node {
          id
          ...RunTimes
          interface {
            name
          }
          again: interface {
            status
            schedule
            createdAt
            source {
              name
              system
            }
          }
        }
      }
    }
    interfaces(clientId: $clientId) {
      edges {
        node {
          name
          lastRun {
            status
          }
          latest: lastRun {
            finishedAt
            recordsProcessed
            message
          }
        }
      }
    }
  }
  fragment RunTimes on Run {
    startedAt
    ... on Run {
      recordsProcessed
    }
  }
`);

describe('the columns a page query reads', () => {
  it('are what the request selects, through aliases and fragments, and no more', async () => {
    const em = gateway.em();
    const client = await aClient(em);
    const source = await aConnector(em, client, 'Source');
    const iface = await anInterface(em, client, { source, name: 'Payroll' });
    const run = await aRun(em, iface);
    const owner = await aUser(em, { clients: [client] });
    const session = await sessionOf(gateway, owner);
    const variables = { clientId: client.id };
    const data = await gateway.data(RunsTwice, { auth: { session }, variables });
    const statements = await gateway.statementsOf(() => gateway.data(RunsTwice, { auth: { session }, variables }));
    expect(data.runs?.edges.map((edge) => edge.node)).toEqual([
      {
        id: run.id,
        startedAt: run.startedAt.toISOString(),
        recordsProcessed: 10,
        interface: { name: 'Payroll' },
        again: {
          status: 'ACTIVE',
          schedule: '0 6 * * *',
          createdAt: iface.createdAt.toISOString(),
          source: { name: 'Source', system: 'AFAS' },
        },
      },
    ]);
    expect(data.interfaces?.edges.map((edge) => edge.node)).toEqual([
      {
        name: 'Payroll',
        lastRun: { status: 'SUCCEEDED' },
        latest: { finishedAt: run.finishedAt?.toISOString(), recordsProcessed: 10, message: null },
      },
    ]);
    // Each page one statement, the source of the interface one batch; the runs page reads neither the run's
    // message nor its finish, which nobody asked of a run there.
    expect(statements).toHaveLength(3);
    const runsPage = statements.find((sql) => sql.includes('from "run" t')) ?? '';
    expect(runsPage).toMatch(/"records_processed"/);
    expect(runsPage).not.toMatch(/"message"|"finished_at"/);
  });
});

describe('token listings', () => {
  const Tokens = graphql(`
    query PagesTokens {
      apiTokens {
        id
        clients {
          id
        }
      }
    }
  `);

  it('never show a client the owner no longer has', async () => {
    const em = gateway.em();
    const [a, b] = [await aClient(em), await aClient(em)];
    const owner = await aUser(em, { clients: [a, b] });
    const session = await sessionOf(gateway, owner);
    const token = await tokenOf(gateway, session, { label: 'two', pages: ['USERS'], clientIds: [a.id, b.id] });
    await setRights(em, owner, { withdrawClients: [b.id] });
    const data = await gateway.data(Tokens, { auth: { session } });
    expect(data.apiTokens?.find((t) => t.id === token.id)?.clients).toEqual([{ id: a.id }]);
  });
});
