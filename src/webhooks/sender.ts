import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { execute, parse } from 'graphql';
import { Webhook } from 'standardwebhooks';
import { mayReadNotice } from '../auth/notices.js';
import type { Clock, Principal } from '../auth/principal.js';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '../auth/rate-limits.js';
import type { TokenPolicy } from '../auth/token-policy.js';
import { TokenUsage } from '../auth/token-usage.js';
import { ownerPrincipal } from '../auth/webhooks.js';
import { requestMeta } from '../core/caller-input.js';
import type { Logger } from '../core/logger.js';
import {
  type AttemptResult,
  type ClaimedDelivery,
  claimDeliveries,
  fanOutEvents,
  noticeDisabledEndpoint,
  pruneWebhookEvents,
  readNoticeEvent,
  recordAttempt,
} from '../database/webhooks.js';
import type { Context } from '../graphql/builder.js';
import { createLoaders } from '../graphql/loaders.js';
import { schema } from '../graphql/schema.js';
import { postWebhook } from './http.js';

// Delivers webhooks (docs/changes.md): fans new events out, claims due deliveries with a lease, reads each
// payload through the GraphQL schema as the endpoint's owner (the same guards and client filter as a request),
// signs it (Standard Webhooks), and sends it; a failed attempt is tried again with backoff, then given up.

/** Waits before each retry: about a day in all, each with full jitter. */
export const RETRY_DELAYS_MS = [5, 30, 120, 600, 1_800, 3_600, 7_200, 14_400, 28_800, 28_800].map((s) => s * 1_000);
const LEASE_MS = 60_000;
const BATCH = 20;
const FAN_OUT_BATCH = 100;
const RETENTION_MS = 30 * 86_400_000;

/** The run as the payload names it, read as the owner: null when the owner cannot read it. */
const RUN_PAYLOAD = parse(`query WebhookRun($id: ID!) {
  run(id: $id) {
    id status startedAt finishedAt recordsProcessed message updatedAt
    client { id name }
    interface { id name source { id name } target { id name } }
  }
}`);

/** A token event's data: its notice, the token and the client, when the owner may read the notice now. */
async function tokenEventData(em: EntityManager, noticeId: string, owner: Principal): Promise<object | undefined> {
  const notice = await readNoticeEvent(em, noticeId);
  if (!notice || !mayReadNotice(notice, owner)) return undefined;
  return {
    notice: { id: notice.id, kind: notice.kind, subject: notice.subject, body: notice.body },
    token: notice.token_id
      ? {
          id: notice.token_id,
          label: notice.token_label,
          hint: notice.token_hint,
          serviceToken: notice.token_owner_client_id !== null,
        }
      : null,
    client: notice.client_id ? { id: notice.client_id, name: notice.client_name } : null,
  };
}

export type WebhookSenderOptions = {
  orm: MikroORM;
  clock: Clock;
  logger: Logger;
  policy: TokenPolicy;
  timeoutMs?: number;
  allowHttpLoopback?: boolean;
  /** Deliveries failed for good in a row before the endpoint is disabled. */
  disableAfter?: number;
  retryDelaysMs?: readonly number[];
  /** The resolver of endpoint hosts (tests). */
  resolve?: (host: string) => Promise<string[]>;
  random?: () => number;
};

