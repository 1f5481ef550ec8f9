/** A total order: negative when `a` sorts before `b`, 0 only for the same element. */
export type Compare<T> = (a: T, b: T) => number;

/** Largest chunk before it is split in two; chunk operations cost O(log n + MAX_CHUNK). */
const MAX_CHUNK = 64;

/**
 * An ordered set kept as a list of sorted chunks — a B-tree of height two. Lookups are two binary
 * searches (over chunk ends, then inside one chunk), so insert, delete, first/last and lower-bound
 * cost O(log n + MAX_CHUNK) with the MAX_CHUNK part a short `memmove`. memberlist uses a btree for
 * the same job; for the depths a broadcast queue holds (thousands to ~100k) two levels suffice and
 * stay cache-friendly.
 *
 * `K` is the key shape `compare` reads, so searches can use a bare key as a probe.
 *
 * Elements must be unique under `compare` (the queue's order ends in a unique id); inserting an
 * element that compares equal to a stored one throws, because it would mean a corrupted order.
 */
export class SortedChunks<T extends K, K = T> {
  readonly #compare: Compare<K>;
  #chunks: T[][] = [];
  #size = 0;

  /** @param compare - the total order. */
  constructor(compare: Compare<K>) {
    this.#compare = compare;
  }

  /** Number of elements. */
  get size(): number {
    return this.#size;
  }

  /** The smallest element, or undefined when empty. */
  first(): T | undefined {
    return this.#chunks[0]?.[0];
  }

  /** The largest element, or undefined when empty. */
  last(): T | undefined {
    const chunk = this.#chunks[this.#chunks.length - 1];
    return chunk?.[chunk.length - 1];
  }

  /**
   * The smallest element that is not before `probe` (`compare(element, probe) >= 0`).
   *
   * @param probe - a value of the element type; it need not be stored.
   */
  lowerBound(probe: K): T | undefined {
    const c = this.#chunkFor(probe);
    const chunk = this.#chunks[c];
    if (chunk === undefined) return undefined;
    return chunk[this.#indexIn(chunk, probe)];
  }

  /**
   * {@link SortedChunks.lowerBound}, and remove the element found when `accept` approves it — one
   * search instead of two for the caller that takes what it finds.
   *
   * @param probe - as for `lowerBound`.
   * @param accept - decides whether the element found is removed.
   * @returns the element found (removed exactly when `accept` returned true), or undefined.
   */
  lowerBoundRemoveIf(probe: K, accept: (item: T) => boolean): T | undefined {
    const c = this.#chunkFor(probe);
    const chunk = this.#chunks[c];
    if (chunk === undefined) return undefined;
    const i = this.#indexIn(chunk, probe);
    const item = chunk[i];
    if (item !== undefined && accept(item)) this.#removeAt(c, i);
    return item;
  }

  /**
   * Add an element.
   *
   * @throws Error when an element comparing equal is already stored (a broken invariant).
   */
  insert(item: T): void {
    if (this.#chunks.length === 0) {
      this.#chunks.push([item]);
      this.#size = 1;
      return;
    }
    const c = Math.min(this.#chunkFor(item), this.#chunks.length - 1);
    const chunk = this.#chunks[c]!;
    const i = this.#indexIn(chunk, item);
    const at = chunk[i];
    if (at !== undefined && this.#compare(at, item) === 0)
      throw new Error('SortedChunks: duplicate element');
    // Shift by hand: Array#splice allocates its result array on every call.
    chunk.push(item);
    for (let k = chunk.length - 1; k > i; k--) chunk[k] = chunk[k - 1]!;
    chunk[i] = item;
    this.#size++;
    if (chunk.length > MAX_CHUNK) this.#chunks.splice(c + 1, 0, chunk.splice(chunk.length >> 1));
  }

  /**
   * Remove an element (found by `compare`, then checked by identity).
   *
   * @returns true when it was stored.
   */
  delete(item: T): boolean {
    const c = this.#chunkFor(item);
    const chunk = this.#chunks[c];
    if (chunk === undefined) return false;
    const i = this.#indexIn(chunk, item);
    if (chunk[i] !== item) return false;
    this.#removeAt(c, i);
    return true;
  }

  /** Remove and return the largest element, or undefined when empty. */
  popLast(): T | undefined {
    const c = this.#chunks.length - 1;
    const chunk = this.#chunks[c];
    if (chunk === undefined) return undefined;
    const item = chunk.pop();
    this.#size--;
    this.#rebalance(c);
    return item;
  }

  /** Remove every element. */
  clear(): void {
    this.#chunks = [];
    this.#size = 0;
  }

  /** Elements in ascending order. Do not mutate the set while iterating. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (const chunk of this.#chunks) yield* chunk;
  }

  /** Index of the first chunk whose last element is not before `probe`; `chunks.length` if none. */
  #chunkFor(probe: K): number {
    let lo = 0;
    let hi = this.#chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.#chunks[mid]!;
      if (this.#compare(chunk[chunk.length - 1]!, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first element of `chunk` that is not before `probe`. */
  #indexIn(chunk: readonly T[], probe: K): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#compare(chunk[mid]!, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Remove the element at index `i` of chunk `c`. */
  #removeAt(c: number, i: number): void {
    const chunk = this.#chunks[c]!;
    for (let k = i + 1; k < chunk.length; k++) chunk[k - 1] = chunk[k]!;
    chunk.pop();
    this.#size--;
    this.#rebalance(c);
  }

  /** After a removal from chunk `c`: drop it when empty, merge it into a neighbour when small. */
  #rebalance(c: number): void {
    const chunk = this.#chunks[c]!;
    if (chunk.length === 0) {
      this.#chunks.splice(c, 1);
      return;
    }
    if (chunk.length >= MAX_CHUNK >> 2) return;
    const next = this.#chunks[c + 1];
    if (next !== undefined && chunk.length + next.length <= MAX_CHUNK) {
      for (const item of next) chunk.push(item);
      this.#chunks.splice(c + 1, 1);
      return;
    }
    const previous = this.#chunks[c - 1];
    if (previous !== undefined && previous.length + chunk.length <= MAX_CHUNK) {
      for (const item of chunk) previous.push(item);
      this.#chunks.splice(c, 1);
    }
  }
}
