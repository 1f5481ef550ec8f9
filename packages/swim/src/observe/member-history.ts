import type { MemberState } from '../core/membership/member.js';

/**
 * Default number of history entries kept per member (a ring buffer: the oldest entry is dropped
 * when a new one arrives). At about 230 bytes an entry (measured by `bench/history.ts`) that is
 * about 7 KiB per member.
 */
export const DEFAULT_HISTORY_SIZE = 32;

/**
 * How many histories of members that were forgotten (reaped after `gossipToTheDeadTimeMs`) are
 * kept, oldest forgotten first out, so that "why did it die?" can still be answered a while later.
 */
export const FORGOTTEN_HISTORIES = 64;

/** Largest accepted `historySize`. */
export const MAX_HISTORY_SIZE = 1024;

/**
 * Through which message a fact reached us:
 * - `probe`: our own probe of the member (direct, indirect and TCP) failed;
 * - `gossip`: an alive/suspect/dead message piggybacked on a packet;
 * - `push-pull`: a push/pull state exchange (anti-entropy or join); a peer's suspect or dead
 *   verdict received this way only starts our own suspicion (as in memberlist), so `from` is us;
 * - `suspicion-timeout`: our suspicion timer expired, so we declared the member dead;
 * - `local`: this node's own API (start, leave, meta update).
 */
export type HistoryVia = 'probe' | 'gossip' | 'push-pull' | 'suspicion-timeout' | 'local';

/**
 * What happened:
 * - `join`: first seen alive (or alive again after dead/left);
 * - `update`: alive with new metadata or address;
 * - `suspect`: a suspicion started (`from` accused it);
 * - `confirm`: another member independently confirmed the suspicion (the Lifeguard timeout shrank);
 * - `refuted`: the member answered a suspicion with a higher incarnation (alive again);
 * - `dead` / `left`: declared dead, or left gracefully;
 * - `probe-failed`: our probe got no ack within the probe interval;
 * - `refute` (our own member only): we refuted a claim about ourselves by raising our incarnation.
 */
export type HistoryKind =
  | 'join'
  | 'update'
  | 'suspect'
  | 'confirm'
  | 'refuted'
  | 'dead'
  | 'left'
  | 'probe-failed'
  | 'refute';

/** The suspicion's numbers at the time of an entry. */
export interface SuspicionFacts {
  /** Independent confirmations counted so far. */
  readonly confirmations: number;
  /** Confirmations that would shrink the timeout to its minimum (Lifeguard's k). */
  readonly k: number;
  /** Minimum and maximum timeout (ms). */
  readonly minMs: number;
  readonly maxMs: number;
  /** The timeout in force: from the suspicion's start to its deadline (ms). */
  readonly timeoutMs: number;
}

/** One history entry. Every field is always present (`null` where it does not apply). */
export interface HistoryEntry {
  /** Clock time (ms; epoch milliseconds with the system clock). */
  readonly at: number;
  readonly kind: HistoryKind;
  /** The member's state right after the entry. */
  readonly state: MemberState;
  /** The member's incarnation right after the entry (for `refute`: our new incarnation). */
  readonly incarnation: number;
  /** Our own Lifeguard awareness score at the time (0 = healthy). */
  readonly awareness: number;
  /** Who made the claim: the accuser of `suspect`/`dead`, the confirmer of `confirm`. */
  readonly from: string | null;
  /** Through which message the fact arrived. */
  readonly via: HistoryVia | null;
  /** For `suspect`, `confirm` and `dead`: the suspicion's numbers (for `dead`: when it ended). */
  readonly suspicion: SuspicionFacts | null;
  /** For `probe-failed`: nacks received and expected from the indirect probes. */
  readonly probe: { readonly nacks: number; readonly expectedNacks: number } | null;
  /** For `refute`: the incarnation of the claim we refuted. */
  readonly claimIncarnation: number | null;
}

/** The last successful probe of a member. */
export interface AckFacts {
  /** When the ack arrived (clock ms). */
  readonly at: number;
  /** Round-trip time from sending the ping to the ack (ms). */
  readonly rttMs: number;
  /** `direct` (UDP ping), `indirect` (through a relay) or `tcp` (TCP fallback ping). */
  readonly via: 'direct' | 'indirect' | 'tcp';
}

/** What {@link MemberHistory.get} returns for one member. */
export interface MemberHistoryView {
  /** Entries, oldest first (at most the capacity). */
  readonly entries: readonly HistoryEntry[];
  /** Entries dropped from the front because the buffer was full. */
  readonly dropped: number;
  /** Last successful probe, or null. */
  readonly lastAck: AckFacts | null;
  /** Probes of this member that were acked / failed. */
  readonly acks: number;
  readonly failures: number;
}

