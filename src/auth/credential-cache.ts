import { LRUCache } from 'lru-cache';
import type { Notification } from 'pg';
import type { Logger } from '../core/logger.js';
import type { CredentialRows } from '../database/credentials.js';
import { type ChangeListener, changedIdOf, listenForChanges } from '../database/notifications.js';

// Verified tokens and sessions are kept in process, keyed by the secret's hash, so a warm request costs no SQL.
// Every change that can alter what a credential may do is announced by the database (database/notifications.ts)
// with the changed row's id; each gateway process drops the entries it concerns. A change's answer waits until
// every process has done so (settleCredentialChanges), so the next request, on any process, sees the change.

/** A backstop only: entries are dropped by notifications, not by age. */
const ENTRY_TTL_MS = 5 * 60_000;

/** A credential as read and checked: the token or session, its owner, and the owner's clients. */
export type CachedCredential = CredentialRows;

export class CredentialCache implements ChangeListener {
  private readonly entries: LRUCache<string, CachedCredential> | undefined;
  /** Incremented by every drop: a lookup that began before a drop does not store what it read. */
  private generation = 0;
  /** Off until notifications are known to arrive, and whenever they may have been missed. */
  private listening = false;
  /** Running totals, for the metrics. */
  readonly counts = { hits: 0, misses: 0, invalidations: 0 };

  constructor(maxEntries: number) {
    this.entries = maxEntries > 0 ? new LRUCache({ max: maxEntries, ttl: ENTRY_TTL_MS }) : undefined;
  }

  get size(): number {
    return this.entries?.size ?? 0;
  }

  get(secretHash: string): CachedCredential | undefined {
    const entry = this.listening ? this.entries?.get(secretHash) : undefined;
    if (entry) this.counts.hits++;
    else this.counts.misses++;
    return entry;
  }

  /** A stamp to pass to `set`, taken before reading the credential from the database. */
  stamp(): number {
    return this.generation;
  }

  set(secretHash: string, entry: CachedCredential, stamp: number): void {
    if (this.listening && stamp === this.generation) this.entries?.set(secretHash, entry);
  }

  /** Drops every entry of the token, session or user with this id, or that holds the client with this id. */
  changed(id: string): void {
    this.generation++;
    this.counts.invalidations++;
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

  /**
   * For the pool's connections: on the embedded database the notifications come back on the connection that
   * committed, before its commit returns.
   */
  readonly onNotification = (message: Notification): void => {
    const id = changedIdOf(message);
    if (id !== undefined) this.changed(id);
  };
}

/** Keeps the cache fed by change notifications (see listenForChanges). */
export function listenForCredentialChanges(
  cache: CredentialCache,
  options: { url: string; crossProcess: boolean; logger: Logger },
) {
  return listenForChanges(cache, options);
}
