import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../core/logger.js';
import { addTokenUsage, readTokenUsage, type UsageCount } from '../database/token-usage.js';

/** How often the counts are written: at most one statement per interval for all tokens. */
export const USAGE_FLUSH_MS = 60_000;
export const MAX_USAGE_DAYS = 90;

/** A UTC day as YYYY-MM-DD. */
export const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

/**
 * Requests per API token and day, and how many were refused: counted in memory for every request, written in
 * batches (one statement per minute at most, and at shutdown), never one write per request.
 */
export class TokenUsage {
  private pending = new Map<string, UsageCount>();
  private timer: NodeJS.Timeout | undefined;
  /** The UTC day counted last, and where it begins and ends (ms): its name is not written again per request. */
  private today = { from: 0, until: 0, day: '' };

  constructor(
    private readonly em: EntityManager,
    private readonly logger?: Logger,
  ) {}

  count(tokenId: string, refused: boolean, now: Date): void {
    const day = this.dayOf(now);
    const key = `${tokenId}:${day}`;
    const entry = this.pending.get(key) ?? { tokenId, day, requests: 0, refused: 0 };
    entry.requests++;
    if (refused) entry.refused++;
    this.pending.set(key, entry);
  }

  private dayOf(now: Date): string {
    const ms = now.getTime();
    if (ms < this.today.from || ms >= this.today.until) {
      const from = ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
      this.today = { from, until: from + DAY_MS, day: dayOf(now) };
    }
    return this.today.day;
  }

  /** Writes what was counted since the last write. Counts that fail to be written are kept for the next one. */
  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await addTokenUsage(this.em, batch);
    } catch (error) {
      for (const entry of batch) {
        const key = `${entry.tokenId}:${entry.day}`;
        const later = this.pending.get(key);
        this.pending.set(key, {
          ...entry,
          requests: entry.requests + (later?.requests ?? 0),
          refused: entry.refused + (later?.refused ?? 0),
        });
      }
      this.logger?.warn({ err: error }, 'token usage not written; kept for the next write');
    }
  }

  /** Writes every interval until stopped. */
  start(intervalMs = USAGE_FLUSH_MS): void {
    this.timer ??= setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Stops the interval and writes what is left (at shutdown). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  /**
   * The last `days` days up to `now` of each of these tokens (one statement for all), oldest first, zeros
   * included, with this process's counts not yet written.
   */
  async days(
    tokenIds: readonly string[],
    days: number,
    now: Date,
  ): Promise<Map<string, { day: string; requests: number; refused: number }[]>> {
    const from = new Date(now.getTime() - (days - 1) * DAY_MS);
    const stored = new Map(
      (await readTokenUsage(this.em, tokenIds, dayOf(from))).map((row) => [`${row.tokenId}:${row.day}`, row]),
    );
    const dayList = Array.from({ length: days }, (_, index) => dayOf(new Date(from.getTime() + index * DAY_MS)));
    return new Map(
      tokenIds.map((tokenId) => [
        tokenId,
        dayList.map((day) => {
          const row = stored.get(`${tokenId}:${day}`);
          const waiting = this.pending.get(`${tokenId}:${day}`);
          return {
            day,
            requests: (row?.requests ?? 0) + (waiting?.requests ?? 0),
            refused: (row?.refused ?? 0) + (waiting?.refused ?? 0),
          };
        }),
      ]),
    );
  }
}
