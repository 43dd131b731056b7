import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Page } from '../src/core/pages.js';
import type { Client } from '../src/database/entities.js';
import { setActive, setAdministration, setRights } from '../src/operator/users.js';
import { aClient, aClientWithData, aUser, sessionOf, tokenOf } from './builders.js';
import { errorCodes, startTestGateway } from './helpers.js';

// Client administrators (docs/organisation.md): the inventory of every token that reads their client, bulk
// revocation, removing their client from a token, and the client's token policy with blocking and creation checks.

const gateway = await startTestGateway();

const INVENTORY = `query Inventory($clientId: ID!, $filter: ClientApiTokenFilter, $orderBy: ClientApiTokenOrder, $first: Int, $after: String, $last: Int, $before: String) {
  clientApiTokens(clientId: $clientId, filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id label owner { id name email } pages allClients clients { id name } otherClientCount status statusReason policyRule lastUsedAt endsAt requests30Days refused30Days } }
  }
}`;
const REVOKE = `mutation Revoke($clientId: ID!, $ids: [ID!]!, $reason: String!) {
  revokeClientApiTokens(clientId: $clientId, ids: $ids, reason: $reason) { id status }
}`;
const REMOVE = `mutation Remove($clientId: ID!, $id: ID!, $reason: String!) {
  removeClientFromApiToken(clientId: $clientId, id: $id, reason: $reason) { id status }
}`;
const SET_POLICY = `mutation SetPolicy($clientId: ID!, $input: ClientTokenPolicyInput!) {
  setClientTokenPolicy(clientId: $clientId, input: $input) { maxLifetimeDays endRequired allowedPages addressesRequired idleDays updatedAt }
}`;
const CONNECTORS_OF = `query ConnectorsOf($clientId: ID) { connectors(clientId: $clientId) { edges { node { id client { id } } } } }`;
const STORY = `query Story($tokenId: ID) { auditEvents(tokenId: $tokenId) { edges { node { action detail clientId by { name email } } } } }`;

type InventoryNode = {
  id: string;
  label: string;
  owner: { id: string; name: string };
  clients: { id: string; name: string }[];
  otherClientCount: number;
  allClients: boolean;
  status: string;
  statusReason: string | null;
  policyRule: string | null;
  lastUsedAt: string | null;
};
type InventoryAnswer = {
  clientApiTokens: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null; startCursor: string | null };
    edges: { cursor: string; node: InventoryNode }[];
  } | null;
};

/** A user of `clients` with `pages`, logged in. */
async function aMember(clients: Client[], pages: readonly Page[] = ['CONNECTORS', 'RUNS']) {
  const user = await aUser(gateway.em(), { clients, pages });
  return { user, session: await sessionOf(gateway, user) };
}

/** A user of `clients` who administers `administered` (default: all of them), logged in. */
async function anAdministrator(clients: Client[], administered: Client[] = clients) {
  const em = gateway.em();
  const user = await aUser(em, { clients, pages: [] });
  await setAdministration(em, user, { grantClients: administered.map((client) => client.id) });
  return { user, session: await sessionOf(gateway, user) };
}

async function inventory(session: string, variables: Record<string, unknown>) {
  const data = await gateway.data<InventoryAnswer, Record<string, unknown>>(INVENTORY, {
    variables,
    auth: { session },
  });
  if (!data.clientApiTokens) throw new Error('no inventory');
  return data.clientApiTokens;
}

const idsOf = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((edge) => edge.node.id);

async function connectorClients(token: string, clientId?: string) {
  const answer = await gateway.request<
    { connectors: { edges: { node: { client: { id: string } } }[] } | null },
    unknown
  >(CONNECTORS_OF, { variables: { clientId }, auth: { token } });
  return answer;
}

