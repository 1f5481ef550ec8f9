import type { Socket } from 'node:net';
import { type TimerHandle, withTimeout } from '@ring/base';
import { TransportError, createTransportError } from '../errors.js';
import type { Address, Transport } from '../transport.js';
import { FrameDecoder, encodeFrame } from './frame-decoder.js';
import { connectTcp } from './net-helpers.js';
import { NodeTransport, type Target } from './node-transport.js';
import { resolveNodeTransportOptions, type NodeTransportOptions } from './options.js';
import { KIND_PACKETS, KIND_STREAM, decodePreface, encodePreface } from './preface.js';

/** Packets queued on one connection beyond this many bytes are dropped (best effort, bounded memory). */
const MAX_CHANNEL_BACKLOG = 1024 * 1024;
/**
 * Inbound connections that have not sent their preface yet; more are closed at once, so that
 * idle connections cannot pile up (each waits at most `dialTimeoutMs` for its preface).
 */
export const MAX_PENDING_PREFACES = 256;

interface Channel {
  socket: Socket | undefined;
  ready: Promise<Socket>;
  lastUsed: number;
  idleTimer: TimerHandle | undefined;
}

/**
 * TCP only: packets travel as length-prefixed frames over pooled connections (one outbound
 * connection per peer, reused, closed after `idleTimeoutMs` idle); streams are their own
 * connections. Every connection opens with a preface naming its kind and the dialer's advertised
 * address, which becomes `Packet.from`.
 */
class TcpOnlyTransport extends NodeTransport {
  readonly #channels = new Map<Address, Channel>();
  readonly #pendingInbound = new Set<TimerHandle>();

  protected bind(): Promise<number> {
    return this.listenTcp(this.options.bindPort);
  }

  protected sendResolved(target: Target, data: Uint8Array): Promise<number> {
    let channel = this.#channels.get(target.address);
    if (channel === undefined) channel = this.#openChannel(target);
    const frame = encodeFrame(data);
    const socket = channel.socket;
    if (socket !== undefined) return Promise.resolve(this.#writeFrame(channel, socket, frame));
    const open = channel;
    return open.ready.then((s) => this.#writeFrame(open, s, frame));
  }

  #writeFrame(channel: Channel, socket: Socket, frame: Buffer): number {
    const now = this.clock.now();
    channel.lastUsed = now;
    // Best effort: a peer that does not read fast enough loses packets instead of growing memory.
    if (socket.writableLength <= MAX_CHANNEL_BACKLOG) socket.write(frame);
    return now;
  }

  #openChannel(target: Target): Channel {
    const what = `packet channel to ${target.address}`;
    const channel: Channel = {
      socket: undefined,
      lastUsed: this.clock.now(),
      idleTimer: undefined,
      ready: withTimeout<Socket>(
        {
          createError: createTransportError,
          clock: this.clock,
          timeoutMs: this.options.dialTimeoutMs,
          what,
          onLate: (s) => s.destroy(),
        },
        (signal) => connectTcp(target.ip, target.port, signal, what),
      ).then(
        (socket) => {
          if (this.state !== 'started') {
            socket.destroy();
            throw new TransportError('ERR_CLOSED', 'transport closed');
          }
          this.trackSocket(socket);
          socket.write(encodePreface(KIND_PACKETS, this.localAddress()));
          socket.on('data', () => undefined); // the peer never writes on a packet channel
          socket.on('error', () => undefined);
          // Sockets are half-open capable: once the peer has ended too, end ours so the socket closes.
          socket.once('end', () => socket.end());
          socket.once('close', () => this.#dropChannel(target.address, channel));
          channel.socket = socket;
          this.#armIdle(target.address, channel);
          return socket;
        },
        (error: unknown) => {
          this.#dropChannel(target.address, channel);
          throw error;
        },
      ),
    };
    this.#channels.set(target.address, channel);
    return channel;
  }

  #armIdle(address: Address, channel: Channel): void {
    const idle = this.options.idleTimeoutMs;
    const wait = Math.max(0, channel.lastUsed + idle - this.clock.now());
    channel.idleTimer = this.clock.setTimeout(() => {
      if (this.clock.now() - channel.lastUsed >= idle) {
        this.#dropChannel(address, channel);
        channel.socket?.end();
      } else {
        this.#armIdle(address, channel);
      }
    }, wait);
  }

