/** Label names to values. */
export type Labels = Readonly<Record<string, string>>;

type Kind = 'counter' | 'gauge' | 'histogram';

interface Family {
  readonly kind: Kind;
  readonly help: string;
  /** Series key (rendered label set) → value, for counters and gauges. */
  readonly values: Map<string, number>;
  /** Series key → histogram state. */
  readonly histograms: Map<string, { counts: number[]; sum: number; count: number }>;
  /** Gauges computed at scrape time. */
  collect?: () => number;
}

/** Default histogram buckets (ms-scale latencies). */
export const DEFAULT_BUCKETS: readonly number[] = [
  1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000,
];

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');
}

/**
 * Series keys of label objects already seen. Hot callers (a counter per packet) pass the same
 * frozen label objects every time, so the key is built once, not sorted and escaped per packet.
 * Only frozen objects are cached: a mutable one may change between calls.
 */
const keyCache = new WeakMap<Labels, string>();

function seriesKey(labels: Labels | undefined): string {
  if (labels === undefined) return '';
  const cached = keyCache.get(labels);
  if (cached !== undefined) return cached;
  const names = Object.keys(labels).sort();
  const key = names.map((n) => `${n}="${escapeLabel(labels[n]!)}"`).join(',');
  if (Object.isFrozen(labels)) keyCache.set(labels, key);
  return key;
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/**
 * A small in-process metrics registry that renders the Prometheus text exposition format
 * (version 0.0.4): counters, gauges (set or computed at scrape time) and histograms, with labels.
 * The node plugs it into swim as its `Metrics` component and serves it on `GET /metrics`.
 */
export class PrometheusRegistry {
  readonly #families = new Map<string, Family>();
  readonly #buckets: readonly number[];

  /**
   * @param buckets - histogram upper bounds, ascending. @default {@link DEFAULT_BUCKETS}
   */
  constructor(buckets: readonly number[] = DEFAULT_BUCKETS) {
    this.#buckets = [...buckets].sort((a, b) => a - b);
  }

  #family(name: string, kind: Kind, help: string): Family {
    const existing = this.#families.get(name);
    if (existing !== undefined) {
      if (existing.kind !== kind)
        throw new TypeError(`metric ${name} is a ${existing.kind}, not a ${kind}`);
      return existing;
    }
    if (!NAME.test(name)) throw new TypeError(`invalid metric name '${name}'`);
    const family: Family = { kind, help, values: new Map(), histograms: new Map() };
    this.#families.set(name, family);
    return family;
  }

  /**
   * Add to a counter (created on first use).
   *
   * @param name - metric name, e.g. `ring_swim_probes_total`.
   * @param value - amount ≥ 0. @default 1
   * @param labels - optional labels.
   * @param help - HELP text, used when the metric is created.
   */
  increment(name: string, value = 1, labels?: Labels, help = ''): void {
    if (!(value >= 0)) throw new RangeError(`counter ${name} cannot decrease (got ${value})`);
    const f = this.#family(name, 'counter', help);
    const key = seriesKey(labels);
    f.values.set(key, (f.values.get(key) ?? 0) + value);
  }

  /**
   * Set a gauge (created on first use).
   *
   * @param name - metric name.
   * @param value - the value.
   * @param labels - optional labels.
   * @param help - HELP text.
   */
  set(name: string, value: number, labels?: Labels, help = ''): void {
    this.#family(name, 'gauge', help).values.set(seriesKey(labels), value);
  }

  /**
   * Set a gauge: the `@ring/swim` `Metrics` component's method (same as {@link PrometheusRegistry.set}).
   *
   * @param name - metric name.
   * @param value - the value.
   * @param labels - optional labels.
   */
  gauge(name: string, value: number, labels?: Labels): void {
    this.set(name, value, labels);
  }

  /**
   * Register a gauge computed at every scrape (e.g. the member count).
   *
   * @param name - metric name.
   * @param help - HELP text.
   * @param collect - returns the current value.
   */
  collect(name: string, help: string, collect: () => number): void {
    this.#family(name, 'gauge', help).collect = collect;
  }

  /**
   * Record one observation in a histogram (created on first use).
   *
   * @param name - metric name.
   * @param value - the observation.
   * @param labels - optional labels.
   * @param help - HELP text.
   */
  observe(name: string, value: number, labels?: Labels, help = ''): void {
    const f = this.#family(name, 'histogram', help);
    const key = seriesKey(labels);
    let h = f.histograms.get(key);
    if (h === undefined) {
      h = { counts: this.#buckets.map(() => 0), sum: 0, count: 0 };
      f.histograms.set(key, h);
    }
    for (let i = 0; i < this.#buckets.length; i++) if (value <= this.#buckets[i]!) h.counts[i]!++;
    h.sum += value;
    h.count++;
  }

  /** The current value of a counter or set gauge series (for tests and summaries), or undefined. */
  value(name: string, labels?: Labels): number | undefined {
    const f = this.#families.get(name);
    if (f === undefined) return undefined;
    if (f.collect !== undefined) return f.collect();
    return f.values.get(seriesKey(labels));
  }

  /** Render every metric in the Prometheus text format, metrics sorted by name. */
  render(): string {
    const out: string[] = [];
    for (const name of [...this.#families.keys()].sort()) {
      const f = this.#families.get(name)!;
      if (f.help !== '')
        out.push(`# HELP ${name} ${f.help.replaceAll('\\', '\\\\').replaceAll('\n', '\\n')}`);
      out.push(`# TYPE ${name} ${f.kind}`);
      if (f.collect !== undefined) out.push(`${name} ${formatValue(f.collect())}`);
      for (const [key, v] of f.values)
        out.push(`${name}${key === '' ? '' : `{${key}}`} ${formatValue(v)}`);
      for (const [key, h] of f.histograms) {
        const sep = key === '' ? '' : `${key},`;
        this.#buckets.forEach((le, i) =>
          out.push(`${name}_bucket{${sep}le="${formatValue(le)}"} ${h.counts[i]!}`),
        );
        out.push(`${name}_bucket{${sep}le="+Inf"} ${h.count}`);
        out.push(`${name}_sum${key === '' ? '' : `{${key}}`} ${formatValue(h.sum)}`);
        out.push(`${name}_count${key === '' ? '' : `{${key}}`} ${h.count}`);
      }
    }
    return out.length === 0 ? '' : `${out.join('\n')}\n`;
  }
}
