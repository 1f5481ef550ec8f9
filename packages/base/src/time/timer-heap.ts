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
  /** Position in the heap, maintained by {@link TimerHeap} (-1 once removed); lets `remove` be O(log n). */
  heapIndex?: number;
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
    this.#up(item, items.length - 1);
  }

  /** Remove and return the earliest entry. O(log n). */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined) return top;
    top.heapIndex = -1;
    if (items.length > 0) this.#down(last, 0);
    return top;
  }

  /**
   * Remove `item` wherever it is (a cancelled timer leaves the heap at once instead of waiting
   * until it would have been due). O(log n).
   *
   * @returns whether it was in the heap.
   */
  remove(item: T): boolean {
    const items = this.#items;
    const i = item.heapIndex ?? -1;
    if (i < 0 || i >= items.length || items[i] !== item) return false;
    item.heapIndex = -1;
    const last = items.pop()!;
    if (i === items.length) return true;
    if (i > 0 && before(last, items[(i - 1) >> 1]!)) this.#up(last, i);
    else this.#down(last, i);
    return true;
  }

  /** Remove every entry. */
  clear(): void {
    for (const item of this.#items) item.heapIndex = -1;
    this.#items.length = 0;
  }

  #up(item: T, start: number): void {
    const items = this.#items;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent]!;
      if (!before(item, p)) break;
      items[i] = p;
      p.heapIndex = i;
      i = parent;
    }
    items[i] = item;
    item.heapIndex = i;
  }

  #down(item: T, start: number): void {
    const items = this.#items;
    const n = items.length;
    let i = start;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && before(items[r]!, items[l]!)) c = r;
      const child = items[c]!;
      if (!before(child, item)) break;
      items[i] = child;
      child.heapIndex = i;
      i = c;
    }
    items[i] = item;
    item.heapIndex = i;
  }
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
