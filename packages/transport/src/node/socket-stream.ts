import type { Socket } from 'node:net';
import { ChunkQueue } from '../chunk-queue.js';
import { WriteWaiters, writeError } from '../contract-checks.js';
import { TransportError } from '../errors.js';
import type { Address, Stream } from '../transport.js';
import { toTransportError } from './socket-errors.js';

const RESOLVED = Promise.resolve();

/**
 * A {@link Stream} over a `net.Socket` (created with `allowHalfOpen: true`, so `end()` is a true
 * half-close). Nothing is read until the stream is first iterated (a stream its owner has not
 * started to read, e.g. one waiting for a serving slot, costs no memory or CPU: the kernel holds
 * the data and TCP flow control pushes back). Reads are then buffered up to a high-water mark,
 * then the socket is paused again. `write()` resolves at once while the socket accepts data and
 * otherwise on `'drain'`.
 */
export class SocketStream implements Stream {
  readonly remoteAddress: Address;
  readonly #socket: Socket;
  readonly #queue: ChunkQueue;
  readonly #highWaterMark: number;
  readonly #onClose: ((stream: SocketStream) => void) | undefined;
  #paused = false;
  #reading = false;
  #writeEnded = false;
  #closed = false;
  readonly #drainWaiters = new WriteWaiters();

  /**
   * @param socket - a connected socket (any bytes already consumed, e.g. a preface, are gone).
   * @param remoteAddress - the peer's address as reported to users.
   * @param highWaterMark - bytes buffered for a slow reader before pausing the socket.
   * @param onClose - called once when the socket closes.
   */
  constructor(
    socket: Socket,
    remoteAddress: Address,
    highWaterMark: number,
    onClose?: (stream: SocketStream) => void,
  ) {
    this.#socket = socket;
    this.remoteAddress = remoteAddress;
    this.#highWaterMark = highWaterMark;
    this.#onClose = onClose;
    this.#queue = new ChunkQueue({
      onConsume: () => {
        if (this.#paused && this.#queue.bufferedBytes <= this.#highWaterMark / 2) {
          this.#paused = false;
          if (this.#reading) socket.resume();
        }
      },
      onReturn: () => this.close(),
    });
    socket.on('data', (chunk: Buffer) => {
      this.#queue.push(chunk);
      if (!this.#paused && this.#queue.bufferedBytes > this.#highWaterMark) {
        this.#paused = true;
        socket.pause();
      }
    });
    socket.pause(); // until the first iteration
    socket.on('end', () => this.#queue.end());
    socket.on('drain', () => this.#drainWaiters.releaseAll());
    socket.on('error', (error) => {
      this.#queue.fail(toTransportError(error, 'ERR_CONNECTION_RESET', `stream ${remoteAddress}`));
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#queue.end();
      this.#drainWaiters.rejectAll(
        new TransportError('ERR_STREAM_CLOSED', `stream to ${remoteAddress} closed`),
      );
      this.#onClose?.(this);
    });
  }

  /** {@inheritDoc Stream.write} */
  write(chunk: Uint8Array): Promise<void> {
    const socket = this.#socket;
    const refused = writeError(
      this.#writeEnded || this.#closed || socket.destroyed || !socket.writable,
      this.remoteAddress,
      chunk,
    );
    if (refused !== undefined) return Promise.reject(refused);
    if (socket.write(chunk)) return RESOLVED;
    return this.#drainWaiters.wait();
  }

  /** {@inheritDoc Stream.end} */
  end(): Promise<void> {
    if (this.#writeEnded || this.#closed) return RESOLVED;
    this.#writeEnded = true;
    return new Promise((resolve) => {
      this.#socket.end(() => resolve());
      // 'close' also settles it if the socket dies before finishing.
      this.#socket.once('close', () => resolve());
    });
  }

  /** {@inheritDoc Stream.close} */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#writeEnded = true;
    this.#queue.abort();
    this.#drainWaiters.rejectAll(new TransportError('ERR_STREAM_CLOSED', 'stream closed'));
    this.#socket.destroy();
  }

  /** {@inheritDoc Stream.[Symbol.asyncIterator]} */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    if (!this.#reading) {
      this.#reading = true;
      if (!this.#paused && !this.#closed) this.#socket.resume();
    }
    return this.#queue[Symbol.asyncIterator]();
  }
}
