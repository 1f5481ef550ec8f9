import * as zlib from 'node:zlib';
import { CRC_HEADER_SIZE } from '../constants.js';
import { WireError } from '../errors.js';
import { MessageType } from '../messages.js';

let table: Uint32Array | undefined;

function tableCrc32(data: Uint8Array): number {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/**
 * CRC-32/IEEE (Go's `crc32.ChecksumIEEE`, zlib's crc32): reflected polynomial 0xEDB88320, initial
 * value and final XOR 0xFFFFFFFF. Uses `zlib.crc32` where Node has it (≥ 20.15), else a table.
 */
export const crc32: (data: Uint8Array) => number =
  typeof native === 'function' ? (d) => native(d) >>> 0 : tableCrc32;

/** The table implementation, exported for tests that compare it with the native one. */
export const crc32Table = tableCrc32;

/**
 * Wrap a message in memberlist's CRC layer: `[12][crc32(message) BE][message]`.
 */
export function wrapCrc(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(CRC_HEADER_SIZE + message.length);
  out[0] = MessageType.HasCrc;
  new DataView(out.buffer).setUint32(1, crc32(message));
  out.set(message, CRC_HEADER_SIZE);
  return out;
}

/**
 * Verify and strip a CRC layer (`packet[0]` must be 12). Returns a view of the inner message.
 *
 * @throws {@link WireError} `ERR_DECODE` when shorter than 5 bytes, `ERR_CRC` on mismatch.
 */
export function unwrapCrc(packet: Uint8Array): Uint8Array {
  if (packet.length < CRC_HEADER_SIZE || packet[0] !== MessageType.HasCrc) {
    throw new WireError('ERR_DECODE', 'not a CRC-wrapped message');
  }
  const expected = new DataView(packet.buffer, packet.byteOffset, packet.byteLength).getUint32(1);
  const inner = packet.subarray(CRC_HEADER_SIZE);
  const actual = crc32(inner);
  if (actual !== expected) {
    throw new WireError(
      'ERR_CRC',
      `CRC mismatch: header ${expected.toString(16)}, computed ${actual.toString(16)}`,
    );
  }
  return inner;
}
