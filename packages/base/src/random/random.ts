import { RingError } from '../errors/ring-error.js';

/**
 * Randomness as seen by protocol code. Injected so that simulations are reproducible from a seed;
 * see `createSeededRandom` and `systemRandom`.
 */
export interface Random {
  /** A float uniformly distributed in [0, 1). */
  next(): number;
  /** An integer uniformly distributed in [0, maxExclusive). `maxExclusive` must be ≥ 1. */
  int(maxExclusive: number): number;
}

/**
 * Shuffle `items` in place (Fisher–Yates) using `random`, and return it.
 *
 * @param random - the randomness source.
 * @param items - the array to shuffle.
 */
export function shuffleInPlace<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}

/** 2^32, the range of the generators' 32-bit outputs. @internal */
export const TWO_POW_32 = 4294967296;

/**
 * Throw unless `maxExclusive` is a valid bound for {@link Random.int}.
 *
 * @throws RingError `ERR_INVALID_OPTION` for a non-integer or a value outside [1, 2^32].
 * @internal
 */
export function checkIntBound(maxExclusive: number): void {
  if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > TWO_POW_32) {
    throw new RingError(
      'ERR_INVALID_OPTION',
      `int(maxExclusive) needs an integer in [1, 2^32], got ${String(maxExclusive)}`,
    );
  }
}
