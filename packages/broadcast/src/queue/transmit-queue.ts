import type { Broadcast, DoneReason } from '../message/broadcast.js';
import { BroadcastError } from '../errors.js';
import {
  resolveComponents,
  resolveOptions,
  type ResolvedTransmitQueueOptions,
  type TransmitQueueComponents,
  type TransmitQueueOptions,
} from '../config/options.js';
import type { QueueStats } from './queue-stats.js';
import { compareEntries, type QueueEntry, type SortKey } from './queue-entry.js';
import { retransmitLimit } from './retransmit-limit.js';
import { SortedChunks } from './sorted-chunks.js';
import { validateBroadcast } from '../message/validate-broadcast.js';

type Notice = readonly [Broadcast, DoneReason];

/**
 * memberlist's `TransmitLimitedQueue`: the broadcasts waiting to be piggybacked on gossip, each
 * handed out at most `retransmitLimit(mult, numNodes())` times, fewest transmits first, then
 * longest, then newest. Pure: no sockets, no timers, no clock; swim calls `getBroadcasts` when it
 * builds a packet.
 *
 * Beyond memberlist: a broadcast that can never fit the packet budget is rejected at enqueue
 * (`ERR_BROADCAST_TOO_LARGE`), the depth is bounded with an explicit drop policy, every accepted
 * broadcast gets exactly one `onDone(reason)`, and {@link TransmitLimitedQueue.stats} counts what
 * happened.
 *
 * Done callbacks run after the operation that caused them has fully updated the queue, in the
 * order memberlist would call `Finished()`; calling any queue method from a callback is safe.
 *
 * @example
 * ```ts
 * const queue = new TransmitLimitedQueue({ numNodes: () => 5 });
 * queue.enqueue({ name: 'node-a', message: new TextEncoder().encode('alive a') });
 * const parts = queue.getBroadcasts(2, 1400); // [Uint8Array('alive a')]
 * ```
 */
export class TransmitLimitedQueue {
  /** The resolved, frozen options. */
  readonly options: ResolvedTransmitQueueOptions;

