import { HashRingError } from '../errors.js';

const M_HI = 0x27bb2ee6; // 2862933555777941757 = 0x27BB2EE6_87B0B0FD, the paper's LCG multiplier
const M_LO = 0x87b0b0fd;
const M_LO0 = M_LO & 0xffff;
const M_LO1 = M_LO >>> 16;

/**
 * Jump consistent hash (Lamping & Veach, 2014): maps a 64-bit key to a bucket in `0 .. buckets − 1`
 * so that growing from `b` to `b + 1` buckets moves exactly the keys that land in the new bucket,
 * about 1/(b + 1) of them. The 64-bit LCG runs on two 32-bit halves, so there is no BigInt and no
 * allocation; results equal the paper's C++ code (checked against its published vectors).
 *
 * Buckets are numbers, not names: removing a bucket other than the last would renumber every
 * bucket after it and remap their keys, which is why {@link JumpRing} only appends and pops.
 *
 * @param hi - upper 32 bits of the key.
 * @param lo - lower 32 bits of the key.
 * @param buckets - number of buckets, 1 .. 2^31 − 1.
 * @throws {@link HashRingError} `ERR_INVALID_OPTION` when `buckets` is out of range.
 */
export function jumpHash(hi: number, lo: number, buckets: number): number {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 0x7fffffff) {
    throw new HashRingError(
      'ERR_INVALID_OPTION',
      `buckets must be an integer in 1..2^31-1, got ${buckets}`,
    );
  }
  let kh = hi >>> 0;
  let kl = lo >>> 0;
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    // key = key × M + 1 (mod 2^64): the low 32×32 product exactly via 16-bit limbs.
    const a0 = kl & 0xffff;
    const a1 = kl >>> 16;
    const p00 = a0 * M_LO0;
    const p01 = a0 * M_LO1;
    const p10 = a1 * M_LO0;
    const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
    const low = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
    let high = (a1 * M_LO1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
    high = (high + Math.imul(kh, M_LO) + Math.imul(kl, M_HI)) >>> 0;
    kl = (low + 1) >>> 0;
    kh = kl === 0 ? (high + 1) >>> 0 : high;
    // j = (b + 1) × 2^31 / ((key >>> 33) + 1)
    j = Math.floor((b + 1) * (2147483648 / ((kh >>> 1) + 1)));
  }
  return b;
}

/**
 * {@link jumpHash} for a bigint key (convenience; allocates).
 *
 * @param key - unsigned 64-bit key.
 * @param buckets - number of buckets.
 * @throws {@link HashRingError} `ERR_INVALID_OPTION`
 */
export function jumpHash64(key: bigint, buckets: number): number {
  const k = BigInt.asUintN(64, key);
  return jumpHash(Number(k >> 32n), Number(k & 0xffffffffn), buckets);
}
