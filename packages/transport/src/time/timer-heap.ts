/**
 * A binary min-heap ordered by `(at, seq)`: earliest time first, then insertion order. Shared by
 * {@link VirtualClock} and the memory network's delivery queue. Entries are plain objects so that
 * callers can reuse their own record shapes (no closure per entry).
 */
export interface HeapEntry {
  /** Due time (ms). */
  at: number;
  /** Tie-breaker: lower runs first among equal `at`. Must be unique and increasing per push. */
  seq: number;
}

/** Min-heap of {@link HeapEntry} items. */
export class TimerHeap<T extends HeapEntry> {
  readonly #items: T[] = [];

  /** Number of entries. */
  get size(): number {
    return this.#items.length;
  }

  /** The earliest entry without removing it. */
  peek(): T | undefined {
    return this.#items[0];
  }

  /** Insert an entry. O(log n). */
  push(item: T): void {
    const items = this.#items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(item, p)) break;
      items[i] = p;
      i = parent;
    }
    items[i] = item;
  }

  /** Remove and return the earliest entry. O(log n). */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    const n = items.length;
    let i = 0;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && before(items[r]!, items[l]!)) c = r;
      const child = items[c]!;
      if (!before(child, last)) break;
      items[i] = child;
      i = c;
    }
    items[i] = last;
    return top;
  }

  /** Remove every entry. */
  clear(): void {
    this.#items.length = 0;
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
