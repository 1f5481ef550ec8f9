import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@ring/base';
import { jumpHash, jumpHash64 } from './jump.js';

/** The paper's C++ code, verbatim in BigInt: the reference our 32-bit-halves version must equal. */
function reference(key: bigint, buckets: number): number {
  let k = key;
  let b = -1n;
  let j = 0n;
  while (j < BigInt(buckets)) {
    b = j;
    k = BigInt.asUintN(64, k * 2862933555777941757n + 1n);
    j = BigInt(Math.floor(Number(b + 1n) * (Number(1n << 31n) / Number((k >> 33n) + 1n))));
  }
  return Number(b);
}

describe('jumpHash', () => {
  it('matches the vectors published with the reference implementation', () => {
    const rows: [bigint, number[]][] = [
      [0n, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
      [1n, [0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 17, 17]],
      [0xdeadbeefn, [0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 16, 16]],
      [0x0ddc0ffeebadf00dn, [0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 15, 15, 15, 15]],
    ];
    for (const [key, buckets] of rows)
      buckets.forEach((want, i) => expect(jumpHash64(key, i + 1)).toBe(want));
    const golden100 = [
      0, 55, 62, 8, 45, 59, 86, 97, 82, 59, 73, 37, 17, 56, 86, 21, 90, 37, 38, 83,
    ];
    golden100.forEach((want, i) => expect(jumpHash64(BigInt(i), 100)).toBe(want));
    expect(jumpHash64(10863919174838991n, 11)).toBe(6);
    expect(jumpHash64(2016238256797177309n, 11)).toBe(3);
    expect(jumpHash64(1673758223894951030n, 11)).toBe(5);
    expect(jumpHash64(2n, 100001)).toBe(80343);
    expect(jumpHash64(2201n, 100001)).toBe(22152);
    expect(jumpHash64(2202n, 100001)).toBe(15018);
  });
  it('equals the BigInt reference on random keys and bucket counts (seed 21)', () => {
    const random = createSeededRandom(21);
    for (let i = 0; i < 2000; i++) {
      const hi = random.int(2 ** 32);
      const lo = random.int(2 ** 32);
      const buckets = 1 + random.int(i % 2 === 0 ? 50 : 100_000);
      expect(jumpHash(hi, lo, buckets)).toBe(reference((BigInt(hi) << 32n) | BigInt(lo), buckets));
    }
  });
  it('growing by one bucket moves keys only into the new bucket (seed 22)', () => {
    const random = createSeededRandom(22);
    for (let i = 0; i < 2000; i++) {
      const hi = random.int(2 ** 32);
      const lo = random.int(2 ** 32);
      const before = jumpHash(hi, lo, 10);
      const after = jumpHash(hi, lo, 11);
      expect(after === before || after === 10).toBe(true);
    }
  });
  it('rejects bucket counts out of range', () => {
    expect(() => jumpHash(0, 0, 0)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
    expect(() => jumpHash(0, 0, 1.5)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
  });
});
