import { createServer, type Server, type Socket } from 'node:net';
import { formatAddress, parseAddress } from '../address.js';
import { type Clock, withTimeout } from '@ring/base';
import { TransportError, createTransportError } from '../errors.js';
import type {
  Address,
  DialOptions,
  Stream,
  Transport,
  TransportHandlers,
  TransportState,
} from '../transport.js';
import { connectTcp, defaultAdvertiseHost, listen, peerAddress } from './net-helpers.js';
import type { ResolvedNodeTransportOptions } from './options.js';
import { resolveHost } from './resolve-host.js';
import { SocketStream } from './socket-stream.js';
import { toTransportError } from './socket-errors.js';

/** A destination resolved to an IP. */
export interface Target {
  readonly ip: string;
  readonly port: number;
  /** The canonical address, as given. */
  readonly address: Address;
}

const TARGET_CACHE_LIMIT = 10_000;

/**
 * How long `close()` waits for packets already handed to `sendPacket` (their address still
 * resolving, or the datagram still queued in the socket) before it closes the sockets anyway.
 */
const CLOSE_DRAIN_MS = 1000;

/**
 * Shared machinery of the socket transports: lifecycle, the TCP listener, stream dialing and
 * accepting, address resolution, graceful close. Subclasses add the packet path.
 */
export abstract class NodeTransport implements Transport {
  readonly maxPacketSize: number;
  readonly clock: Clock;
  protected readonly options: ResolvedNodeTransportOptions;
  protected handlers: TransportHandlers | undefined;
  protected server: Server | undefined;
  readonly #sockets = new Set<Socket>();
  readonly #targets = new Map<string, Target>();
  readonly #sending = new Set<Promise<unknown>>();
  #state: TransportState = 'idle';
  #starting: Promise<void> | undefined;
  #localAddress: Address | undefined;

  /** @param options - resolved options. */
  constructor(options: ResolvedNodeTransportOptions) {
    this.options = options;
    this.clock = options.clock;
    this.maxPacketSize = options.maxPacketSize;
  }

  /** {@inheritDoc Transport.state} */
  get state(): TransportState {
    return this.#state;
  }

