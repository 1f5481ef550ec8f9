/**
 * Bounds on what inbound streams (unauthenticated until their first message is complete) may
 * hold: how many are served at once, how many wait for a slot, and how many bytes the served
 * ones buffer together. When a bound is reached the greediest holder goes, not the newcomer, so
 * that a flood of idle or half-sent connections cannot lock real members out of push/pull:
 *
 * - a full table evicts the oldest stream still reading its request once it is older than the
 *   grace period, and serves the newcomer in its place; while all are younger the newcomer
 *   waits (a burst of real joins all succeed);
 * - a full wait list drops its oldest entry;
 * - a full byte budget evicts the stream holding the most bytes (or refuses the arriving chunk
 *   when that stream is itself the biggest).
 */
import type { Stream } from '@ring/transport';

/** One inbound stream, served or waiting. */
export interface InboundEntry {
  readonly stream: Stream;
  /** Clock time it was accepted (ms). */
  readonly openedAt: number;
  /** Clock time it began to be served (ms); undefined while waiting. */
  servedAt: number | undefined;
  /** Bytes of its incomplete request held in its parser. */
  held: number;
  /** True once its request is complete (replying; no longer evictable). */
  complete: boolean;
  /** True once it was evicted or dropped (its failure is already counted). */
  evicted: boolean;
}

/** Why an entry was evicted or refused. */
export type InboundRefusal = 'stream_limit' | 'stream_buffer_budget' | 'timeout';

/** The limits, and what to do with streams. */
export interface InboundStreamLimits {
  /** Streams served at once. */
  readonly maxStreams: number;
  /** Streams waiting for a slot (not read while they wait). */
  readonly maxWaiting: number;
  /** Bytes all incomplete requests may hold together. */
  readonly maxBytes: number;
  /** A served stream still reading after this long may be evicted for a newcomer (ms). */
  readonly graceMs: number;
  /** A waiting stream older than this is dropped instead of served (ms). */
  readonly timeoutMs: number;
  /** Called for each evicted or dropped stream (after it is marked); the caller counts and closes it. */
  readonly onEvict: (entry: InboundEntry, reason: InboundRefusal) => void;
  /** Called when a stream begins to be served (at once, or when a slot frees). */
  readonly onServe: (entry: InboundEntry) => void;
}

/**
 * The inbound stream table of one node.
 *
 * @example
 * ```ts
 * const t = new InboundStreams({ maxStreams: 128, maxWaiting: 1024, maxBytes: 64 << 20,
 *   graceMs: 1000, timeoutMs: 10_000, onEvict: (e) => e.stream.close(), onServe: serve });
 * t.admit(stream, clock.now());
 * ```
 */
export class InboundStreams {
  readonly #limits: InboundStreamLimits;
  readonly #served = new Set<InboundEntry>();
  readonly #waiting: InboundEntry[] = [];
  #bytes = 0;

  /** @param limits - bounds and callbacks. */
  constructor(limits: InboundStreamLimits) {
    this.#limits = limits;
  }

  /** Streams being served. */
  get count(): number {
    return this.#served.size;
  }

  /** Streams waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Bytes held by incomplete requests. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Admit a new stream: serve it now, or after evicting the oldest served stream still reading
   * past the grace period, or let it wait (dropping the oldest waiter when the list is full).
   *
   * @param stream - the accepted stream.
   * @param now - clock time (ms).
   */
  admit(stream: Stream, now: number): InboundEntry {
    const entry: InboundEntry = {
      stream,
      openedAt: now,
      servedAt: undefined,
      held: 0,
      complete: false,
      evicted: false,
    };
    if (this.#served.size >= this.#limits.maxStreams) {
      let oldest: InboundEntry | undefined;
      for (const e of this.#served) {
        if (!e.complete && (oldest === undefined || e.servedAt! < oldest.servedAt!)) oldest = e;
      }
      if (oldest !== undefined && now - oldest.servedAt! >= this.#limits.graceMs) {
        this.#served.delete(oldest);
        this.#release(oldest);
        this.#evict(oldest, 'stream_limit');
        // The newcomer takes the slot: under a flood, a real member's request (sent at once)
        // completes long before it is the oldest reader.
        this.#serve(entry, now);
        return entry;
      }
    }
    this.#waiting.push(entry);
    if (this.#waiting.length > this.#limits.maxWaiting)
      this.#evict(this.#waiting.shift()!, 'stream_limit');
    this.#promote(now);
    return entry;
  }

  /**
   * Charge `n` newly received bytes to a served `entry`, evicting the biggest other holders
   * while the budget would be exceeded.
   *
   * @returns false when `entry` itself is the biggest holder and must be refused.
   */
  charge(entry: InboundEntry, n: number): boolean {
    while (this.#bytes + n > this.#limits.maxBytes) {
      let biggest: InboundEntry | undefined;
      for (const e of this.#served) {
        if (e !== entry && e.held > 0 && (biggest === undefined || e.held > biggest.held))
          biggest = e;
      }
      if (biggest === undefined || biggest.held <= entry.held + n) return false;
      this.#served.delete(biggest);
      this.#release(biggest);
      this.#evict(biggest, 'stream_buffer_budget');
    }
    entry.held += n;
    this.#bytes += n;
    return true;
  }

  /** The entry's request is complete (or failed): release its bytes; it can no longer be evicted. */
  settle(entry: InboundEntry): void {
    this.#release(entry);
    entry.complete = true;
  }

  /**
   * The stream is finished: forget it and serve the next waiter.
   *
   * @param now - clock time (ms).
   */
  remove(entry: InboundEntry, now: number): void {
    this.#release(entry);
    entry.complete = true;
    if (!this.#served.delete(entry)) {
      const i = this.#waiting.indexOf(entry);
      if (i >= 0) this.#waiting.splice(i, 1);
    }
    this.#promote(now);
  }

  #promote(now: number): void {
    while (this.#served.size < this.#limits.maxStreams && this.#waiting.length > 0) {
      const next = this.#waiting.shift()!;
      if (now - next.openedAt >= this.#limits.timeoutMs) {
        this.#evict(next, 'timeout');
        continue;
      }
      this.#serve(next, now);
    }
  }

  #serve(entry: InboundEntry, now: number): void {
    entry.servedAt = now;
    this.#served.add(entry);
    this.#limits.onServe(entry);
  }

  #release(entry: InboundEntry): void {
    this.#bytes -= entry.held;
    entry.held = 0;
  }

  #evict(entry: InboundEntry, reason: InboundRefusal): void {
    entry.evicted = true;
    entry.complete = true;
    this.#limits.onEvict(entry, reason);
  }
}
