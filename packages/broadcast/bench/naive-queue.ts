// The baseline the benchmark compares against: the same queue semantics (same order, same greedy
// fill, names in a Map) kept in one sorted array. Insert and delete are a binary search plus an
// O(n) splice; getBroadcasts scans the array from the front, skipping what does not fit.
import type { Broadcast } from '../src/index.js';
import { retransmitLimit } from '../src/index.js';

interface Entry {
  transmits: number;
  readonly length: number;
  readonly id: number;
  readonly broadcast: Broadcast;
}

function compare(a: Entry, b: Entry): number {
  if (a.transmits !== b.transmits) return a.transmits < b.transmits ? -1 : 1;
  if (a.length !== b.length) return a.length > b.length ? -1 : 1;
  return b.id - a.id;
}

export class NaiveSortedArrayQueue {
  readonly #items: Entry[] = [];
  readonly #byName = new Map<string, Entry>();
  readonly #numNodes: () => number;
  readonly #mult: number;
  #nextId = 1;

  constructor(numNodes: () => number, retransmitMult = 4) {
    this.#numNodes = numNodes;
    this.#mult = retransmitMult;
  }

  get size(): number {
    return this.#items.length;
  }

  enqueue(broadcast: Broadcast): void {
    if (broadcast.name !== undefined) {
      const old = this.#byName.get(broadcast.name);
      if (old !== undefined) {
        this.#remove(old);
        this.#byName.delete(broadcast.name);
        old.broadcast.onDone?.('invalidated');
      }
    }
    const entry: Entry = {
      transmits: 0,
      length: broadcast.message.length,
      id: this.#nextId++,
      broadcast,
    };
    this.#insert(entry);
    if (broadcast.name !== undefined) this.#byName.set(broadcast.name, entry);
  }

  getBroadcasts(overhead: number, limit: number): Uint8Array[] {
    const transmitLimit = retransmitLimit(this.#mult, this.#numNodes());
    const out: Uint8Array[] = [];
    const taken = new Set<Entry>();
    let used = 0;
    for (const entry of this.#items) {
      const free = limit - used - overhead;
      if (free <= 0) break;
      if (entry.length > free) continue;
      out.push(entry.broadcast.message);
      used += overhead + entry.length;
      taken.add(entry);
    }
    if (taken.size === 0) return out;
    const kept = this.#items.filter((entry) => !taken.has(entry));
    this.#items.length = 0;
    for (const entry of kept) this.#items.push(entry);
    for (const entry of taken) {
      if (entry.transmits + 1 >= transmitLimit) {
        if (entry.broadcast.name !== undefined) this.#byName.delete(entry.broadcast.name);
        entry.broadcast.onDone?.('sent');
      } else {
        entry.transmits++;
        this.#insert(entry);
      }
    }
    return out;
  }

  prune(maxRetain: number): void {
    while (this.#items.length > maxRetain) {
      const entry = this.#items.pop()!;
      if (entry.broadcast.name !== undefined) this.#byName.delete(entry.broadcast.name);
      entry.broadcast.onDone?.('pruned');
    }
  }

  #indexOf(entry: Entry): number {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.#items[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #insert(entry: Entry): void {
    this.#items.splice(this.#indexOf(entry), 0, entry);
  }

  #remove(entry: Entry): void {
    const i = this.#indexOf(entry);
    if (this.#items[i] === entry) this.#items.splice(i, 1);
  }
}
