import xxhashInit from 'xxhash-wasm';

/**
 * xxhash-wasm is instantiated exactly once, when this module is first imported (top-level await),
 * so every lookup afterwards is synchronous: callers never await a hash.
 */
const xxhash = await xxhashInit();
const encoder = new TextEncoder();

/** A key as accepted by every ring: a string (hashed as UTF-8) or raw bytes. */
export type Key = string | Uint8Array;

/**
 * 32-bit xxHash of a key, as an unsigned integer.
 *
 * @param key - string (UTF-8) or bytes.
 * @param seed - optional 32-bit seed.
 */
export function hash32(key: Key, seed = 0): number {
  return typeof key === 'string' ? xxhash.h32(key, seed) >>> 0 : xxhash.h32Raw(key, seed) >>> 0;
}

/**
 * 64-bit xxHash of a key, as an unsigned bigint.
 *
 * @param key - string (UTF-8) or bytes.
 * @param seed - optional 64-bit seed.
 */
export function hash64(key: Key, seed: bigint = 0n): bigint {
  return typeof key === 'string' ? xxhash.h64(key, seed) : xxhash.h64Raw(key, seed);
}

/**
 * Encode a string key to UTF-8 bytes (shared encoder, no per-call construction).
 *
 * @param key - the string.
 */
export function utf8(key: string): Uint8Array {
  return encoder.encode(key);
}
