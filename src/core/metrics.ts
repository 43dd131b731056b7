import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; from a cached viewer query (~1 ms) to a request that hit the statement timeout (5 s). */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Operation names not on the allow-list that get a label of their own; later ones are counted as `other`. */
export const MAX_OPERATION_NAMES = 100;
/** Longer operation names are counted as `other` (a label is kept in memory and scraped on every scrape). */
const MAX_OPERATION_NAME_LENGTH = 64;

/**
 * The operation name as a label: the allow-list's names (persisted operations and REST routes) and the first
 * MAX_OPERATION_NAMES others seen; anything after that is `other`, so callers cannot grow the label set.
 */
export class OperationNames {
  private readonly seen = new Set<string>();
  constructor(private readonly allowed: ReadonlySet<string>) {}

  label(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.allowed.has(name) || this.seen.has(name)) return name;
    if (this.seen.size >= MAX_OPERATION_NAMES || name.length > MAX_OPERATION_NAME_LENGTH) return 'other';
    this.seen.add(name);
    return name;
  }
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (served by `serveMetrics` on METRICS_PORT, never on
 * the API's port). No label holds a secret, a token or user id, or an address: only names from the schema, the
 * allow-list and the fixed sets of this file.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'salure_http_requests_total',
    help: 'HTTP requests answered, by route (a REST route by its template) and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'salure_http_request_duration_seconds',
    help: 'Time from the request to its answer, by route.',
    labelNames: ['route'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly credentials = new Counter({
    name: 'salure_credentials_total',
    help: 'Credentials sent, by kind (api_token, session), outcome (accepted, refused) and reason of a refusal.',
    labelNames: ['kind', 'outcome', 'reason'] as const,
    registers: [this.registry],
  });
  readonly refusedFields = new Counter({
    name: 'salure_refused_fields_total',
    help: 'Fields refused to a caller with credentials (FORBIDDEN), by the page (or client, user) they lacked.',
    labelNames: ['page'] as const,
    registers: [this.registry],
  });

  /** Read when scraped, from the objects that count them (see `watch`). */
  private readonly sources: (() => void)[] = [];

  constructor({ processMetrics = true }: { processMetrics?: boolean } = {}) {
    // Values that live elsewhere (the pool, the cache, the audit writes): read at scrape time, not per request.
    new Gauge({
      name: 'salure_database_pool_connections',
      help: 'Database pool connections by state (in_use, idle, waiting: requests waiting for one).',
      labelNames: ['state'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'salure_dependency_up',
      help: '1 while a dependency (database, redis) answers, 0 while it does not.',
      labelNames: ['dependency'],
      registers: [this.registry],
    });
    new Counter({
      name: 'salure_rate_limited_total',
      help: 'Requests refused by a rate limit (429), by budget (token, session, anonymous, login, leak_report).',
      labelNames: ['kind'],
      registers: [this.registry],
    });
    new Counter({
      name: 'salure_audit_events_total',
      help: 'Audit events written, by action.',
      labelNames: ['action'],
      registers: [this.registry],
    });
    new Counter({
      name: 'salure_credential_cache_lookups_total',
      help: 'Credential cache lookups by result (hit, miss).',
      labelNames: ['result'],
      registers: [this.registry],
    });
    new Counter({
      name: 'salure_credential_cache_invalidations_total',
      help: 'Credential changes notified to the cache (each drops what it held of that credential).',
      registers: [this.registry],
    });
    if (processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  /** Sets a value read at scrape time; `name` is one of the metrics made in the constructor. */
  set(name: string, labels: Record<string, string>, value: number): void {
    const metric = this.registry.getSingleMetric(name);
    if (metric instanceof Gauge) metric.set(labels, value);
    else if (metric instanceof Counter) {
      // A counter read from a running total: prom-client has no set, so the total is put back.
      metric.remove(labels);
      metric.inc(labels, value);
    } else throw new Error(`No scraped metric ${name}`);
  }

  /** Runs `read` on every scrape, before the registry is printed; it calls `set` with what it reads. */
  watch(read: (metrics: Metrics) => void): void {
    this.sources.push(() => read(this));
  }

  /** The registry in Prometheus' text format, every scraped value read first. */
  async text(): Promise<string> {
    for (const source of this.sources) source();
    return this.registry.metrics();
  }
}

/**
 * Serves GET /metrics on its own listener (METRICS_PORT on METRICS_HOST): not on the API's port, so that callers
 * of the API cannot read it.
 */
export async function serveMetrics(metrics: Metrics, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: GET /metrics\n');
      return;
    }
    metrics.text().then(
      (text) => response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics could not be collected\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export function metricsUrl(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/metrics`;
}
