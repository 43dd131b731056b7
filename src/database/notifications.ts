import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from '../core/logger.js';

// Triggers (migration credential_notifications) announce on the `salure_auth` channel the id of every row whose
// change can alter what a credential may do. Each gateway process listens and hands the ids to its credential
// cache (auth/credential-cache.ts).
//
// On a PostgreSQL server, a change's answer waits for `settleCredentialChanges`: a barrier notification after the
// change, which every listening gateway process acknowledges once it has handled everything before it (PostgreSQL
// delivers notifications in commit order). So the next request, on any process, sees the change; no timing is
// assumed. On the embedded database (one process by construction) the notifications come back on the connection
// that committed, before its commit returns, and the pool's connections hand them over directly.

const CHANGE_CHANNEL = 'salure_auth';
const ACK_CHANNEL = 'salure_auth_ack';
const BARRIER_PREFIX = 'barrier:';
/** How listening connections are told apart in pg_stat_activity; the name is set only once LISTEN is in force. */
const LISTENER_NAME = 'salure-gateway-listener:';
/** A process that has not acknowledged a barrier by then is reported (the change itself is committed). */
const BARRIER_TIMEOUT_MS = 2_000;
/** The listening connection is checked this often; one that does not answer is dropped (and the cache with it). */
const HEARTBEAT_MS = 5_000;

/** What listens for changes: the id of each changed row, and whether notifications are known to flow. */
export type ChangeListener = { changed(id: string): void; setListening(listening: boolean): void };

/** The id a change notification names; undefined for anything else (other channels, barriers). */
export function changedIdOf(message: pg.Notification): string | undefined {
  return message.channel === CHANGE_CHANNEL && message.payload && barrierOf(message) === undefined
    ? message.payload
    : undefined;
}

/** The barrier's id, when the notification is a barrier on the credential channel. */
function barrierOf(message: pg.Notification): string | undefined {
  const { channel, payload } = message;
  return channel === CHANGE_CHANNEL && payload?.startsWith(BARRIER_PREFIX)
    ? payload.slice(BARRIER_PREFIX.length)
    : undefined;
}

// Statements here carry their values inline (simple query protocol): the embedded database serves all connections
// from one backend, where the extended protocol's unnamed portals of concurrent connections would collide.
function notify(client: pg.Client, channel: string, payload: string): string {
  return `select pg_notify(${client.escapeLiteral(channel)}, ${client.escapeLiteral(payload)})`;
}

type CredentialListener = { stop(): Promise<void> };

/**
 * The connection's statements one after another: an acknowledgement (sent from a notification's handler) and the
 * heartbeat may otherwise overlap, which pg queues today with a deprecation warning and pg 9 will refuse. Each in
 * the driver's callback form, as on the pool's connections (orm.ts, boundStatements).
 */
function inTurn(connection: pg.Client): (sql: string) => Promise<unknown> {
  let last: Promise<unknown> = Promise.resolve();
  const send = (sql: string) =>
    new Promise((resolve, reject) =>
      connection.query(sql, (error, result) => (error ? reject(error) : resolve(result))),
    );
  return (sql) => {
    const result = last.then(() => send(sql));
    last = result.catch(() => {});
    return result;
  };
}

/**
 * Keeps a connection that LISTENs for changes and hands them to `listener`. `crossProcess` (a PostgreSQL server):
 * the connection also acknowledges barriers, and is re-opened when it drops (the listener told meanwhile).
 */
export async function listenForChanges(
  listener: ChangeListener,
  { url, crossProcess, logger }: { url: string; crossProcess: boolean; logger: Logger },
): Promise<CredentialListener> {
  const instance = randomUUID();
  let client: { connection: pg.Client; query: (sql: string) => Promise<unknown> } | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    const query = inTurn(next);
    next.on('notification', (message) => {
      const id = changedIdOf(message);
      if (id !== undefined) listener.changed(id);
      // A barrier: everything committed before it has been handled (in order, above), so say so.
      const barrier = barrierOf(message);
      if (barrier !== undefined) query(notify(next, ACK_CHANNEL, `${barrier} ${instance}`)).catch(() => {});
    });
    next.on('error', () => {});
    next.on('end', () => {
      if (client?.connection !== next) return;
      client = undefined;
      listener.setListening(false);
      if (!stopped) {
        logger.warn('credential notifications lost; the credential cache is off until they are back');
        retry = setTimeout(reconnect, 1_000);
      }
    });
    await next.connect();
    await query(`listen ${CHANGE_CHANNEL}`);
    if (crossProcess) await query(`set application_name = ${next.escapeLiteral(LISTENER_NAME + instance)}`);
    client = { connection: next, query };
    listener.setListening(true);
  };
  const reconnect = () => {
    connect().catch((error) => {
      logger.warn({ err: error }, 'credential notifications: cannot listen yet, retrying');
      if (!stopped) retry = setTimeout(reconnect, 1_000);
    });
  };

  await connect();
  // A connection that closes is noticed at once; one cut off silently (a lost network) is noticed here.
  const heartbeat = setInterval(() => {
    const current = client;
    if (!current) return;
    const end = () => current.connection.end().catch(() => {});
    const timeout = setTimeout(end, HEARTBEAT_MS / 2);
    current
      .query('select 1')
      .catch(end)
      .finally(() => clearTimeout(timeout));
  }, HEARTBEAT_MS).unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(heartbeat);
      clearTimeout(retry);
      listener.setListening(false);
      await client?.connection.end();
    },
  };
}

/**
 * Returns once every gateway process listening on this database has handled all credential changes committed
 * before the call (on the embedded database, at once: there they are handled before the commit returns).
 * Resolves with the processes that did not answer in time, if any.
 */
export async function settleCredentialChanges(em: EntityManager): Promise<string[]> {
  const knex = em.getConnection().getKnex();
  const connection = (await knex.client.acquireConnection()) as pg.Client;
  const pending = new Set<string>();
  let settled: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    settled = resolve;
  });
  const barrier = randomUUID();
  const onAck = (message: pg.Notification) => {
    const [id, instance = ''] = (message.payload ?? '').split(' ');
    if (message.channel !== ACK_CHANNEL || id !== barrier) return;
    pending.delete(instance);
    if (pending.size === 0) settled();
  };
  connection.on('notification', onAck);
  let listening = false;
  try {
    // Only processes already listening when the barrier is sent are waited for; later ones start empty.
    const { rows } = await connection.query<{ name: string }>(
      `select application_name as name from pg_stat_activity
       where datname = current_database() and application_name like ${connection.escapeLiteral(`${LISTENER_NAME}%`)}`,
    );
    for (const { name } of rows) pending.add(name.slice(LISTENER_NAME.length));
    if (pending.size === 0) return [];
    await connection.query(`listen ${ACK_CHANNEL}`);
    listening = true;
    await connection.query(notify(connection, CHANGE_CHANNEL, BARRIER_PREFIX + barrier));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((resolve) => (timer = setTimeout(resolve, BARRIER_TIMEOUT_MS)))]);
    clearTimeout(timer);
    return [...pending];
  } finally {
    connection.removeListener('notification', onAck);
    if (listening) await connection.query(`unlisten ${ACK_CHANNEL}`).catch(() => {});
    await knex.client.releaseConnection(connection);
  }
}
