import { TransportError } from './errors.js';
import type { Address, TransportState } from './transport.js';

/**
 * The error of a `sendPacket`/`dial` before `start()` resolved (`ERR_NOT_STARTED`) or after
 * `close()` (`ERR_CLOSED`). Shared by every transport so the codes and words agree.
 *
 * @param state - the transport's state.
 */
export function notReadyError(state: TransportState): TransportError {
  return state === 'idle' || state === 'starting'
    ? new TransportError('ERR_NOT_STARTED', 'transport not started')
    : new TransportError('ERR_CLOSED', 'transport is closed');
}

/**
 * `ERR_PACKET_TOO_LARGE` for a packet over the transport's budget.
 *
 * @param size - the packet's length in bytes.
 * @param maxPacketSize - the budget.
 */
export function packetTooLargeError(size: number, maxPacketSize: number): TransportError {
  return new TransportError(
    'ERR_PACKET_TOO_LARGE',
    `packet of ${size} bytes exceeds maxPacketSize ${maxPacketSize}`,
  );
}

/**
 * Why `sendPacket(to, data)` must refuse `data`, or `undefined` when it may be sent: `ERR_SEND`
 * when it is not a `Uint8Array`, `ERR_PACKET_TOO_LARGE` when it exceeds `maxPacketSize`.
 *
 * @param data - what the caller passed.
 * @param maxPacketSize - the transport's budget.
 */
export function packetError(data: unknown, maxPacketSize: number): TransportError | undefined {
  if (!(data instanceof Uint8Array)) {
    return new TransportError('ERR_SEND', 'packet data must be a Uint8Array');
  }
  return data.length > maxPacketSize ? packetTooLargeError(data.length, maxPacketSize) : undefined;
}

/**
 * Why `Stream.write(chunk)` must refuse, or `undefined` when it may write: `ERR_STREAM_CLOSED`
 * after `end()`/`close()` or when the peer refused further data, `ERR_INVALID_OPTION` for a chunk
 * that is not a `Uint8Array`.
 *
 * @param closedForWriting - the stream can no longer be written.
 * @param remoteAddress - the peer, for the message.
 * @param chunk - what the caller passed.
 */
export function writeError(
  closedForWriting: boolean,
  remoteAddress: Address,
  chunk: unknown,
): TransportError | undefined {
  if (closedForWriting) {
    return new TransportError(
      'ERR_STREAM_CLOSED',
      `stream to ${remoteAddress} is closed for writing`,
    );
  }
  if (!(chunk instanceof Uint8Array)) {
    return new TransportError('ERR_INVALID_OPTION', 'stream chunks must be Uint8Array');
  }
  return undefined;
}

/**
 * Writers waiting on a stream's back-pressure: `wait()` parks one, `releaseAll()` lets every
 * parked writer continue, `rejectAll()` fails them (the stream closed or was reset).
 */
export class WriteWaiters {
  #waiters: { resolve(): void; reject(error: Error): void }[] = [];

  /** Writers parked now. */
  get size(): number {
    return this.#waiters.length;
  }

  /** Park a writer until {@link WriteWaiters.releaseAll} or {@link WriteWaiters.rejectAll}. */
  wait(): Promise<void> {
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Let every parked writer continue, in order. */
  releaseAll(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.resolve();
  }

  /**
   * Fail every parked writer with `error`, in order.
   *
   * @param error - the rejection reason.
   */
  rejectAll(error: Error): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(error);
  }
}
