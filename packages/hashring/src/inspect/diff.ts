import { HashRingError } from '../errors.js';
import { assertKey, type Key } from '../hash/hash.js';
import type { HashRing } from '../ring/ring.js';

/** A run of positions whose owner changed between two rings. */
export interface RangeMove {
  /** First position of the run (inclusive). */
  readonly start: number;
  /** Last position of the run (inclusive). */
  readonly end: number;
  /** Owner before, `undefined` when the old ring was empty. */
  readonly from: string | undefined;
  /** Owner after, `undefined` when the new ring is empty. */
  readonly to: string | undefined;
}

/** Result of {@link diffRanges}. */
export interface RangeDiff {
  /** Size of the shared position space (2^32 for hash rings, the table size for maglev). */
  readonly positions: number;
  /** Changed runs, ascending by position; adjacent runs with the same from→to are merged. */
  readonly moves: readonly RangeMove[];
  /** Number of positions that changed owner; `moved / positions` is the fraction of keys that move. */
  readonly moved: number;
}

/**
 * Which position ranges changed owner between two rings, from whom to whom. Both rings must hash
 * keys into the same position space (same algorithm family, seed and table size); combine with
 * `ring.positionOf(key)` to test a key against the ranges.
 *
 * @param before - the old ring.
 * @param after - the new ring.
 * @throws {@link HashRingError} `ERR_INCOMPATIBLE_RINGS` when the position spaces differ;
 * `ERR_UNSUPPORTED` for rendezvous and jump, whose ownership is not a set of ranges (use
 * {@link diffKeys}).
 */
export function diffRanges(before: HashRing, after: HashRing): RangeDiff {
  if (before.positionSpace === undefined || after.positionSpace === undefined) {
    throw new HashRingError(
      'ERR_UNSUPPORTED',
      `range diffs need range ownership; ${before.positionSpace === undefined ? before.algorithm : after.algorithm} has none, use diffKeys`,
    );
  }
  if (before.positionSpace !== after.positionSpace || before.positions !== after.positions) {
    throw new HashRingError(
      'ERR_INCOMPATIBLE_RINGS',
      `position spaces differ: ${before.positionSpace} vs ${after.positionSpace}`,
    );
  }
  const a = before.ownership();
  const b = after.ownership();
  if (a === undefined || b === undefined)
    throw new HashRingError('ERR_UNSUPPORTED', 'ring has no range ownership');
  const moves: RangeMove[] = [];
  let moved = 0;
  let i = 0;
  let j = 0;
  let start = 0;
  while (i < a.ends.length && j < b.ends.length) {
    const endA = a.ends[i]!;
    const endB = b.ends[j]!;
    const end = Math.min(endA, endB);
    const from = a.owners[i]!;
    const to = b.owners[j]!;
    const fromName = from < 0 ? undefined : before.nodes[from]!.name;
    const toName = to < 0 ? undefined : after.nodes[to]!.name;
    if (fromName !== toName) {
      moved += end - start + 1;
      const last = moves[moves.length - 1];
      if (
        last !== undefined &&
        last.end === start - 1 &&
        last.from === fromName &&
        last.to === toName
      ) {
        moves[moves.length - 1] = { start: last.start, end, from: fromName, to: toName };
      } else {
        moves.push({ start, end, from: fromName, to: toName });
      }
    }
    start = end + 1;
    if (endA === end) i++;
    if (endB === end) j++;
  }
  return { positions: before.positions, moves, moved };
}

/** A key whose owner changed. */
export interface KeyMove {
  /** The key, as given. */
  readonly key: Key;
  /** Owner on the old ring (`undefined` if it was empty). */
  readonly from: string | undefined;
  /** Owner on the new ring (`undefined` if it is empty). */
  readonly to: string | undefined;
}

/**
 * Which of `keys` changed owner between two rings. Works for every algorithm, including across
 * algorithms (e.g. to plan a migration from ketama to the vnode ring).
 *
 * @param before - the old ring.
 * @param after - the new ring.
 * @param keys - keys to check.
 * @returns moved keys in input order.
 * @throws {@link HashRingError} `ERR_INVALID_KEY`
 */
export function diffKeys(before: HashRing, after: HashRing, keys: Iterable<Key>): KeyMove[] {
  const moves: KeyMove[] = [];
  for (const key of keys) {
    assertKey(key);
    const from = before.getNode(key);
    const to = after.getNode(key);
    if (from !== to) moves.push({ key, from, to });
  }
  return moves;
}
