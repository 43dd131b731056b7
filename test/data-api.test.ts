import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Client, Connector, Interface, Run } from '../src/database/entities.js';
import { aClient, aConnector, anInterface, aRun, aUser, firstTwo, sessionOf, tokenOf } from './builders.js';
import { type Answer, errorCodes, startTestGateway } from './helpers.js';

// The data API of the contract: node, nodes, one-row lookups, filters, orders, backward pages, counts. Every new
// path reaches page data only through the page's guard and the caller's clients.

const gateway = await startTestGateway();
const DAY = 86_400_000;

type World = {
  own: Client;
  foreign: Client;
  connectors: Connector[];
  interfaces: Interface[];
  runs: Run[];
  foreignRun: Run;
  session: string;
  /** A token with every page, for the own client only. */
  all: string;
  /** A token without RUNS. */
  noRuns: string;
};
let world: World;

beforeAll(async () => {
  const em = gateway.em();
  const [own, other, foreign] = [await aClient(em), await aClient(em), await aClient(em)];
  const connectors = [
    await aConnector(em, own, 'Alpha 100%', { system: 'AFAS', status: 'ACTIVE' }),
    await aConnector(em, own, 'Beta_one', { system: 'Nmbrs', status: 'ERROR' }),
    await aConnector(em, own, 'gamma', { system: 'AFAS', status: 'INACTIVE' }),
    await aConnector(em, own, 'Delta', { system: 'Factorial', status: 'ACTIVE' }),
  ];
  const [c0, c1, c2, c3] = connectors as [Connector, Connector, Connector, Connector];
  const interfaces = [
    await anInterface(em, own, { source: c0, target: c1, name: 'one', status: 'ACTIVE' }),
    await anInterface(em, own, { source: c2, target: c0, name: 'two', status: 'PAUSED' }),
    await anInterface(em, own, { source: c1, target: c3, name: 'three', status: 'DRAFT' }),
  ];
  // 24 runs over 12 days, two a day at the same instant (ties), statuses in turn, running ones without an end,
  // records in a few values (more ties).
  const base = Date.now() - 30 * DAY;
  const statuses = ['SUCCEEDED', 'FAILED', 'RUNNING'] as const;
  const runs: Run[] = [];
  for (let i = 0; i < 24; i++) {
    const iface = interfaces[i % 3] as Interface;
    const startedAt = new Date(base + Math.floor(i / 2) * DAY);
    runs.push(await aRun(em, iface, startedAt, { status: statuses[i % 3], recordsProcessed: (i % 4) * 10 }));
  }
  const foreignRun = await aRun(em, await anInterface(em, foreign, {}), new Date(base));
  // The owner also has another client, which the tokens below leave out.
  await aRun(em, await anInterface(em, other, {}), new Date(base));
  const owner = await aUser(em, { clients: [own, other] });
  const session = await sessionOf(gateway, owner);
  const all = await tokenOf(gateway, session, {
    label: 'all',
    pages: ['USERS', 'CONNECTORS', 'INTERFACES', 'RUNS'],
    clientIds: [own.id],
  });
  const noRuns = await tokenOf(gateway, session, {
    label: 'no runs',
    pages: ['CONNECTORS', 'INTERFACES'],
    clientIds: [own.id],
  });
  world = { own, foreign, connectors, interfaces, runs, foreignRun, session, all: all.secret, noRuns: noRuns.secret };
});

const as = (token: string) => ({ auth: { token } });
const data = <T>(answer: Answer<unknown>) => answer.body.data as T;
function expectError(answer: Answer<unknown>, path: string, code: string, field?: string) {
  const error = answer.body.errors?.find((e) => (e.path ?? []).join('.') === path);
  expect(error?.extensions?.code, JSON.stringify(answer.body.errors)).toBe(code);
  if (field) expect(error?.extensions?.field).toBe(field);
  return error;
}

