import { ChunkQueue } from '../chunk-queue.js';
import { writeError } from '../contract-checks.js';
import { TransportError } from '../errors.js';
import type { Address, Stream } from '../transport.js';
import { Pipe, type Endpoint, type NetNode, type StreamEnd } from './delivery.js';

/** Network services a {@link MemoryStream} needs. */
export interface PipeScheduler {
  /** Queue a data chunk (or FIN when `data` is null) on `pipe`, in order. */
  sendOnPipe(pipe: Pipe, data: Uint8Array | null): void;
  /** Send a reset to the receiver of `pipe` (the sender vanished). */
  resetPipe(pipe: Pipe): void;
}

const RESOLVED = Promise.resolve();

/**
 * One end of an in-memory stream. Reliable and ordered; writes resolve once the peer has read
 * enough that less than the high-water mark is outstanding.
 *
 * Partitions: chunks crossing a partitioned direction are held (as TCP would keep retransmitting)
 * and delivered in order after `heal()`; nothing is lost or reordered. `close()` sends a FIN;
 * data arriving at a closed end is refused and the writer's later writes fail with
 * `ERR_STREAM_CLOSED`. A killed node resets its streams: the peer's iteration throws
 * `ERR_CONNECTION_RESET`.
 */
export class MemoryStream implements Stream, StreamEnd {
  /** Outbound direction (this → peer). */
  out!: Pipe;
  /** Inbound direction (peer → this). */
  in!: Pipe;
  /** True after close() or a reset. */
  closed = false;
  readonly #inbound: ChunkQueue;
  readonly #scheduler: PipeScheduler;
  #owner: Endpoint | undefined;
  #writeClosed = false;

  /**
   * @param remoteAddress - the peer's address.
   * @param scheduler - the network.
   */
  constructor(
    readonly remoteAddress: Address,
    scheduler: PipeScheduler,
  ) {
    this.#scheduler = scheduler;
    this.#inbound = new ChunkQueue({
      onConsume: (bytes) => {
        this.in.unacked -= bytes;
        this.in.release();
      },
      onReturn: () => this.close(),
    });
  }

  /** @internal attach to the transport that must close this stream on shutdown. */
  setOwner(owner: Endpoint): void {
    this.#owner = owner;
    owner.adopt(this);
  }

  /** {@inheritDoc Stream.write} */
  write(chunk: Uint8Array): Promise<void> {
    const refused = writeError(
      this.#writeClosed || this.closed || this.out.broken,
      this.remoteAddress,
      chunk,
    );
    if (refused !== undefined) return Promise.reject(refused);
    if (chunk.length === 0) return RESOLVED;
    const out = this.out;
    out.unacked += chunk.length;
    this.#scheduler.sendOnPipe(out, chunk.slice());
    if (out.unacked <= out.highWaterMark) return RESOLVED;
    return out.waiters.wait();
  }

  /** {@inheritDoc Stream.end} */
  end(): Promise<void> {
    if (this.#writeClosed || this.closed) return RESOLVED;
    this.#writeClosed = true;
    this.#scheduler.sendOnPipe(this.out, null);
    return RESOLVED;
  }

  /** {@inheritDoc Stream.close} */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.#writeClosed) {
      this.#writeClosed = true;
      this.#scheduler.sendOnPipe(this.out, null);
    }
    // Unread data is discarded, so the peer's writers waiting for it to be read would wait forever:
    // refuse the inbound direction, as a TCP reset for unread data would.
    if (this.#inbound.bufferedBytes > 0 || this.in.waiters.size > 0) this.#refuseInbound();
    this.#inbound.abort();
    this.out.rejectWaiters(new TransportError('ERR_STREAM_CLOSED', 'stream closed'));
    this.#owner?.forget(this);
  }

  /** @internal the owning node was killed: reset the peer without a FIN. */
  kill(): void {
    if (this.closed) return;
    this.closed = true;
    this.#writeClosed = true;
    this.#scheduler.resetPipe(this.out);
    this.#inbound.abort();
    this.out.rejectWaiters(new TransportError('ERR_CLOSED', 'transport killed'));
    this.#owner?.forget(this);
  }

  /** @internal a chunk (or FIN when null) arrived from the peer. */
  receive(data: Uint8Array | null): void {
    if (data === null) {
      this.#inbound.end();
      return;
    }
    if (this.closed) {
      this.#refuseInbound();
      return;
    }
    this.#inbound.push(data);
  }

  /** @internal the peer reset the connection. */
  reset(): void {
    if (this.closed) return;
    this.closed = true;
    this.#writeClosed = true;
    const error = new TransportError(
      'ERR_CONNECTION_RESET',
      `connection to ${this.remoteAddress} reset by peer`,
    );
    this.#inbound.fail(error);
    this.out.rejectWaiters(
      new TransportError('ERR_STREAM_CLOSED', error.message, { cause: error }),
    );
    this.#owner?.forget(this);
  }

  /** The peer's further writes fail, and so do the ones waiting on back-pressure. */
  #refuseInbound(): void {
    this.in.broken = true;
    this.in.unacked = 0;
    this.in.rejectWaiters(
      new TransportError('ERR_STREAM_CLOSED', `peer ${this.remoteAddress} closed the stream`),
    );
  }

  /** {@inheritDoc Stream.[Symbol.asyncIterator]} */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return this.#inbound[Symbol.asyncIterator]();
  }
}

/**
 * Create both ends of a connection between `src` (the dialer) and `dst` (the listener), joined by
 * two {@link Pipe}s.
 *
 * @returns `client` (the dialer's end, remote = dst) and `server` (the listener's end, remote = src).
 */
export function connectStreams(
  src: NetNode,
  dst: NetNode,
  scheduler: PipeScheduler,
  highWaterMark: number,
): { client: MemoryStream; server: MemoryStream } {
  const client = new MemoryStream(dst.address, scheduler);
  const server = new MemoryStream(src.address, scheduler);
  const up = new Pipe(src, dst, highWaterMark);
  const down = new Pipe(dst, src, highWaterMark);
  up.receiver = server;
  down.receiver = client;
  client.out = up;
  client.in = down;
  server.out = down;
  server.in = up;
  return { client, server };
}
