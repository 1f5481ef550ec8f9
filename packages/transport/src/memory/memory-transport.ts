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
import type { DialAttempt, Endpoint, NetNode } from './delivery.js';
import type { MemoryStream } from './memory-stream.js';

/** What a {@link MemoryTransport} needs from its network. */
export interface MemoryFabric {
  readonly clock: Clock;
  /** Resolve a destination. @throws TransportError ERR_INVALID_ADDRESS / ERR_UNRESOLVABLE_ADDRESS. */
  lookup(to: Address): NetNode;
  /** Bind `transport` at `address`. @throws TransportError ERR_BIND when taken. */
  bind(address: Address, endpoint: Endpoint): NetNode;
  /** Release the node. */
  unbind(node: NetNode, endpoint: Endpoint): void;
  /** Send one packet (faults applied). */
  sendPacket(src: NetNode, dst: NetNode, data: Uint8Array): void;
  /** Begin a dial. */
  startDial(attempt: DialAttempt): void;
}

/** Resolved options of a memory transport. */
export interface MemoryTransportConfig {
  readonly address: Address;
  readonly maxPacketSize: number;
  readonly dialTimeoutMs: number;
  /** `unref: false`: keep the process alive while started (on the system clock). */
  readonly holdsProcess: boolean;
}

/**
 * A {@link Transport} on a {@link MemoryNetwork}. Created by `MemoryNetwork.createTransport`.
 * Packets and stream chunks are delivered on the network's clock.
 */
export class MemoryTransport implements Transport, Endpoint {
  readonly maxPacketSize: number;
  readonly clock: Clock;
  readonly #fabric: MemoryFabric;
  readonly #config: MemoryTransportConfig;
  readonly #streams = new Set<MemoryStream>();
  readonly #dials = new Set<DialAttempt>();
  #state: TransportState = 'idle';
  #node: NetNode | undefined;
  #handlers: TransportHandlers | undefined;

  /** @internal use `MemoryNetwork.createTransport`. */
  constructor(fabric: MemoryFabric, config: MemoryTransportConfig) {
    this.#fabric = fabric;
    this.#config = config;
    this.clock = fabric.clock;
    this.maxPacketSize = config.maxPacketSize;
  }

  /** {@inheritDoc Transport.state} */
  get state(): TransportState {
    return this.#state;
  }

  /** @internal */
  get holdsProcess(): boolean {
    return this.#config.holdsProcess;
  }

  /** @internal */
  get listening(): boolean {
    return this.#state === 'started';
  }

  /** {@inheritDoc Transport.start} */
  start(handlers: TransportHandlers): Promise<void> {
    if (this.#state === 'started') return Promise.resolve();
    if (this.#state === 'closing' || this.#state === 'closed') {
      return Promise.reject(new TransportError('ERR_CLOSED', 'transport is closed'));
    }
    try {
      this.#node = this.#fabric.bind(this.#config.address, this);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    this.#handlers = handlers;
    this.#state = 'started';
    return Promise.resolve();
  }

  /** {@inheritDoc Transport.localAddress} */
  localAddress(): Address {
    if (this.#node === undefined)
      throw new TransportError('ERR_NOT_STARTED', 'transport not started');
    return this.#node.address;
  }

  /** {@inheritDoc Transport.sendPacket} */
  sendPacket(to: Address, data: Uint8Array): Promise<number> {
    if (this.#state !== 'started') return Promise.reject(this.#notReady());
    if (!(data instanceof Uint8Array)) {
      return Promise.reject(new TransportError('ERR_SEND', 'packet data must be a Uint8Array'));
    }
    if (data.length > this.maxPacketSize) {
      return Promise.reject(
        new TransportError(
          'ERR_PACKET_TOO_LARGE',
          `packet of ${data.length} bytes exceeds maxPacketSize ${this.maxPacketSize}`,
        ),
      );
    }
    let dst: NetNode;
    try {
      dst = this.#fabric.lookup(to);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    this.#fabric.sendPacket(this.#node!, dst, data);
    return Promise.resolve(this.clock.now());
  }

  /** {@inheritDoc Transport.dial} */
  dial(to: Address, options: DialOptions = {}): Promise<Stream> {
    if (this.#state !== 'started') return Promise.reject(this.#notReady());
    let dst: NetNode;
    try {
      dst = this.#fabric.lookup(to);
    } catch (error) {
      return Promise.reject(asError(error));
    }
    const src = this.#node!;
    const timeoutMs = options.timeoutMs ?? this.#config.dialTimeoutMs;
    return withTimeout<Stream>(
      {
        createError: createTransportError,
        clock: this.clock,
        timeoutMs,
        signal: options.signal,
        what: `dial ${to}`,
        onLate: (s) => s.close(),
      },
      (signal) =>
        new Promise<MemoryStream>((resolve, reject) => {
          const attempt: DialAttempt = {
            src,
            dst,
            cancelled: false,
            rtoMs: 1000,
            stream: undefined,
            resolve: (stream) => {
              this.#dials.delete(attempt);
              stream.setOwner(this);
              resolve(stream);
            },
            reject: (error) => {
              this.#dials.delete(attempt);
              reject(error);
            },
          };
          signal.addEventListener('abort', () => {
            attempt.cancelled = true;
            this.#dials.delete(attempt);
          });
          this.#dials.add(attempt);
          this.#fabric.startDial(attempt);
        }),
    );
  }

  /** {@inheritDoc Transport.close} */
  close(): Promise<void> {
    this.#shutdown(false);
    return Promise.resolve();
  }

  /** @internal abrupt death: streams are reset, not FIN-closed. */
  kill(): void {
    this.#shutdown(true);
  }

  /** @internal */
  deliverPacket(from: Address, data: Uint8Array, receivedAt: number): void {
    try {
      this.#handlers!.onPacket({ from, data, receivedAt });
    } catch {
      // Handlers must not throw; the contract says such exceptions are dropped.
    }
  }

  /** @internal */
  acceptStream(stream: MemoryStream): void {
    stream.setOwner(this);
    try {
      this.#handlers!.onStream(stream);
    } catch {
      stream.close();
    }
  }

  /** @internal */
  adopt(stream: MemoryStream): void {
    if (this.#state === 'started') this.#streams.add(stream);
    else stream.close();
  }

  /** @internal */
  forget(stream: MemoryStream): void {
    this.#streams.delete(stream);
  }

  #shutdown(abrupt: boolean): void {
    if (this.#state === 'closed') return;
    const wasBound = this.#node !== undefined && this.#state === 'started';
    this.#state = 'closed';
    if (wasBound) this.#fabric.unbind(this.#node!, this);
    for (const attempt of [...this.#dials]) {
      attempt.cancelled = true;
      attempt.reject(new TransportError('ERR_CLOSED', 'transport closed during dial'));
    }
    for (const stream of [...this.#streams]) {
      if (abrupt) stream.kill();
      else stream.close();
    }
    this.#streams.clear();
  }

  #notReady(): TransportError {
    return this.#state === 'idle'
      ? new TransportError('ERR_NOT_STARTED', 'transport not started')
      : new TransportError('ERR_CLOSED', 'transport is closed');
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new TransportError('ERR_SEND', String(error));
}
