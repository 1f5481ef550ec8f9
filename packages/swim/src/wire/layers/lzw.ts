import { MAX_DECOMPRESSED_BYTES } from '../constants.js';
import { WireError } from '../errors.js';

// Go compress/lzw with LSB order and literal width 8 (the GIF flavour), as memberlist uses it.
const CLEAR = 256;
const EOF_CODE = 257;
const MAX_WIDTH = 12;
const MAX_CODE = (1 << MAX_WIDTH) - 1; // 4095
const TABLE_SIZE = 4 << MAX_WIDTH; // hash table slots, as in Go
const TABLE_MASK = TABLE_SIZE - 1;
const SCRATCH_BYTES = 1 << 20;
let scratch: Uint8Array | undefined;
// The decompressor's code tables (see lzwDecompress): where each code's string starts in the
// output and how long it is; codes above `decodeDirtyHi` are zero.
const decodeStarts = new Int32Array(1 << MAX_WIDTH);
const decodeLengths = new Uint16Array(1 << MAX_WIDTH).fill(1, 0, 256);
let decodeDirtyHi = EOF_CODE;

// The compressor's hash table, shared by every call (lzwCompress is synchronous): a slot is in use
// when its stamp equals the current generation, so starting over (a new call or a clear code) is
// one increment instead of zeroing 64 KiB — most packets are a few hundred bytes.
const table = new Uint32Array(TABLE_SIZE); // key << 12 | code
const stamps = new Uint32Array(TABLE_SIZE);
let generation = 0;
/** The compressor's output buffer, shared by every call and grown on demand. */
let compressOut = new Uint8Array(4096);

function newGeneration(): void {
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    stamps.fill(0);
    generation = 1;
  }
}

/**
 * Compress `input` exactly as Go's `lzw.NewWriter(w, lzw.LSB, 8)` + `Write` + `Close` does, so
 * the output is byte-identical to memberlist's: a clear code first, codes growing from 9 to 12
 * bits, a clear code (and table reset) when the next code would be 4095, the pending code, then
 * the end code 257, LSB-first bit packing with a zero-padded last byte.
 */
export function lzwCompress(input: Uint8Array): Uint8Array {
  const n = input.length;
  // Worst case: one 12-bit code per input byte plus a clear code every ~3,800 codes, the end code
  // and padding. Compressed into a shared buffer (this is synchronous) and copied out once.
  const bound = Math.ceil(((n + Math.ceil(n / 3000) + 4) * MAX_WIDTH) / 8) + 2;
  if (compressOut.length < bound)
    compressOut = new Uint8Array(Math.max(bound, compressOut.length * 2));
  const out = compressOut;
  newGeneration();
  // The bit writer is written out inline (no closures over mutable state, which V8 would keep in
  // a heap-allocated context): each `code` is or-ed in at `nBits`, full bytes flushed.
  let o = 0;
  let bits = CLEAR;
  let nBits = 9;
  let width = 9;
  let hi = EOF_CODE;
  let overflow = 1 << width;
  let gen = generation;
  if (n > 0) {
    let code = input[0]!;
    outer: for (let i = 1; i < n; i++) {
      const literal = input[i]!;
      const key = (code << 8) | literal;
      let hash = ((key >>> 12) ^ key) & TABLE_MASK;
      for (let h = hash; stamps[h] === gen; h = (h + 1) & TABLE_MASK) {
        const t = table[h]!;
        if (key === t >>> 12) {
          code = t & MAX_CODE;
          continue outer;
        }
      }
      // write(code)
      bits |= code << nBits;
      nBits += width;
      while (nBits >= 8) {
        out[o++] = bits & 0xff;
        bits >>>= 8;
        nBits -= 8;
      }
      code = literal;
      // incHi(): a new code, a wider code, or a clear code and a fresh table (Go's errOutOfCodes)
      hi++;
      if (hi === overflow) {
        width++;
        overflow <<= 1;
      }
      if (hi === MAX_CODE) {
        bits |= CLEAR << nBits;
        nBits += width;
        while (nBits >= 8) {
          out[o++] = bits & 0xff;
          bits >>>= 8;
          nBits -= 8;
        }
        width = 9;
        hi = EOF_CODE;
        overflow = 1 << width;
        newGeneration();
        gen = generation;
        continue;
      }
      while (stamps[hash] === gen) hash = (hash + 1) & TABLE_MASK;
      table[hash] = ((key << 12) | hi) >>> 0;
      stamps[hash] = gen;
    }
    bits |= code << nBits;
    nBits += width;
    while (nBits >= 8) {
      out[o++] = bits & 0xff;
      bits >>>= 8;
      nBits -= 8;
    }
    hi++;
    if (hi === overflow) {
      width++;
      overflow <<= 1;
    }
    if (hi === MAX_CODE) {
      bits |= CLEAR << nBits;
      nBits += width;
      while (nBits >= 8) {
        out[o++] = bits & 0xff;
        bits >>>= 8;
        nBits -= 8;
      }
      width = 9;
    }
  }
  bits |= EOF_CODE << nBits;
  nBits += width;
  while (nBits >= 8) {
    out[o++] = bits & 0xff;
    bits >>>= 8;
    nBits -= 8;
  }
  if (nBits > 0) out[o++] = bits & 0xff;
  return out.slice(0, o);
}

