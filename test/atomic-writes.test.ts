import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiTokenEntity, SessionEntity } from '../src/database/entities.js';
import { anOwner, sessionOf, TEST_PASSWORD, tokenOf } from './builders.js';
import { errorCodes, startTestGateway } from './helpers.js';

// A state change and its audit event are written in one transaction: when the event cannot be written (here a
// trigger of the test's own refuses it, as a kill or a lost connection between the two writes would), the change
// is not committed either.

const gateway = await startTestGateway();
const sql = (text: string) => gateway.em().getConnection().execute(text);

/** Makes every insert of an audit event of this user fail, until the test ends. */
const installed: string[] = [];
async function failAuditOf(userId: string, action: string) {
  const name = `fail_audit_${randomUUID().replaceAll('-', '')}`;
  await sql(`create function ${name}() returns trigger language plpgsql as $$
    begin raise exception 'audit write refused by the test'; end $$`);
  await sql(`create trigger ${name} before insert on audit_event for each row
    when (new.actor_user_id = '${userId}' and new.action = '${action}') execute function ${name}()`);
  installed.push(name);
}
afterEach(async () => {
  for (const name of installed.splice(0)) {
    await sql(`drop trigger ${name} on audit_event`);
    await sql(`drop function ${name}()`);
  }
});

const VIEWER = '{ viewer { kind } }';

describe('a change whose audit event cannot be written is not committed', () => {
  it('createApiToken', async () => {
    const { user, session } = await anOwner(gateway);
    await failAuditOf(user.id, 'TOKEN_CREATED');
    const answer = await gateway.request(
      'mutation { createApiToken(input: { label: "half", pages: [USERS] }) { token } }',
      { auth: { session } },
    );
    expect(errorCodes(answer)).toEqual([['createApiToken', 'INTERNAL_SERVER_ERROR']]);
    expect(await gateway.em().count(ApiTokenEntity, { user: user.id })).toBe(0);
  });

  it('rotateApiToken', async () => {
    const { user, session } = await anOwner(gateway);
    const token = await tokenOf(gateway, session, { label: 'kept', pages: ['USERS'] });
    await failAuditOf(user.id, 'TOKEN_ROTATED');
    const answer = await gateway.request(`mutation { rotateApiToken(id: "${token.id}") { token } }`, {
      auth: { session },
    });
    expect(errorCodes(answer)).toEqual([['rotateApiToken', 'INTERNAL_SERVER_ERROR']]);
    expect((await gateway.request(VIEWER, { auth: { token: token.secret } })).status).toBe(200);
  });

  it('revokeApiToken and revokeLeakedTokens', async () => {
    const { user, session } = await anOwner(gateway);
    const token = await tokenOf(gateway, session, { label: 'kept', pages: ['USERS'] });
    await failAuditOf(user.id, 'TOKEN_REVOKED');
    const revoke = await gateway.request(`mutation { revokeApiToken(id: "${token.id}") { id } }`, {
      auth: { session },
    });
    expect(errorCodes(revoke)).toEqual([['revokeApiToken', 'INTERNAL_SERVER_ERROR']]);
    const leaked = await gateway.request(`mutation { revokeLeakedTokens(secrets: ["${token.secret}"]) }`);
    expect(errorCodes(leaked)).toEqual([['revokeLeakedTokens', 'INTERNAL_SERVER_ERROR']]);
    expect((await gateway.request(VIEWER, { auth: { token: token.secret } })).status).toBe(200);
  });

  it('login', async () => {
    const { user } = await anOwner(gateway);
    const before = await gateway.em().count(SessionEntity, { user: user.id });
    await failAuditOf(user.id, 'LOGIN_SUCCEEDED');
    const answer = await gateway.request(
      `mutation { login(email: "${user.email}", password: "${TEST_PASSWORD}") { sessionToken } }`,
    );
    expect(errorCodes(answer)).toEqual([['login', 'INTERNAL_SERVER_ERROR']]);
    expect(await gateway.em().count(SessionEntity, { user: user.id })).toBe(before);
  });

  it('endSession', async () => {
    const { user, session } = await anOwner(gateway);
    const other = await sessionOf(gateway, user);
    const listed = (await gateway.data('{ sessions { id current } }', { auth: { session: other } })) as {
      sessions: { id: string; current: boolean }[];
    };
    const otherId = listed.sessions.find((s) => s.current)?.id;
    await failAuditOf(user.id, 'SESSION_ENDED');
    const answer = await gateway.request(`mutation { endSession(id: "${otherId}") }`, { auth: { session } });
    expect(errorCodes(answer)).toEqual([['endSession', 'INTERNAL_SERVER_ERROR']]);
    expect((await gateway.request(VIEWER, { auth: { session: other } })).status).toBe(200);
  });
});