describe('one row by id: lookups, node and nodes', () => {
  it('answers a row of the caller’s client, through its page’s lookup and through node', async () => {
    const run = world.runs[0] as Run;
    const answer = await gateway.request(
      `query($id: ID!) { run(id: $id) { id status } node(id: $id) { __typename id ... on Run { status } } }`,
      { variables: { id: run.id }, ...as(world.all) },
    );
    expect(answer.body).toEqual({
      data: {
        run: { id: run.id, status: run.status },
        node: { __typename: 'Run', id: run.id, status: run.status },
      },
    });
    const connector = world.connectors[1] as Connector;
    const more = await gateway.request(
      `query($id: ID!) { connector(id: $id) { name } node(id: $id) { ... on Connector { system } } }`,
      { variables: { id: connector.id }, ...as(world.all) },
    );
    expect(more.body.data).toEqual({ connector: { name: 'Beta_one' }, node: { system: 'Nmbrs' } });
  });

  it('refuses a page the token lacks with FORBIDDEN, whether or not the row exists', async () => {
    for (const id of [(world.runs[0] as Run).id, randomUUID()]) {
      const lookup = await gateway.request(`query($id: ID!) { run(id: $id) { id } }`, {
        variables: { id },
        ...as(world.noRuns),
      });
      expect(expectError(lookup, 'run', 'FORBIDDEN')?.extensions?.requiredPage).toBe('RUNS');
      expect(lookup.body.data).toEqual({ run: null });
    }
    const node = await gateway.request(`query($id: ID!) { node(id: $id) { id } }`, {
      variables: { id: (world.runs[0] as Run).id },
      ...as(world.noRuns),
    });
    expect(expectError(node, 'node', 'FORBIDDEN')?.extensions?.requiredPage).toBe('RUNS');
    // node of an id that exists nowhere has no page: NOT_FOUND.
    const nowhere = await gateway.request(`query($id: ID!) { node(id: $id) { id } }`, {
      variables: { id: randomUUID() },
      ...as(world.noRuns),
    });
    expectError(nowhere, 'node', 'NOT_FOUND');
  });

  it("answers node and nodes of another client's row on a page the caller lacks exactly as an id that exists nowhere", async () => {
    const answers = [];
    for (const id of [world.foreignRun.id, randomUUID()]) {
      const answer = await gateway.request('query($id: ID!) { node(id: $id) { id } nodes(ids: [$id]) { id } }', {
        variables: { id },
        ...as(world.noRuns),
      });
      // Both fields resolve at once: their errors come in either order.
      const errors = answer.body.errors?.map((error) => [error.path, error.extensions?.code, error.message]) ?? [];
      answers.push(errors.sort((a, b) => JSON.stringify(a[0]).localeCompare(JSON.stringify(b[0]))));
    }
    expect(answers[0]).toEqual([
      [['node'], 'NOT_FOUND', 'Node not found.'],
      [['nodes', 0], 'NOT_FOUND', 'Node not found.'],
    ]);
    expect(answers[1]).toEqual(answers[0]);
  });

  it('answers a row of another client exactly as an id that exists nowhere: NOT_FOUND, same message', async () => {
    const messages = new Set<string>();
    for (const id of [world.foreignRun.id, randomUUID()]) {
      const answer = await gateway.request(`query($id: ID!) { run(id: $id) { id } node(id: $id) { id } }`, {
        variables: { id },
        ...as(world.all),
      });
      expect(answer.body.data).toEqual({ run: null, node: null });
      messages.add(expectError(answer, 'run', 'NOT_FOUND')?.message ?? '');
      messages.add(expectError(answer, 'node', 'NOT_FOUND')?.message ?? '');
    }
    expect(messages.size).toBe(2); // one for run(id:), one for node(id:), each the same for both ids
    // The same work for both: one indexed statement, so timing tells nothing either.
    for (const id of [world.foreignRun.id, randomUUID()]) {
      const statements = await gateway.statementsOf(() =>
        gateway.request(`query($id: ID!) { run(id: $id) { id } }`, { variables: { id }, ...as(world.all) }),
      );
      expect(statements.length).toBe(1);
    }
  });

  it('refuses an id that is not a UUID with BAD_USER_INPUT', async () => {
    const answer = await gateway.request(`{ run(id: "42") { id } }`, as(world.all));
    expectError(answer, 'run', 'BAD_USER_INPUT', 'id');
  });

  it('answers nodes(ids:) in the order asked, each as node(id:) would, in one statement whatever the number', async () => {
    const [run, other] = firstTwo(world.runs);
    // One of each page's table probed after the runs' (each is probed for the ids the ones before did not have).
    const iface = world.interfaces[0] as Interface;
    const ids = [run.id, world.foreignRun.id, randomUUID(), (world.connectors[0] as Connector).id, other.id, iface.id];
    const answer = await gateway.request(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      variables: { ids },
      ...as(world.all),
    });
    expect(answer.body.data).toEqual({
      nodes: [
        { __typename: 'Run', id: run.id },
        null,
        null,
        { __typename: 'Connector', id: ids[3] },
        { __typename: 'Run', id: other.id },
        { __typename: 'Interface', id: iface.id },
      ],
    });
    expect(errorCodes(answer)).toEqual([
      ['nodes.1', 'NOT_FOUND'],
      ['nodes.2', 'NOT_FOUND'],
    ]);
    const statementsFor = (count: number) =>
      gateway.statementsOf(() =>
        gateway.request(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
          variables: { ids: world.runs.slice(0, count).map((r) => r.id) },
          ...as(world.all),
        }),
      );
    expect((await statementsFor(1)).length).toBe(1);
    expect((await statementsFor(20)).length).toBe(1);
    const tooMany = await gateway.request(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      variables: { ids: Array.from({ length: 101 }, () => randomUUID()) },
      ...as(world.all),
    });
    expectError(tooMany, 'nodes', 'BAD_USER_INPUT', 'ids');
  });

  it('reads the relations that fragments of nodes select in the same statement, still behind their pages', async () => {
    const [run] = firstTwo(world.runs);
    const iface = world.interfaces.find((i) => i.id === run.interface.id) as Interface;
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) {
      id
      ... on Run { status interface { name } }
      ... on Interface { name source { name } target { name } lastRun { id } }
    } }`;
    const ask = (token: string) => gateway.request(query, { variables: { ids: [run.id, iface.id] }, ...as(token) });
    const answer = await ask(world.all); // also warms: credentials cached
    expect((await gateway.statementsOf(() => ask(world.all))).length).toBe(1);
    const lastRun = world.runs
      .filter((r) => r.interface.id === iface.id)
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1))[0];
    const connectorName = (id: string) => world.connectors.find((c) => c.id === id)?.name;
    expect(answer.body).toEqual({
      data: {
        nodes: [
          { id: run.id, status: run.status, interface: { name: iface.name } },
          {
            id: iface.id,
            name: iface.name,
            source: { name: connectorName(iface.source?.id ?? '') },
            target: { name: connectorName(iface.target?.id ?? '') },
            lastRun: { id: lastRun?.id },
          },
        ],
      },
    });
    // The token without RUNS: the run is FORBIDDEN, and so is the interface's lastRun, read in the same statement.
    const refused = await ask(world.noRuns);
    expect(errorCodes(refused)).toEqual([
      ['nodes.0', 'FORBIDDEN'],
      ['nodes.1.lastRun', 'FORBIDDEN'],
    ]);
  });
});

const RUNS = `query R($filter: RunFilter, $orderBy: RunOrder, $first: Int, $after: String, $last: Int, $before: String) {
  runs(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    statusCounts { status count }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id status startedAt finishedAt recordsProcessed } }
  }
}`;
type RunsPage = {
  runs: {
    totalCount: number;
    statusCounts: { status: string; count: number }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
    edges: { cursor: string; node: { id: string; status: string } }[];
  };
};

describe('filters', () => {
  const connectorNames = async (filter: object) =>
    data<{ connectors: { edges: { node: { name: string } }[] } }>(
      await gateway.request(`query($f: ConnectorFilter) { connectors(filter: $f) { edges { node { name } } } }`, {
        variables: { f: filter },
        ...as(world.all),
      }),
    ).connectors.edges.map((edge) => edge.node.name);

  it('filter connectors by status, system and a literal, case-insensitive search', async () => {
    expect(await connectorNames({ status: ['ERROR', 'INACTIVE'] })).toEqual(['Beta_one', 'gamma']);
    expect(await connectorNames({ system: 'AFAS' })).toEqual(['Alpha 100%', 'gamma']);
    expect(await connectorNames({ search: '100%' })).toEqual(['Alpha 100%']);
    expect(await connectorNames({ search: '_' })).toEqual(['Beta_one']); // not "any one character"
    expect(await connectorNames({ search: 'GAMMA' })).toEqual(['gamma']);
    expect(await connectorNames({ search: 'a', status: ['ACTIVE'] })).toEqual(['Alpha 100%', 'Delta']);
  });

  it('filter interfaces by a connector at either end, and by status', async () => {
    const answer = await gateway.request(
      `query($f: InterfaceFilter) { interfaces(filter: $f) { edges { node { name } } } }`,
      { variables: { f: { connectorId: (world.connectors[0] as Connector).id } }, ...as(world.all) },
    );
    expect(data<{ interfaces: { edges: { node: { name: string } }[] } }>(answer).interfaces.edges).toEqual([
      { node: { name: 'one' } },
      { node: { name: 'two' } },
    ]);
  });

  it('filter runs by status, a start range and a connector, and count them in the caller’s clients only', async () => {
    const [from, until] = [(world.runs[4] as Run).startedAt, (world.runs[16] as Run).startedAt];
    const connector = world.connectors[3] as Connector; // the target of interface "three" only
    const filter = {
      status: ['FAILED', 'RUNNING'],
      startedAfter: from.toISOString(),
      startedBefore: until.toISOString(),
    };
    const expected = world.runs.filter(
      (run) => filter.status.includes(run.status) && run.startedAt >= from && run.startedAt < until,
    );
    const page = data<RunsPage>(await gateway.request(RUNS, { variables: { filter, first: 100 }, ...as(world.all) }));
    expect(page.runs.edges.map((edge) => edge.node.id).sort()).toEqual(expected.map((run) => run.id).sort());
    expect(page.runs.totalCount).toBe(expected.length);
    const counted = new Map<string, number>();
    for (const run of expected) counted.set(run.status, (counted.get(run.status) ?? 0) + 1);
    expect(page.runs.statusCounts).toEqual(
      [...counted].sort(([a], [b]) => a.localeCompare(b)).map(([status, count]) => ({ status, count })),
    );
    const ofConnector = data<RunsPage>(
      await gateway.request(RUNS, {
        variables: { filter: { connectorId: connector.id }, first: 100 },
        ...as(world.all),
      }),
    );
    const three = (world.interfaces[2] as Interface).id;
    expect(ofConnector.runs.edges.map((edge) => edge.node.id).sort()).toEqual(
      world.runs
        .filter((run) => run.interface.id === three)
        .map((run) => run.id)
        .sort(),
    );
  });

  it('refuses a filter that cannot be: no statuses, a search of 0 or 101 characters, a range the wrong way round', async () => {
    const cases: [string, object, string][] = [
      ['connectors', { status: [] }, 'status'],
      ['connectors', { search: '' }, 'search'],
      ['connectors', { search: 'x'.repeat(101) }, 'search'],
      ['runs', { startedAfter: '2026-02-01T00:00:00Z', startedBefore: '2026-01-01T00:00:00Z' }, 'startedAfter'],
    ];
    for (const [list, filter, field] of cases) {
      const type = list === 'runs' ? 'RunFilter' : 'ConnectorFilter';
      const answer = await gateway.request(`query($f: ${type}) { ${list}(filter: $f) { totalCount } }`, {
        variables: { f: filter },
        ...as(world.all),
      });
      expectError(answer, list, 'BAD_USER_INPUT', field);
    }
    // An instant PostgreSQL cannot hold is refused with the variable, never a 500.
    const far = await gateway.request(RUNS, {
      variables: { filter: { startedAfter: '+275760-09-13T00:00:00.000Z' } },
      ...as(world.all),
    });
    expect(far.status).toBeLessThan(500);
    expect(far.body.errors?.[0]?.message).toContain('DateTime');
  });
});

/** The runs in list order: by the value (nulls last either way), then by id, in the direction. */
function ordered(runs: Run[], value: (run: Run) => number | null, direction: 'ASC' | 'DESC'): string[] {
  const sign = direction === 'ASC' ? 1 : -1;
  return [...runs]
    .sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x === null || y === null) return x === y ? sign * a.id.localeCompare(b.id) : x === null ? 1 : -1;
      return x !== y ? sign * (x - y) : sign * a.id.localeCompare(b.id);
    })
    .map((run) => run.id);
}

async function walk(variables: object, direction: 'forward' | 'backward', size = 5): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null as string | null;
  for (let pages = 0; pages < 20; pages++) {
    const window = direction === 'forward' ? { first: size, after: cursor } : { last: size, before: cursor };
    const page = data<RunsPage>(
      await gateway.request(RUNS, { variables: { ...variables, ...window }, ...as(world.all) }),
    );
    const got = page.runs.edges.map((edge) => edge.node.id);
    if (direction === 'forward') ids.push(...got);
    else ids.unshift(...got);
    const more = direction === 'forward' ? page.runs.pageInfo.hasNextPage : page.runs.pageInfo.hasPreviousPage;
    if (!more) return ids;
    cursor = direction === 'forward' ? page.runs.pageInfo.endCursor : page.runs.pageInfo.startCursor;
  }
  throw new Error('More pages than rows.');
}

/** A run's sort value for each order field of the runs list. */
const orders: Record<string, (run: Run) => number | null> = {
  STARTED_AT: (run) => run.startedAt.getTime(),
  FINISHED_AT: (run) => run.finishedAt?.getTime() ?? null,
  RECORDS_PROCESSED: (run) => run.recordsProcessed,
};

describe('orders and backward pages', () => {
  for (const [field, value] of Object.entries(orders)) {
    for (const direction of ['ASC', 'DESC'] as const) {
      it(`pages runs by ${field} ${direction} both ways, through ties and nulls, without gaps or repeats`, async () => {
        const expected = ordered(world.runs, value, direction);
        const variables = { orderBy: { field, direction } };
        expect(await walk(variables, 'forward')).toEqual(expected);
        expect(await walk(variables, 'backward')).toEqual(expected);
      });
    }
  }

  it('keeps backward pages in list order, and says exactly whether there is more before', async () => {
    const newestFirst = ordered(world.runs, orders.STARTED_AT as (run: Run) => number, 'DESC');
    const last = data<RunsPage>(await gateway.request(RUNS, { variables: { last: 3 }, ...as(world.all) }));
    expect(last.runs.edges.map((edge) => edge.node.id)).toEqual(newestFirst.slice(-3));
    expect(last.runs.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const all = data<RunsPage>(await gateway.request(RUNS, { variables: { last: 100 }, ...as(world.all) }));
    expect(all.runs.edges.map((edge) => edge.node.id)).toEqual(newestFirst);
    expect(all.runs.pageInfo.hasPreviousPage).toBe(false);
  });

  it('refuses mixed windows: first with last, after with before, a size outside 1..100', async () => {
    const cases: [object, string][] = [
      [{ first: 2, last: 2 }, 'last'],
      [{ after: 'x', before: 'y' }, 'before'],
      [{ first: 2, before: 'y' }, 'before'],
      [{ last: 2, after: 'x' }, 'after'],
      [{ last: 0 }, 'last'],
      [{ last: 101 }, 'last'],
    ];
    for (const [variables, field] of cases) {
      expectError(await gateway.request(RUNS, { variables, ...as(world.all) }), 'runs', 'BAD_USER_INPUT', field);
    }
  });

  it('refuses a cursor of another list, filter or order, after as before', async () => {
    const cursorOf = async (query: string, variables: object = {}) =>
      (await gateway.request(query, { variables, ...as(world.all) })).body.data as Record<
        string,
        { pageInfo: { endCursor: string } }
      >;
    const connectors = (await cursorOf('{ connectors(first: 1) { pageInfo { endCursor } } }')).connectors?.pageInfo
      .endCursor;
    const failed = (await cursorOf(RUNS, { first: 1, filter: { status: ['FAILED'] } })).runs?.pageInfo.endCursor;
    const byRecords = (await cursorOf(RUNS, { first: 1, orderBy: { field: 'RECORDS_PROCESSED', direction: 'ASC' } }))
      .runs?.pageInfo.endCursor;
    const refused: [object, string][] = [
      [{ after: connectors }, 'after'],
      [{ before: connectors }, 'before'],
      [{ after: failed, filter: { status: ['RUNNING'] } }, 'after'],
      [{ after: failed }, 'after'],
      [{ after: byRecords, orderBy: { field: 'RECORDS_PROCESSED', direction: 'DESC' } }, 'after'],
      [{ after: byRecords }, 'after'],
    ];
    for (const [variables, field] of refused) {
      expectError(await gateway.request(RUNS, { variables, ...as(world.all) }), 'runs', 'BAD_USER_INPUT', field);
    }
    // The same list, filter and order: fine, forward or backward.
    for (const window of [{ after: failed }, { before: failed }]) {
      const answer = await gateway.request(RUNS, {
        variables: { ...window, filter: { status: ['FAILED'] } },
        ...as(world.all),
      });
      expect(answer.body.errors).toBeUndefined();
    }
  });
});

describe('SQL per request', () => {
  const runsQuery = (selection: string) =>
    `query($first: Int) { runs(first: $first, filter: { status: [FAILED] }) { ${selection} } }`;
  const statements = (query: string, first: number) =>
    gateway.statementsOf(() => gateway.request(query, { variables: { first }, ...as(world.all) }));

  it('is one statement for a page with the counts it selects, whatever the page size', async () => {
    const plain = runsQuery('edges { node { id status } }');
    const counted = runsQuery('totalCount statusCounts { status count } edges { node { id status } }');
    const onlyCounts = runsQuery('... on RunConnection { totalCount } statusCounts { count }');
    await gateway.request(plain, as(world.all)); // warm: credentials cached
    for (const query of [plain, counted, onlyCounts]) {
      expect((await statements(query, 2)).length).toBe(1);
      expect((await statements(query, 50)).length).toBe(1);
    }
    // Without edges the page reads no row; the counts are those of the whole filtered list all the same.
    type Counts = { runs: { totalCount: number; statusCounts: { count: number }[]; edges?: unknown[] } };
    const full = await gateway.data<Counts, { first: number }>(counted, { variables: { first: 2 }, ...as(world.all) });
    const only = await gateway.data<Counts, { first: number }>(onlyCounts, {
      variables: { first: 2 },
      ...as(world.all),
    });
    expect(full.runs.totalCount).toBeGreaterThan(2);
    expect(only.runs).toEqual({ totalCount: full.runs.totalCount, statusCounts: [{ count: full.runs.totalCount }] });
  });
});
