import xxhashInit from 'xxhash-wasm';
import { HashRingError } from '../errors.js';

/**
 * No top-level await: this module loads synchronously, so `require('@ring/hashring')` works on
 * Node >= 20.19 (`require(esm)` refuses modules with a top-level await). Every lookup is
 * synchronous from the first call.
 *
 * xxhash-wasm is instantiated in the background when this module is first loaded. Until it is
 * ready (and if WebAssembly is unavailable), the equivalent JavaScript xxh32 and xxh64 below
 * answer instead; both paths produce the same values, which `hash.test.ts` proves.
 *
 * Short keys (the common case: ids, `host:port`, cache keys) always take the JavaScript xxh32:
 * crossing into WebAssembly (copying the key into wasm memory) costs more than hashing 30 bytes.
 */
type XXHashApi = Awaited<ReturnType<typeof xxhashInit>>;
let xxhash: XXHashApi | undefined;
void xxhashInit().then(
  (api) => {
    xxhash = api;
  },
  () => {
    // WebAssembly unavailable: the JavaScript paths keep answering, with identical values.
  },
);
const encoder = new TextEncoder();

/** A key as accepted by every ring: a string (hashed as UTF-8) or raw bytes. */
export type Key = string | Uint8Array;

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;
/** Keys longer than this go to the WebAssembly xxh32, which wins on long inputs. */
const JS_MAX_LENGTH = 96;

function round(acc: number, lane: number): number {
  const a = (acc + Math.imul(lane, P2)) | 0;
  return Math.imul((a << 13) | (a >>> 19), P1);
}

function avalanche(h: number): number {
  let x = h ^ (h >>> 15);
  x = Math.imul(x, P2);
  x ^= x >>> 13;
  x = Math.imul(x, P3);
  return (x ^ (x >>> 16)) >>> 0;
}

/** OR of every char code read by the ASCII path; above 0x7f means the string was not ASCII. */
let charBits = 0;

function laneOfString(s: string, i: number): number {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  const c = s.charCodeAt(i + 2);
  const d = s.charCodeAt(i + 3);
  charBits |= a | b | c | d;
  return a | (b << 8) | (c << 16) | (d << 24);
}

function laneOfBytes(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
}

/**
 * xxh32 of a string read as one byte per char. Only meaningful when every char is ASCII, which
 * the caller checks afterwards through {@link charBits} (one pass instead of a scan plus a hash).
 */
function xxh32Ascii(s: string, seed: number): number {
  const len = s.length;
  let i = 0;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    const limit = len - 16;
    do {
      v1 = round(v1, laneOfString(s, i));
      v2 = round(v2, laneOfString(s, i + 4));
      v3 = round(v3, laneOfString(s, i + 8));
      v4 = round(v4, laneOfString(s, i + 12));
      i += 16;
    } while (i <= limit);
    h =
      ((v1 << 1) | (v1 >>> 31)) +
      ((v2 << 7) | (v2 >>> 25)) +
      ((v3 << 12) | (v3 >>> 20)) +
      ((v4 << 18) | (v4 >>> 14));
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + len) | 0;
  for (; i + 4 <= len; i += 4) {
    h = (h + Math.imul(laneOfString(s, i), P3)) | 0;
    h = Math.imul((h << 17) | (h >>> 15), P4);
  }
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    charBits |= c;
    h = (h + Math.imul(c, P5)) | 0;
    h = Math.imul((h << 11) | (h >>> 21), P1);
  }
  return avalanche(h);
}

/**
 * xxh32 of bytes `b[0..len)`. The same steps as {@link xxh32Ascii}, spelled out again on purpose:
 * on the lookup hot path each loop reads its lanes directly, with no lane-reader callback per
 * 4 bytes.
 */
function xxh32Bytes(b: Uint8Array, len: number, seed: number): number {
  let i = 0;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    const limit = len - 16;
    do {
      v1 = round(v1, laneOfBytes(b, i));
      v2 = round(v2, laneOfBytes(b, i + 4));
      v3 = round(v3, laneOfBytes(b, i + 8));
      v4 = round(v4, laneOfBytes(b, i + 12));
      i += 16;
    } while (i <= limit);
    h =
      ((v1 << 1) | (v1 >>> 31)) +
      ((v2 << 7) | (v2 >>> 25)) +
      ((v3 << 12) | (v3 >>> 20)) +
      ((v4 << 18) | (v4 >>> 14));
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + len) | 0;
  for (; i + 4 <= len; i += 4) {
    h = (h + Math.imul(laneOfBytes(b, i), P3)) | 0;
    h = Math.imul((h << 17) | (h >>> 15), P4);
  }
  for (; i < len; i++) {
    h = (h + Math.imul(b[i]!, P5)) | 0;
    h = Math.imul((h << 11) | (h >>> 21), P1);
  }
  return avalanche(h);
}

/**
 * 32-bit xxHash (xxh32) of a key, as an unsigned integer. Synchronous and allocation-free for
 * short ASCII strings and short byte keys.
 *
 * @param key - string (UTF-8) or bytes.
 * @param seed - optional 32-bit seed.
 * @default seed 0
 */
export function hash32(key: Key, seed = 0): number {
  if (typeof key === 'string') {
    if (key.length <= JS_MAX_LENGTH) {
      charBits = 0;
      const h = xxh32Ascii(key, seed | 0);
      if (charBits <= 0x7f) return h;
    }
    if (xxhash !== undefined) return xxhash.h32(key, seed) >>> 0;
    const bytes = encoder.encode(key);
    return xxh32Bytes(bytes, bytes.length, seed | 0);
  }
  return key.length <= JS_MAX_LENGTH || xxhash === undefined
    ? xxh32Bytes(key, key.length, seed | 0)
    : xxhash.h32Raw(key, seed) >>> 0;
}

