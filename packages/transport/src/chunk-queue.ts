import { TransportError } from './errors.js';

/** Hooks a {@link ChunkQueue} calls back into its owner with. */
export interface ChunkQueueHooks {
  /** A chunk of `bytes` was handed to the reader (used to release back-pressure). */
  onConsume?(bytes: number): void;
  /** The reader stopped early (`break` out of `for await`); owners close the stream. */
  onReturn?(): void;
}

interface Waiter {
  resolve(result: IteratorResult<Uint8Array>): void;
  reject(error: unknown): void;
}

const DONE: IteratorResult<Uint8Array> = Object.freeze({ done: true, value: undefined });

/**
 * The read side of a stream: chunks pushed by the network, read once through async iteration.
 * `end()` lets buffered chunks drain, then ends iteration; `fail()` discards them and makes the
 * reader throw; `abort()` discards them and ends iteration quietly (local close).
 */
export class ChunkQueue implements AsyncIterable<Uint8Array> {
  readonly #hooks: ChunkQueueHooks;
  #chunks: Uint8Array[] = [];
  #head = 0;
  #bytes = 0;
  #state: 'open' | 'ended' | 'failed' = 'open';
  #error: Error | undefined;
  #waiter: Waiter | undefined;
  #iterated = false;

  /** @param hooks - owner callbacks. */
  constructor(hooks: ChunkQueueHooks = {}) {
    this.#hooks = hooks;
  }

  /** Bytes buffered and not yet read. */
  get bufferedBytes(): number {
    return this.#bytes;
  }

  /** True once `end`, `fail` or `abort` was called. */
  get closed(): boolean {
    return this.#state !== 'open';
  }

  /** Append a chunk. Ignored (returns false) once ended or failed. */
  push(chunk: Uint8Array): boolean {
    if (this.#state !== 'open') return false;
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve({ done: false, value: chunk });
      this.#hooks.onConsume?.(chunk.length);
      return true;
    }
    this.#chunks.push(chunk);
    this.#bytes += chunk.length;
    return true;
  }

  /** No more chunks will come: iteration ends after the buffered ones. */
  end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ended';
    this.#wakeDone();
  }

  /** Discard buffered chunks and end iteration now (the local side closed). */
  abort(): void {
    if (this.#state === 'failed') return;
    this.#state = 'ended';
    this.#discard();
    this.#wakeDone();
  }

  /** Discard buffered chunks; the reader's next (or pending) read throws `error`. */
  fail(error: Error): void {
    if (this.#state !== 'open') return;
    this.#state = 'failed';
    this.#error = error;
    this.#discard();
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.reject(error);
    }
  }

  /**
   * Iterate the chunks. A queue can be iterated once.
   * @throws TransportError `ERR_STREAM_CLOSED` on a second iteration.
   */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (this.#iterated)
      throw new TransportError('ERR_STREAM_CLOSED', 'a stream can be iterated only once');
    this.#iterated = true;
    return {
      next: () => this.#next(),
      return: () => {
        this.#hooks.onReturn?.();
        this.abort();
        return Promise.resolve(DONE);
      },
    };
  }

  #next(): Promise<IteratorResult<Uint8Array>> {
    if (this.#head < this.#chunks.length) {
      const chunk = this.#chunks[this.#head]!;
      this.#chunks[this.#head] = EMPTY;
      this.#head++;
      if (this.#head === this.#chunks.length) {
        this.#chunks = [];
        this.#head = 0;
      }
      this.#bytes -= chunk.length;
      this.#hooks.onConsume?.(chunk.length);
      return Promise.resolve({ done: false, value: chunk });
    }
    if (this.#state === 'ended') return Promise.resolve(DONE);
    if (this.#state === 'failed') return Promise.reject(this.#error!);
    if (this.#waiter !== undefined) {
      return Promise.reject(
        new TransportError('ERR_STREAM_CLOSED', 'concurrent reads on one stream are not supported'),
      );
    }
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  #discard(): void {
    this.#chunks = [];
    this.#head = 0;
    this.#bytes = 0;
  }

  #wakeDone(): void {
    const waiter = this.#waiter;
    if (waiter !== undefined && this.#head >= this.#chunks.length) {
      this.#waiter = undefined;
      waiter.resolve(DONE);
    }
  }
}

const EMPTY = new Uint8Array(0);
