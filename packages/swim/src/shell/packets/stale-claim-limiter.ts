/**
 * Paces the direct corrections a node sends to members that gossip a stale claim (see
 * `StateChanges`): at most one per (subject, sender address) per window, so a burst of copies of
 * the same stale message costs one reply.
 */
export class StaleClaimLimiter {
  readonly #windowMs: number;
  readonly #maxEntries: number;
  readonly #last = new Map<string, number>();

  /**
   * @param windowMs - the shortest time between two corrections of one subject to one address.
   * @param maxEntries - remembered pairs before the memory starts over (a bound, not a tuning knob).
   */
  constructor(windowMs: number, maxEntries = 4_096) {
    this.#windowMs = windowMs;
    this.#maxEntries = maxEntries;
  }

  /**
   * Whether a correction of `subject` to `address` may leave at `now` (and if so, remember it).
   *
   * @param subject - the member the stale claim is about.
   * @param address - where the stale claim came from.
   * @param now - the node's clock.
   */
  take(subject: string, address: string, now: number): boolean {
    const key = `${subject}\u0000${address}`;
    const last = this.#last.get(key);
    if (last !== undefined && now - last < this.#windowMs) return false;
    if (last === undefined && this.#last.size >= this.#maxEntries) this.#last.clear();
    this.#last.set(key, now);
    return true;
  }
}
