import { describe, expect, it } from 'vitest';
import xxhashInit from 'xxhash-wasm';
import { assertKey, fmix32, hash32, hash64, utf8, wasmReady, xxh64Js } from './hash.js';
import { isHashRingError } from '../errors.js';

const wasm = await xxhashInit();

describe('hash', () => {
  it('hashes strings and their UTF-8 bytes identically', () => {
    for (const key of ['', 'hello', 'ünïcødé', 'a'.repeat(1000), '127.0.0.1:7947', '🙂 emoji']) {
      expect(hash32(key)).toBe(hash32(utf8(key)));
      expect(hash64(key)).toBe(hash64(utf8(key)));
    }
  });
  it('matches the published xxh32 / xxh64 test vectors', () => {
    expect(hash32('')).toBe(0x02cc5d05);
    expect(hash64('')).toBe(0xef46db3751d8e999n);
    expect(hash32('a')).toBe(0x550d7456);
    expect(hash32('abc')).toBe(0x32d153ff);
  });
  it('the JavaScript fast path equals the WebAssembly xxh32 for every length 0..200 and several seeds (seed 7)', () => {
    let text = '';
    for (let len = 0; len <= 200; len++) {
      for (const seed of [0, 1, 7, 0x9e3779b1, -1]) {
        expect(hash32(text, seed)).toBe(wasm.h32(text, seed) >>> 0);
        const bytes = utf8(text);
        expect(hash32(bytes, seed)).toBe(wasm.h32Raw(bytes, seed) >>> 0);
      }
      text += String.fromCharCode(32 + ((len * 7) % 95));
    }
  });
  it('the JavaScript xxh64 equals the WebAssembly xxh64 for every length 0..200 and several seeds', () => {
    const bytes = new Uint8Array(200);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 131 + 7) & 0xff;
    for (let len = 0; len <= 200; len++) {
      const key = bytes.subarray(0, len);
      for (const seed of [0n, 1n, 7n, 0x9e3779b185ebca87n, 0xffffffffffffffffn]) {
        expect(xxh64Js(key, seed)).toBe(wasm.h64Raw(key, seed));
      }
    }
    expect(xxh64Js(new Uint8Array(0))).toBe(0xef46db3751d8e999n);
  });
  it('reports the WebAssembly path as ready and keeps the same values once it is', async () => {
    const before = [hash64('x'.repeat(150)), hash32('y'.repeat(150)), hash32('é'.repeat(40))];
    expect(await wasmReady()).toBe(true);
    expect([hash64('x'.repeat(150)), hash32('y'.repeat(150)), hash32('é'.repeat(40))]).toEqual(
      before,
    );
  });
  it('non-ASCII strings take the UTF-8 path and still agree with the bytes', () => {
    expect(hash32('é', 3)).toBe(wasm.h32Raw(new Uint8Array([0xc3, 0xa9]), 3) >>> 0);
  });
  it('fmix32 is murmur3 fmix32', () => {
    expect(fmix32(0)).toBe(0);
    expect(fmix32(1)).toBe(0x514e28b7);
  });
  it('assertKey rejects non-keys with ERR_INVALID_KEY', () => {
    expect(() => assertKey(42)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY' }) as Error,
    );
    let caught: unknown;
    try {
      assertKey(undefined);
    } catch (error) {
      caught = error;
    }
    expect(isHashRingError(caught, 'ERR_INVALID_KEY')).toBe(true);
    expect(() => assertKey('ok')).not.toThrow();
  });
});
