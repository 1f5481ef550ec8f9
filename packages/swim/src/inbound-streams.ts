/**
 * Bounds on what inbound streams (unauthenticated until their first message is complete) may
 * hold: how many are served at once and how many bytes they buffer together. When either bound
 * is reached the greediest holder goes, not the newcomer, so that a flood of idle or half-sent
 * connections cannot lock real members out of push/pull: a full table evicts the oldest stream
 * still reading its request; a full byte budget evicts the stream holding the most bytes (or
 * refuses the chunk if that is the arriving stream itself).
 */
import type { Stream } from '@ring/transport';

/** One inbound stream being served. */
export interface InboundEntry {
  readonly stream: Stream;
  /** Clock time it was accepted (ms). */
  readonly openedAt: number;
  /** Bytes of its incomplete request held in its parser. */
  held: number;
  /** True once its request is complete (replying; no longer evictable). */
  complete: boolean;
  /** True once it was evicted (its failure is already counted). */
  evicted: boolean;
}

/** Why an entry was evicted or refused. */
export type InboundRefusal = 'stream_limit' | 'stream_buffer_budget';

/** The limits, and what to do with an evicted stream. */
export interface InboundStreamLimits {
  /** Streams served at once. */
  readonly maxStreams: number;
  /** Bytes all incomplete requests may hold together. */
  readonly maxBytes: number;
  /** Called for each evicted stream (after it is marked); the caller counts it and closes it. */
  readonly onEvict: (entry: InboundEntry, reason: InboundRefusal) => void;
}

/**
 * The inbound stream table of one node.
 *
 * @example
 * ```ts
 * const t = new InboundStreams({ maxStreams: 128, maxBytes: 64 << 20, onEvict: (e) => e.stream.close() });
 * const entry = t.admit(stream, clock.now());
 * if (entry === undefined) stream.close();
 * ```
 */
export class InboundStreams {
  readonly #limits: InboundStreamLimits;
  readonly #entries = new Set<InboundEntry>();
  #bytes = 0;

  /** @param limits - bounds and the eviction callback. */
  constructor(limits: InboundStreamLimits) {
    this.#limits = limits;
  }

  /** Streams being served. */
  get count(): number {
    return this.#entries.size;
  }

  /** Bytes held by incomplete requests. */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Admit a new stream, evicting the oldest stream still reading its request when the table is
   * full. Returns undefined (refuse the newcomer) when every served stream is already replying.
   *
   * @param stream - the accepted stream.
   * @param now - clock time (ms).
   */
  admit(stream: Stream, now: number): InboundEntry | undefined {
    if (this.#entries.size >= this.#limits.maxStreams) {
      let oldest: InboundEntry | undefined;
      for (const e of this.#entries) {
        if (!e.complete && (oldest === undefined || e.openedAt < oldest.openedAt)) oldest = e;
      }
      if (oldest === undefined) return undefined;
      this.#evict(oldest, 'stream_limit');
    }
    const entry: InboundEntry = { stream, openedAt: now, held: 0, complete: false, evicted: false };
    this.#entries.add(entry);
    return entry;
  }

  /**
   * Charge `n` newly received bytes to `entry`, evicting the biggest other holders while the
   * budget would be exceeded.
   *
   * @returns false when `entry` itself is the biggest holder and must be refused.
   */
  charge(entry: InboundEntry, n: number): boolean {
    while (this.#bytes + n > this.#limits.maxBytes) {
      let biggest: InboundEntry | undefined;
      for (const e of this.#entries) {
        if (e !== entry && e.held > 0 && (biggest === undefined || e.held > biggest.held))
          biggest = e;
      }
      if (biggest === undefined || biggest.held <= entry.held + n) return false;
      this.#evict(biggest, 'stream_buffer_budget');
    }
    entry.held += n;
    this.#bytes += n;
    return true;
  }

  /** The entry's request is complete (or failed): release its bytes; it can no longer be evicted. */
  settle(entry: InboundEntry): void {
    this.#bytes -= entry.held;
    entry.held = 0;
    entry.complete = true;
  }

  /** The stream is finished: forget it. */
  remove(entry: InboundEntry): void {
    this.settle(entry);
    this.#entries.delete(entry);
  }

  #evict(entry: InboundEntry, reason: InboundRefusal): void {
    this.remove(entry);
    entry.evicted = true;
    this.#limits.onEvict(entry, reason);
  }
}