describe('client administrators', () => {
  it('list every token that reads their client, whoever owns it, naming only the clients they administer', async () => {
    const [acme, globex] = [await aClient(gateway.em()), await aClient(gateway.em())];
    const admin = await anAdministrator([acme]);
    const both = await aMember([acme, globex]);
    const acmeOnly = await aMember([acme]);
    const all = await tokenOf(gateway, both.session, { label: 'all of mine', pages: ['CONNECTORS'] });
    const globexOnly = await tokenOf(gateway, both.session, {
      label: 'globex',
      pages: ['CONNECTORS'],
      clientIds: [globex.id],
    });
    const acmeToken = await tokenOf(gateway, acmeOnly.session, {
      label: 'acme',
      pages: ['RUNS'],
      clientIds: [acme.id],
    });

    const list = await inventory(admin.session, { clientId: acme.id });
    expect(list.totalCount).toBe(2);
    expect(idsOf(list).sort()).toEqual([all.id, acmeToken.id].sort());
    expect(idsOf(list)).not.toContain(globexOnly.id);
    const allNode = list.edges.find((edge) => edge.node.id === all.id)?.node;
    expect(allNode).toMatchObject({
      owner: { id: both.user.id, name: both.user.name },
      allClients: true,
      clients: [{ id: acme.id, name: acme.name }],
      otherClientCount: 1,
      status: 'ACTIVE',
    });
    // The other client is never named, anywhere in the answer.
    const text = JSON.stringify(list);
    expect(text).not.toContain(globex.id);
    expect(text).not.toContain(globex.name);

    // An owner who loses the client takes their tokens out of its inventory.
    await setRights(gateway.em(), acmeOnly.user, { withdrawClients: [acme.id], grantClients: [globex.id] });
    expect(idsOf(await inventory(admin.session, { clientId: acme.id }))).toEqual([all.id]);
  });

  it('are refused for a client they do not administer, and tokens never administer (also their own admin`s)', async () => {
    const [acme, globex] = [await aClient(gateway.em()), await aClient(gateway.em())];
    const admin = await anAdministrator([acme, globex], [acme]);
    const member = await aMember([acme]);
    for (const [session, clientId] of [
      [admin.session, globex.id],
      [member.session, acme.id],
    ] as const) {
      const answer = await gateway.request(INVENTORY, { variables: { clientId }, auth: { session } });
      expect(errorCodes(answer)).toEqual([['clientApiTokens', 'FORBIDDEN']]);
      expect(answer.body.errors?.[0]?.extensions?.administeredClientId).toBe(clientId);
      expect(answer.body.data).toEqual({ clientApiTokens: null });
    }
    // The administrator's own token reads, and only reads: administration is for sessions.
    await setRights(gateway.em(), admin.user, { grantPages: ['RUNS'] });
    const adminToken = await tokenOf(gateway, admin.session, { label: 'x', pages: ['RUNS'] });
    const asToken = await gateway.request(INVENTORY, {
      variables: { clientId: acme.id },
      auth: { token: adminToken.secret },
    });
    expect(errorCodes(asToken)).toEqual([['clientApiTokens', 'FORBIDDEN']]);
    for (const [document, variables] of [
      [REVOKE, { clientId: globex.id, ids: [adminToken.id], reason: 'x' }],
      [REMOVE, { clientId: globex.id, id: adminToken.id, reason: 'x' }],
      [SET_POLICY, { clientId: globex.id, input: { endRequired: true } }],
    ] as const) {
      const answer = await gateway.request(document, { variables, auth: { session: admin.session } });
      expect(errorCodes(answer).map(([, code]) => code)).toEqual(['FORBIDDEN']);
    }
    // Withdrawn administration takes effect on the next request.
    await setAdministration(gateway.em(), admin.user, { withdrawClients: [acme.id] });
    const after = await gateway.request(INVENTORY, {
      variables: { clientId: acme.id },
      auth: { session: admin.session },
    });
    expect(errorCodes(after)).toEqual([['clientApiTokens', 'FORBIDDEN']]);
  });

  it('filter, order and page the inventory exactly', async () => {
    const client = await aClient(gateway.em());
    const admin = await anAdministrator([client]);
    const [one, two] = [await aMember([client], ['CONNECTORS', 'RUNS']), await aMember([client], ['CONNECTORS'])];
    const soon = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const tokens = [
      await tokenOf(gateway, one.session, { label: 'a', pages: ['RUNS'] }),
      await tokenOf(gateway, one.session, { label: 'b', pages: ['CONNECTORS'], expiresAt: soon }),
      await tokenOf(gateway, two.session, { label: 'c', pages: ['CONNECTORS'] }),
      await tokenOf(gateway, two.session, { label: 'd', pages: ['CONNECTORS'] }),
    ];
    const [a, b, c, d] = tokens as [(typeof tokens)[0], (typeof tokens)[0], (typeof tokens)[0], (typeof tokens)[0]];
    // c is used; d is revoked by its owner.
    expect((await connectorClients(c.secret)).status).toBe(200);
    await gateway.data(`mutation { revokeApiToken(id: "${d.id}") { id } }`, { auth: { session: two.session } });

    const ids = async (filter: Record<string, unknown>) =>
      idsOf(await inventory(admin.session, { clientId: client.id, filter })).sort();
    expect(await ids({ ownerId: one.user.id })).toEqual([a.id, b.id].sort());
    expect(await ids({ page: 'RUNS' })).toEqual([a.id]);
    expect(await ids({ status: ['REVOKED'] })).toEqual([d.id]);
    expect(await ids({ neverUsed: false })).toEqual([c.id]);
    expect(await ids({ neverUsed: true, status: ['ACTIVE'] })).toEqual([a.id, b.id].sort());
    expect(await ids({ lastUsedBefore: new Date(Date.now() + 60_000).toISOString() })).toEqual([c.id]);
    expect(await ids({ endsBefore: new Date(Date.now() + 3 * 86_400_000).toISOString() })).toEqual([b.id]);

    // Walking by last use, both ways, one at a time: every token once, the used one first ascending, nulls last.
    for (const direction of ['ASC', 'DESC']) {
      const orderBy = { field: 'LAST_USED_AT', direction };
      const forward: string[] = [];
      let after: string | null = null;
      do {
        const page = await inventory(admin.session, { clientId: client.id, orderBy, first: 1, after });
        forward.push(...idsOf(page));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(forward).toHaveLength(4);
      expect(new Set(forward).size).toBe(4);
      expect(forward[0]).toBe(c.id);
      const backward: string[] = [];
      let before: string | null = null;
      do {
        const page = await inventory(admin.session, { clientId: client.id, orderBy, last: 1, before });
        backward.unshift(...idsOf(page));
        before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
      } while (before);
      expect(backward).toEqual(forward);
    }
    const page = await inventory(admin.session, { clientId: client.id, first: 2 });
    const other = await gateway.request(INVENTORY, {
      variables: { clientId: client.id, first: 2, after: page.pageInfo.endCursor, filter: { page: 'RUNS' } },
      auth: { session: admin.session },
    });
    expect(errorCodes(other)).toEqual([['clientApiTokens', 'BAD_USER_INPUT']]);
  });

  it('revoke tokens in bulk, all or none, and each owner sees who did it and why', async () => {
    const [acme, globex] = [await aClient(gateway.em()), await aClient(gateway.em())];
    const admin = await anAdministrator([acme]);
    const owner = await aMember([acme, globex]);
    const first = await tokenOf(gateway, owner.session, { label: 'one', pages: ['CONNECTORS'] });
    const second = await tokenOf(gateway, owner.session, { label: 'two', pages: ['CONNECTORS'], clientIds: [acme.id] });
    const elsewhere = await tokenOf(gateway, owner.session, {
      label: 'globex',
      pages: ['CONNECTORS'],
      clientIds: [globex.id],
    });

    // One id outside the client: nothing is revoked, and the answer does not tell which.
    const refused = await gateway.request(REVOKE, {
      variables: { clientId: acme.id, ids: [first.id, elsewhere.id], reason: 'leaving' },
      auth: { session: admin.session },
    });
    expect(errorCodes(refused)).toEqual([['revokeClientApiTokens', 'NOT_FOUND']]);
    expect((await connectorClients(first.secret)).status).toBe(200);
    const blank = await gateway.request(REVOKE, {
      variables: { clientId: acme.id, ids: [first.id], reason: '  ' },
      auth: { session: admin.session },
    });
    expect(blank.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });

    const revoked = await gateway.data<{ revokeClientApiTokens: { id: string; status: string }[] }, unknown>(REVOKE, {
      variables: { clientId: acme.id, ids: [first.id, second.id, first.id], reason: 'audit finding 12' },
      auth: { session: admin.session },
    });
    expect(revoked.revokeClientApiTokens).toEqual([
      { id: first.id, status: 'REVOKED' },
      { id: second.id, status: 'REVOKED' },
    ]);
    expect((await connectorClients(first.secret)).status).toBe(401);
    expect((await connectorClients(second.secret)).status).toBe(401);
    expect((await connectorClients(elsewhere.secret)).status).toBe(200);

    const story = await gateway.data<
      {
        auditEvents: { edges: { node: { action: string; detail: string; clientId: string; by: { name: string } } }[] };
      },
      unknown
    >(STORY, { variables: { tokenId: first.id }, auth: { session: owner.session } });
    expect(story.auditEvents.edges[0]?.node).toMatchObject({
      action: 'TOKEN_REVOKED',
      clientId: acme.id,
      by: { name: admin.user.name },
    });
    expect(story.auditEvents.edges[0]?.node.detail).toContain('audit finding 12');
  });

  it('remove their client from a token that reads others too; the owner keeps the rest', async () => {
    const [acme, globex] = [(await aClientWithData(gateway.em())).client, (await aClientWithData(gateway.em())).client];
    const admin = await anAdministrator([acme]);
    const owner = await aMember([acme, globex]);
    const all = await tokenOf(gateway, owner.session, { label: 'all', pages: ['CONNECTORS'] });
    const listed = await tokenOf(gateway, owner.session, {
      label: 'listed',
      pages: ['CONNECTORS'],
      clientIds: [acme.id, globex.id],
    });
    const only = await tokenOf(gateway, owner.session, { label: 'only', pages: ['CONNECTORS'], clientIds: [acme.id] });

    for (const token of [all, listed]) {
      const answer = await gateway.data<{ removeClientFromApiToken: unknown }, unknown>(REMOVE, {
        variables: { clientId: acme.id, id: token.id, reason: 'not for Acme' },
        auth: { session: admin.session },
      });
      expect(answer.removeClientFromApiToken).toBeNull();
      const rows = await connectorClients(token.secret);
      const clients = new Set(rows.body.data?.connectors?.edges.map((edge) => edge.node.client.id));
      expect([...clients]).toEqual([globex.id]);
      const refused = await connectorClients(token.secret, acme.id);
      expect(errorCodes(refused)).toEqual([['connectors', 'FORBIDDEN']]);
    }
    const last = await gateway.data<{ removeClientFromApiToken: { status: string } }, unknown>(REMOVE, {
      variables: { clientId: acme.id, id: only.id, reason: 'not for Acme' },
      auth: { session: admin.session },
    });
    expect(last.removeClientFromApiToken.status).toBe('REVOKED');
    expect((await connectorClients(only.secret)).status).toBe(401);
    expect(idsOf(await inventory(admin.session, { clientId: acme.id, filter: { status: ['ACTIVE'] } }))).toEqual([]);

    const story = await gateway.data<
      { auditEvents: { edges: { node: { action: string; by: { name: string } } }[] } },
      unknown
    >(STORY, { variables: { tokenId: all.id }, auth: { session: owner.session } });
    const removed = story.auditEvents.edges.find((edge) => edge.node.action === 'TOKEN_CLIENT_REMOVED');
    expect(removed?.node).toMatchObject({ by: { name: admin.user.name } });
  });
});