/**
 * Decompress Go `compress/lzw` LSB/8-bit data. Follows Go's reader: a clear code resets to 9 bits;
 * `code == hi` is the KwKwK case; at 12 bits the table stops growing until the next clear; data
 * after the end code is ignored.
 *
 * @param maxOutput - refuse to produce more bytes than this. @default 40 MiB
 * @throws {@link WireError} `ERR_DECODE` for an invalid code or data that ends before the end
 *   code; `ERR_TOO_LARGE` when the output would exceed `maxOutput`.
 */
export function lzwDecompress(
  input: Uint8Array,
  maxOutput: number = MAX_DECOMPRESSED_BYTES,
): Uint8Array {
  // Every string in the table already occurs in the output: a code's string is the previous
  // string plus the first byte of the one after it, which the output holds contiguously. So a
  // code is decoded by copying `lengths[c]` bytes from `starts[c]` (a memcpy, not a walk down a
  // prefix chain): the same output as Go's reader, ~10× faster on long strings.
  // The code tables are shared by every call (this is synchronous): allocating 24 KiB per packet
  // cost more than decoding a small one. Codes defined by the previous call are zeroed again, so
  // an undefined code reads as length 0 exactly as with fresh tables.
  const starts = decodeStarts;
  const lengths = decodeLengths;
  if (decodeDirtyHi > EOF_CODE) lengths.fill(0, EOF_CODE + 1, decodeDirtyHi + 1);
  decodeDirtyHi = EOF_CODE;
  // Bounded outputs (every packet) decode into one shared scratch buffer and copy out only a
  // result: a flood of over-budget bombs then allocates nothing (no garbage, no GC pauses).
  const shared = maxOutput <= SCRATCH_BYTES;
  if (shared && scratch === undefined) scratch = new Uint8Array(SCRATCH_BYTES);
  let out = shared
    ? scratch!.subarray(0, maxOutput)
    : new Uint8Array(Math.min(maxOutput, Math.max(64, input.length * 4)));
  let lastStart = 0;
  let o = 0;
  let width = 9;
  let hi = EOF_CODE;
  let overflow = 1 << width;
  let last = -1;
  let bits = 0;
  let nBits = 0;
  let pos = 0;

  for (;;) {
    while (nBits < width) {
      if (pos >= input.length)
        throw new WireError('ERR_DECODE', 'LZW data ends before the end code');
      bits |= input[pos++]! << nBits;
      nBits += 8;
    }
    const code = bits & ((1 << width) - 1);
    bits >>>= width;
    nBits -= width;

    const start = o;
    if (code < CLEAR) {
      if (o + 1 > out.length) out = grow(out, o, 1, maxOutput);
      out[o++] = code;
    } else if (code === CLEAR) {
      width = 9;
      hi = EOF_CODE;
      overflow = 1 << width;
      last = -1;
      continue;
    } else if (code === EOF_CODE) {
      return out.slice(0, o);
    } else if (code <= hi) {
      if (code === hi) {
        if (last < 0) throw new WireError('ERR_DECODE', `invalid LZW code ${code}`);
        // KwKwK: the previous string followed by its own first byte.
        const len = lengths[last]!;
        if (o + len + 1 > out.length) out = grow(out, o, len + 1, maxOutput);
        copy(out, lastStart, o, len);
        out[o + len] = out[lastStart]!;
        o += len + 1;
      } else {
        const len = lengths[code]!;
        if (len === 0) throw new WireError('ERR_DECODE', `undefined LZW code ${code}`);
        if (o + len > out.length) out = grow(out, o, len, maxOutput);
        copy(out, starts[code]!, o, len);
        o += len;
      }
    } else {
      throw new WireError('ERR_DECODE', `invalid LZW code ${code}`);
    }
    if (last >= 0) {
      starts[hi] = lastStart;
      lengths[hi] = lengths[last]! + 1;
      if (hi > decodeDirtyHi) decodeDirtyHi = hi;
    }
    last = code;
    lastStart = start;
    hi++;
    if (hi >= overflow) {
      if (width === MAX_WIDTH) {
        last = -1;
        hi--;
      } else {
        width++;
        overflow <<= 1;
      }
    }
  }
}

/** A larger output buffer holding the first `o` bytes of `out`, room for `need` more. */
function grow(out: Uint8Array, o: number, need: number, maxOutput: number): Uint8Array {
  if (o + need > maxOutput) {
    throw new WireError('ERR_TOO_LARGE', `LZW output exceeds ${maxOutput} bytes`);
  }
  let size = out.length * 2;
  while (size < o + need) size *= 2;
  const next = new Uint8Array(Math.min(size, maxOutput));
  next.set(out.subarray(0, o));
  return next;
}

/** Copy `len` earlier output bytes (non-overlapping: `from + len <= to`) to `to`. */
function copy(out: Uint8Array, from: number, to: number, len: number): void {
  if (len < 32) {
    for (let i = 0; i < len; i++) out[to + i] = out[from + i]!;
  } else {
    out.copyWithin(to, from, from + len);
  }
}
