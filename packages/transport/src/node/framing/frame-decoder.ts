import { TransportError } from '../../errors.js';

/** Bytes of the big-endian length prefix in front of every TCP-only packet frame. */
export const FRAME_HEADER_BYTES = 4;

/**
 * Encode one packet as a frame: a 4-byte big-endian length, then the payload.
 *
 * @param payload - the packet.
 */
export function encodeFrame(payload: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32BE(payload.length, 0);
  frame.set(payload, FRAME_HEADER_BYTES);
  return frame;
}

/**
 * Incremental decoder of length-prefixed frames from a byte stream. Feed it chunks as they arrive;
 * it calls `onFrame` for every complete frame (a fresh buffer the receiver owns).
 */
export class FrameDecoder {
  readonly #maxFrame: number;
  readonly #onFrame: (frame: Uint8Array) => void;
  #pending: Buffer[] = [];
  #pendingBytes = 0;

  /**
   * @param maxFrame - largest payload accepted.
   * @param onFrame - receives each payload.
   */
  constructor(maxFrame: number, onFrame: (frame: Uint8Array) => void) {
    this.#maxFrame = maxFrame;
    this.#onFrame = onFrame;
  }

  /** Bytes received but not yet part of a complete frame. */
  get bufferedBytes(): number {
    return this.#pendingBytes;
  }

  /**
   * Consume a chunk.
   * @throws TransportError `ERR_PACKET_TOO_LARGE` when a frame announces more than `maxFrame` bytes
   *   (the connection should then be dropped: the peer is broken or hostile).
   */
  push(chunk: Buffer): void {
    let buf: Buffer;
    if (this.#pendingBytes === 0) {
      buf = chunk;
    } else {
      this.#pending.push(chunk);
      buf = Buffer.concat(this.#pending, this.#pendingBytes + chunk.length);
    }
    let offset = 0;
    while (buf.length - offset >= FRAME_HEADER_BYTES) {
      const length = buf.readUInt32BE(offset);
      if (length > this.#maxFrame) {
        throw new TransportError(
          'ERR_PACKET_TOO_LARGE',
          `frame of ${length} bytes exceeds the limit of ${this.#maxFrame}`,
        );
      }
      const end = offset + FRAME_HEADER_BYTES + length;
      if (end > buf.length) break;
      this.#onFrame(Uint8Array.prototype.slice.call(buf, offset + FRAME_HEADER_BYTES, end));
      offset = end;
    }
    const rest = buf.length - offset;
    this.#pending = rest === 0 ? [] : [buf.subarray(offset)];
    this.#pendingBytes = rest;
  }
}
