/**
 * Deterministic PRNG (mulberry32) shared by the property tests and the benchmark, so every rule
 * sees the same sequence for a seed. Returns floats in [0, 1).
 *
 * @param seed - 32-bit seed; put it in the test name.
 */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