/** The buffer of every capacity-0 slot (never written: `push` returns before writing). */
const NO_ENTRIES: (HistoryEntry | undefined)[] = [];

class Slot {
  readonly buffer: (HistoryEntry | undefined)[];
  next = 0;
  count = 0;
  dropped = 0;
  lastAck: AckFacts | null = null;
  acks = 0;
  failures = 0;

  constructor(capacity: number) {
    this.buffer = capacity === 0 ? NO_ENTRIES : new Array<HistoryEntry | undefined>(capacity);
  }

  push(entry: HistoryEntry): void {
    const cap = this.buffer.length;
    if (cap === 0) {
      this.dropped++;
      return;
    }
    this.buffer[this.next] = entry;
    this.next = (this.next + 1) % cap;
    if (this.count < cap) this.count++;
    else this.dropped++;
  }

  view(): MemberHistoryView {
    const cap = this.buffer.length;
    const entries: HistoryEntry[] = [];
    const start = (this.next - this.count + cap) % Math.max(1, cap);
    for (let i = 0; i < this.count; i++) entries.push(this.buffer[(start + i) % cap]!);
    return {
      entries,
      dropped: this.dropped,
      lastAck: this.lastAck,
      acks: this.acks,
      failures: this.failures,
    };
  }
}

/**
 * Per-member evidence for "why is this member suspect/dead?": a bounded ring buffer of state
 * changes per member, plus the last ack and probe counters. Pure bookkeeping without I/O; the
 * swim shell records into it where it applies claims and finishes probes.
 *
 * Memory is bounded by `capacity` entries per member in the table plus {@link FORGOTTEN_HISTORIES}
 * histories of forgotten members.
 */
export class MemberHistory {
  /** Entries kept per member. */
  readonly capacity: number;
  readonly #live = new Map<string, Slot>();
  readonly #forgotten = new Map<string, Slot>();

  /** @param capacity - entries per member, 0..{@link MAX_HISTORY_SIZE}. */
  constructor(capacity: number = DEFAULT_HISTORY_SIZE) {
    this.capacity = capacity;
  }

  #slot(name: string): Slot {
    let slot = this.#live.get(name);
    if (slot === undefined) {
      slot = this.#forgotten.get(name);
      if (slot !== undefined) this.#forgotten.delete(name);
      else slot = new Slot(this.capacity);
      this.#live.set(name, slot);
    }
    return slot;
  }

  /**
   * Whether an entry of this kind would be kept or counted. With capacity 0 only probe failures
   * are (they feed the counters); other entries would have nowhere to go, and a per-member slot
   * created just to count them would cost a simulator with N² member pairs more than the member
   * table itself. Callers may skip building such an entry.
   *
   * @param kind - what happened.
   */
  wants(kind: HistoryKind): boolean {
    return this.capacity > 0 || kind === 'probe-failed';
  }

  /**
   * Append an entry to `name`'s history.
   *
   * @param name - the member.
   * @param entry - what happened.
   */
  record(name: string, entry: HistoryEntry): void {
    if (!this.wants(entry.kind)) return;
    const slot = this.#slot(name);
    if (entry.kind === 'probe-failed') slot.failures++;
    slot.push(entry);
  }

  /**
   * A probe of `name` was acked (not an entry: acks are frequent and would push the evidence out).
   *
   * @param name - the member.
   * @param ack - when, round-trip time and path.
   */
  recordAck(name: string, ack: AckFacts): void {
    const slot = this.#slot(name);
    slot.acks++;
    slot.lastAck = ack;
  }

  /**
   * The member was removed from the member table: keep its history among the forgotten ones.
   *
   * @param name - the member.
   */
  forget(name: string): void {
    const slot = this.#live.get(name);
    if (slot === undefined) return;
    this.#live.delete(name);
    this.#forgotten.set(name, slot);
    if (this.#forgotten.size > FORGOTTEN_HISTORIES) {
      const oldest = this.#forgotten.keys().next().value;
      if (oldest !== undefined) this.#forgotten.delete(oldest);
    }
  }

  /**
   * The history of `name`, or undefined when nothing was recorded (or it was forgotten too long ago).
   *
   * @param name - the member.
   */
  get(name: string): MemberHistoryView | undefined {
    return (this.#live.get(name) ?? this.#forgotten.get(name))?.view();
  }
}
