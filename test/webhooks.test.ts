import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeEndingTokens } from '../src/auth/notices.js';
import { checkedUrl } from '../src/auth/webhooks.js';
import { claimDeliveries, fanOutEvents } from '../src/database/webhooks.js';
import { setAdministration, setRights } from '../src/operator/users.js';
import { refusedAddress } from '../src/webhooks/http.js';
import { WebhookSender, type WebhookSenderOptions } from '../src/webhooks/sender.js';
import { aClient, aClientWithData, anOwner, anOwnerWithToken, aUser, sessionOf, tokenOf } from './builders.js';
import { errorCodes, recordSecrets, startTestGateway } from './helpers.js';

// Webhooks (docs/changes.md): a run written with plain SQL produces its event in the writer's transaction; the
// delivery is read as the endpoint's owner, signed with Standard Webhooks (checked with the scheme's own verifier),
// retried, given up, and never sent twice at once by two senders.

const gateway = await startTestGateway({ webhooksToLoopback: true });

/** A receiver on loopback: what it got, and the status it answers (changeable). */
type Received = { headers: IncomingHttpHeaders; body: string; url?: string };
const received: Received[] = [];
let answer = 200;
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString(), url: request.url });
      response.writeHead(answer).end(answer < 300 ? 'thanks' : 'broken');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const sender = (options: Partial<WebhookSenderOptions> = {}) =>
  new WebhookSender({
    orm: gateway.orm,
    clock: gateway.clock,
    logger: gateway.logger,
    policy: {},
    allowHttpLoopback: true,
    retryDelaysMs: [0],
    disableAfter: 2,
    random: () => 0,
    ...options,
  });

const CREATE = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url events disabledAt } }
}`;
const DELIVERIES = `query($id: ID!) { webhookDeliveries(endpointId: $id) { totalCount edges { node {
  id event runId status attempts responseStatus latencyMs response error } } } }`;

type Delivery = {
  id: string;
  event: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  response: string | null;
  error: string | null;
};

/** A token of one client with RUNS and INTERFACES, an endpoint of it for failed runs, and the client's interface. */
async function anEndpoint(path: string, events = ['RUN_FAILED']) {
  const owner = await anOwnerWithToken(gateway, { pages: ['RUNS', 'INTERFACES'] }, { withData: true });
  const [client] = owner.clients;
  if (!client) throw new Error('a client expected');
  const made = await gateway.data<{ createWebhookEndpoint: { secret: string; endpoint: { id: string } } }, unknown>(
    CREATE,
    { variables: { input: { url: `${base}${path}`, events } }, auth: { token: owner.token.secret } },
  );
  const [iface] = await gateway
    .em()
    .getConnection()
    .execute('select id from interface where client_id = ? limit 1', [client.id]);
  return { owner, client, interfaceId: String(iface?.id), ...made.createWebhookEndpoint };
}

async function interfaceOf(clientId: string): Promise<string> {
  const [row] = await gateway
    .em()
    .getConnection()
    .execute('select id from interface where client_id = ? limit 1', [clientId]);
  return String(row?.id);
}

/** A run as the platform writes one: plain SQL. */
async function aRunWritten(clientId: string, interfaceId: string, status = 'FAILED') {
  const id = randomUUID();
  await gateway
    .em()
    .getConnection()
    .execute(
      `insert into run (id, client_id, interface_id, status, started_at, finished_at, records_processed, message)
       values (?, ?, ?, ?, now(), now(), 3, 'AFAS answered 500')`,
      [id, clientId, interfaceId, status],
    );
  return id;
}

const deliveriesOf = async (endpointId: string, token: string) =>
  (
    await gateway.data<{ webhookDeliveries: { edges: { node: Delivery }[] } }, unknown>(DELIVERIES, {
      variables: { id: endpointId },
      auth: { token },
    })
  ).webhookDeliveries.edges.map((edge) => edge.node);

/** A second receiver that can be stopped and started again on its port (an outage). */
async function aReceiverThatStops() {
  const got: Received[] = [];
  const make = () =>
    createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        got.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
        response.writeHead(204).end();
      });
    });
  let current = make();
  await new Promise<void>((resolve) => current.listen(0, '127.0.0.1', resolve));
  const port = (current.address() as AddressInfo).port;
  return {
    got,
    url: `http://127.0.0.1:${port}/down`,
    stop: () => new Promise((resolve) => current.close(resolve)),
    start: async () => {
      current = make();
      await new Promise<void>((resolve) => current.listen(port, '127.0.0.1', resolve));
    },
  };
}

