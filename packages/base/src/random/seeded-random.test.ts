import { describe, expect, it } from 'vitest';
import { shuffleInPlace } from './random.js';
import { createSeededRandom } from './seeded-random.js';
import { systemRandom } from './system-random.js';

describe('createSeededRandom', () => {
  it('seed 1: same seed, same sequence; different seed, different sequence', () => {
    const a = createSeededRandom(1);
    const b = createSeededRandom(1);
    const c = createSeededRandom(2);
    const sa = Array.from({ length: 20 }, () => a.next());
    const sb = Array.from({ length: 20 }, () => b.next());
    const sc = Array.from({ length: 20 }, () => c.next());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
    expect(a.seed).toBe(1);
  });

  it('seed 7: next() stays in [0,1) and is roughly uniform (chi-square, 10 bins, 100k draws)', () => {
    const r = createSeededRandom(7);
    const bins = new Array<number>(10).fill(0);
    const n = 100_000;
    let outOfRange = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (!(x >= 0 && x < 1)) outOfRange++;
      else bins[Math.floor(x * 10)]!++;
    }
    expect(outOfRange).toBe(0);
    const expected = n / 10;
    const chi2 = bins.reduce((s, o) => s + (o - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 27.88) = 0.001.
    expect(chi2).toBeLessThan(27.88);
  });

  it('seed 3: int(n) covers [0,n) and only that', () => {
    const r = createSeededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = r.int(7);
      expect(Number.isInteger(v) && v >= 0 && v < 7).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(7);
    expect(r.int(1)).toBe(0);
  });

  it('rejects bad input with typed errors', () => {
    expect(() => createSeededRandom(Number.NaN)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    const r = createSeededRandom(0);
    for (const bad of [0, -1, 1.5, Number.POSITIVE_INFINITY]) {
      expect(() => r.int(bad)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_OPTION' }));
      expect(() => systemRandom.int(bad)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
      );
    }
  });

  it('seed 11: shuffleInPlace is a deterministic permutation', () => {
    const a = shuffleInPlace(createSeededRandom(11), [1, 2, 3, 4, 5, 6, 7, 8]);
    const b = shuffleInPlace(createSeededRandom(11), [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(a).toEqual(b);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('systemRandom', () => {
  it('returns values in range', () => {
    for (let i = 0; i < 100; i++) {
      const x = systemRandom.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = systemRandom.int(3);
      expect(k >= 0 && k < 3).toBe(true);
    }
  });
});
