import { remainingSuspicionTimeMs } from '../timing.js';

/**
 * The state of one suspicion (memberlist `suspicion.go`), without the timer: who has confirmed it
 * and when it should fire. The node shell owns the actual timer and re-arms it at
 * {@link Suspicion.deadline} whenever {@link Suspicion.confirm} returns true.
 *
 * With `k ≥ 1` expected confirmations the timeout starts at `maxMs` and shrinks logarithmically
 * towards `minMs` as independent members confirm; with `k = 0` it is simply `minMs`.
 */
export class Suspicion {
  /** When the suspicion started, on the node's clock (ms). */
  readonly startedAt: number;
  /** The member whose accusation started it (not counted as a confirmation). */
  readonly from: string;
  /** Confirmations that shrink the timeout to its minimum. */
  readonly k: number;
  /** Shortest timeout. */
  readonly minMs: number;
  /** Longest timeout (the starting one when `k ≥ 1`). */
  readonly maxMs: number;
  readonly #confirmers = new Set<string>();
  #confirmations = 0;

  /**
   * @param from - the member whose suspicion started this one; it does not count as a confirmation.
   * @param k - expected confirmations.
   * @param minMs - minimum timeout.
   * @param maxMs - maximum timeout.
   * @param startedAt - start time (ms).
   */
  constructor(from: string, k: number, minMs: number, maxMs: number, startedAt: number) {
    this.k = k;
    this.minMs = minMs;
    this.maxMs = k < 1 ? minMs : maxMs;
    this.startedAt = startedAt;
    this.from = from;
    this.#confirmers.add(from);
  }

  /** Independent confirmations counted so far. */
  get confirmations(): number {
    return this.#confirmations;
  }

  /**
   * Record a suspicion from `from`.
   *
   * @param from - the suspecting member.
   * @returns true when it was a new, counted confirmation (the caller re-gossips it and re-arms
   *   the timer); false for a duplicate, or once `k` confirmations were reached.
   */
  confirm(from: string): boolean {
    if (this.#confirmations >= this.k) return false;
    if (this.#confirmers.has(from)) return false;
    this.#confirmers.add(from);
    this.#confirmations++;
    return true;
  }

  /** The absolute time (ms) at which the suspect should be declared dead. */
  deadline(): number {
    if (this.k < 1) return this.startedAt + this.minMs;
    return (
      this.startedAt +
      remainingSuspicionTimeMs(this.#confirmations, this.k, 0, this.minMs, this.maxMs)
    );
  }
}
