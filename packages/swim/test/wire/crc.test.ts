import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hexToBytes, loadFixture } from './fixtures.js';
import { crc32, unwrapCrc, wrapCrc } from '../../src/wire/layers/crc.js';

describe('CRC-32/IEEE wrapper', () => {
  it("matches the check value and zlib's crc32 (empty input and 0 to 1,500 bytes)", () => {
    const check = new TextEncoder().encode('123456789');
    expect(crc32(check)).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    for (let n = 0; n <= 1_500; n += 7) {
      const data = new Uint8Array(n).map((_, i) => (i * 131 + n) & 0xff);
      expect(crc32(data)).toBe(zlibCrc32(data) >>> 0);
    }
  });

  it('packet-crc: wraps byte-identically and unwraps', () => {
    const f = loadFixture('packet-crc');
    const bytes = hexToBytes(f.hex!);
    const inner = unwrapCrc(bytes);
    expect(wrapCrc(inner)).toEqual(bytes);
  });

  it('rejects a mismatch with ERR_CRC and short input with ERR_DECODE', () => {
    const bytes = wrapCrc(new Uint8Array([4, 0x80]));
    bytes[2]! ^= 1;
    expect(() => unwrapCrc(bytes)).toThrow(expect.objectContaining({ code: 'ERR_CRC' }));
    expect(() => unwrapCrc(new Uint8Array([12, 0, 0]))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
  });
});