export class WebhookSender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly options: Required<Omit<WebhookSenderOptions, 'resolve'>> & Pick<WebhookSenderOptions, 'resolve'>;
  private readonly context: Omit<Context, 'principal' | 'em' | 'loaders' | 'refusals'>;

  constructor(options: WebhookSenderOptions) {
    this.options = {
      timeoutMs: 10_000,
      allowHttpLoopback: false,
      disableAfter: 5,
      retryDelaysMs: RETRY_DELAYS_MS,
      random: Math.random,
      ...options,
    };
    this.context = {
      reads: options.orm.em,
      clock: options.clock,
      sessionTtlMs: 0,
      rateLimits: createRateLimits(DEFAULT_RATE_LIMITS),
      policy: options.policy,
      meta: requestMeta('webhook', 'salure-gateway webhooks'),
      tokenUsage: new TokenUsage(options.orm.em, options.logger),
      webhooks: { allowHttpLoopback: options.allowHttpLoopback ?? false },
    };
  }

  /** One round: new events fanned out, then due deliveries sent a batch at a time until none is due. */
  async runOnce(): Promise<number> {
    const { orm, clock } = this.options;
    const em = orm.em.fork();
    while ((await fanOutEvents(em, clock(), FAN_OUT_BATCH)) === FAN_OUT_BATCH);
    let sent = 0;
    for (let claimed = BATCH; claimed === BATCH; ) {
      const now = clock();
      const batch = await claimDeliveries(em, now, new Date(now.getTime() + LEASE_MS), BATCH);
      const results = await Promise.all(batch.map((delivery) => this.deliver(delivery)));
      sent += results.filter((status) => status === 'SUCCEEDED').length;
      claimed = batch.length;
    }
    await pruneWebhookEvents(em, new Date(clock().getTime() - RETENTION_MS));
    return sent;
  }

  private async deliver(delivery: ClaimedDelivery): Promise<AttemptResult['status']> {
    const { orm, clock, logger, disableAfter } = this.options;
    const em = orm.em.fork();
    const result = await this.attempt(delivery).catch(
      (error: unknown): AttemptResult => ({ status: 'PENDING', error: String(error) }),
    );
    const final = result.status === 'PENDING' ? this.retryOrFail(delivery, result) : result;
    const { disabled } = await recordAttempt(em, delivery, final, clock(), disableAfter);
    if (disabled) {
      logger.warn({ endpoint: delivery.endpointId }, 'webhooks: an endpoint failed too often and was disabled');
      await noticeDisabledEndpoint(em, delivery.endpointId, clock());
    }
    return final.status;
  }

  /** The next attempt after a backoff with full jitter, or FAILED when the attempts are spent. */
  private retryOrFail(delivery: ClaimedDelivery, result: AttemptResult): AttemptResult {
    const delay = this.options.retryDelaysMs[delivery.attempts - 1];
    if (delay === undefined) return { ...result, status: 'FAILED' };
    const wait = Math.round(delay * this.options.random());
    return { ...result, nextAttemptAt: new Date(this.options.clock().getTime() + wait) };
  }

  private async attempt(delivery: ClaimedDelivery): Promise<AttemptResult> {
    const { orm, clock, policy } = this.options;
    const owner = await ownerPrincipal(orm.em.fork(), delivery, { clock, policy });
    if (!owner) return { status: 'SKIPPED', response: 'the owner can no longer read (token or user stopped)' };
    const data = await this.payloadData(delivery, owner);
    if (!data) return { status: 'SKIPPED', response: 'the owner cannot read this now (page, client or notice)' };
    const body = JSON.stringify({ type: delivery.eventType, timestamp: delivery.occurredAt.toISOString(), data });
    const sent = await postWebhook(delivery.url, body, this.headers(delivery, body), {
      timeoutMs: this.options.timeoutMs,
      allowLoopback: this.options.allowHttpLoopback,
      ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
    });
    if ('error' in sent) return { status: 'PENDING', error: sent.error, latencyMs: sent.latencyMs };
    const ok = sent.status >= 200 && sent.status < 300;
    return {
      status: ok ? 'SUCCEEDED' : 'PENDING',
      httpStatus: sent.status,
      latencyMs: sent.latencyMs,
      response: sent.body,
    };
  }

  /** Standard Webhooks' headers: the delivery's id (the same on every attempt), the time, and the signatures. */
  private headers(delivery: ClaimedDelivery, body: string): Record<string, string> {
    const now = this.options.clock();
    const secrets = [delivery.secret];
    if (delivery.previousSecret && delivery.previousUntil && delivery.previousUntil > now) {
      secrets.push(delivery.previousSecret);
    }
    return {
      'webhook-id': delivery.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(delivery.id, now, body)).join(' '),
      'user-agent': 'salure-gateway-webhooks',
    };
  }

  /** The event's data as its owner may read it now; undefined when they may not. */
  private async payloadData(delivery: ClaimedDelivery, principal: Principal): Promise<object | undefined> {
    if (delivery.eventType === 'webhook.test') return { test: true };
    if (delivery.noticeId) return tokenEventData(this.options.orm.em.fork(), delivery.noticeId, principal);
    if (!delivery.runId) return undefined;
    const { orm } = this.options;
    const em = orm.em.fork();
    const contextValue: Context = {
      ...this.context,
      principal,
      em: () => em,
      loaders: createLoaders(orm.em, { tokens: this.context.tokenUsage, now: this.options.clock }),
      refusals: [],
    };
    const answer = await execute({
      schema,
      document: RUN_PAYLOAD,
      variableValues: { id: delivery.runId },
      contextValue,
    });
    const run = (answer.data as { run?: object | null } | null | undefined)?.run;
    if (!run) return undefined;
    return { run, links: { run: `/api/v1/runs/${delivery.runId}` } };
  }

  start(intervalMs: number): void {
    const tick = () => {
      this.running = this.runOnce().catch((error: unknown) =>
        this.options.logger.warn({ err: error }, 'webhooks: a round failed'),
      );
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
