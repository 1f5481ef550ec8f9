/**
 * Logging and metrics components. Injected, no-op by default, never global (CONVENTIONS #10).
 */

/** A pino-compatible logger shape: `(obj, msg)` or `(msg)`. */
export interface Logger {
  debug(objOrMsg: unknown, msg?: string): void;
  info(objOrMsg: unknown, msg?: string): void;
  warn(objOrMsg: unknown, msg?: string): void;
  error(objOrMsg: unknown, msg?: string): void;
}

/** Labels of one metric sample. */
export type MetricLabels = Readonly<Record<string, string>>;

/**
 * Counters and gauges. Names are `ring_swim_<what>_total` for counters and `ring_swim_<what>` for
 * gauges; the reference node exports them in Prometheus text format.
 */
export interface Metrics {
  /** Add `value` (default 1) to a counter. */
  increment(name: string, value?: number, labels?: MetricLabels): void;
  /** Set a gauge. */
  gauge(name: string, value: number, labels?: MetricLabels): void;
}

/** A logger that drops everything. */
export const noopLogger: Logger = Object.freeze({
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
});

/** Metrics that record nothing. */
export const noopMetrics: Metrics = Object.freeze({
  increment: () => undefined,
  gauge: () => undefined,
});

/**
 * A small in-memory {@link Metrics} for tests and introspection: counters and gauges keyed by
 * `name` plus sorted labels (`name{k="v"}`).
 */
export class MemoryMetrics implements Metrics {
  /** Counter values. */
  readonly counters = new Map<string, number>();
  /** Gauge values. */
  readonly gauges = new Map<string, number>();

  /** @inheritDoc */
  increment(name: string, value = 1, labels?: MetricLabels): void {
    const key = metricKey(name, labels);
    this.counters.set(key, (this.counters.get(key) ?? 0) + value);
  }

  /** @inheritDoc */
  gauge(name: string, value: number, labels?: MetricLabels): void {
    this.gauges.set(metricKey(name, labels), value);
  }

  /**
   * A counter's value (0 when never incremented).
   *
   * @param name - metric name.
   * @param labels - labels, if the counter has any.
   */
  counter(name: string, labels?: MetricLabels): number {
    return this.counters.get(metricKey(name, labels)) ?? 0;
  }
}

/**
 * The key {@link MemoryMetrics} stores a sample under: `name` or `name{a="1",b="2"}`.
 *
 * @param name - metric name.
 * @param labels - labels.
 */
export function metricKey(name: string, labels?: MetricLabels): string {
  if (labels === undefined) return name;
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return name;
  return `${name}{${keys.map((k) => `${k}="${labels[k] ?? ''}"`).join(',')}}`;
}
