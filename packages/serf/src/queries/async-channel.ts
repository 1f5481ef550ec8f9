/**
 * The values of one query result (responses or acks): `push` values, `close()` at the deadline.
 * Unlike `AsyncQueue` from `@ring/base` (a consuming queue), every iteration starts from the first
 * value, so `result.responses()` can be read more than once and `finished` reads `closed`.
 */
export class AsyncChannel<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #closed = false;
  #wake: (() => void) | undefined;

  /** Add a value (ignored after close). */
  push(v: T): void {
    if (this.#closed) return;
    this.#items.push(v);
    this.#signal();
  }

  /** End the iteration once buffered values are consumed. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#signal();
  }

  /** Whether {@link AsyncChannel.close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  #signal(): void {
    const w = this.#wake;
    this.#wake = undefined;
    w?.();
  }

  /** Iterate values until closed. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    let i = 0;
    for (;;) {
      if (i < this.#items.length) {
        yield this.#items[i++]!;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }
}
