import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Transporter } from 'nodemailer';
import type { Logger } from '../core/logger.js';
import { readLiveTokens } from '../database/administration.js';
import { addNotices, claimNotices, markFailed, markSent, type NewNotice } from '../database/notices.js';
import type { Clock, Principal } from './principal.js';
import { endOf, type TokenPolicy } from './token-policy.js';

// Notices before things break (docs/organisation.md): a token ending in 30, 7 or 1 days, blocked by a client's
// policy, revoked by someone else, or a request decided. Each is written once (a unique key) and sent by e-mail once
// through SMTP when SMTP_URL is set; the API shows them either way.

const DAY_MS = 86_400_000;
const THRESHOLDS = [1, 7, 30] as const;
/** How long a gateway holds a notice it sends; after that another may send it (a stopped gateway's). */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

/** Whom a token's notice is for: its owner, or a service token's client (its administrators). */
export function recipientOf(token: { user_id?: string | null; owner_client_id?: string | null }) {
  return { userId: token.user_id ?? null, clientId: token.user_id ? null : (token.owner_client_id ?? null) };
}

/**
 * Whether a caller may read a notice (the API's Notice guard and each token event's delivery): the person it is
 * for (with a session), an administrator of the client a notice without a person is for, or the token it is about.
 */
export function mayReadNotice(
  notice: { user_id: string | null; client_id: string | null; token_id: string | null },
  caller: Principal | null | undefined,
): boolean {
  if (!caller) return false;
  if (caller.kind === 'API_TOKEN') return notice.token_id !== null && caller.apiTokenId === notice.token_id;
  if (notice.user_id !== null) return caller.user.id === notice.user_id;
  return notice.client_id !== null && caller.adminClientIds.has(notice.client_id);
}

/** Notices to the administrators of each client where a new token waits for their approval. */
export function approvalRequestedNotices(
  token: { id: string; label: string; pages: readonly string[] },
  requester: string,
  clients: readonly { id: string; name: string }[],
): NewNotice[] {
  return clients.map((client) => ({
    kind: 'REQUEST_WAITING',
    dedupeKey: `waiting:${token.id}:${client.id}`,
    tokenId: token.id,
    userId: null,
    clientId: client.id,
    subject: `API token "${token.label}" of ${requester} waits for your approval to read ${client.name}`,
    body: `${requester} made the API token "${token.label}" (pages ${token.pages.join(', ')}). The token policy of ${client.name} wants an administrator's approval before it reads ${client.name}: approve or deny it in the Organisation view of the API Access page.`,
  }));
}

/** Notices of tokens that end within 30, 7 or 1 days (the nearest threshold reached), by end date or a limit. */
export async function noticeEndingTokens(em: EntityManager, now: Date, policy: TokenPolicy): Promise<number> {
  const notices: NewNotice[] = [];
  for (const token of await readLiveTokens(em)) {
    const end = endOf(token, policy);
    if (!end || end.at <= now) continue;
    const days = THRESHOLDS.find((threshold) => end.at.getTime() - now.getTime() <= threshold * DAY_MS);
    if (!days) continue;
    const why = { END_DATE: 'its end date', LIFETIME_LIMIT: 'the lifetime limit', IDLE_LIMIT: 'the idle limit' }[
      end.because
    ];
    notices.push({
      kind: 'TOKEN_ENDING',
      dedupeKey: `ending:${token.id}:${days}:${end.at.toISOString()}`,
      tokenId: token.id,
      ...recipientOf({ user_id: token.user?.id, owner_client_id: token.ownerClient?.id }),
      subject: `API token "${token.label}" stops working within ${days} day${days === 1 ? '' : 's'}`,
      body: `The API token "${token.label}" (${token.hint}…) stops working at ${end.at.toISOString()} (${why}). Rotate or replace it before then on the API Access page.`,
    });
  }
  return addNotices(em, notices, now);
}

/** Sends due notices by e-mail, each by one gateway at a time; without a transport nothing is sent. */
export class NoticeSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly options: {
      orm: MikroORM;
      transport: Transporter | undefined;
      from: string;
      clock: Clock;
      logger: Logger;
      policy: TokenPolicy;
    },
  ) {}

  /** One round: notices of tokens about to end, then up to a batch of due e-mails. Answers how many were sent. */
  async runOnce(): Promise<number> {
    const { orm, transport, from, clock, logger, policy } = this.options;
    const em = orm.em.fork();
    await noticeEndingTokens(em, clock(), policy);
    if (!transport) return 0;
    const now = clock();
    let sent = 0;
    for (const notice of await claimNotices(em, now, new Date(now.getTime() + LEASE_MS), BATCH)) {
      try {
        if (notice.recipients.length > 0) {
          await transport.sendMail({ from, to: notice.recipients, subject: notice.subject, text: notice.body });
          sent++;
        }
        await markSent(em, notice.id, clock());
      } catch (error) {
        logger.warn({ notice: notice.id, err: error }, 'a notice could not be sent; it is tried again later');
        await markFailed(em, notice.id, error instanceof Error ? error.message : String(error));
      }
    }
    return sent;
  }

  start(intervalMs: number): void {
    const tick = () => {
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'notices: a round failed'));
    };
    tick();
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
