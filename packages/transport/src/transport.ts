import type { Clock } from '@ring/base';

/**
 * A network address as an opaque string: `host:port`, or `[v6]:port` for IPv6
 * (e.g. `127.0.0.1:7946`, `[::1]:7946`). See `parseAddress` / `formatAddress`.
 */
export type Address = string;

/** Default packet budget in bytes (memberlist's `UDPBufferSize`), defined in `@ring/base`. */
export { DEFAULT_MAX_PACKET_SIZE } from '@ring/base';

/** One datagram as received. */
export interface Packet {
  /** The sender's address as seen by the network. */
  readonly from: Address;
  /** The payload. Owned by the receiver; the transport never reuses the buffer. */
  readonly data: Uint8Array;
  /** When it arrived, on the transport's {@link Clock} (ms). */
  readonly receivedAt: number;
}

/**
 * A reliable, ordered, bidirectional byte stream (a TCP connection or its in-memory equivalent).
 *
 * Reading: iterate it (`for await (const chunk of stream)`); iteration ends when the peer ends its
 * side or the stream is closed, and throws a {@link TransportError} when the connection is reset.
 * A stream can be iterated once.
 */
export interface Stream extends AsyncIterable<Uint8Array> {
  /** The peer's address. */
  readonly remoteAddress: Address;
  /**
   * Write bytes. Resolves once the bytes are handed to the network (back-pressure respected).
   * @throws TransportError `ERR_STREAM_CLOSED` after `end()`/`close()` or when the peer reset it.
   */
  write(chunk: Uint8Array): Promise<void>;
  /** Half-close: no more writes from this side; the peer's iteration ends after the buffered data. */
  end(): Promise<void>;
  /** Close both directions now. Idempotent. Pending reads end; pending writes reject. */
  close(): void;
}

/** Callbacks a transport delivers inbound traffic to. Given once, at {@link Transport.start}. */
export interface TransportHandlers {
  /** Called for every inbound packet. Must not throw; exceptions are caught and dropped. */
  onPacket(packet: Packet): void;
  /** Called for every accepted inbound stream. The handler owns the stream and must close it. */
  onStream(stream: Stream): void;
}

/** Options for {@link Transport.dial}. */
export interface DialOptions {
  /** Give up after this many milliseconds with `ERR_TIMEOUT`. Default: the transport's dial timeout. */
  readonly timeoutMs?: number;
  /** Abort the dial with `ERR_ABORTED`. */
  readonly signal?: AbortSignal;
}

/** Lifecycle states of a {@link Transport}. */
export type TransportState = 'idle' | 'starting' | 'started' | 'closing' | 'closed';

/**
 * The network a node lives in: best-effort packets within a size budget, reliable streams, one
 * advertised address. Implementations: `createUdpTransport` / `createTcpTransport`
 * (`@ring/transport/node`) and `MemoryNetwork.createTransport` (`@ring/transport`).
 *
 * All failures are {@link TransportError}s with stable codes; nothing is thrown into the event loop.
 */
export interface Transport {
  /** Largest packet {@link Transport.sendPacket} accepts, in bytes. */
  readonly maxPacketSize: number;
  /** Current lifecycle state. */
  readonly state: TransportState;
  /** The clock this transport timestamps packets with. */
  readonly clock: Clock;
  /**
   * Bind and begin delivering inbound traffic to `handlers`. Idempotent once started (a second
   * call with the node already started resolves without rebinding).
   * @throws TransportError `ERR_BIND` if the address cannot be bound, `ERR_CLOSED` after close.
   */
  start(handlers: TransportHandlers): Promise<void>;
  /**
   * The address peers should use to reach this node (the advertise address, or the bound address
   * with the real port when bound to port 0).
   * @throws TransportError `ERR_NOT_STARTED` before start.
   */
  localAddress(): Address;
  /**
   * Send one best-effort packet. Resolves with the send timestamp on {@link Transport.clock} (used
   * for round-trip times).
   * @throws TransportError `ERR_PACKET_TOO_LARGE`, `ERR_INVALID_ADDRESS`, `ERR_UNRESOLVABLE_ADDRESS`,
   *   `ERR_NOT_STARTED`, `ERR_CLOSED`, `ERR_SEND`.
   */
  sendPacket(to: Address, data: Uint8Array): Promise<number>;
  /**
   * Open a reliable stream to `to`.
   * @throws TransportError `ERR_CONNECTION_REFUSED`, `ERR_TIMEOUT`, `ERR_ABORTED`,
   *   `ERR_INVALID_ADDRESS`, `ERR_UNRESOLVABLE_ADDRESS`, `ERR_NOT_STARTED`, `ERR_CLOSED`.
   */
  dial(to: Address, options?: DialOptions): Promise<Stream>;
  /** Stop accepting, close every socket and stream. Idempotent. */
  close(): Promise<void>;
}
