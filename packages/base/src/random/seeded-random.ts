import { RingError } from '../errors/ring-error.js';
import { TWO_POW_32, checkIntBound, type Random } from './random.js';

/** A {@link Random} that can also report the seed it was created from. */
export interface SeededRandom extends Random {
  /** The seed given to {@link createSeededRandom} (as a uint32). */
  readonly seed: number;
}

/** splitmix32: turns one 32-bit seed into well-mixed 32-bit words to seed sfc32's state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A fast, small, seeded PRNG: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, passes
 * PractRand) with its 128-bit state filled by splitmix32 from `seed`. The same seed always yields
 * the same sequence, on every platform.
 *
 * @param seed - any number; it is reduced to a uint32 (`seed >>> 0`), so use integers.
 * @throws RingError `ERR_INVALID_OPTION` if `seed` is not a finite number.
 *
 * @example
 * ```ts
 * const random = createSeededRandom(42);
 * random.int(6); // same value on every run
 * ```
 */
export function createSeededRandom(seed: number): SeededRandom {
  if (!Number.isFinite(seed)) {
    throw new RingError('ERR_INVALID_OPTION', `seed must be a finite number, got ${String(seed)}`);
  }
  const uSeed = seed >>> 0;
  const mix = { s: uSeed };
  let a = splitmix32(mix);
  let b = splitmix32(mix);
  let c = splitmix32(mix);
  let d = splitmix32(mix);
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard a few outputs so that nearby seeds diverge immediately.
  for (let i = 0; i < 12; i++) nextUint32();
  return Object.freeze({
    seed: uSeed,
    next(): number {
      return nextUint32() / TWO_POW_32;
    },
    int(maxExclusive: number): number {
      checkIntBound(maxExclusive);
      return Math.floor((nextUint32() / TWO_POW_32) * maxExclusive);
    },
  });
}
