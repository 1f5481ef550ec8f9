import { describe, expect, it } from 'vitest';
import { hash32, hash64, utf8 } from './hash.js';

describe('hash', () => {
  it('hashes strings and their UTF-8 bytes identically', () => {
    for (const key of ['', 'hello', 'ünïcødé', 'a'.repeat(1000)]) {
      expect(hash32(key)).toBe(hash32(utf8(key)));
      expect(hash64(key)).toBe(hash64(utf8(key)));
    }
  });
  it('matches the published xxh32 / xxh64 test vectors', () => {
    expect(hash32('')).toBe(0x02cc5d05);
    expect(hash64('')).toBe(0xef46db3751d8e999n);
    expect(hash32('a')).toBe(0x550d7456);
  });
});
