import { describe, expect, it } from 'vitest';
import { hexToBytes, loadFixture, toHex } from './fixtures.js';
import { seededFloats } from './fuzz-harness.js';
import { lzwCompress, lzwDecompress } from '../../src/wire/layers/lzw.js';

describe('LZW (Go compress/lzw, LSB, 8-bit)', () => {
  it.each(['lzw-small', 'lzw-large'])(
    '%s decompresses to Go input and recompresses byte-identically',
    (name) => {
      const f = loadFixture(name);
      const plain = f.decoded!.decompressedHex!;
      expect(toHex(lzwDecompress(hexToBytes(f.hex!)))).toBe(plain);
      expect(toHex(lzwCompress(hexToBytes(plain)))).toBe(f.hex);
    },
  );

  it('writes clear + end for empty input, as Go does', () => {
    // 256 then 257 at 9 bits, LSB first: 0x100 | 0x101 << 9 = 0x020300.
    expect(toHex(lzwCompress(new Uint8Array(0)))).toBe('000302');
    expect(lzwDecompress(lzwCompress(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  it.each([1, 2, 3])(
    'seed %i: round-trips random and repetitive data across table resets',
    (seed) => {
      const rand = seededFloats(seed);
      for (const size of [1, 2, 255, 4096, 70_000]) {
        const data = new Uint8Array(size);
        const alphabet = 1 + Math.floor(rand() * 255);
        for (let i = 0; i < size; i++) data[i] = Math.floor(rand() * alphabet);
        expect(lzwDecompress(lzwCompress(data))).toEqual(data);
      }
    },
  );

  it('accepts the literal-only stream (clear every 254 literals) that the spec says Go accepts', () => {
    const data = new Uint8Array(600).map((_, i) => (i * 37) & 0xff);
    const codes: number[] = [];
    for (let i = 0; i < data.length; i++) {
      if (i % 254 === 0) codes.push(256);
      codes.push(data[i]!);
    }
    codes.push(257);
    const out: number[] = [];
    let bits = 0;
    let n = 0;
    for (const c of codes) {
      bits |= c << n;
      n += 9;
      while (n >= 8) {
        out.push(bits & 0xff);
        bits >>>= 8;
        n -= 8;
      }
    }
    if (n > 0) out.push(bits & 0xff);
    expect(lzwDecompress(new Uint8Array(out))).toEqual(data);
  });

  it('rejects invalid codes, missing end code and oversized output with typed errors', () => {
    // clear, then code 300 (> hi) at 9 bits.
    expect(() => lzwDecompress(new Uint8Array([0x00, 0x59, 0x02]))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
    const ok = lzwCompress(new Uint8Array(1000).fill(7));
    expect(() => lzwDecompress(ok.subarray(0, ok.length - 2))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
    expect(() => lzwDecompress(ok, 999)).toThrow(
      expect.objectContaining({ code: 'ERR_TOO_LARGE' }),
    );
    expect(lzwDecompress(ok, 1000)).toHaveLength(1000);
  });
});

describe('lzwDecompress (copying decoder, shared scratch)', () => {
  it('round-trips seeded inputs of every entropy and size, through table resets (seed 19)', () => {
    let state = 19;
    const next = (): number => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state >>> 16;
    };
    for (const size of [1, 2, 100, 4_095, 4_096, 70_000, 1_200_000]) {
      for (const alphabet of [1, 2, 4, 16, 256]) {
        const input = new Uint8Array(size);
        for (let i = 0; i < size; i++) input[i] = alphabet === 1 ? 7 : next() % alphabet;
        const packed = lzwCompress(input);
        // Below 1 MiB the shared scratch is used; above it, a private buffer.
        const same = (out: Uint8Array): boolean => Buffer.from(out).equals(Buffer.from(input));
        expect(same(lzwDecompress(packed, Math.max(size, 1)))).toBe(true);
        expect(same(lzwDecompress(packed))).toBe(true);
      }
    }
  });

  it('results are copies: a later decode does not change an earlier result', () => {
    const a = lzwDecompress(lzwCompress(new Uint8Array(1000).fill(1)), 4096);
    lzwDecompress(lzwCompress(new Uint8Array(1000).fill(2)), 4096);
    expect(a.every((v) => v === 1)).toBe(true);
  });

  it('stops a KwKwK bomb at the bound without producing it', () => {
    const bomb = lzwCompress(new Uint8Array(1_047_000));
    expect(bomb.length).toBeLessThan(2_000);
    expect(() => lzwDecompress(bomb, 64 * 1024)).toThrow(
      expect.objectContaining({ code: 'ERR_TOO_LARGE' }),
    );
  });
});
