import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { type Count, FastCounter, FastHistogram, made, type Observe } from './fast-instruments.js';

/** Operation names not on the allow-list that get a label of their own; later ones are counted as `other`. */
export const MAX_OPERATION_NAMES = 100;
/** Longer operation names are counted as `other` (a label is kept in memory and scraped on every scrape). */
const MAX_OPERATION_NAME_LENGTH = 64;

const OPERATION_LABELS = ['operationName', 'operationType'] as const;

export type OperationInstruments = {
  labels: { operationName: string; operationType: string };
  executed: Count;
  duration: Observe;
  parse: Observe;
  validate: Observe;
  execute: Observe;
};

/**
 * The operation name as a label: the allow-list's names (persisted operations and REST routes) and the first
 * MAX_OPERATION_NAMES others that authenticated callers sent; anything else is `other`, so callers cannot grow the
 * label set, and callers without credentials cannot take the slots of real clients' names.
 */
export class OperationNames {
  private readonly seen = new Set<string>();
  constructor(private readonly allowed: ReadonlySet<string>) {}

  label(name: string | null | undefined, authenticated: boolean): string {
    if (!name) return 'anonymous';
    if (this.allowed.has(name) || this.seen.has(name)) return name;
    if (!authenticated) return 'other';
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

  readonly httpRequests = new FastCounter(
    this.registry,
    'salure_http_requests_total',
    'HTTP requests answered, by route (a REST route by its template) and status.',
    ['route', 'method', 'status'],
  );
  readonly httpDuration = new FastHistogram(
    this.registry,
    'salure_http_request_duration_seconds',
    'Time from the request to its answer, by route.',
    ['route'],
  );
  readonly operations = new FastCounter(
    this.registry,
    'graphql_envelop_request',
    'GraphQL operations executed, by operation name and type.',
    OPERATION_LABELS,
  );
  readonly operationDuration = this.operationHistogram(
    'graphql_envelop_request_duration',
    'Time of a GraphQL operation, from the start of its parse to its result.',
  );
  readonly parseDuration = this.operationHistogram('graphql_envelop_phase_parse', 'Time spent parsing the document.');
  readonly validateDuration = this.operationHistogram('graphql_envelop_phase_validate', 'Time spent validating it.');
  readonly executeDuration = this.operationHistogram('graphql_envelop_phase_execute', 'Time spent executing it.');
  readonly operationErrors = new Counter({
    name: 'graphql_envelop_error_result',
    help: 'Errors in GraphQL results, by operation, phase (parse, validate, execute) and code.',
    labelNames: [...OPERATION_LABELS, 'phase', 'code'] as const,
    registers: [this.registry],
  });
  private readonly credentialsSent = new FastCounter(
    this.registry,
    'salure_credentials_total',
    'Credentials sent, by kind (api_token, session), outcome (accepted, refused) and reason of a refusal.',
    ['kind', 'outcome', 'reason'],
  );
  readonly refusedFields = new Counter({
    name: 'salure_refused_fields_total',
    help: 'Fields refused to a caller with credentials (FORBIDDEN), by the page (or client, user) they lacked.',
    labelNames: ['page'] as const,
    registers: [this.registry],
  });

  /** Read when scraped, from the objects that count them (see `watch`). */
  private readonly sources: (() => void)[] = [];
  private readonly byOperation = new Map<string, OperationInstruments>();
  /** Bounded: routes are a fixed set (routeLabel), methods and statuses few. */
  private readonly byRoute = new Map<string, { requests: Count; duration: Observe }>();
  private readonly byCredentials = new Map<string, Count>();

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

  /**
   * The instruments of one operation name and type, made once: a request only adds to them (the names are bounded
   * by OperationNames, so this map is too).
   */
  operation(operationName: string, operationType: string): OperationInstruments {
    return made(this.byOperation, `${operationType} ${operationName}`, () => {
      const labels = { operationName, operationType };
      return {
        labels,
        executed: this.operations.seriesOf(labels),
        duration: this.operationDuration.seriesOf(labels),
        parse: this.parseDuration.seriesOf(labels),
        validate: this.validateDuration.seriesOf(labels),
        execute: this.executeDuration.seriesOf(labels),
      };
    });
  }

  /** The request counter and duration of one route, method and status, made once (as `operation`). */
  http(route: string, method: string, status: number): { requests: Count; duration: Observe } {
    return made(this.byRoute, `${route} ${method} ${status}`, () => ({
      requests: this.httpRequests.seriesOf({ route, method, status: String(status) }),
      duration: this.httpDuration.seriesOf({ route }),
    }));
  }

  /** The count of credentials of one kind, outcome and reason, made once (kinds and reasons are fixed sets). */
  credentials(kind: string, outcome: 'accepted' | 'refused', reason: string): Count {
    return made(this.byCredentials, `${kind} ${outcome} ${reason}`, () =>
      this.credentialsSent.seriesOf({ kind, outcome, reason }),
    );
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

  private operationHistogram(name: string, help: string) {
    return new FastHistogram(this.registry, name, help, OPERATION_LABELS);
  }

  /** The registry in Prometheus' text format, every scraped value read first. */
  async text(): Promise<string> {
    for (const source of this.sources) source();
    return this.registry.metrics();
  }
}
