import {
  COMPOUND_HEADER_OVERHEAD,
  COMPOUND_PART_OVERHEAD,
  MAX_COMPOUND_PARTS,
  MAX_COMPOUND_PARTS_V022,
  MAX_COMPOUND_PART_SIZE,
  UDP_BUFFER_SIZE,
} from './constants.js';
import { WireError } from './errors.js';
import type { Compound } from './messages.js';
import { MessageType } from './messages.js';

/**
 * Encode a compound message: `[7][count u8][len u16 BE]×count[part]×count`. Each part must be a
 * complete encoded message (type byte first).
 *
 * @param maxParts - most parts allowed. The default keeps memberlist v0.2.2 receivers correct
 *   (they mis-parse 128 or more parts silently); pass 255 only for peers ≥ v0.3.2.
 *   @default 127
 * @throws {@link WireError} `ERR_TOO_LARGE` for more than `maxParts` (≤ 255) parts or a part over
 *   65 535 bytes; `ERR_ENCODE` for no parts or an empty part.
 */
export function encodeCompound(
  parts: readonly Uint8Array[],
  maxParts: number = MAX_COMPOUND_PARTS_V022,
): Uint8Array {
  if (parts.length === 0) throw new WireError('ERR_ENCODE', 'a compound needs at least one part');
  const limit = Math.min(maxParts, MAX_COMPOUND_PARTS);
  if (parts.length > limit) {
    throw new WireError(
      'ERR_TOO_LARGE',
      `a compound holds at most ${limit} parts here, got ${parts.length}`,
    );
  }
  let size = COMPOUND_HEADER_OVERHEAD + COMPOUND_PART_OVERHEAD * parts.length;
  for (const p of parts) {
    if (p.length === 0) throw new WireError('ERR_ENCODE', 'a compound part cannot be empty');
    if (p.length > MAX_COMPOUND_PART_SIZE) {
      throw new WireError(
        'ERR_TOO_LARGE',
        `a compound part holds at most ${MAX_COMPOUND_PART_SIZE} bytes, got ${p.length}`,
      );
    }
    size += p.length;
  }
  const out = new Uint8Array(size);
  out[0] = MessageType.Compound;
  out[1] = parts.length;
  let lp = 2;
  let dp = 2 + 2 * parts.length;
  for (const p of parts) {
    out[lp++] = p.length >>> 8;
    out[lp++] = p.length & 0xff;
    out.set(p, dp);
    dp += p.length;
  }
  return out;
}

/**
 * Decode a compound message (`bytes[0]` must be 7). Like Go: parts cut off by the end of the
 * input are counted in `truncated` and dropped, the earlier ones are kept; trailing bytes are
 * ignored. Parts are subarrays of `bytes`.
 *
 * @throws {@link WireError} `ERR_DECODE` when the header or length table is incomplete.
 */
export function decodeCompound(bytes: Uint8Array): Compound {
  if (bytes.length < 2 || bytes[0] !== MessageType.Compound)
    throw new WireError('ERR_DECODE', 'not a compound message');
  const count = bytes[1]!;
  const tableEnd = 2 + 2 * count;
  if (bytes.length < tableEnd)
    throw new WireError('ERR_DECODE', `compound length table truncated (${count} parts)`);
  const parts: Uint8Array[] = [];
  let offset = tableEnd;
  for (let i = 0; i < count; i++) {
    const len = (bytes[2 + 2 * i]! << 8) | bytes[3 + 2 * i]!;
    if (offset + len > bytes.length) return { parts, truncated: count - i };
    parts.push(bytes.subarray(offset, offset + len));
    offset += len;
  }
  return { parts, truncated: 0 };
}

/** Options of {@link packMessages}. */
export interface PackOptions {
  /**
   * Largest packet (the plain message, before compression/CRC/encryption/label), in bytes.
   * Subtract {@link packetOverhead} from the UDP budget to get it.
   * @default 1400 (UDP_BUFFER_SIZE)
   */
  readonly budget?: number;
  /**
   * Most parts per compound. The default keeps memberlist v0.2.2 receivers correct; 255 is the
   * format's limit.
   * @default 127
   */
  readonly maxParts?: number;
}

/**
 * Pack encoded messages into as few packets as possible, each ≤ `budget` bytes: a packet with
 * one message is that message as is, several become a compound (2 bytes header + 2 per part).
 * First-fit decreasing bin packing (within 11/9 of optimal; order of messages is not kept).
 * A message that alone exceeds the budget is returned as its own packet, unwrapped.
 *
 * @throws {@link WireError} `ERR_ENCODE` for an empty message, `ERR_INVALID_OPTION` for a bad
 *   `budget` or `maxParts`.
 */
export function packMessages(
  messages: readonly Uint8Array[],
  options: PackOptions = {},
): Uint8Array[] {
  const budget = options.budget ?? UDP_BUFFER_SIZE;
  const maxParts = options.maxParts ?? MAX_COMPOUND_PARTS_V022;
  if (!Number.isInteger(budget) || budget < 1)
    throw new WireError('ERR_INVALID_OPTION', `invalid budget ${budget}`);
  if (!Number.isInteger(maxParts) || maxParts < 1 || maxParts > MAX_COMPOUND_PARTS) {
    throw new WireError(
      'ERR_INVALID_OPTION',
      `maxParts must be 1..${MAX_COMPOUND_PARTS}, got ${maxParts}`,
    );
  }
  const order = messages.map((_, i) => i).sort((a, b) => messages[b]!.length - messages[a]!.length);
  // bins[i]: message indices, sizes[i]: compound size if packed as a compound.
  const bins: number[][] = [];
  const sizes: number[] = [];
  const out: Uint8Array[] = [];
  for (const i of order) {
    const m = messages[i]!;
    if (m.length === 0) throw new WireError('ERR_ENCODE', 'cannot pack an empty message');
    const cost = m.length + COMPOUND_PART_OVERHEAD;
    if (m.length > budget || m.length > MAX_COMPOUND_PART_SIZE) {
      out.push(m);
      continue;
    }
    let placed = false;
    for (let b = 0; b < bins.length; b++) {
      if (bins[b]!.length < maxParts && sizes[b]! + cost <= budget) {
        bins[b]!.push(i);
        sizes[b]! += cost;
        placed = true;
        break;
      }
    }
    if (!placed) {
      bins.push([i]);
      sizes.push(COMPOUND_HEADER_OVERHEAD + cost);
    }
  }
  for (const bin of bins) {
    if (bin.length === 1) out.push(messages[bin[0]!]!);
    else
      out.push(
        encodeCompound(
          bin.map((i) => messages[i]!),
          maxParts,
        ),
      );
  }
  return out;
}
