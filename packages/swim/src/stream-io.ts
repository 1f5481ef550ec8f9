import type { Clock, Stream } from '@ring/transport';
import type { WireMessage } from './wire/index.js';
import { decodeStreamMessage, isWireError } from './wire/index.js';
import { SwimError } from './errors.js';

/**
 * Turns one stream message into bytes and back, including the stream layers (label, encryption,
 * compression) configured for the node.
 */
export interface StreamCodec {
  /** Bytes to write for `msg` (one request or response). */
  encode(msg: WireMessage): Uint8Array;
  /**
   * Try to decode one complete message from the bytes received so far.
   * @returns the message, or undefined when more bytes are needed.
   * @throws a WireError for malformed input.
   */
  tryDecode(received: Uint8Array): WireMessage | undefined;
}

/** True for the wire codec's "input ended early" error (wait for more bytes). */
export function isTruncated(error: unknown): boolean {
  return isWireError(error, 'ERR_DECODE') && error.message.startsWith('input ends inside');
}

/**
 * A plain {@link StreamCodec}'s decode step: decode once the bytes hold a complete message.
 *
 * @param received - bytes so far.
 */
export function tryDecodePlain(received: Uint8Array): WireMessage | undefined {
  if (received.length === 0) return undefined;
  try {
    return decodeStreamMessage(received);
  } catch (error) {
    if (isTruncated(error)) return undefined;
    throw error;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Read exactly one message from `stream`, parsing incrementally (memberlist streams are not
 * length-prefixed and Go does not half-close), within `timeoutMs` on `clock`.
 *
 * @param stream - the stream (iterated once).
 * @param codec - how to decode.
 * @param clock - for the deadline.
 * @param timeoutMs - give up (and close the stream) after this long.
 * @throws SwimError `ERR_TIMEOUT`, `ERR_DECODE` (malformed, or the peer closed mid-message), `ERR_SEND` on reset.
 */
export async function readStreamMessage(stream: Stream, codec: StreamCodec, clock: Clock, timeoutMs: number): Promise<WireMessage> {
  let timedOut = false;
  const timer = clock.setTimeout(() => {
    timedOut = true;
    stream.close();
  }, timeoutMs);
  let buf: Uint8Array = new Uint8Array(0);
  // Iterate by hand: leaving a for-await loop early would close the stream before we can reply.
  const it = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await it.next();
      if (next.done === true) break;
      buf = concat(buf, next.value);
      let msg: WireMessage | undefined;
      try {
        msg = codec.tryDecode(buf);
      } catch (cause) {
        throw new SwimError('ERR_DECODE', `cannot decode stream message from ${stream.remoteAddress}`, { cause });
      }
      if (msg !== undefined) return msg;
    }
  } catch (error) {
    if (error instanceof SwimError) throw error;
    if (timedOut) throw new SwimError('ERR_TIMEOUT', `no complete message from ${stream.remoteAddress} within ${timeoutMs} ms`);
    throw new SwimError('ERR_SEND', `stream from ${stream.remoteAddress} failed`, { cause: error });
  } finally {
    timer.cancel();
  }
  if (timedOut) throw new SwimError('ERR_TIMEOUT', `no complete message from ${stream.remoteAddress} within ${timeoutMs} ms`);
  throw new SwimError('ERR_DECODE', `stream from ${stream.remoteAddress} ended after ${buf.length} bytes without a complete message`);
}
