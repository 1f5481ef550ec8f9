import type { AliveClaim } from '../../core/membership/member-table.js';

/** One held claim and whatever the caller needs to apply it again (its source, its path). */
interface Held<S> {
  claim: AliveClaim;
  context: S;
}

/**
 * Ring (docs/PROTOCOL.md §21): alive claims that move a dead member's name to a new address,
 * refused only because the name's reclaim window is still open (`deadNodeReclaimTimeMs` after
 * this node declared the old address dead). memberlist drops such a claim; the name then moves
 * only when some later claim happens to arrive after the window — in practice the next periodic
 * push/pull, up to an interval or two later. Here the newest such claim per name is held and
 * offered again the moment the window closes, through the same rules as any claim.
 *
 * At most one entry (and one timer) per name, and only for names the member table holds dead,
 * so the table's own bound applies.
 */
export class ReclaimHolds<S> {
  readonly #held = new Map<string, Held<S>>();
  readonly #schedule: (fn: () => void, delayMs: number) => void;
  readonly #apply: (claim: AliveClaim, context: S) => void;

  /**
   * @param schedule - runs a callback after a delay (the node's tracked timers).
   * @param apply - applies a held claim again when its window closes.
   */
  constructor(
    schedule: (fn: () => void, delayMs: number) => void,
    apply: (claim: AliveClaim, context: S) => void,
  ) {
    this.#schedule = schedule;
    this.#apply = apply;
  }

  /** Names with a held claim. */
  get size(): number {
    return this.#held.size;
  }

  /**
   * Hold `claim` until `delayMs` from now (the end of its name's reclaim window). A claim for a
   * name already held replaces the held one unless its incarnation is lower.
   *
   * @returns true when this is the name's first held claim (a timer was armed).
   */
  hold(claim: AliveClaim, context: S, delayMs: number): boolean {
    const existing = this.#held.get(claim.name);
    if (existing !== undefined) {
      if (claim.incarnation >= existing.claim.incarnation) {
        existing.claim = claim;
        existing.context = context;
      }
      return false;
    }
    this.#held.set(claim.name, { claim, context });
    this.#schedule(
      () => {
        const held = this.#held.get(claim.name);
        this.#held.delete(claim.name);
        if (held !== undefined) this.#apply(held.claim, held.context);
      },
      Math.max(0, delayMs),
    );
    return true;
  }
}
