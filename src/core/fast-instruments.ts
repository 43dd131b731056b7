import { Counter, Histogram, type Registry } from 'prom-client';

/** Seconds; from a cached viewer query (~1 ms) to a request that hit the statement timeout (5 s). */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A histogram's series of one label set. */
export type Observe = { observe(value: number): void };

type Series = { labels: Record<string, string>; buckets: Float64Array; sum: number; count: number };

/**
 * A histogram whose observations only add to numbers kept per label set, printed by the registry as prom-client's
 * are (through getForPromString, which the registry calls). prom-client's own checks, hashes and allocates on every
 * observation: five of them per request were 12 µs of operation 1's CPU (a CPU profile of bench/metrics-cost.ts)
 * and more in garbage collection.
 */
export class FastHistogram extends Histogram {
  private readonly series = new Map<string, Series>();

  constructor(
    registry: Registry,
    private readonly family: string,
    private readonly description: string,
    labelNames: readonly string[],
  ) {
    super({ name: family, help: description, labelNames, buckets: DURATION_BUCKETS, registers: [registry] });
  }

  /** The series of one label set, made once; `observe` adds to its bucket, sum and count. */
  seriesOf(labels: Record<string, string>): Observe {
    const target = made(this.series, JSON.stringify(labels), () => ({
      labels,
      buckets: new Float64Array(DURATION_BUCKETS.length),
      sum: 0,
      count: 0,
    }));
    return {
      observe(value: number) {
        let bucket = 0;
        while (bucket < DURATION_BUCKETS.length && value > (DURATION_BUCKETS[bucket] ?? 0)) bucket++;
        if (bucket < DURATION_BUCKETS.length) target.buckets[bucket] = (target.buckets[bucket] ?? 0) + 1;
        target.sum += value;
        target.count++;
      },
    };
  }

  /** What the registry prints (and prom-client's `get` turns into JSON): this histogram's own series. */
  async getForPromString() {
    const name = this.family;
    const values = [...this.series.values()].flatMap(({ labels, buckets, sum, count }) => {
      let cumulative = 0;
      return [
        ...DURATION_BUCKETS.map((le, index) => {
          cumulative += buckets[index] ?? 0;
          return { labels: { ...labels, le }, value: cumulative, metricName: `${name}_bucket` };
        }),
        { labels: { ...labels, le: '+Inf' }, value: count, metricName: `${name}_bucket` },
        { labels, value: sum, metricName: `${name}_sum` },
        { labels, value: count, metricName: `${name}_count` },
      ];
    });
    return { name, help: this.description, type: 'histogram', values, aggregator: 'sum' };
  }
}

/** A counter's series of one label set. */
export type Count = { inc(): void };

/**
 * A counter kept as FastHistogram keeps its series: `inc` adds to a number. prom-client's `inc`, also on a
 * labelled child, hashed the labels and checked the value on every call: the three counted per request were
 * 8 µs of a viewer query's 185 (a CPU profile over HTTP).
 */
export class FastCounter extends Counter {
  private readonly series = new Map<string, { labels: Record<string, string>; value: number }>();

  constructor(
    registry: Registry,
    private readonly family: string,
    private readonly description: string,
    labelNames: readonly string[],
  ) {
    super({ name: family, help: description, labelNames, registers: [registry] });
  }

  /** The series of one label set, made once. */
  seriesOf(labels: Record<string, string>): Count {
    const target = made(this.series, JSON.stringify(labels), () => ({ labels, value: 0 }));
    return {
      inc() {
        target.value++;
      },
    };
  }

  /** What the registry prints: this counter's own series. */
  async getForPromString() {
    const values = [...this.series.values()].map(({ labels, value }) => ({ labels, value }));
    return { name: this.family, help: this.description, type: 'counter', values, aggregator: 'sum' };
  }
}

/** The value of `key`, made by `make` the first time it is asked for. */
export function made<T>(map: Map<string, T>, key: string, make: () => T): T {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