  #dropChannel(address: Address, channel: Channel): void {
    channel.idleTimer?.cancel();
    if (this.#channels.get(address) === channel) this.#channels.delete(address);
  }

  protected override prepareOutboundStream(socket: Socket): void {
    socket.write(encodePreface(KIND_STREAM, this.localAddress()));
  }

  protected override onConnection(socket: Socket): void {
    if (this.#pendingInbound.size >= MAX_PENDING_PREFACES) {
      socket.destroy();
      return;
    }
    let buffered: Buffer = Buffer.alloc(0);
    const timer = this.clock.setTimeout(() => socket.destroy(), this.options.dialTimeoutMs);
    this.#pendingInbound.add(timer);
    const done = (): void => {
      timer.cancel();
      this.#pendingInbound.delete(timer);
      socket.off('data', onData);
    };
    const onData = (chunk: Buffer): void => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      let decoded;
      try {
        decoded = decodePreface(buffered);
      } catch {
        done();
        socket.destroy();
        return;
      }
      if (decoded === undefined) return;
      done();
      const rest = buffered.subarray(decoded.length);
      if (decoded.preface.kind === KIND_STREAM) {
        socket.pause();
        if (rest.length > 0) socket.unshift(rest);
        // The stream resumes the socket when its owner starts reading.
        this.acceptStream(socket, decoded.preface.from);
      } else {
        this.#readPackets(socket, decoded.preface.from, rest);
      }
    };
    socket.on('data', onData);
    socket.on('error', () => undefined);
    socket.once('close', () => {
      timer.cancel();
      this.#pendingInbound.delete(timer);
    });
  }

  #readPackets(socket: Socket, from: Address, first: Buffer): void {
    const decoder = new FrameDecoder(this.maxPacketSize, (data) => {
      const handlers = this.handlers;
      if (handlers === undefined || this.state !== 'started') return;
      try {
        handlers.onPacket({ from, data, receivedAt: this.clock.now() });
      } catch {
        // Handlers must not throw; the contract says such exceptions are dropped.
      }
    });
    const feed = (chunk: Buffer): void => {
      try {
        decoder.push(chunk);
      } catch {
        socket.destroy(); // oversized frame: a broken or hostile peer
      }
    };
    socket.on('data', feed);
    // The dialer ended the channel (idle, or its transport closed): nothing goes back on a packet
    // channel, so end our side too, or the half-open socket would stay until this transport closes.
    socket.once('end', () => socket.end());
    if (first.length > 0) feed(first);
  }

  protected closePacketPath(): Promise<void> {
    for (const [address, channel] of [...this.#channels]) {
      this.#dropChannel(address, channel);
      channel.socket?.destroy();
    }
    for (const timer of this.#pendingInbound) timer.cancel();
    this.#pendingInbound.clear();
    return Promise.resolve();
  }
}

/**
 * Create a TCP-only transport (not started), for networks where UDP is blocked: packets are framed
 * over pooled TCP connections. Unlike UDP, sending to a peer that refuses connections rejects
 * with `ERR_CONNECTION_REFUSED` (the first packet waits for the connection).
 *
 * @param options - as `createUdpTransport`, plus `idleTimeoutMs` for pooled connections.
 * @throws TransportError `ERR_INVALID_OPTION` / `ERR_INVALID_ADDRESS` for bad options.
 *
 * @example
 * ```ts
 * const t = createTcpTransport({ bindAddress: '127.0.0.1', bindPort: 0 });
 * await t.start({ onPacket: (p) => console.log(p.from), onStream: (s) => s.close() });
 * ```
 */
export function createTcpTransport(options: NodeTransportOptions = {}): Transport {
  return new TcpOnlyTransport(resolveNodeTransportOptions(options));
}
