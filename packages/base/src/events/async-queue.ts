/**
 * An unbounded single-consumer queue exposed as an async iterable: `push()` from event handlers,
 * `for await` on the other side. Iteration ends after {@link AsyncQueue.end} (buffered items are
 * still delivered) or immediately when the given signal aborts.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  /**
   * @param signal - ends iteration (without draining) when aborted.
   */
  constructor(signal?: AbortSignal) {
    signal?.addEventListener(
      'abort',
      () => {
        this.#items.length = 0;
        this.end();
      },
      { once: true },
    );
    if (signal?.aborted === true) this.#ended = true;
  }

  /** Items waiting to be consumed. */
  get size(): number {
    return this.#items.length;
  }

  /** Add an item; ignored after {@link AsyncQueue.end}. */
  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    this.#wake?.();
  }

  /** No more items: iteration ends once the buffer is drained. Idempotent. */
  end(): void {
    this.#ended = true;
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = this.#items.shift();
      if (item !== undefined) {
        yield item;
        continue;
      }
      if (this.#ended) return;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
      this.#wake = undefined;
    }
  }
}
