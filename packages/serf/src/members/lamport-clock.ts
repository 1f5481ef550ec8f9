/**
 * A Lamport clock as Serf keeps three of them (members, events, queries): `time()` is the next
 * value to stamp, `increment()` moves past it, `witness(t)` jumps to `t + 1` when `t` is ahead.
 */
export class LamportClock {
  #counter: number;

  /** @param start - initial counter. @default 0 */
  constructor(start = 0) {
    this.#counter = start;
  }

  /** The current time. */
  time(): number {
    return this.#counter;
  }

  /** Advance by one and return the new time. */
  increment(): number {
    return ++this.#counter;
  }

  /**
   * Witness a time seen elsewhere: the clock moves to `t + 1` if it is not already past `t`.
   * Values beyond 2^53 are ignored (they cannot come from a real cluster and would stick the clock).
   */
  witness(t: number): void {
    if (!Number.isSafeInteger(t) || t < 0 || t + 1 > Number.MAX_SAFE_INTEGER) return;
    if (t < this.#counter) return;
    this.#counter = t + 1;
  }
}
