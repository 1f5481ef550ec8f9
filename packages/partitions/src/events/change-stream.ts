import { PartitionsError } from '../errors.js';

/**
 * Delivered in place of events a slow consumer missed. Resync by reading the current table (its
 * `epoch` tells which later events are already reflected) and keep iterating: the events after the
 * marker are the newest ones, none of them missing.
 */
export interface LaggedMarker {
  /** Discriminant. */
  readonly type: 'lagged';
  /** How many events were dropped since the previous item this consumer received. */
  readonly dropped: number;
}

/** Options of a change iterator. */
export interface StreamOptions {
  /** Ends the iteration: a pending `next()` rejects with `ERR_ABORTED`, later calls are done. */
  readonly signal?: AbortSignal;
  /**
   * Events buffered for this consumer before the oldest are dropped (drop-oldest policy).
   * @default 256 ({@link DEFAULT_BUFFER_SIZE})
   */
  readonly bufferSize?: number;
}

/**
 * One consumer's bounded queue, exposed as an async iterator. The producer never waits: `push`
 * is O(1) and, when the buffer is full, drops the oldest event and counts it; the consumer then
 * receives one {@link LaggedMarker} before the retained events. So a slow consumer costs memory
 * bounded by `capacity` and never stalls membership processing.
 *
 * @typeParam T - the event type.
 */
export class ChangeStream<T> implements AsyncIterableIterator<T | LaggedMarker> {
  private readonly buffer: T[] = [];
  private dropped = 0;
  private waiter:
    | { resolve: (r: IteratorResult<T | LaggedMarker>) => void; reject: (e: unknown) => void }
    | undefined;
  private finished = false;
  private readonly capacity: number;
  private readonly detach: () => void;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = (): void => {
    this.finish();
    // Aborted means done: events still buffered are not delivered (unlike a graceful end()).
    this.buffer.length = 0;
    this.dropped = 0;
    this.waiter?.reject(
      new PartitionsError('ERR_ABORTED', 'change iteration aborted', {
        cause: this.signal?.reason,
      }),
    );
    this.waiter = undefined;
  };

  /**
   * @param capacity - buffer size, an integer ≥ 1.
   * @param detach - called once when the stream ends (to unsubscribe it from its producer).
   * @param signal - optional abort signal.
   * @throws PartitionsError `ERR_INVALID_OPTION` for a capacity that is not an integer ≥ 1.
   */
  constructor(capacity: number, detach: () => void, signal?: AbortSignal) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new PartitionsError(
        'ERR_INVALID_OPTION',
        `bufferSize must be an integer ≥ 1, got ${String(capacity)}`,
      );
    }
    this.capacity = capacity;
    this.detach = detach;
    this.signal = signal;
    if (signal?.aborted === true) this.finish();
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Events currently buffered (not counting a pending lagged marker). */
  get buffered(): number {
    return this.buffer.length;
  }

  /**
   * Offer an event. Never blocks; drops the oldest buffered event when full.
   *
   * @param event - the event.
   */
  push(event: T): void {
    if (this.finished) return;
    if (this.waiter !== undefined) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve({ done: false, value: event });
      return;
    }
    if (this.buffer.length >= this.capacity) {
      this.buffer.shift();
      this.dropped++;
    }
    this.buffer.push(event);
  }

  /** End the stream gracefully: buffered events are still delivered, then `done`. */
  end(): void {
    this.finish();
    if (this.waiter !== undefined && this.buffer.length === 0 && this.dropped === 0) {
      this.waiter.resolve({ done: true, value: undefined });
      this.waiter = undefined;
    }
  }

  /** Next event, lagged marker, or `done`. */
  next(): Promise<IteratorResult<T | LaggedMarker>> {
    if (this.dropped > 0) {
      const marker: LaggedMarker = Object.freeze({ type: 'lagged', dropped: this.dropped });
      this.dropped = 0;
      return Promise.resolve({ done: false, value: marker });
    }
    const event = this.buffer.shift();
    if (event !== undefined) return Promise.resolve({ done: false, value: event });
    if (this.finished) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** Stop iterating (called by `break` in `for await`): drops the buffer and unsubscribes. */
  return(): Promise<IteratorResult<T | LaggedMarker>> {
    this.finish();
    this.buffer.length = 0;
    this.dropped = 0;
    this.waiter?.resolve({ done: true, value: undefined });
    this.waiter = undefined;
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.detach();
  }
}
