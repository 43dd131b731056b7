import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createTransport } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { NoticeSender, noticeEndingTokens } from '../src/auth/notices.js';
import { createLogger } from '../src/core/logger.js';
import { openOrm } from '../src/database/orm.js';
import { setAdministration } from '../src/operator/users.js';
import { aClient, aUser, sessionOf, tokenOf } from './builders.js';
import { startTestGateway } from './helpers.js';

// Notices (docs/organisation.md): written once, shown in the API, e-mailed once through a real SMTP server (in
// process here), also with two senders at once and after a sender stopped while holding one.

const gateway = await startTestGateway();

/** An SMTP server that keeps every message it accepts (recipients and raw text). */
async function anSmtpServer() {
  const messages: { to: string[]; raw: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => {
        raw += chunk.toString();
      });
      stream.on('end', () => {
        messages.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { messages, url: `smtp://127.0.0.1:${port}` };
}

const smtp = await anSmtpServer();
const logger = createLogger('silent');
const orms: MikroORM[] = [];
afterAll(async () => {
  for (const orm of orms) await orm.close();
});

/** A sender of its own (its own ORM and pool, as another gateway process would have), at `now`. */
async function aSender(now: () => Date = () => new Date(), transport = createTransport(smtp.url)) {
  const orm = await openOrm({ clientUrl: inject('databaseUrl'), poolMax: 2 });
  orms.push(orm);
  return new NoticeSender({ orm, transport, from: 'gateway <gateway@test.example>', clock: now, logger, policy: {} });
}

const REVOKE = `mutation Revoke($clientId: ID!, $ids: [ID!]!) { revokeClientApiTokens(clientId: $clientId, ids: $ids, reason: "offboarding") { id } }`;
const NOTICES = '{ notices { totalCount edges { node { kind subject tokenId emailedAt } } } }';

async function aRevokedToken() {
  const client = await aClient(gateway.em());
  const admin = await aUser(gateway.em(), { clients: [client], pages: [] });
  await setAdministration(gateway.em(), admin, { grantClients: [client.id] });
  const owner = await aUser(gateway.em(), { clients: [client], pages: ['RUNS'] });
  const session = await sessionOf(gateway, owner);
  const token = await tokenOf(gateway, session, { label: `nightly ${randomUUID().slice(0, 6)}`, pages: ['RUNS'] });
  await gateway.data(REVOKE, {
    variables: { clientId: client.id, ids: [token.id] },
    auth: { session: await sessionOf(gateway, admin) },
  });
  return { owner, session, token };
}

const messagesTo = (email: string) => smtp.messages.filter((message) => message.to.includes(email));

describe('notices', () => {
  it('tell the owner that someone else revoked a token: in the API at once, by e-mail once', async () => {
    const { owner, session, token } = await aRevokedToken();
    const listed = await gateway.data<
      { notices: { totalCount: number; edges: { node: Record<string, unknown> }[] } },
      unknown
    >(NOTICES, { auth: { session } });
    expect(listed.notices.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({ kind: 'TOKEN_REVOKED', tokenId: token.id, emailedAt: null }),
    ]);
    const sender = await aSender();
    while ((await sender.runOnce()) > 0);
    await sender.runOnce();
    const mails = messagesTo(owner.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.raw).toContain('was revoked');
    expect(mails[0]?.raw).toContain('offboarding');
    const after = await gateway.data<{ notices: { edges: { node: { emailedAt: string | null } }[] } }, unknown>(
      NOTICES,
      {
        auth: { session },
      },
    );
    expect(after.notices.edges[0]?.node.emailedAt).not.toBeNull();
  });

  it('are sent once by two senders working at the same time', async () => {
    const owners = [];
    for (let i = 0; i < 6; i++) owners.push((await aRevokedToken()).owner);
    const [one, two] = [await aSender(), await aSender()];
    for (let round = 0; round < 4; round++) await Promise.all([one.runOnce(), two.runOnce()]);
    for (const owner of owners) expect(messagesTo(owner.email)).toHaveLength(1);
  });

  it('held by a sender that stopped are sent by another once its lease has passed, and never while it holds them', async () => {
    const { owner } = await aRevokedToken();
    // This sender claims the notice, then its SMTP server is gone: the notice stays claimed and unsent.
    const broken = await aSender(() => new Date(), createTransport('smtp://127.0.0.1:1'));
    await broken.runOnce();
    expect(messagesTo(owner.email)).toHaveLength(0);
    await (await aSender()).runOnce();
    expect(messagesTo(owner.email)).toHaveLength(0);
    // Ten minutes later (past the lease) another sender sends it, once.
    const later = await aSender(() => new Date(Date.now() + 10 * 60_000));
    while ((await later.runOnce()) > 0);
    expect(messagesTo(owner.email)).toHaveLength(1);
  });

  it('warn 30, 7 and 1 days before a token ends, each once', async () => {
    const client = await aClient(gateway.em());
    const owner = await aUser(gateway.em(), { clients: [client], pages: ['RUNS'] });
    const session = await sessionOf(gateway, owner);
    const end = new Date(Date.now() + 40 * 86_400_000);
    const token = await tokenOf(gateway, session, {
      label: 'quarterly',
      pages: ['RUNS'],
      expiresAt: end.toISOString(),
    });
    const daysBefore = (days: number) => new Date(end.getTime() - days * 86_400_000 + 60_000);
    const em = gateway.em();
    expect(await noticeEndingTokens(em, new Date(), {})).toBeGreaterThanOrEqual(0);
    const kinds = async () => {
      const listed = await gateway.data<
        { notices: { edges: { node: { kind: string; subject: string; tokenId: string } }[] } },
        unknown
      >(NOTICES, { auth: { session } });
      return listed.notices.edges.filter((edge) => edge.node.tokenId === token.id).map((edge) => edge.node.subject);
    };
    expect(await kinds()).toEqual([]);
    for (const days of [30, 30, 7, 7, 1, 1]) await noticeEndingTokens(em, daysBefore(days), {});
    const subjects = await kinds();
    expect(subjects).toHaveLength(3);
    expect(subjects.map((subject) => /within (\d+) day/.exec(subject)?.[1])).toEqual(['1', '7', '30']);
  });

  it('are written without SMTP too, and nothing is sent', async () => {
    const { owner } = await aRevokedToken();
    const orm = await openOrm({ clientUrl: inject('databaseUrl'), poolMax: 2 });
    orms.push(orm);
    const silent = new NoticeSender({
      orm,
      transport: undefined,
      from: 'x <x@test.example>',
      clock: () => new Date(),
      logger,
      policy: {},
    });
    expect(await silent.runOnce()).toBe(0);
    expect(messagesTo(owner.email)).toHaveLength(0);
  });
});