/**
 * 64-bit xxHash of a key, as an unsigned bigint.
 *
 * @param key - string (UTF-8) or bytes.
 * @param seed - optional 64-bit seed.
 * @default seed 0n
 */
export function hash64(key: Key, seed: bigint = 0n): bigint {
  if (xxhash === undefined)
    return xxh64Js(typeof key === 'string' ? encoder.encode(key) : key, seed);
  return typeof key === 'string' ? xxhash.h64(key, seed) : xxhash.h64Raw(key, seed);
}

const M64 = 0xffffffffffffffffn;
const Q1 = 0x9e3779b185ebca87n;
const Q2 = 0xc2b2ae3d27d4eb4fn;
const Q3 = 0x165667b19e3779f9n;
const Q4 = 0x85ebca77c2b2ae63n;
const Q5 = 0x27d4eb2f165667c5n;

function rotl64(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & M64;
}

function round64(acc: bigint, lane: bigint): bigint {
  return (rotl64((acc + lane * Q2) & M64, 31n) * Q1) & M64;
}

function merge64(acc: bigint, v: bigint): bigint {
  return ((acc ^ round64(0n, v)) * Q1 + Q4) & M64;
}

function lane64(b: Uint8Array, i: number): bigint {
  const lo = (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
  const hi = (b[i + 4]! | (b[i + 5]! << 8) | (b[i + 6]! << 16) | (b[i + 7]! << 24)) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/**
 * xxh64 in JavaScript (bigint arithmetic), used until xxhash-wasm is ready or when WebAssembly is
 * unavailable. Slower than the wasm path, identical in value.
 *
 * @internal Exported for the equivalence test; not part of the package's public entry point.
 * @param b - the bytes to hash.
 * @param seed - 64-bit seed (reduced modulo 2^64).
 * @returns the unsigned 64-bit hash.
 */
export function xxh64Js(b: Uint8Array, seed: bigint = 0n): bigint {
  const len = b.length;
  const s = seed & M64;
  let i = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (s + Q1 + Q2) & M64;
    let v2 = (s + Q2) & M64;
    let v3 = s;
    let v4 = (s - Q1) & M64;
    const limit = len - 32;
    do {
      v1 = round64(v1, lane64(b, i));
      v2 = round64(v2, lane64(b, i + 8));
      v3 = round64(v3, lane64(b, i + 16));
      v4 = round64(v4, lane64(b, i + 24));
      i += 32;
    } while (i <= limit);
    h = (rotl64(v1, 1n) + rotl64(v2, 7n) + rotl64(v3, 12n) + rotl64(v4, 18n)) & M64;
    h = merge64(h, v1);
    h = merge64(h, v2);
    h = merge64(h, v3);
    h = merge64(h, v4);
  } else {
    h = (s + Q5) & M64;
  }
  h = (h + BigInt(len)) & M64;
  for (; i + 8 <= len; i += 8) {
    h ^= round64(0n, lane64(b, i));
    h = (rotl64(h, 27n) * Q1 + Q4) & M64;
  }
  if (i + 4 <= len) {
    const w = (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
    h ^= (BigInt(w) * Q1) & M64;
    h = (rotl64(h, 23n) * Q2 + Q3) & M64;
    i += 4;
  }
  for (; i < len; i++) {
    h ^= (BigInt(b[i]!) * Q5) & M64;
    h = (rotl64(h, 11n) * Q1) & M64;
  }
  h ^= h >> 33n;
  h = (h * Q2) & M64;
  h ^= h >> 29n;
  h = (h * Q3) & M64;
  h ^= h >> 32n;
  return h;
}

/**
 * Resolves once the WebAssembly xxhash is in use (or WebAssembly turned out to be unavailable).
 * Never needed for correctness: every hash is synchronous and has the same value either way; await
 * it only to measure steady-state speed.
 *
 * @internal Exported for tests and benchmarks.
 * @returns whether the WebAssembly path is active.
 */
export function wasmReady(): Promise<boolean> {
  return xxhashInit().then(
    (api) => {
      xxhash ??= api;
      return true;
    },
    () => false,
  );
}

/**
 * Encode a string key to UTF-8 bytes (shared encoder, no per-call construction).
 *
 * @param key - the string.
 */
export function utf8(key: string): Uint8Array {
  return encoder.encode(key);
}

/**
 * murmur3's 32-bit finaliser: a bijection on 32-bit integers with full avalanche. Used to derive
 * independent hashes (rendezvous scores, jump's second word) from one xxh32 without rehashing.
 *
 * @param x - any 32-bit integer.
 * @returns an unsigned 32-bit integer.
 */
export function fmix32(x: number): number {
  let h = x ^ (x >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Throw `ERR_INVALID_KEY` unless `key` is a string or a `Uint8Array`. Lookups call it so that a
 * number or `undefined` from untyped callers gets a typed error instead of a hash of "undefined".
 *
 * @param key - the value to check.
 * @throws {@link HashRingError} `ERR_INVALID_KEY`
 */
export function assertKey(key: unknown): asserts key is Key {
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
    throw new HashRingError(
      'ERR_INVALID_KEY',
      `key must be a string or a Uint8Array, got ${typeof key}`,
    );
  }
}