describe("a client's token policy", () => {
  it('blocks a token that breaks it for that client only, names the rule, and lets it work again when relaxed', async () => {
    const [acme, globex] = [(await aClientWithData(gateway.em())).client, (await aClientWithData(gateway.em())).client];
    const admin = await anAdministrator([acme]);
    const owner = await aMember([acme, globex]);
    const token = await tokenOf(gateway, owner.session, { label: 'no end', pages: ['CONNECTORS'] });
    expect((await connectorClients(token.secret, acme.id)).body.errors).toBeUndefined();

    const policy = await gateway.data<{ setClientTokenPolicy: Record<string, unknown> }, unknown>(SET_POLICY, {
      variables: { clientId: acme.id, input: { endRequired: true } },
      auth: { session: admin.session },
    });
    expect(policy.setClientTokenPolicy).toMatchObject({ endRequired: true, maxLifetimeDays: null, allowedPages: null });

    const refused = await connectorClients(token.secret, acme.id);
    expect(errorCodes(refused)).toEqual([['connectors', 'FORBIDDEN']]);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ clientId: acme.id, policy: 'END_REQUIRED' });
    expect(refused.body.errors?.[0]?.message).toContain('end date');
    // Without a clientId the token still reads its other client, and nothing of the blocked one.
    const rows = await connectorClients(token.secret);
    expect(new Set(rows.body.data?.connectors?.edges.map((edge) => edge.node.client.id))).toEqual(new Set([globex.id]));

    const list = await inventory(admin.session, { clientId: acme.id });
    expect(list.edges[0]?.node).toMatchObject({ id: token.id, status: 'BLOCKED', policyRule: 'END_REQUIRED' });
    const mine = await gateway.data<
      { apiTokens: { id: string; blockedClients: { client: { id: string }; rule: string }[] }[] },
      unknown
    >('{ apiTokens { id blockedClients { client { id } rule message } } }', { auth: { session: owner.session } });
    expect(mine.apiTokens.find((t) => t.id === token.id)?.blockedClients).toEqual([
      expect.objectContaining({ client: { id: acme.id }, rule: 'END_REQUIRED' }),
    ]);

    await gateway.data(SET_POLICY, { variables: { clientId: acme.id, input: {} }, auth: { session: admin.session } });
    expect((await connectorClients(token.secret, acme.id)).body.errors).toBeUndefined();
  });

  it('blocks by each rule: lifetime, pages, addresses, idleness', async () => {
    const client = (await aClientWithData(gateway.em())).client;
    const admin = await anAdministrator([client]);
    const owner = await aMember([client]);
    const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString();
    const token = await tokenOf(gateway, owner.session, {
      label: 'long',
      pages: ['CONNECTORS', 'RUNS'],
      expiresAt: inAYear,
    });
    const ruleOf = async () =>
      (await connectorClients(token.secret, client.id)).body.errors?.[0]?.extensions?.policy ?? null;
    const cases: [Record<string, unknown>, string | null][] = [
      [{ maxLifetimeDays: 30 }, 'MAX_LIFETIME'],
      [{ maxLifetimeDays: 400 }, null],
      [{ allowedPages: ['CONNECTORS'] }, 'ALLOWED_PAGES'],
      [{ allowedPages: ['CONNECTORS', 'RUNS'] }, null],
      [{ addressesRequired: true }, 'ADDRESSES_REQUIRED'],
      [{ idleDays: 10 }, null],
    ];
    for (const [input, rule] of cases) {
      await gateway.data(SET_POLICY, { variables: { clientId: client.id, input }, auth: { session: admin.session } });
      expect([input, await ruleOf()]).toEqual([input, rule]);
    }
    // Eleven days later, unused: idle for the client's 10-day limit (the operator's own limits are off).
    gateway.setNow(new Date(Date.now() + 11 * 86_400_000));
    try {
      expect(await ruleOf()).toBe('IDLE_LIMIT');
    } finally {
      gateway.setNow(undefined);
    }
  });

  it('refuses to create a token it forbids, naming the client and the rule', async () => {
    const [acme, globex] = [await aClient(gateway.em()), await aClient(gateway.em())];
    const admin = await anAdministrator([acme]);
    const owner = await aMember([acme, globex]);
    await gateway.data(SET_POLICY, {
      variables: { clientId: acme.id, input: { maxLifetimeDays: 30 } },
      auth: { session: admin.session },
    });
    const create = (input: Record<string, unknown>) =>
      gateway.request(
        'mutation Create($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }',
        { variables: { input: { label: 'x', pages: ['CONNECTORS'], ...input } }, auth: { session: owner.session } },
      );
    for (const input of [
      {},
      { clientIds: [acme.id] },
      { expiresAt: new Date(Date.now() + 60 * 86_400_000).toISOString() },
    ]) {
      const answer = await create(input);
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        clientId: acme.id,
        policy: 'MAX_LIFETIME',
      });
    }
    expect((await create({ clientIds: [globex.id] })).body.errors).toBeUndefined();
    expect(
      (await create({ expiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString() })).body.errors,
    ).toBeUndefined();
  });

  it('is refused with BAD_USER_INPUT for days out of range', async () => {
    const client = await aClient(gateway.em());
    const admin = await anAdministrator([client]);
    const answer = await gateway.request(SET_POLICY, {
      variables: { clientId: client.id, input: { idleDays: 0 } },
      auth: { session: admin.session },
    });
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idleDays' });
  });
});

