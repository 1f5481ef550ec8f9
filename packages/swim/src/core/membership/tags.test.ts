import { describe, expect, it } from 'vitest';
import { decodeTags, encodeTags } from './tags.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('Serf tags', () => {
  it('encodes the magic byte then a fixmap of fixstr, as Serf writes it', () => {
    // Serf: 0xff, fixmap(1), fixstr "role", fixstr "web"
    expect(hex(encodeTags({ role: 'web' }))).toBe('ff81a4726f6c65a3776562');
    expect(hex(encodeTags({}))).toBe('ff80');
  });

  it('round-trips tags, including non-ASCII values', () => {
    const tags = { role: 'web', dc: 'eu-west-1', note: 'héllo ☃', ring: '1' };
    expect(decodeTags(encodeTags(tags))).toEqual(tags);
  });

  it('reads Serf-written tags with str16 values (Go writes raw 0xda, never str8)', () => {
    const long = 'x'.repeat(40);
    const bytes = Uint8Array.from([0xff, 0x81, 0xa1, 0x6b, 0xda, 0x00, 40, ...Buffer.from(long)]);
    expect(decodeTags(bytes)).toEqual({ k: long });
  });

  it('writes long values as str16 and 16+ tags under a map16 header, as Go does (never str8)', () => {
    const long = 'y'.repeat(40);
    expect(hex(encodeTags({ k: long }))).toBe(`ff81a16bda0028${'79'.repeat(40)}`);
    const many: Record<string, string> = {};
    for (let i = 0; i < 20; i++) many[`t${String(i).padStart(2, '0')}`] = String(i);
    const bytes = encodeTags(many);
    expect(hex(bytes.subarray(0, 4))).toBe('ffde0014');
    expect(decodeTags(bytes)).toEqual(many);
  });

  it('reads bin-encoded strings (go-msgpack v2) and nil values as ""', () => {
    const bytes = Uint8Array.of(0xff, 0x82, 0xa1, 0x61, 0xc4, 0x01, 0x78, 0xa1, 0x62, 0xc0);
    expect(decodeTags(bytes)).toEqual({ a: 'x', b: '' });
  });

  it('treats legacy meta without the magic byte as the role, and empty meta as no tags', () => {
    expect(decodeTags(new TextEncoder().encode('db'))).toEqual({ role: 'db' });
    expect(decodeTags(new Uint8Array(0))).toEqual({});
  });

  it.each([
    ['truncated msgpack', Uint8Array.of(0xff, 0x82, 0xa1)],
    ['an array', Uint8Array.of(0xff, 0x91, 0x01)],
    ['a non-string value', Uint8Array.of(0xff, 0x81, 0xa1, 0x6b, 0x05)],
    ['a non-string key', Uint8Array.of(0xff, 0x81, 0x05, 0xa1, 0x6b)],
    ['bytes after the map', Uint8Array.of(0xff, 0x80, 0x00)],
    ['a map16 claiming more entries than present', Uint8Array.of(0xff, 0xde, 0xff, 0xff)],
  ])('rejects %s with ERR_DECODE', (_what, bytes) => {
    expect(() => decodeTags(bytes)).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }) as Error,
    );
  });

  it('rejects non-string values on encode', () => {
    expect(() => encodeTags({ n: 5 as unknown as string })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
  });
});
