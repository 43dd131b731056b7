import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { ApiToken, Client, Session, User } from '../database/entities.js';
import type { Logger } from '../logger.js';

// Verified tokens and sessions are kept in process, keyed by the secret's hash, so a warm request costs no SQL.
// Every change that can alter what a credential may do is announced by triggers on the `salure_auth` channel with
// the changed row's id (migration credential_notifications); each gateway process drops the entries it concerns.
//
// On a PostgreSQL server, a change's answer waits for `settleCredentialChanges`: a barrier notification after the
// change, which every listening gateway process acknowledges once it has handled everything before it (PostgreSQL
// delivers notifications in commit order). So the next request, on any process, sees the change; no timing is
// assumed. On the embedded database (one process by construction) the notifications come back on the connection
// that committed, before its commit returns, and the pool's connections hand them to the cache directly.

export const CREDENTIAL_CHANNEL = 'salure_auth';
const ACK_CHANNEL = 'salure_auth_ack';
const BARRIER_PREFIX = 'barrier:';
/** How listening connections are told apart in pg_stat_activity; the name is set only once LISTEN is in force. */
const LISTENER_NAME = 'salure-gateway-listener:';
/** A process that has not acknowledged a barrier by then is reported (the change itself is committed). */
const BARRIER_TIMEOUT_MS = 2_000;
/** The listening connection is checked this often; one that does not answer is dropped (and the cache with it). */
const HEARTBEAT_MS = 5_000;
/** A backstop only: entries are dropped by notifications, not by age. */
const ENTRY_TTL_MS = 5 * 60_000;

/** A credential as read and checked: the token or session, its owner, and the owner's clients (for their names). */
export type CachedCredential =
  | { kind: 'apiToken'; credential: ApiToken; owner: User; clients: Client[] }
  | { kind: 'session'; credential: Session; owner: User; clients: Client[] };

export class CredentialCache {
  private readonly entries: LRUCache<string, CachedCredential> | undefined;
  /** Incremented by every drop: a lookup that began before a drop does not store what it read. */
  private generation = 0;
  /** Off until notifications are known to arrive, and whenever they may have been missed. */
  private listening = false;

  constructor(maxEntries: number) {
    this.entries = maxEntries > 0 ? new LRUCache({ max: maxEntries, ttl: ENTRY_TTL_MS }) : undefined;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  get(secretHash: string): CachedCredential | undefined {
    return this.listening ? this.entries?.get(secretHash) : undefined;
  }

  /** A stamp to pass to `set`, taken before reading the credential from the database. */
  stamp(): number {
    return this.generation;
  }

  set(secretHash: string, entry: CachedCredential, stamp: number): void {
    if (this.listening && stamp === this.generation) this.entries?.set(secretHash, entry);
  }

  delete(secretHash: string): void {
    this.generation++;
    this.entries?.delete(secretHash);
  }

  /** Drops every entry of the token, session or user with this id, or that holds the client with this id. */
  drop(id: string): void {
    this.generation++;
    if (!this.entries) return;
    const stale: string[] = [];
    for (const [key, entry] of this.entries.entries()) {
      if (entry.credential.id === id || entry.owner.id === id || entry.clients.some((client) => client.id === id)) {
        stale.push(key);
      }
    }
    for (const key of stale) this.entries.delete(key);
  }

  /** Notifications flow (or stopped flowing): either way nothing cached before can be trusted. */
  setListening(listening: boolean): void {
    this.generation++;
    this.entries?.clear();
    this.listening = listening;
  }

  /** For the pool's connections: on the embedded database the notifications arrive there. */
  /** Drops what a change notification names (barriers name nothing). Fed by every connection that may get one. */
  readonly onNotification = (message: pg.Notification): void => {
    if (message.channel === CREDENTIAL_CHANNEL && message.payload && barrierOf(message) === undefined) {
      this.drop(message.payload);
    }
  };
}

/** The barrier's id, when the notification is a barrier on the credential channel. */
function barrierOf(message: pg.Notification): string | undefined {
  const { channel, payload } = message;
  return channel === CREDENTIAL_CHANNEL && payload?.startsWith(BARRIER_PREFIX)
    ? payload.slice(BARRIER_PREFIX.length)
    : undefined;
}

// Statements here carry their values inline (simple query protocol): the embedded database serves all connections
// from one backend, where the extended protocol's unnamed portals of concurrent connections would collide.
function notify(client: pg.Client, channel: string, payload: string): string {
  return `select pg_notify(${client.escapeLiteral(channel)}, ${client.escapeLiteral(payload)})`;
}

export type CredentialListener = { stop(): Promise<void> };

/**
 * Keeps a connection that LISTENs for credential changes and drops what they concern. `crossProcess` (a PostgreSQL
 * server): the connection also acknowledges barriers, and is re-opened when it drops, the cache off meanwhile.
 */
export async function listenForCredentialChanges(
  cache: CredentialCache,
  { url, crossProcess, logger }: { url: string; crossProcess: boolean; logger: Logger },
): Promise<CredentialListener> {
  const instance = randomUUID();
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    next.on('notification', (message) => {
      cache.onNotification(message);
      // A barrier: everything committed before it has been handled (in order, above), so say so.
      const barrier = barrierOf(message);
      if (barrier !== undefined) next.query(notify(next, ACK_CHANNEL, `${barrier} ${instance}`)).catch(() => {});
    });
    next.on('error', () => {});
    next.on('end', () => {
      if (client !== next) return;
      client = undefined;
      cache.setListening(false);
      if (!stopped) {
        logger.warn('credential notifications lost; the credential cache is off until they are back');
        retry = setTimeout(reconnect, 1_000);
      }
    });
    await next.connect();
    await next.query(`listen ${CREDENTIAL_CHANNEL}`);
    if (crossProcess) await next.query(`set application_name = ${next.escapeLiteral(LISTENER_NAME + instance)}`);
    client = next;
    cache.setListening(true);
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
    const timeout = setTimeout(() => current.end().catch(() => {}), HEARTBEAT_MS / 2);
    current
      .query('select 1')
      .catch(() => current.end().catch(() => {}))
      .finally(() => clearTimeout(timeout));
  }, HEARTBEAT_MS).unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(heartbeat);
      clearTimeout(retry);
      cache.setListening(false);
      await client?.end();
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
    await connection.query(notify(connection, CREDENTIAL_CHANNEL, BARRIER_PREFIX + barrier));
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
