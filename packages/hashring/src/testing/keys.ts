import { createSeededRandom } from '@ring/base';

/**
 * Unit-test and benchmark support (not built, not published): `count` distinct string keys from a
 * seed, `k<i>:<random uint32 in base 36>` (the index makes them distinct).
 *
 * @param seed - PRNG seed (`createSeededRandom` from `@ring/base`); put it in the test name.
 * @param count - how many.
 */
export function makeKeys(seed: number, count: number): string[] {
  const random = createSeededRandom(seed);
  return Array.from({ length: count }, (_, i) => `k${i}:${random.int(2 ** 32).toString(36)}`);
}
