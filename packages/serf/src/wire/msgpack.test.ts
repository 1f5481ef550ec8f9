import { describe, expect, it } from 'vitest';
import { MsgWriter, decodeValue } from './msgpack.js';
import type { EncodableValue } from './msgpack.js';

const enc = (v: EncodableValue): Uint8Array => {
  const w = new MsgWriter();
  w.value(v);
  return w.finish();
};
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('msgpack as go-msgpack writes it', () => {
  it('writes unsigned forms, raw str for strings and bytes, sorted map keys', () => {
    expect(hex(enc(200))).toBe('ccc8');
    expect(hex(enc(70_000))).toBe('ce00011170');
    expect(hex(enc(5_000_000_000))).toBe('cf000000012a05f200'); // a Duration in ns
    expect(hex(enc(-1))).toBe('ff');
    expect(hex(enc(-200))).toBe('d1ff38');
    expect(hex(enc('x'.repeat(40)).subarray(0, 3))).toBe('da0028');
    expect(hex(enc({ b: 1, a: true }))).toBe('82a161c3a16201');
    expect(hex(enc(Array<null>(20).fill(null)).subarray(0, 3))).toBe('dc0014');
  });

  it('decodes every integer width, str/bin, arrays and maps', () => {
    for (const v of [
      0,
      127,
      128,
      65_535,
      65_536,
      2 ** 32,
      2 ** 53 - 1,
      -1,
      -33,
      -129,
      -40_000,
      -(2 ** 31),
    ])
      expect(decodeValue(enc(v)).value).toBe(v);
    expect(decodeValue(Uint8Array.of(0xc4, 2, 1, 2)).value).toEqual(Uint8Array.of(1, 2));
    expect(decodeValue(Uint8Array.of(0xd9, 1, 0x41)).value).toEqual(Uint8Array.of(0x41));
    expect(
      decodeValue(Uint8Array.of(0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe)).value,
    ).toBe(-2);
    expect(decodeValue(enc({ k: [1, 'v'] })).value).toEqual(
      new Map([['k', [1, Uint8Array.of(0x76)]]]),
    );
  });

  it('refuses floats, ext, truncation, absurd counts, deep nesting and unsafe numbers', () => {
    const bad = [
      [0xcb, 0, 0, 0, 0, 0, 0, 0, 0],
      [0xd4, 0, 0],
      [0xa5, 1],
      [0xdd, 0xff, 0xff, 0xff, 0xff],
      [0xcf, 0xff, 0, 0, 0, 0, 0, 0, 0],
      Array<number>(40).fill(0x91),
    ];
    for (const b of bad)
      expect(() => decodeValue(Uint8Array.from(b))).toThrow(
        expect.objectContaining({ code: 'ERR_DECODE' }) as Error,
      );
    expect(() => enc(1.5)).toThrow(expect.objectContaining({ code: 'ERR_ENCODE' }) as Error);
  });
});