  readonly #numNodes: () => number;
  readonly #onCallbackError: (error: unknown, broadcast: Broadcast, reason: DoneReason) => void;
  readonly #order = new SortedChunks<QueueEntry, SortKey>(compareEntries);
  readonly #byName = new Map<string, QueueEntry>();
  /** Plain (unnamed, non-unique) entries: the only ones an `invalidates` scan looks at. */
  readonly #plain = new Set<QueueEntry>();
  #oldest: QueueEntry | undefined;
  #newest: QueueEntry | undefined;
  #nextId = 1;
  readonly #stats = {
    enqueued: 0,
    sent: 0,
    transmits: 0,
    invalidated: 0,
    dropped: 0,
    rejected: 0,
    pruned: 0,
    reset: 0,
  };

  /**
   * @param components - `numNodes` (required) and an optional `onCallbackError`.
   * @param options - tunables; see {@link TransmitQueueOptions} for defaults.
   * @throws BroadcastError `ERR_INVALID_OPTION` when an option is invalid or `numNodes` is not a function.
   */
  constructor(components: TransmitQueueComponents, options?: TransmitQueueOptions) {
    const { numNodes, onCallbackError } = resolveComponents(components);
    this.options = resolveOptions(options);
    this.#numNodes = numNodes;
    this.#onCallbackError = onCallbackError;
  }

  /** Number of queued broadcasts (memberlist `NumQueued`). */
  get size(): number {
    return this.#order.size;
  }

  /** A frozen snapshot of the counters. */
  get stats(): QueueStats {
    return Object.freeze({ ...this.#stats });
  }

  /**
   * Whether a broadcast with this name is queued.
   *
   * @param name - a broadcast name.
   */
  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /**
   * The retransmit limit for the current cluster size, `retransmitLimit(mult, numNodes())`.
   *
   * @throws BroadcastError `ERR_INVALID_NUM_NODES` when `numNodes()` is not a non-negative integer.
   */
  currentRetransmitLimit(): number {
    const n = this.#numNodes();
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new BroadcastError(
        'ERR_INVALID_NUM_NODES',
        `numNodes() must return a non-negative integer, got ${String(n)}`,
      );
    }
    return retransmitLimit(this.options.retransmitMult, n);
  }

  /**
   * Queue a broadcast (memberlist `QueueBroadcast`). A named broadcast replaces the queued one with
   * the same name; a plain one with `invalidates` replaces every queued plain broadcast it matches;
   * the replaced ones finish with `invalidated`. When the queue is full, the drop policy decides.
   *
   * Nothing changes when this throws. `invalidates` is called before anything changes; if it throws,
   * the error propagates and the call counts as rejected.
   *
   * @param broadcast - the broadcast; see {@link Broadcast}.
   * @returns true when the broadcast is now queued, false when `drop-newest` discarded it at once
   * (its `onDone('dropped')` has then been called).
   * @throws BroadcastError `ERR_INVALID_BROADCAST` for a malformed broadcast.
   * @throws BroadcastError `ERR_BROADCAST_TOO_LARGE` when `message.length + overheadBytes > packetBudgetBytes`.
   * @throws BroadcastError `ERR_QUEUE_FULL` when the queue is full and the policy is `reject`.
   */
  enqueue(broadcast: Broadcast): boolean {
    let replaced: QueueEntry[];
    let kind: QueueEntry['kind'];
    try {
      kind = validateBroadcast(broadcast);
      this.#checkFits(broadcast.message.length);
      replaced = this.#findReplaced(broadcast, kind);
      if (
        replaced.length === 0 &&
        this.#order.size >= this.options.maxQueueDepth &&
        this.options.dropPolicy === 'reject'
      ) {
        throw new BroadcastError(
          'ERR_QUEUE_FULL',
          `queue is full (${this.options.maxQueueDepth} broadcasts) and dropPolicy is reject`,
        );
      }
    } catch (error) {
      this.#stats.rejected++;
      throw error;
    }

    this.#stats.enqueued++;
    const notices: Notice[] = [];
    for (const old of replaced) {
      this.#remove(old);
      this.#stats.invalidated++;
      notices.push([old.broadcast, 'invalidated']);
    }
    let queued = true;
    if (this.#order.size >= this.options.maxQueueDepth) {
      this.#stats.dropped++;
      if (this.options.dropPolicy === 'drop-newest') {
        queued = false;
        notices.push([broadcast, 'dropped']);
      } else {
        const victim = this.#oldest!;
        this.#remove(victim);
        notices.push([victim.broadcast, 'dropped']);
      }
    }
    if (queued) this.#add(broadcast, kind);
    this.#notify(notices);
    return queued;
  }

  /**
   * Take the broadcasts to piggyback on one packet (memberlist `GetBroadcasts`). Walks the transmit
   * tiers from the fewest transmits up; in each tier repeatedly takes the longest (then newest)
   * message that still fits, charging `length + overheadBytes`; skips ones that do not fit and keeps
   * looking for smaller ones. Each broadcast is taken at most once per call. A taken broadcast whose
   * transmit count reaches the retransmit limit leaves the queue with `sent` (every broadcast is
   * handed out at least once, even when the limit is 0). Costs O((k + t) log n) for k messages
   * taken and t transmit tiers visited (t ≤ the retransmit limit).
   *
   * @param overheadBytes - bytes charged per message besides its length. @default options.overheadBytes
   * @param limitBytes - bytes available in the packet. @default options.packetBudgetBytes
   * @returns the messages, in the order chosen (the caller frames them).
   * @throws BroadcastError `ERR_INVALID_ARGUMENT` when an argument is not a non-negative integer.
   * @throws BroadcastError `ERR_INVALID_NUM_NODES` when `numNodes()` is not a non-negative integer.
   */
  getBroadcasts(
    overheadBytes: number = this.options.overheadBytes,
    limitBytes: number = this.options.packetBudgetBytes,
  ): Uint8Array[] {
    requireCount('overheadBytes', overheadBytes);
    requireCount('limitBytes', limitBytes);
    const first = this.#order.first();
    const last = this.#order.last();
    if (first === undefined || last === undefined) return [];
    const transmitLimit = this.currentRetransmitLimit();

    const out: Uint8Array[] = [];
    const reinsert: QueueEntry[] = [];
    const notices: Notice[] = [];
    let used = 0;
    // Taken entries leave the order until the walk ends, so the tiers present cannot grow.
    const maxTier = last.transmits;
    let tier = first.transmits;
    const inTier = (entry: QueueEntry): boolean => entry.transmits === tier;
    while (tier <= maxTier) {
      const free = limitBytes - used - overheadBytes;
      if (free <= 0) break;
      // The first entry at or after (tier, free, newest-possible) is the longest one of this tier
      // that fits (taken out of the order at once), or the head of a later tier when none does.
      const found = this.#order.lowerBoundRemoveIf(
        { transmits: tier, length: free, id: Number.POSITIVE_INFINITY },
        inTier,
      );
      if (found === undefined) break;
      if (found.transmits !== tier) {
        tier = found.transmits;
        continue;
      }
      out.push(found.message);
      used += overheadBytes + found.length;
      if (found.transmits + 1 >= transmitLimit) {
        this.#forget(found);
        this.#stats.sent++;
        notices.push([found.broadcast, 'sent']);
      } else {
        // Re-inserted after the walk, or this very call would meet it again in the next tier.
        found.transmits++;
        reinsert.push(found);
      }
    }
    for (const entry of reinsert) this.#order.insert(entry);
    this.#stats.transmits += out.length;
    this.#notify(notices);
    return out;
  }

  /**
   * Keep at most `maxRetain` broadcasts (memberlist `Prune`): discard the most-transmitted first
   * (then shortest, then oldest). Discarded ones finish with `pruned`.
   *
   * @param maxRetain - how many to keep (non-negative integer).
   * @returns how many were discarded.
   * @throws BroadcastError `ERR_INVALID_ARGUMENT` when `maxRetain` is not a non-negative integer.
   */
  prune(maxRetain: number): number {
    requireCount('maxRetain', maxRetain);
    const notices: Notice[] = [];
    while (this.#order.size > maxRetain) {
      const entry = this.#order.popLast()!;
      this.#forget(entry);
      notices.push([entry.broadcast, 'pruned']);
    }
    this.#stats.pruned += notices.length;
    this.#notify(notices);
    return notices.length;
  }

  /** Discard every queued broadcast (memberlist `Reset`); each finishes with `reset`, fewest transmits first. */
  reset(): void {
    const notices: Notice[] = [];
    for (const entry of this.#order) notices.push([entry.broadcast, 'reset']);
    this.#order.clear();
    this.#byName.clear();
    this.#plain.clear();
    this.#oldest = undefined;
    this.#newest = undefined;
    this.#stats.reset += notices.length;
    this.#notify(notices);
  }

  #checkFits(length: number): void {
    const { overheadBytes, packetBudgetBytes } = this.options;
    if (length + overheadBytes > packetBudgetBytes) {
      throw new BroadcastError(
        'ERR_BROADCAST_TOO_LARGE',
        `broadcast of ${length} bytes + ${overheadBytes} overhead can never fit the ${packetBudgetBytes}-byte packet budget`,
      );
    }
  }

  /** The queued entries a new broadcast replaces, in queue order (memberlist's `Finished` order). */
  #findReplaced(broadcast: Broadcast, kind: QueueEntry['kind']): QueueEntry[] {
    if (kind === 'named') {
      const old = this.#byName.get(broadcast.name ?? '');
      return old === undefined ? [] : [old];
    }
    const invalidates = broadcast.invalidates;
    if (kind === 'unique' || invalidates === undefined) return [];
    const replaced: QueueEntry[] = [];
    for (const entry of this.#plain) if (invalidates(entry.broadcast)) replaced.push(entry);
    return replaced.sort(compareEntries);
  }

  #add(broadcast: Broadcast, kind: QueueEntry['kind']): void {
    const entry: QueueEntry = {
      transmits: 0,
      length: broadcast.message.length,
      id: this.#nextId++,
      kind,
      name: broadcast.name,
      broadcast,
      message: broadcast.message,
      older: this.#newest,
      newer: undefined,
    };
    this.#order.insert(entry);
    if (this.#newest === undefined) this.#oldest = entry;
    else this.#newest.newer = entry;
    this.#newest = entry;
    if (entry.name !== undefined) this.#byName.set(entry.name, entry);
    else if (kind === 'plain') this.#plain.add(entry);
  }

  #remove(entry: QueueEntry): void {
    this.#order.delete(entry);
    this.#forget(entry);
  }

  /** Drop every index of an entry except the order (which the caller has handled). */
  #forget(entry: QueueEntry): void {
    if (entry.name !== undefined) this.#byName.delete(entry.name);
    else if (entry.kind === 'plain') this.#plain.delete(entry);
    if (entry.older === undefined) this.#oldest = entry.newer;
    else entry.older.newer = entry.newer;
    if (entry.newer === undefined) this.#newest = entry.older;
    else entry.newer.older = entry.older;
    entry.older = undefined;
    entry.newer = undefined;
  }

  /**
   * Run the done callbacks of one operation, after its state change. A throwing callback goes to
   * `onCallbackError`; should that throw too, the remaining callbacks still run and its first error
   * is rethrown at the end.
   */
  #notify(notices: readonly Notice[]): void {
    let failure: { readonly error: unknown } | undefined;
    for (const [broadcast, reason] of notices) {
      const onDone = broadcast.onDone;
      if (onDone === undefined) continue;
      try {
        onDone(reason);
      } catch (error) {
        try {
          this.#onCallbackError(error, broadcast, reason);
        } catch (handlerError) {
          failure ??= { error: handlerError };
        }
      }
    }
    if (failure !== undefined) throw failure.error;
  }
}

function requireCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new BroadcastError(
      'ERR_INVALID_ARGUMENT',
      `${name} must be a non-negative integer, got ${String(value)}`,
    );
  }
}
