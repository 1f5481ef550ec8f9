import { describe, expect, it } from 'vitest';
import { hash64 } from '@ring/hashring';
import { memberSeed } from './score.js';

describe('memberSeed', () => {
  it('is the two halves of xxhash64(name), computed once per name', () => {
    for (const name of ['a', 'node-17', 'ünïcødé', 'x'.repeat(300)]) {
      const h = hash64(name);
      const seed = memberSeed(name);
      expect(seed).toEqual({ lo: Number(h & 0xffffffffn), hi: Number(h >> 32n) });
      expect(memberSeed(name)).toBe(seed);
      expect(Object.isFrozen(seed)).toBe(true);
    }
  });

  it('keeps answering the same seeds after its bounded cache starts over', () => {
    const first = { ...memberSeed('kept') };
    // More distinct names than the cache holds (16,384): it is cleared at least once.
    for (let i = 0; i < 20_000; i++) memberSeed(`churn-${i}`);
    expect(memberSeed('kept')).toEqual(first);
    const h = hash64('churn-3');
    expect(memberSeed('churn-3')).toEqual({ lo: Number(h & 0xffffffffn), hi: Number(h >> 32n) });
  });
});