describe('the inventory under arbitrary administrator rights', () => {
  const RUNS = 40;
  it(`never shows a token, owner or client of a client the caller does not administer (${RUNS} cases)`, async () => {
    const em = gateway.em();
    const clients = [await aClient(em), await aClient(em), await aClient(em)];
    // Owners of every combination of two or three clients, each with a token per grant: all, each one, a pair.
    const owners = [
      await aMember([clients[0], clients[1]] as Client[]),
      await aMember([clients[1], clients[2]] as Client[]),
      await aMember(clients),
    ];
    const tokens: { id: string; ownerId: string; readable: Set<string> }[] = [];
    for (const owner of owners) {
      const held = owner.user.clientIds;
      for (const grant of [null, ...held.map((id) => [id]), held.slice(0, 2)]) {
        const token = await tokenOf(gateway, owner.session, { label: 'p', pages: ['RUNS'], clientIds: grant });
        tokens.push({ id: token.id, ownerId: owner.user.id, readable: new Set(grant ?? held) });
      }
    }
    // And a service token of each client, made by an administrator of that client alone.
    for (const client of clients) {
      const maker = await aUser(em, { clients: [client], pages: ['RUNS'] });
      await setAdministration(em, maker, { grantClients: [client.id] });
      const made = await gateway.data<{ createServiceToken: ServicePayload }, unknown>(CREATE_SERVICE, {
        variables: { clientId: client.id, input: { label: 's', pages: ['RUNS'] } },
        auth: { session: await sessionOf(gateway, maker) },
      });
      tokens.push({ id: made.createServiceToken.serviceToken.id, ownerId: client.id, readable: new Set([client.id]) });
    }
    const admin = await aUser(em, { clients, pages: [] });
    const session = await sessionOf(gateway, admin);
    const query = `{ ${clients
      .map(
        (client, i) =>
          `c${i}: clientApiTokens(clientId: "${client.id}", first: 100) { totalCount edges { node { id owner { id } clients { id name } otherClientCount } } }`,
      )
      .join(' ')} }`;

    await fc.assert(
      fc.asyncProperty(fc.subarray([0, 1, 2]), fc.subarray([0, 1, 2]), async (administered, owned) => {
        // The administrator's own clients change too: administration never reaches beyond them.
        await setRights(gateway.em(), admin, {
          grantClients: owned.map((i) => clients[i]?.id ?? ''),
          withdrawClients: clients.filter((_, i) => !owned.includes(i)).map((client) => client.id),
        });
        const governs = administered.filter((i) => owned.includes(i)).map((i) => clients[i]?.id ?? '');
        await setAdministration(gateway.em(), admin, {
          grantClients: governs,
          withdrawClients: clients.map((client) => client.id).filter((id) => !governs.includes(id)),
        });
        const answer = await gateway.request(query, { auth: { session } });
        const data = answer.body.data as Record<string, { edges: { node: Record<string, unknown> }[] } | null>;
        clients.forEach((client, i) => {
          const list = data[`c${i}`];
          if (!governs.includes(client.id)) {
            expect(list).toBeNull();
            return;
          }
          const expected = tokens.filter((token) => token.readable.has(client.id)).map((token) => token.id);
          expect(list?.edges.map((edge) => edge.node.id).sort()).toEqual(expected.sort());
        });
        // No client the caller does not govern is named anywhere; owners are only those of readable tokens.
        const text = JSON.stringify(data);
        for (const client of clients.filter((client) => !governs.includes(client.id))) {
          expect(text).not.toContain(client.id);
          expect(text).not.toContain(client.name);
        }
        const visibleOwners = new Set(
          tokens.filter((token) => governs.some((id) => token.readable.has(id))).map((token) => token.ownerId),
        );
        for (const owner of owners.filter((owner) => !visibleOwners.has(owner.user.id))) {
          expect(text).not.toContain(owner.user.id);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the inventory over REST', () => {
  it('answers GET /api/v1/clients/{clientId}/api-tokens to the client administrators only, as in GraphQL', async () => {
    const [acme, globex] = [await aClient(gateway.em()), await aClient(gateway.em())];
    const admin = await anAdministrator([acme]);
    const owner = await aMember([acme, globex]);
    const token = await tokenOf(gateway, owner.session, { label: 'nightly', pages: ['RUNS'] });
    await tokenOf(gateway, owner.session, { label: 'globex', pages: ['RUNS'], clientIds: [globex.id] });

    const answer = await gateway.rest(`/api/v1/clients/${acme.id}/api-tokens?status=ACTIVE&orderBy=createdAt:desc`, {
      auth: { session: admin.session },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.totalCount).toBe(1);
    expect(answer.body.items?.[0]).toMatchObject({
      id: token.id,
      label: 'nightly',
      owner: { id: owner.user.id, name: owner.user.name, email: owner.user.email },
      clients: [{ id: acme.id, name: acme.name }],
      otherClientCount: 1,
      status: 'ACTIVE',
    });
    expect(JSON.stringify(answer.body)).not.toContain(globex.id);

    const cases: [string, Record<string, string>, number][] = [
      [`/api/v1/clients/${globex.id}/api-tokens`, { session: admin.session }, 403],
      [`/api/v1/clients/${acme.id}/api-tokens`, { session: owner.session }, 403],
      [`/api/v1/clients/${acme.id}/api-tokens`, { token: token.secret }, 403],
      [`/api/v1/clients/${acme.id}/api-tokens?status=SOMETIMES`, { session: admin.session }, 400],
      [`/api/v1/clients/${acme.id}/api-tokens?clientId=${acme.id}`, { session: admin.session }, 400],
      ['/api/v1/clients/not-an-id/api-tokens', { session: admin.session }, 400],
      [`/api/v1/clients/${acme.id}/x/api-tokens`, { session: admin.session }, 404],
      ['/api/v1/clients//api-tokens', { session: admin.session }, 404],
    ];
    for (const [path, auth, status] of cases) {
      const refused = await gateway.rest(path, { auth: auth as { session: string } });
      expect([path, refused.status]).toEqual([path, status]);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
    const openApi = await gateway.rest('/api/v1/openapi.json');
    const paths = openApi.body.paths as Record<string, { get: { tags: string[] } }>;
    expect(paths['/api/v1/clients/{clientId}/api-tokens']?.get.tags).toEqual(['Administration']);
    // The answer is what the OpenAPI document says it is.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    formats.default(ajv);
    ajv.addSchema(openApi.body, 'openapi.json');
    const validate = ajv.getSchema(
      'openapi.json#/paths/~1api~1v1~1clients~1{clientId}~1api-tokens/get/responses/200/content/application~1json/schema',
    );
    expect(validate?.(answer.body), JSON.stringify(validate?.errors)).toBe(true);
  });
});

const REQUESTS = `query Requests($clientId: ID!, $status: [TokenApprovalStatus!]) {
  clientApiTokenRequests(clientId: $clientId, status: $status) { totalCount edges { node { id status policyRule approval { status reason decidedBy { name } } } } }
}`;
const DECIDE = `mutation Decide($clientId: ID!, $ids: [ID!]!, $approve: Boolean!, $reason: String!) {
  decideClientApiTokenRequests(clientId: $clientId, ids: $ids, approve: $approve, reason: $reason) { id status }
}`;
const MY_APPROVALS = `{ apiTokens { id approvals { client { id } approval { status reason decidedBy { name } } } } }`;

type RequestsAnswer = {
  clientApiTokenRequests: {
    totalCount: number;
    edges: { node: { id: string; status: string; approval: { status: string } | null } }[];
  };
};

describe('API tokens', () => {
  it('reach no administrator mutation, also an administrator`s own token', async () => {
    const client = await aClient(gateway.em());
    const admin = await anAdministrator([client]);
    await setRights(gateway.em(), admin.user, { grantPages: ['RUNS'] });
    const token = await tokenOf(gateway, admin.session, { label: 'reader', pages: ['RUNS'] });
    const c = `clientId: "${client.id}"`;
    const attempts: [string, string][] = [
      [`mutation { revokeClientApiTokens(${c}, ids: ["${token.id}"], reason: "x") { id } }`, 'revokeClientApiTokens'],
      [
        `mutation { removeClientFromApiToken(${c}, id: "${token.id}", reason: "x") { id } }`,
        'removeClientFromApiToken',
      ],
      [`mutation { setClientTokenPolicy(${c}, input: { endRequired: true }) { endRequired } }`, 'setClientTokenPolicy'],
      [
        `mutation { decideClientApiTokenRequests(${c}, ids: ["${token.id}"], approve: true, reason: "x") { id } }`,
        'decideClientApiTokenRequests',
      ],
      [`mutation { createServiceToken(${c}, input: { label: "x", pages: [RUNS] }) { token } }`, 'createServiceToken'],
      [`mutation { rotateServiceToken(${c}, id: "${token.id}") { token } }`, 'rotateServiceToken'],
      [`{ clientTokenPolicy(${c}) { endRequired } }`, 'clientTokenPolicy'],
      [`{ clientApiTokenRequests(${c}) { totalCount } }`, 'clientApiTokenRequests'],
      [`{ clientAuditEvents(${c}) { totalCount } }`, 'clientAuditEvents'],
      ['{ notices { totalCount } }', 'notices'],
    ];
    for (const [document, field] of attempts) {
      const answer = await gateway.request(document, { auth: { token: token.secret } });
      expect(errorCodes(answer), document).toEqual([[field, 'FORBIDDEN']]);
    }
    // Nothing changed: the token is not revoked, and the client has no policy.
    expect((await connectorClients(token.secret)).status).toBe(200);
    const policy = await gateway.data<{ clientTokenPolicy: { endRequired: boolean } }, unknown>(
      `{ clientTokenPolicy(${c}) { endRequired } }`,
      { auth: { session: admin.session } },
    );
    expect(policy.clientTokenPolicy.endRequired).toBe(false);
  });
});

describe('approval of new tokens', () => {
  it('keeps a new token PENDING for the client until an administrator approves it; the owner sees the decision', async () => {
    const [acme, globex] = [(await aClientWithData(gateway.em())).client, (await aClientWithData(gateway.em())).client];
    const admin = await anAdministrator([acme]);
    const owner = await aMember([acme, globex]);
    const before = await tokenOf(gateway, owner.session, { label: 'made before', pages: ['CONNECTORS'] });
    await gateway.data(SET_POLICY, {
      variables: { clientId: acme.id, input: { approval: 'ALWAYS' } },
      auth: { session: admin.session },
    });
    const first = await tokenOf(gateway, owner.session, { label: 'first', pages: ['CONNECTORS'] });
    const second = await tokenOf(gateway, owner.session, {
      label: 'second',
      pages: ['CONNECTORS'],
      clientIds: [acme.id],
    });

    // A token made before approval was required is not held back.
    expect((await connectorClients(before.secret, acme.id)).body.errors).toBeUndefined();
    const waiting = await connectorClients(first.secret, acme.id);
    expect(waiting.body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      clientId: acme.id,
      policy: 'APPROVAL',
    });
    expect(waiting.body.errors?.[0]?.message).toContain('approval');
    const elsewhere = await connectorClients(first.secret);
    expect(new Set(elsewhere.body.data?.connectors?.edges.map((edge) => edge.node.client.id))).toEqual(
      new Set([globex.id]),
    );

    const requests = await gateway.data<RequestsAnswer, unknown>(REQUESTS, {
      variables: { clientId: acme.id },
      auth: { session: admin.session },
    });
    expect(requests.clientApiTokenRequests.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({
        id: second.id,
        status: 'PENDING',
        approval: expect.objectContaining({ status: 'PENDING' }),
      }),
      expect.objectContaining({ id: first.id, status: 'PENDING' }),
    ]);

    // All or none: the token made before has no request, so nothing is decided.
    const refused = await gateway.request(DECIDE, {
      variables: { clientId: acme.id, ids: [first.id, before.id], approve: true, reason: 'ok' },
      auth: { session: admin.session },
    });
    expect(errorCodes(refused)).toEqual([['decideClientApiTokenRequests', 'NOT_FOUND']]);
    expect((await connectorClients(first.secret, acme.id)).body.errors?.[0]?.extensions?.policy).toBe('APPROVAL');

    const approved = await gateway.data<{ decideClientApiTokenRequests: { id: string; status: string }[] }, unknown>(
      DECIDE,
      {
        variables: { clientId: acme.id, ids: [first.id], approve: true, reason: 'ticket 42' },
        auth: { session: admin.session },
      },
    );
    expect(approved.decideClientApiTokenRequests).toEqual([{ id: first.id, status: 'ACTIVE' }]);
    expect((await connectorClients(first.secret, acme.id)).body.errors).toBeUndefined();

    await gateway.data(DECIDE, {
      variables: { clientId: acme.id, ids: [second.id], approve: false, reason: 'use the service token' },
      auth: { session: admin.session },
    });
    const denied = await connectorClients(second.secret, acme.id);
    expect(denied.body.errors?.[0]?.extensions?.policy).toBe('APPROVAL');
    expect(denied.body.errors?.[0]?.message).toContain('use the service token');
    const list = await inventory(admin.session, { clientId: acme.id, filter: { status: ['BLOCKED'] } });
    expect(idsOf(list)).toEqual([second.id]);

    const mine = await gateway.data<
      { apiTokens: { id: string; approvals: { client: { id: string }; approval: Record<string, unknown> }[] }[] },
      unknown
    >(MY_APPROVALS, { auth: { session: owner.session } });
    const approvalsOf = (id: string) => mine.apiTokens.find((token) => token.id === id)?.approvals;
    expect(approvalsOf(first.id)).toEqual([
      {
        client: { id: acme.id },
        approval: { status: 'APPROVED', reason: 'ticket 42', decidedBy: { name: admin.user.name } },
      },
    ]);
    expect(approvalsOf(second.id)?.[0]?.approval.status).toBe('DENIED');
    expect(approvalsOf(before.id)).toEqual([]);
    const story = await gateway.data<
      { auditEvents: { edges: { node: { action: string; by: { name: string } } }[] } },
      unknown
    >(STORY, { variables: { tokenId: first.id }, auth: { session: owner.session } });
    expect(story.auditEvents.edges.map((edge) => edge.node.action)).toContain('TOKEN_APPROVED');

    const rest = await gateway.rest(`/api/v1/clients/${acme.id}/api-token-requests?status=DENIED`, {
      auth: { session: admin.session },
    });
    expect(rest.status).toBe(200);
    expect(rest.body.items?.map((item) => item.id)).toEqual([second.id]);
  });

  it("reads a list's requests in one statement, however many tokens it has", async () => {
    const client = await aClient(gateway.em());
    const admin = await anAdministrator([client]);
    await gateway.data(SET_POLICY, {
      variables: { clientId: client.id, input: { approval: 'ALWAYS' } },
      auth: { session: admin.session },
    });
    const owner = await aMember([client]);
    for (let i = 0; i < 4; i++) await tokenOf(gateway, owner.session, { label: `t${i}`, pages: ['RUNS'] });
    const statements = await gateway.statementsOf(() =>
      gateway.data(MY_APPROVALS, { auth: { session: owner.session } }),
    );
    expect(statements.filter((sql) => sql.includes('api_token_approval'))).toHaveLength(1);
  });

  it('asks only above the thresholds that are set: days, all clients, the USERS page', async () => {
    const client = await aClient(gateway.em());
    const admin = await anAdministrator([client]);
    const owner = await aMember([client], ['USERS', 'RUNS']);
    await gateway.data(SET_POLICY, {
      variables: {
        clientId: client.id,
        input: {
          approval: 'ABOVE_THRESHOLD',
          approvalAboveDays: 30,
          approvalAllClients: true,
          approvalUsersPage: true,
        },
      },
      auth: { session: admin.session },
    });
    const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
    const cases: [string, Record<string, unknown>, boolean][] = [
      ['short, listed, RUNS', { pages: ['RUNS'], clientIds: [client.id], expiresAt: days(10) }, false],
      ['long', { pages: ['RUNS'], clientIds: [client.id], expiresAt: days(40) }, true],
      ['no end', { pages: ['RUNS'], clientIds: [client.id] }, true],
      ['all clients', { pages: ['RUNS'], expiresAt: days(10) }, true],
      ['USERS', { pages: ['USERS'], clientIds: [client.id], expiresAt: days(10) }, true],
    ];
    for (const [label, input, asked] of cases) {
      const token = await tokenOf(gateway, owner.session, { label, ...(input as { pages: ('RUNS' | 'USERS')[] }) });
      const requests = await gateway.data<RequestsAnswer, unknown>(REQUESTS, {
        variables: { clientId: client.id },
        auth: { session: admin.session },
      });
      expect([label, idsOf(requests.clientApiTokenRequests).includes(token.id)]).toEqual([label, asked]);
    }
    const incomplete = await gateway.request(SET_POLICY, {
      variables: { clientId: client.id, input: { approval: 'ABOVE_THRESHOLD' } },
      auth: { session: admin.session },
    });
    expect(incomplete.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'approval' });
  });
});

const CREATE_SERVICE = `mutation CreateService($clientId: ID!, $input: CreateServiceTokenInput!) {
  createServiceToken(clientId: $clientId, input: $input) { token serviceToken { id label serviceToken owner { id name email } createdBy { name } clients { id } otherClientCount status } }
}`;
const ROTATE_SERVICE = `mutation RotateService($clientId: ID!, $id: ID!) { rotateServiceToken(clientId: $clientId, id: $id) { token serviceToken { id } } }`;

type ServicePayload = {
  token: string;
  serviceToken: { id: string; owner: { id: string; name: string }; createdBy: { name: string } | null; status: string };
};

describe('service tokens', () => {
  it("belong to the client: read only it, survive their maker's deactivation, and any administrator rotates or revokes them", async () => {
    const [acme, globex] = [(await aClientWithData(gateway.em())).client, (await aClientWithData(gateway.em())).client];
    const em = gateway.em();
    const maker = await aUser(em, { clients: [acme, globex], pages: ['CONNECTORS'] });
    await setAdministration(em, maker, { grantClients: [acme.id, globex.id] });
    const makerSession = await sessionOf(gateway, maker);
    const other = await anAdministrator([acme]);

    // Only pages the maker has.
    const tooMuch = await gateway.request(CREATE_SERVICE, {
      variables: { clientId: acme.id, input: { label: 'payroll sync', pages: ['RUNS'] } },
      auth: { session: makerSession },
    });
    expect(tooMuch.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredPage: 'RUNS' });
    const created = await gateway.data<{ createServiceToken: ServicePayload }, unknown>(CREATE_SERVICE, {
      variables: { clientId: acme.id, input: { label: 'payroll sync', pages: ['CONNECTORS'] } },
      auth: { session: makerSession },
    });
    const { token: secret, serviceToken } = created.createServiceToken;
    expect(serviceToken).toMatchObject({
      serviceToken: true,
      owner: { id: acme.id, name: acme.name, email: '' },
      createdBy: { name: maker.name },
      clients: [{ id: acme.id }],
      otherClientCount: 0,
      status: 'ACTIVE',
    });
    // It reads its client only, and is shown as the client's, not the maker's.
    const rows = await connectorClients(secret);
    expect(new Set(rows.body.data?.connectors?.edges.map((edge) => edge.node.client.id))).toEqual(new Set([acme.id]));
    expect(errorCodes(await connectorClients(secret, globex.id))).toEqual([['connectors', 'FORBIDDEN']]);
    const viewer = await gateway.data<{ viewer: { kind: string; name: string } }, unknown>('{ viewer { kind name } }', {
      auth: { token: secret },
    });
    expect(viewer.viewer).toEqual({ kind: 'API_TOKEN', name: acme.name });
    const makersOwn = await gateway.data<{ apiTokens: { id: string }[] }, unknown>('{ apiTokens { id } }', {
      auth: { session: makerSession },
    });
    expect(makersOwn.apiTokens.map((token) => token.id)).not.toContain(serviceToken.id);
    // Other clients' administrators do not see it; the client's do, as a service token.
    expect(idsOf(await inventory(makerSession, { clientId: globex.id }))).not.toContain(serviceToken.id);
    expect(idsOf(await inventory(other.session, { clientId: acme.id, filter: { serviceToken: true } }))).toEqual([
      serviceToken.id,
    ]);

    // The maker leaves: their own tokens are revoked, the client's service token keeps working.
    await setActive(gateway.em(), maker, false);
    expect((await connectorClients(secret)).status).toBe(200);

    // Another administrator rotates it (the old secret is refused at once), then revokes it.
    const rotated = await gateway.data<{ rotateServiceToken: { token: string } }, unknown>(ROTATE_SERVICE, {
      variables: { clientId: acme.id, id: serviceToken.id },
      auth: { session: other.session },
    });
    expect((await connectorClients(secret)).status).toBe(401);
    expect((await connectorClients(rotated.rotateServiceToken.token)).status).toBe(200);
    // A person's token of the client is not a service token: NOT_FOUND, as an unknown id.
    const persons = await tokenOf(gateway, (await aMember([acme])).session, { label: 'mine', pages: ['RUNS'] });
    const notTheirs = await gateway.request(ROTATE_SERVICE, {
      variables: { clientId: acme.id, id: persons.id },
      auth: { session: other.session },
    });
    expect(errorCodes(notTheirs).map(([, code]) => code)).toEqual(['NOT_FOUND']);
    await gateway.data(REVOKE, {
      variables: { clientId: acme.id, ids: [serviceToken.id], reason: 'sync moved' },
      auth: { session: other.session },
    });
    expect((await connectorClients(rotated.rotateServiceToken.token)).status).toBe(401);

    // Its story is the client's: its administrators read it, naming who did what; nobody else does.
    const CLIENT_STORY = `query ClientStory($clientId: ID!) { clientAuditEvents(clientId: $clientId) { edges { node { action tokenId by { name } } } } }`;
    const story = await gateway.data<
      { clientAuditEvents: { edges: { node: { action: string; tokenId: string; by: { name: string } | null } }[] } },
      unknown
    >(CLIENT_STORY, { variables: { clientId: acme.id }, auth: { session: other.session } });
    const ofToken = story.clientAuditEvents.edges
      .map((edge) => edge.node)
      .filter((node) => node.tokenId === serviceToken.id);
    // (Its refusal for the other client is there too, with no person.)
    expect(ofToken.map((node) => `${node.action} ${node.by?.name ?? '-'}`).sort()).toEqual(
      [
        `TOKEN_REVOKED ${other.user.name}`,
        `TOKEN_ROTATED ${other.user.name}`,
        'ACCESS_DENIED -',
        `TOKEN_CREATED ${maker.name}`,
      ].sort(),
    );
    const outsider = await gateway.request(CLIENT_STORY, {
      variables: { clientId: acme.id },
      auth: { session: (await aMember([acme])).session },
    });
    expect(errorCodes(outsider)).toEqual([['clientAuditEvents', 'FORBIDDEN']]);
  });
});
