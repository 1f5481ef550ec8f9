import { normalizeAddress } from '../../address.js';
import { TransportError } from '../../errors.js';
import type { Address } from '../../transport.js';

/** First byte of every TCP-only connection ('R' for Ring), so foreign traffic is rejected early. */
export const PREFACE_MAGIC = 0x52;
/** Connection kind: a channel of length-prefixed packets. */
export const KIND_PACKETS = 0x50; // 'P'
/** Connection kind: one user stream. */
export const KIND_STREAM = 0x53; // 'S'

/** What a connection preface says. */
export interface Preface {
  /** {@link KIND_PACKETS} or {@link KIND_STREAM}. */
  readonly kind: typeof KIND_PACKETS | typeof KIND_STREAM;
  /** The sender's advertised address (where replies should go). */
  readonly from: Address;
}

/**
 * Encode the connection preface: magic, kind, one length byte, the sender's advertised address in
 * ASCII. Sent once by the dialing side of every TCP-only connection.
 *
 * @throws TransportError `ERR_INVALID_ADDRESS` if the address is longer than 255 bytes.
 */
export function encodePreface(kind: Preface['kind'], from: Address): Buffer {
  const addr = Buffer.from(from, 'latin1');
  if (addr.length > 255)
    throw new TransportError('ERR_INVALID_ADDRESS', 'advertised address too long for the preface');
  return Buffer.concat([Buffer.of(PREFACE_MAGIC, kind, addr.length), addr]);
}

/**
 * Try to decode a preface from the start of `buf`.
 *
 * @returns the preface and how many bytes it took, or `undefined` if more bytes are needed.
 * @throws TransportError `ERR_DECODE`-like `ERR_INVALID_ADDRESS` for a bad magic, kind or address.
 */
export function decodePreface(buf: Buffer): { preface: Preface; length: number } | undefined {
  if (buf.length >= 1 && buf[0] !== PREFACE_MAGIC)
    throw new TransportError(
      'ERR_INVALID_ADDRESS',
      'not a Ring TCP connection (bad preface magic)',
    );
  if (buf.length < 3) return undefined;
  const kind = buf[1];
  if (kind !== KIND_PACKETS && kind !== KIND_STREAM)
    throw new TransportError('ERR_INVALID_ADDRESS', `unknown connection kind ${String(kind)}`);
  const length = 3 + buf[2]!;
  if (buf.length < length) return undefined;
  const from = normalizeAddress(buf.toString('latin1', 3, length));
  return { preface: { kind, from }, length };
}
