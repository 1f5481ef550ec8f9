import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { md5, md5Words } from './md5.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('md5', () => {
  it('matches the RFC 1321 test suite', () => {
    expect(hex(md5(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hex(md5('a'))).toBe('0cc175b9c0f1b6a831c399e269772661');
    expect(hex(md5('abc'))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(hex(md5('message digest'))).toBe('f96b697d7cb7938d525a2f31aaf161d0');
    expect(
      hex(md5('12345678901234567890123456789012345678901234567890123456789012345678901234567890')),
    ).toBe('57edf4a22be3c955ac49da2e2107b67a');
  });
  it('matches node:crypto for every length 0..300, strings and bytes, including non-ASCII', () => {
    let text = '';
    for (let len = 0; len <= 300; len++) {
      expect(hex(md5(text))).toBe(createHash('md5').update(text).digest('hex'));
      const bytes = new Uint8Array(len).map((_, i) => (i * 131 + len) & 0xff);
      expect(hex(md5(bytes))).toBe(createHash('md5').update(bytes).digest('hex'));
      text += len % 17 === 0 ? 'é' : String.fromCharCode(33 + (len % 90));
    }
  });
  it('md5Words are the little-endian words ketama reads', () => {
    const digest = createHash('md5').update('127.0.0.1:11211-0').digest();
    const w = md5Words('127.0.0.1:11211-0');
    for (let j = 0; j < 4; j++) expect(w[j]).toBe(digest.readUInt32LE(j * 4));
  });
});