  /** {@inheritDoc Transport.start} */
  start(handlers: TransportHandlers): Promise<void> {
    if (this.#state === 'started') return Promise.resolve();
    if (this.#state === 'starting') return this.#starting!;
    if (this.#state !== 'idle')
      return Promise.reject(new TransportError('ERR_CLOSED', 'transport is closed'));
    this.#state = 'starting';
    this.handlers = handlers;
    this.#starting = this.bind().then(
      async (port) => {
        if (this.#state !== 'starting') {
          await this.releaseSockets(); // close() ran while binding: release what bound since
          throw new TransportError('ERR_CLOSED', 'transport closed while starting');
        }
        const o = this.options;
        const host = o.advertiseAddress ?? defaultAdvertiseHost(o.bindAddress, o.family);
        this.#localAddress = formatAddress(host, o.advertisePort ?? port);
        this.#state = 'started';
      },
      async (error: unknown) => {
        await this.releaseSockets();
        if (this.#state === 'starting') this.#state = 'idle';
        throw toTransportError(
          error,
          'ERR_BIND',
          `bind ${formatAddress(this.options.bindAddress, this.options.bindPort)}`,
        );
      },
    );
    return this.#starting;
  }

  /** {@inheritDoc Transport.localAddress} */
  localAddress(): Address {
    if (this.#localAddress === undefined || this.#state !== 'started') {
      throw new TransportError(
        this.#state === 'closed' || this.#state === 'closing' ? 'ERR_CLOSED' : 'ERR_NOT_STARTED',
        `transport is ${this.#state}`,
      );
    }
    return this.#localAddress;
  }

  /** {@inheritDoc Transport.sendPacket} */
  sendPacket(to: Address, data: Uint8Array): Promise<number> {
    if (this.#state !== 'started') return Promise.reject(this.notReady());
    if (!(data instanceof Uint8Array))
      return Promise.reject(new TransportError('ERR_SEND', 'packet data must be a Uint8Array'));
    if (data.length > this.maxPacketSize) {
      return Promise.reject(
        new TransportError(
          'ERR_PACKET_TOO_LARGE',
          `packet of ${data.length} bytes exceeds maxPacketSize ${this.maxPacketSize}`,
        ),
      );
    }
    const cached = this.#targets.get(to);
    const sending =
      cached !== undefined
        ? this.sendResolved(cached, data)
        : this.resolveTarget(to).then((target) =>
            // close() may have run while the name was resolving: the packet path is gone.
            this.#state === 'started'
              ? this.sendResolved(target, data)
              : Promise.reject(this.notReady()),
          );
    // close() lets it leave first: a graceful leave's last gossip is sent just before close().
    const settled = sending.then(
      () => undefined,
      () => undefined,
    );
    this.#sending.add(settled);
    void settled.then(() => this.#sending.delete(settled));
    return sending;
  }

  /** {@inheritDoc Transport.dial} */
  dial(to: Address, options: DialOptions = {}): Promise<Stream> {
    if (this.#state !== 'started') return Promise.reject(this.notReady());
    let parsed;
    try {
      parsed = parseAddress(to);
    } catch (error) {
      return Promise.reject(toTransportError(error, 'ERR_INVALID_ADDRESS', `dial ${to}`));
    }
    const what = `dial ${to}`;
    return withTimeout<Stream>(
      {
        createError: createTransportError,
        clock: this.clock,
        timeoutMs: options.timeoutMs ?? this.options.dialTimeoutMs,
        signal: options.signal,
        what,
        onLate: (s) => s.close(),
      },
      async (signal) => {
        const ip = await resolveHost(parsed.host, this.options.family, this.options.resolver);
        if (signal.aborted) throw signal.reason as Error;
        const socket = await connectTcp(ip, parsed.port, signal, what);
        if (this.#state !== 'started') {
          socket.destroy();
          throw new TransportError('ERR_CLOSED', 'transport closed during dial');
        }
        this.trackSocket(socket);
        this.prepareOutboundStream(socket);
        return this.wrapStream(socket, formatAddress(parsed.host, parsed.port));
      },
    );
  }

  /**
   * Stop accepting, close every socket and stream. Idempotent. Packets already handed to
   * `sendPacket` are sent first (waiting at most 1 s), so a last message sent right before
   * `close()` — a graceful leave's gossip — is not dropped.
   */
  async close(): Promise<void> {
    if (this.#state === 'closed' || this.#state === 'closing') return;
    if (this.#state === 'started' && this.#sending.size > 0) {
      // Packets already handed to sendPacket go out first (bounded): closing the socket under
      // them would drop them silently.
      let timer: { cancel(): void } | undefined;
      await Promise.race([
        Promise.all(this.#sending),
        new Promise<void>((resolve) => {
          timer = this.clock.setTimeout(resolve, CLOSE_DRAIN_MS);
        }),
      ]);
      timer?.cancel();
      // Another close() may have finished meanwhile (TS narrowed the state before the await).
      const now = this.#state as TransportState;
      if (now === 'closed' || now === 'closing') return;
    }
    this.#state = 'closing';
    await this.releaseSockets();
    this.#state = 'closed';
  }

  /** Bind the listener(s); resolve with the bound port. */
  protected abstract bind(): Promise<number>;

  /** Send one validated packet to a resolved target. */
  protected abstract sendResolved(target: Target, data: Uint8Array): Promise<number>;

  /** Close subclass sockets (called on close and after a failed start). */
  protected abstract closePacketPath(): Promise<void>;

  /** Hook: write a preface on a freshly dialed stream socket. */
  protected prepareOutboundStream(_socket: Socket): void {
    // The UDP+TCP transport sends raw streams (memberlist-compatible): nothing to do.
  }

  /** Hook: an inbound connection was accepted. Default: it is a stream. */
  protected onConnection(socket: Socket): void {
    this.acceptStream(
      socket,
      peerAddress(socket.remoteAddress ?? '0.0.0.0', socket.remotePort ?? 0),
    );
  }

  /** Create and start the TCP listener on `port`; resolves with the bound port. */
  protected async listenTcp(port: number): Promise<number> {
    const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
      if (this.#state !== 'started') {
        socket.destroy();
        return;
      }
      this.trackSocket(socket);
      this.onConnection(socket);
    });
    server.on('error', () => undefined);
    this.server = server;
    const bound = await listen(server, this.options.bindAddress, port);
    if (this.options.unref) server.unref();
    return bound;
  }

  /** Keep `socket` in the set destroyed on close; unref it if configured. */
  protected trackSocket(socket: Socket): void {
    if (this.options.unref) socket.unref();
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  /** Wrap a socket as a stream and hand it to `onStream`. */
  protected acceptStream(socket: Socket, remote: Address): void {
    const stream = this.wrapStream(socket, remote);
    try {
      this.handlers!.onStream(stream);
    } catch {
      stream.close();
    }
  }

  /** Wrap a connected, already tracked socket as a {@link SocketStream}. */
  protected wrapStream(socket: Socket, remote: Address): SocketStream {
    return new SocketStream(socket, remote, this.options.streamHighWaterMark);
  }

  /** Parse and resolve a destination (cached for IP literals). */
  protected async resolveTarget(to: Address): Promise<Target> {
    const parsed = parseAddress(to);
    const ip = await resolveHost(parsed.host, this.options.family, this.options.resolver);
    const target: Target = { ip, port: parsed.port, address: to };
    if (parsed.family !== 'name' && this.#targets.size < TARGET_CACHE_LIMIT)
      this.#targets.set(to, target);
    return target;
  }

  /** Error for use before start or after close. */
  protected notReady(): TransportError {
    return this.#state === 'idle' || this.#state === 'starting'
      ? new TransportError('ERR_NOT_STARTED', 'transport not started')
      : new TransportError('ERR_CLOSED', 'transport is closed');
  }

  /** Close the listener, the packet path and every socket. */
  protected async releaseSockets(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await Promise.all([
      server === undefined || !server.listening
        ? Promise.resolve()
        : new Promise<void>((resolve) => server.close(() => resolve())),
      this.closePacketPath(),
    ]);
  }
}
