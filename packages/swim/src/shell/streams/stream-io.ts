import type { Stream } from '@ring/transport';
import type { Clock } from '@ring/base';
import type { WireMessage } from '../../wire/index.js';
import { SwimError } from '../../errors.js';
import type { StreamReader } from '../../config/layers.js';

/**
 * Read exactly one message from `stream`, parsing incrementally (memberlist streams are not
 * length-prefixed and Go does not half-close), within `timeoutMs` on `clock`.
 *
 * @param stream - the stream (iterated once, by hand, so that it stays open for a reply).
 * @param reader - the connection's incremental parser.
 * @param clock - for the deadline.
 * @param timeoutMs - give up (and close the stream) after this long.
 * @throws SwimError `ERR_TIMEOUT`, `ERR_DECODE` (malformed, or the peer closed mid-message),
 *   `ERR_SEND` when the connection was reset.
 */
export async function readStreamMessage(
  stream: Stream,
  reader: StreamReader,
  clock: Clock,
  timeoutMs: number,
): Promise<WireMessage> {
  let timedOut = false;
  const timer = clock.setTimeout(() => {
    timedOut = true;
    stream.close();
  }, timeoutMs);
  let received = 0;
  // Leaving a for-await loop early would close the stream before we can reply.
  const it = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await it.next();
      if (next.done === true) break;
      received += next.value.length;
      let msgs: WireMessage[];
      try {
        msgs = reader.push(next.value);
      } catch (cause) {
        throw new SwimError(
          'ERR_DECODE',
          `cannot decode stream message from ${stream.remoteAddress}`,
          { cause },
        );
      }
      const first = msgs[0];
      if (first !== undefined) return first;
    }
  } catch (error) {
    if (error instanceof SwimError) throw error;
    if (timedOut)
      throw new SwimError(
        'ERR_TIMEOUT',
        `no complete message from ${stream.remoteAddress} within ${timeoutMs} ms`,
      );
    throw new SwimError('ERR_SEND', `stream from ${stream.remoteAddress} failed`, { cause: error });
  } finally {
    timer.cancel();
  }
  if (timedOut)
    throw new SwimError(
      'ERR_TIMEOUT',
      `no complete message from ${stream.remoteAddress} within ${timeoutMs} ms`,
    );
  throw new SwimError(
    'ERR_DECODE',
    `stream from ${stream.remoteAddress} ended after ${received} bytes without a complete message`,
  );
}