describe('webhooks', () => {
  it('delivers a failed run written with plain SQL, signed with Standard Webhooks, once', async () => {
    const endpoint = await anEndpoint('/signed');
    recordSecrets(endpoint.secret);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const runId = await aRunWritten(endpoint.client.id, endpoint.interfaceId);
    await aRunWritten(endpoint.client.id, endpoint.interfaceId, 'SUCCEEDED'); // not an event it wants
    const before = received.length;
    await sender().runOnce();
    const got = received.slice(before);
    expect(got.length).toBe(1);
    const [delivery] = got;
    // The scheme's own verifier accepts it; a changed body it refuses.
    const verified = new Webhook(endpoint.secret).verify(
      delivery?.body ?? '',
      delivery?.headers as Record<string, string>,
    );
    expect(verified).toMatchObject({
      type: 'run.failed',
      data: {
        run: {
          id: runId,
          status: 'FAILED',
          client: { id: endpoint.client.id },
          interface: { id: endpoint.interfaceId },
        },
        links: { run: `/api/v1/runs/${runId}` },
      },
    });
    expect(() =>
      new Webhook(endpoint.secret).verify(`${delivery?.body} `, delivery?.headers as Record<string, string>),
    ).toThrow();
    // Nothing more to send: a second round sends nothing.
    await sender().runOnce();
    expect(received.length).toBe(before + 1);
    const [logged] = await deliveriesOf(endpoint.endpoint.id, endpoint.owner.token.secret);
    expect(logged).toMatchObject({
      id: delivery?.headers['webhook-id'],
      event: 'run.failed',
      status: 'SUCCEEDED',
      attempts: 1,
      responseStatus: 200,
      response: 'thanks',
    });
  });

  it('sends only what the owner reads at delivery: another client is skipped, a revoked token sends nothing', async () => {
    const endpoint = await anEndpoint('/readable');
    const other = await anEndpoint('/other');
    const before = received.length;
    // A run of a client the first token does not read: its delivery (if any) is skipped, never sent.
    await aRunWritten(other.client.id, other.interfaceId);
    await sender().runOnce();
    const sent = received.slice(before);
    expect(sent.every((each) => !each.body.includes(endpoint.client.id))).toBe(true);
    expect(sent.length).toBe(1); // to the other endpoint only
    // Revoked after its event was fanned out, before it was sent: checked again as it is sent, and skipped.
    await aRunWritten(endpoint.client.id, endpoint.interfaceId);
    await fanOutEvents(gateway.orm.em.fork(), new Date(), 100);
    await gateway.data('mutation($id: ID!) { revokeApiToken(id: $id) { status } }', {
      variables: { id: endpoint.owner.token.id },
      auth: { session: endpoint.owner.session },
    });
    await sender().runOnce();
    // And a run after the revocation is not even fanned out to it.
    await aRunWritten(endpoint.client.id, endpoint.interfaceId);
    await sender().runOnce();
    expect(received.length).toBe(before + 1);
    const logged = await gateway
      .em()
      .getConnection()
      .execute('select status, last_response from webhook_delivery where endpoint_id = ?', [endpoint.endpoint.id]);
    expect(logged).toEqual([{ status: 'SKIPPED', last_response: expect.stringContaining('no longer read') }]);
  });

  it('retries a failing receiver, then gives up and disables the endpoint after failures in a row', async () => {
    const endpoint = await anEndpoint('/failing');
    answer = 500;
    try {
      for (let run = 0; run < 2; run++) {
        await aRunWritten(endpoint.client.id, endpoint.interfaceId);
        await sender().runOnce(); // the first attempt: 500, tried again at once (delay 0 in this test)
        await sender().runOnce(); // the second: 500 again, attempts spent
      }
    } finally {
      answer = 200;
    }
    const logged = await deliveriesOf(endpoint.endpoint.id, endpoint.owner.token.secret);
    expect(logged.map((each) => [each.status, each.attempts, each.responseStatus])).toEqual([
      ['FAILED', 2, 500],
      ['FAILED', 2, 500],
    ]);
    const listed = await gateway.data<{ webhookEndpoints: { disabledAt: string | null }[] }, unknown>(
      '{ webhookEndpoints { disabledAt } }',
      { auth: { token: endpoint.owner.token.secret } },
    );
    expect(listed.webhookEndpoints[0]?.disabledAt).not.toBeNull();
    // Its owner is told (on the API Access page, and by e-mail where SMTP is set).
    const notices = await gateway.data<{ notices: { edges: { node: { kind: string; subject: string } }[] } }, unknown>(
      '{ notices { edges { node { kind subject } } } }',
      { auth: { session: endpoint.owner.session } },
    );
    expect(notices.notices.edges.map((edge) => edge.node)).toContainEqual({
      kind: 'WEBHOOK_DISABLED',
      subject: `Webhook endpoint ${base}/failing was disabled`,
    });
    // Redelivered once enabled again: it arrives.
    await gateway.data('mutation($id: ID!) { enableWebhookEndpoint(id: $id) { id } }', {
      variables: { id: endpoint.endpoint.id },
      auth: { token: endpoint.owner.token.secret },
    });
    const [last] = logged;
    await gateway.data('mutation($e: ID!, $d: ID!) { redeliverWebhook(endpointId: $e, deliveryId: $d) }', {
      variables: { e: endpoint.endpoint.id, d: last?.id },
      auth: { token: endpoint.owner.token.secret },
    });
    const before = received.length;
    await sender().runOnce();
    expect(received.slice(before).map((each) => each.headers['webhook-id'])).toEqual([last?.id]);
  });

  it('is sent by another sender once a stopped sender’s lease has passed, and after a receiver outage', async () => {
    const endpoint = await anEndpoint('/leased');
    await aRunWritten(endpoint.client.id, endpoint.interfaceId);
    const em = gateway.orm.em.fork();
    await fanOutEvents(em, new Date(), 100);
    // A sender claims it and stops (a gateway killed mid-delivery): nobody else sends it while the lease holds.
    const now = new Date();
    expect((await claimDeliveries(em, now, new Date(now.getTime() + 60_000), 100)).length).toBeGreaterThan(0);
    const before = received.length;
    await sender().runOnce();
    expect(received.length).toBe(before);
    await sender({ clock: () => new Date(Date.now() + 61_000) }).runOnce();
    expect(received.slice(before).length).toBe(1);

    // The receiver is down: the attempt fails and waits; when it is back, the delivery arrives.
    const receiver = await aReceiverThatStops();
    const down = await gateway.data<{ createWebhookEndpoint: { endpoint: { id: string } } }, unknown>(CREATE, {
      variables: { input: { url: receiver.url, events: ['RUN_FAILED'] } },
      auth: { token: endpoint.owner.token.secret },
    });
    await receiver.stop();
    await aRunWritten(endpoint.client.id, endpoint.interfaceId);
    await sender({ retryDelaysMs: [0, 0] }).runOnce();
    const [waiting] = await deliveriesOf(down.createWebhookEndpoint.endpoint.id, endpoint.owner.token.secret);
    expect(waiting).toMatchObject({ status: 'PENDING', attempts: 1, error: expect.stringMatching(/ECONNREFUSED/) });
    await receiver.start();
    await sender({ retryDelaysMs: [0, 0] }).runOnce();
    expect(receiver.got.map((each) => each.headers['webhook-id'])).toEqual([waiting?.id]);
    await receiver.stop();
  });

  it('is sent once when two senders work at once', async () => {
    const endpoint = await anEndpoint('/shared');
    for (let run = 0; run < 12; run++) await aRunWritten(endpoint.client.id, endpoint.interfaceId);
    const before = received.length;
    await Promise.all([sender().runOnce(), sender().runOnce(), sender().runOnce()]);
    await Promise.all([sender().runOnce(), sender().runOnce()]);
    const ids = received.slice(before).map((each) => each.headers['webhook-id']);
    expect(ids.length).toBe(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('delivers only runs, interfaces and connectors the token reads at delivery (random rights, 15 cases)', async () => {
    const world = await anOwnerWithToken(gateway, { pages: ['RUNS'] }, { clients: 2, withData: true });
    const foreign = await aClientWithData(gateway.em());
    const clients = [...world.clients, foreign.client];
    const interfaces = await Promise.all(clients.map((client) => interfaceOf(client.id)));
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(['INTERFACES', 'CONNECTORS'] as const),
        fc.option(fc.subarray([0, 1], { minLength: 1 }), { nil: null }),
        fc.array(fc.nat(2), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (extraPages, tokenClients, runsIn, loseRuns) => {
          const clientIds = tokenClients?.map((i) => clients[i]?.id ?? '') ?? null;
          const token = await tokenOf(gateway, world.session, {
            label: 'hook',
            pages: ['RUNS', ...extraPages],
            clientIds,
          });
          const path = `/property-${randomUUID()}`;
          await gateway.data(CREATE, {
            variables: { input: { url: `${base}${path}`, events: ['RUN_FAILED'] } },
            auth: { token: token.secret },
          });
          // The owner may lose RUNS after the endpoint was made: then nothing is delivered.
          if (loseRuns) await setRights(gateway.em(), world.user, { withdrawPages: ['RUNS'] });
          const before = received.length;
          const written: { id: string; client: string | undefined }[] = [];
          for (const i of runsIn)
            written.push({ id: await aRunWritten(clients[i]?.id ?? '', interfaces[i] ?? ''), client: clients[i]?.id });
          await sender().runOnce();
          if (loseRuns) await setRights(gateway.em(), world.user, { grantPages: ['RUNS'] });
          const readable = new Set(clientIds ?? world.clients.map((client) => client.id));
          const runs = received
            .slice(before)
            .filter((each) => each.url === path)
            .map(
              (each) =>
                JSON.parse(each.body) as {
                  data: { run: { id: string; client: { id: string }; interface: { source: unknown } | null } };
                },
            )
            .filter((payload) => written.some((run) => run.id === payload.data.run.id));
          const expected = loseRuns ? [] : written.filter((run) => readable.has(run.client ?? '')).map((run) => run.id);
          expect(runs.map((payload) => payload.data.run.id).sort()).toEqual(expected.sort());
          for (const { data } of runs) {
            expect(readable.has(data.run.client.id)).toBe(true);
            if (!extraPages.includes('INTERFACES')) expect(data.run.interface).toBeNull();
            else if (!extraPages.includes('CONNECTORS')) expect(data.run.interface?.source).toBeNull();
          }
          await gateway.data('mutation($id: ID!) { revokeApiToken(id: $id) { id } }', {
            variables: { id: token.id },
            auth: { session: world.session },
          });
        },
      ),
      { numRuns: 15, endOnFailure: true },
    );
  }, 120_000);

  it('signs with both secrets for a day after a rotation, and sends a test event', async () => {
    const endpoint = await anEndpoint('/rotated');
    const rotated = await gateway.data<{ rotateWebhookSecret: { secret: string } }, unknown>(
      'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }',
      { variables: { id: endpoint.endpoint.id }, auth: { token: endpoint.owner.token.secret } },
    );
    recordSecrets(`${endpoint.secret}\n${rotated.rotateWebhookSecret.secret}`);
    await gateway.data('mutation($id: ID!) { sendTestWebhook(endpointId: $id) }', {
      variables: { id: endpoint.endpoint.id },
      auth: { token: endpoint.owner.token.secret },
    });
    const before = received.length;
    await sender().runOnce();
    const [test] = received.slice(before);
    expect(String(test?.headers['webhook-signature']).split(' ').length).toBe(2);
    for (const secret of [endpoint.secret, rotated.rotateWebhookSecret.secret]) {
      expect(new Webhook(secret).verify(test?.body ?? '', test?.headers as Record<string, string>)).toMatchObject({
        type: 'webhook.test',
      });
    }
  });

  it('refuses private, loopback, link-local and metadata addresses, also when a name resolves to one later', async () => {
    expect(
      [
        '10.0.0.5',
        '192.168.1.1',
        '127.0.0.1',
        '169.254.169.254',
        '::1',
        'fd00::1',
        '100.64.0.1',
        '::ffff:10.0.0.1',
      ].map((a) => refusedAddress(a, false)),
    ).not.toContain(undefined);
    expect(refusedAddress('93.184.216.34', false)).toBeUndefined();
    expect(() => checkedUrl('http://hooks.example/', { allowHttpLoopback: true })).toThrow(/https/);
    expect(() => checkedUrl('http://127.0.0.1/', { allowHttpLoopback: false })).toThrow(/https/);
    expect(() => checkedUrl('https://user:pw@hooks.example/', { allowHttpLoopback: false })).toThrow(/user/);
    // A name that resolved elsewhere when it was registered now resolves to the metadata address.
    const endpoint = await anEndpoint('/ignored');
    await gateway
      .em()
      .getConnection()
      .execute("update webhook_endpoint set url = 'https://hooks.example/in' where id = ?", [endpoint.endpoint.id]);
    await aRunWritten(endpoint.client.id, endpoint.interfaceId);
    await sender({ resolve: async () => ['169.254.169.254'], allowHttpLoopback: false }).runOnce();
    const [logged] = await deliveriesOf(endpoint.endpoint.id, endpoint.owner.token.secret);
    expect(logged?.error).toMatch(/refused: 169\.254\.169\.254 is a linkLocal address/);
    // A token cannot see or change another's endpoint.
    const stranger = await anOwnerWithToken(gateway, { pages: ['RUNS'] });
    const answerOf = await gateway.request('mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', {
      variables: { id: endpoint.endpoint.id },
      auth: { token: stranger.token.secret },
    });
    expect(errorCodes(answerOf)).toEqual([['deleteWebhookEndpoint', 'NOT_FOUND']]);
  });
});

describe('token events', () => {
  const SET_POLICY = `mutation($clientId: ID!, $input: ClientTokenPolicyInput!) {
    setClientTokenPolicy(clientId: $clientId, input: $input) { approval } }`;
  const DECIDE = `mutation($clientId: ID!, $ids: [ID!]!) {
    decideClientApiTokenRequests(clientId: $clientId, ids: $ids, approve: true, reason: "Checked") { id } }`;
  const REVOKE = `mutation($clientId: ID!, $ids: [ID!]!) {
    revokeClientApiTokens(clientId: $clientId, ids: $ids, reason: "Left the team") { id } }`;

  /** An endpoint of `events` made with `auth`, its path unique; answers its path and secret. */
  async function endpointOf(auth: { session: string } | { token: string }, events: string[]) {
    const path = `/token-events-${randomUUID()}`;
    const made = await gateway.data<{ createWebhookEndpoint: { secret: string; endpoint: { id: string } } }, unknown>(
      CREATE,
      { variables: { input: { url: `${base}${path}`, events } }, auth },
    );
    recordSecrets(made.createWebhookEndpoint.secret);
    return { path, id: made.createWebhookEndpoint.endpoint.id, secret: made.createWebhookEndpoint.secret };
  }

  type TokenEvent = {
    type: string;
    data: { notice: { kind: string; subject: string }; token: { id: string; label: string }; client: unknown };
  };
  /** What `endpoint` got since `before`, verified with its secret. */
  const gotBy = (endpoint: { path: string; secret: string }, before: number): TokenEvent[] =>
    received
      .slice(before)
      .filter((each) => each.url === endpoint.path)
      .map((each) => new Webhook(endpoint.secret).verify(each.body, each.headers as Record<string, string>) as never);

  /** Acme (approval required) and Globex, each with an administrator; Mo reads both. */
  async function aGovernedWorld() {
    const em = gateway.em();
    const [acme, globex] = [await aClient(em), await aClient(em)];
    const acmeAdmin = await aUser(em, { clients: [acme], pages: ['RUNS'], name: 'Ada Admin' });
    await setAdministration(em, acmeAdmin, { grantClients: [acme.id] });
    const globexAdmin = await aUser(em, { clients: [globex], pages: ['RUNS'], name: 'Olga Admin' });
    await setAdministration(em, globexAdmin, { grantClients: [globex.id] });
    const member = await aUser(em, { clients: [acme, globex], pages: ['RUNS'], name: 'Mo Member' });
    const sessions = {
      acmeAdmin: await sessionOf(gateway, acmeAdmin),
      globexAdmin: await sessionOf(gateway, globexAdmin),
      member: await sessionOf(gateway, member),
    };
    await gateway.data(SET_POLICY, {
      variables: { clientId: acme.id, input: { approval: 'ALWAYS' } },
      auth: { session: sessions.acmeAdmin },
    });
    return { acme, globex, acmeAdmin, member, sessions };
  }

  it('tell the administrators of a client that a token waits, and the requester the decision and the revocation', async () => {
    const world = await aGovernedWorld();
    const acmeAdmins = await endpointOf({ session: world.sessions.acmeAdmin }, ['TOKEN_APPROVAL_REQUESTED']);
    const globexAdmins = await endpointOf({ session: world.sessions.globexAdmin }, ['TOKEN_APPROVAL_REQUESTED']);
    const member = await endpointOf({ session: world.sessions.member }, ['TOKEN_APPROVAL_DECIDED', 'TOKEN_REVOKED']);
    // Approval events are for administrators: a member's session or any token is refused them.
    const memberToken = await tokenOf(gateway, world.sessions.member, {
      label: 'Globex',
      pages: ['RUNS'],
      clientIds: [world.globex.id],
    });
    recordSecrets(memberToken.secret);
    for (const auth of [{ session: world.sessions.member }, { token: memberToken.secret }]) {
      const refused = await gateway.request(CREATE, {
        variables: { input: { url: `${base}/never`, events: ['TOKEN_APPROVAL_REQUESTED'] } },
        auth,
      });
      expect(errorCodes(refused)).toEqual([['createWebhookEndpoint', 'BAD_USER_INPUT']]);
    }

    const before = received.length;
    const waiting = await tokenOf(gateway, world.sessions.member, { label: 'Payroll export', pages: ['RUNS'] });
    recordSecrets(waiting.secret);
    await sender().runOnce();
    const requested = gotBy(acmeAdmins, before);
    expect(requested).toMatchObject([
      {
        type: 'token.approval_requested',
        data: {
          notice: { kind: 'REQUEST_WAITING', subject: expect.stringContaining('Mo Member') },
          token: { id: waiting.id, label: 'Payroll export', serviceToken: false },
          client: { id: world.acme.id, name: world.acme.name },
        },
      },
    ]);
    expect(gotBy(globexAdmins, before)).toEqual([]); // Globex wants no approval, and Olga does not govern Acme
    expect(gotBy(member, before)).toEqual([]);

    await gateway.data(DECIDE, {
      variables: { clientId: world.acme.id, ids: [waiting.id] },
      auth: { session: world.sessions.acmeAdmin },
    });
    await gateway.data(REVOKE, {
      variables: { clientId: world.acme.id, ids: [waiting.id] },
      auth: { session: world.sessions.acmeAdmin },
    });
    const decidedAt = received.length;
    await sender().runOnce();
    expect(gotBy(member, decidedAt).map((event) => [event.type, event.data.token.id, event.data.notice.kind])).toEqual(
      expect.arrayContaining([
        ['token.approval_decided', waiting.id, 'REQUEST_DECIDED'],
        ['token.revoked', waiting.id, 'TOKEN_REVOKED'],
      ]),
    );
    expect(gotBy(member, decidedAt).length).toBe(2);
    expect(gotBy(acmeAdmins, decidedAt)).toEqual([]);
  });

  it('are checked again as they are sent: an administrator who lost the right gets nothing', async () => {
    const world = await aGovernedWorld();
    const acmeAdmins = await endpointOf({ session: world.sessions.acmeAdmin }, ['TOKEN_APPROVAL_REQUESTED']);
    const waiting = await tokenOf(gateway, world.sessions.member, { label: 'Later', pages: ['RUNS'] });
    recordSecrets(waiting.secret);
    await fanOutEvents(gateway.orm.em.fork(), new Date(), 100);
    await setAdministration(gateway.em(), world.acmeAdmin, { withdrawClients: [world.acme.id] });
    const before = received.length;
    await sender().runOnce();
    expect(gotBy(acmeAdmins, before)).toEqual([]);
    const logged = await gateway
      .em()
      .getConnection()
      .execute('select status, last_response from webhook_delivery where endpoint_id = ?', [acmeAdmins.id]);
    expect(logged).toEqual([{ status: 'SKIPPED', last_response: expect.stringContaining('notice') }]);
  });

  it('tell a token’s own endpoint and its owner that it ends soon, and nobody else', async () => {
    const owner = await anOwner(gateway, { pages: ['RUNS'] });
    const stranger = await anOwner(gateway, { pages: ['RUNS'] });
    const ending = await tokenOf(gateway, owner.session, {
      label: 'Ends soon',
      pages: ['RUNS'],
      expiresAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    recordSecrets(ending.secret);
    const own = await endpointOf({ token: ending.secret }, ['TOKEN_EXPIRING']);
    const owners = await endpointOf({ session: owner.session }, ['TOKEN_EXPIRING']);
    const strangers = await endpointOf({ session: stranger.session }, ['TOKEN_EXPIRING', 'TOKEN_REVOKED']);
    await noticeEndingTokens(gateway.em(), new Date(), {});
    const before = received.length;
    await sender().runOnce();
    for (const endpoint of [own, owners]) {
      expect(gotBy(endpoint, before)).toMatchObject([
        {
          type: 'token.expiring',
          data: { notice: { kind: 'TOKEN_ENDING' }, token: { id: ending.id, label: 'Ends soon' }, client: null },
        },
      ]);
    }
    expect(gotBy(strangers, before)).toEqual([]);
  });
});
