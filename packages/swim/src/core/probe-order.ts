import type { Random } from '@ring/base';
import { shuffleInPlace } from '@ring/base';

/**
 * Shuffled round-robin order over member names (memberlist `probeNode` / `resetNodes`): each
 * call to {@link ProbeOrder.next} walks one step; members added mid-round are inserted at a
 * random position not yet passed; when the round wraps, the caller may drop reaped names and the
 * list is reshuffled. O(1) amortised per step; removal is lazy (the caller says which names are
 * still probeable).
 */
export class ProbeOrder {
  readonly #random: Random;
  #names: string[] = [];
  #index = 0;

  /** @param random - the randomness used for shuffling and insertion. */
  constructor(random: Random) {
    this.#random = random;
  }

  /** Number of names in the current order. */
  get size(): number {
    return this.#names.length;
  }

  /**
   * The name at position `i` of the current order (for uniform random sampling; may be a member
   * reaped since the last round boundary, which the caller skips).
   *
   * @param i - index in `[0, size)`.
   */
  at(i: number): string {
    return this.#names[i]!;
  }

  /**
   * Add a name at a random position not yet passed in the current round (memberlist also inserts
   * new nodes at a random position).
   *
   * @param name - member name.
   */
  add(name: string): void {
    const names = this.#names;
    // A position not yet passed in this round, so the newcomer is probed before the round ends;
    // the name it displaces moves to the end, which is not yet passed either. O(1).
    const pos = this.#index + this.#random.int(names.length - this.#index + 1);
    names.push(name);
    names[names.length - 1] = names[pos]!;
    names[pos] = name;
  }

  /**
   * The next name for which `eligible` returns true, walking at most one full round. When the end
   * of the list is reached, `keep` filters the list (forget reaped members) and it is reshuffled.
   *
   * @param eligible - whether a name may be probed now (alive or suspect, not self).
   * @param keep - whether a name stays in the list at a round boundary.
   * @returns a name, or undefined when nobody is eligible.
   */
  next(eligible: (name: string) => boolean, keep: (name: string) => boolean): string | undefined {
    let checked = 0;
    let wrapped = false;
    while (true) {
      if (this.#index >= this.#names.length) {
        if (wrapped) return undefined;
        wrapped = true;
        this.#names = shuffleInPlace(this.#random, this.#names.filter(keep));
        this.#index = 0;
        if (this.#names.length === 0) return undefined;
      }
      const name = this.#names[this.#index++]!;
      if (eligible(name)) return name;
      if (++checked > this.#names.length * 2) return undefined;
    }
  }
}
