/** A small seeded PRNG (mulberry32) for deterministic tests and benchmarks. */
export interface TestRandom {
  /** Next unsigned 32-bit integer. */
  next(): number;
  /** Uniform float in [0, 1). */
  float(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * Create a seeded PRNG.
 *
 * @param seed - 32-bit seed; print it in the test name.
 */
export function createRandom(seed: number): TestRandom {
  let state = seed | 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    next,
    float: () => next() / 0x100000000,
    int: (n) => Math.floor((next() / 0x100000000) * n),
  };
}

/**
 * `count` distinct string keys from a seed (`k<i>:<random>`; the index makes them distinct).
 *
 * @param seed - PRNG seed.
 * @param count - how many.
 */
export function makeKeys(seed: number, count: number): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, (_, i) => `k${i}:${random.next().toString(36)}`);
}
