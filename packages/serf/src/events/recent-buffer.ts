/**
 * Serf's bounded recent-message window (event and query buffers): a ring of `size` slots indexed
 * by `ltime % size`. A message is new when it is not older than `size` ticks behind the clock and
 * its slot does not already hold an equal entry at the same Lamport time.
 */
export class RecentBuffer<T> {
  readonly #slots: ({ ltime: number; items: T[] } | null)[];
  readonly #equals: (a: T, b: T) => boolean;

  /**
   * @param size - window length (Serf: 512 for events and queries).
   * @param equals - equality of two entries at the same time.
   */
  constructor(size: number, equals: (a: T, b: T) => boolean) {
    this.#slots = Array.from({ length: size }, () => null);
    this.#equals = equals;
  }

  /** Window length. */
  get size(): number {
    return this.#slots.length;
  }

  /**
   * Record `item` at `ltime` unless it is too old or already seen.
   *
   * @param ltime - the message's Lamport time.
   * @param item - the entry.
   * @param now - the clock's current time (after witnessing `ltime`).
   * @returns true when the entry is new (deliver and re-broadcast it).
   */
  add(ltime: number, item: T, now: number): boolean {
    const n = this.#slots.length;
    if (now > n && ltime < now - n) return false;
    const idx = ltime % n;
    let slot = this.#slots[idx]!;
    if (slot?.ltime === ltime) {
      for (const prev of slot.items) if (this.#equals(prev, item)) return false;
    } else {
      slot = { ltime, items: [] };
      this.#slots[idx] = slot;
    }
    slot.items.push(item);
    return true;
  }

  /** Every slot in index order (`null` when empty), as push/pull sends it. */
  slots(): readonly ({ readonly ltime: number; readonly items: readonly T[] } | null)[] {
    return this.#slots;
  }
}
