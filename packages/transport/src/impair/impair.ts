import {
  type Clock,
  type TimerHandle,
  type Random,
  createSeededRandom,
  systemRandom,
} from '@ring/base';
import { TransportError } from '../errors.js';
import type {
  Address,
  DialOptions,
  Stream,
  Transport,
  TransportHandlers,
  TransportState,
} from '../transport.js';

/** The faults {@link impair} adds to a transport's outbound traffic. Every field is optional. */
export interface Impairment {
  /**
   * Fixed delay added to every outbound packet and to every stream setup (`dial`), in ms.
   * @defaultValue 0
   */
  readonly delayMs?: number;
  /**
   * Uniform jitter around `delayMs`: each packet waits `delayMs + u`, `u` uniform in
   * `[-jitterMs, +jitterMs]`, never less than 0. Packets may be reordered, as on a real link.
   * @defaultValue 0
   */
  readonly jitterMs?: number;
  /**
   * Probability in `[0, 1]` that an outbound packet is silently dropped. Streams are never dropped
   * (TCP retransmits); only their setup is delayed.
   * @defaultValue 0
   */
  readonly loss?: number;
  /**
   * Cap on `maxPacketSize` (bytes of payload per packet), e.g. `1252` for a 1280-byte IPv4 path
   * MTU (1280 − 20 IP − 8 UDP). Larger sends reject with `ERR_PACKET_TOO_LARGE`, as the inner
   * transport's own limit does. A protocol that sizes its packets by `maxPacketSize` stays under it.
   * @defaultValue the inner transport's `maxPacketSize`
   */
  readonly maxPacketSize?: number;
}

/** Options of {@link impair}: the faults plus the components that make them reproducible. */
export interface ImpairOptions extends Impairment {
  /** Clock delays are scheduled on. @defaultValue the inner transport's clock */
  readonly clock?: Clock;
  /** Source of loss and jitter draws. Takes precedence over `seed`. */
  readonly random?: Random;
  /** Seed of a `createSeededRandom` when no `random` is given; without either, `systemRandom`. */
  readonly seed?: number;
  /**
   * Called when a delayed packet's send fails after its delay (the caller's promise has already
   * resolved). Errors of undelayed sends reject the caller's promise as usual.
   */
  readonly onSendError?: (error: unknown, to: Address) => void;
}

/** Counters of an {@link ImpairedTransport}. */
export interface ImpairStats {
  /** Packets handed to `sendPacket` (accepted: within the size budget, transport started). */
  readonly packets: number;
  /** Packets dropped by `loss`. */
  readonly dropped: number;
  /** Packets sent after a delay. */
  readonly delayed: number;
  /** Delayed packets still waiting (dropped on `close()`). */
  readonly inFlight: number;
  /** Delayed sends that failed after their delay. */
  readonly sendErrors: number;
  /** Stream setups (`dial`) that were delayed. */
  readonly dialsDelayed: number;
}

/** A {@link Transport} with injected faults; see {@link impair}. */
export interface ImpairedTransport extends Transport {
  /** The transport underneath. */
  readonly inner: Transport;
  /** The faults in force now. */
  readonly impairment: Required<Omit<Impairment, 'maxPacketSize'>> & {
    readonly maxPacketSize?: number;
  };
  /**
   * Change the faults from now on (fields not given keep their value). Packets already delayed
   * keep their delay.
   * @throws TransportError `ERR_INVALID_OPTION` for an out-of-range value.
   */
  reconfigure(change: Impairment): void;
  /** Counters since creation. */
  stats(): ImpairStats;
}

/**
 * Wrap `transport` so that its outbound packets are delayed (`delayMs ± jitterMs`) and dropped
 * (`loss`), its stream setups delayed by the same draw, and optionally its packet budget capped
 * (`maxPacketSize`, a small path MTU). Every random decision comes from the injected `Random` (or
 * `seed`) and every delay runs on the injected `Clock`, so a run on a `VirtualClock` is
 * reproducible. Inbound traffic is untouched: impair every member to impair every link.
 *
 * Meant for testing: a chaos suite on real sockets where the kernel has no `netem`, or an
 * application's own tests of how it behaves on a slow, lossy network.
 *
 * @param transport - the transport to wrap (not started; `start` and `close` pass through).
 * @param options - the faults, and `clock`/`random`/`seed`.
 * @returns the wrapped transport; `sendPacket` resolves with the time the caller sent the packet.
 * @throws TransportError `ERR_INVALID_OPTION` for a negative delay or jitter, a loss outside
 *   `[0, 1]`, or a `maxPacketSize` that is not a positive integer.
 *
 * @example
 * ```ts
 * import { impair } from '@ring/transport';
 * import { createUdpTransport } from '@ring/transport/node';
 *
 * const transport = impair(createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 }), {
 *   delayMs: 50,
 *   jitterMs: 10,
 *   loss: 0.05,
 *   seed: 7,
 * });
 * ```
 */
export function impair(transport: Transport, options: ImpairOptions = {}): ImpairedTransport {
  return new Impaired(transport, options);
}

class Impaired implements ImpairedTransport {
  readonly inner: Transport;
  readonly clock: Clock;
  readonly #random: Random;
  readonly #onSendError: ((error: unknown, to: Address) => void) | undefined;
  #delayMs = 0;
  #jitterMs = 0;
  #loss = 0;
  #maxPacketSize: number | undefined;
  readonly #pending = new Set<TimerHandle>();
  readonly #dialWaits = new Set<() => void>();
  #packets = 0;
  #dropped = 0;
  #delayed = 0;
  #sendErrors = 0;
  #dialsDelayed = 0;

  constructor(inner: Transport, options: ImpairOptions) {
    this.inner = inner;
    this.clock = options.clock ?? inner.clock;
    this.#random =
      options.random ??
      (options.seed === undefined ? systemRandom : createSeededRandom(options.seed));
    this.#onSendError = options.onSendError;
    this.reconfigure(options);
  }

  get impairment(): ImpairedTransport['impairment'] {
    return {
      delayMs: this.#delayMs,
      jitterMs: this.#jitterMs,
      loss: this.#loss,
      ...(this.#maxPacketSize === undefined ? {} : { maxPacketSize: this.#maxPacketSize }),
    };
  }

  reconfigure(change: Impairment): void {
    const delayMs = change.delayMs ?? this.#delayMs;
    const jitterMs = change.jitterMs ?? this.#jitterMs;
    const loss = change.loss ?? this.#loss;
    const maxPacketSize = change.maxPacketSize ?? this.#maxPacketSize;
    if (!Number.isFinite(delayMs) || delayMs < 0) throw invalid('delayMs', delayMs, 'ms ≥ 0');
    if (!Number.isFinite(jitterMs) || jitterMs < 0) throw invalid('jitterMs', jitterMs, 'ms ≥ 0');
    if (!(loss >= 0 && loss <= 1)) throw invalid('loss', loss, 'a probability in [0, 1]');
    if (maxPacketSize !== undefined && !(Number.isInteger(maxPacketSize) && maxPacketSize > 0)) {
      throw invalid('maxPacketSize', maxPacketSize, 'a positive integer');
    }
    this.#delayMs = delayMs;
    this.#jitterMs = jitterMs;
    this.#loss = loss;
    this.#maxPacketSize = maxPacketSize;
  }

  get maxPacketSize(): number {
    const inner = this.inner.maxPacketSize;
    return this.#maxPacketSize === undefined ? inner : Math.min(inner, this.#maxPacketSize);
  }

  get state(): TransportState {
    return this.inner.state;
  }

  start(handlers: TransportHandlers): Promise<void> {
    return this.inner.start(handlers);
  }

  localAddress(): Address {
    return this.inner.localAddress();
  }

  stats(): ImpairStats {
    return {
      packets: this.#packets,
      dropped: this.#dropped,
      delayed: this.#delayed,
      inFlight: this.#pending.size,
      sendErrors: this.#sendErrors,
      dialsDelayed: this.#dialsDelayed,
    };
  }

  /** One delay draw: `delayMs` plus uniform jitter, at least 0. */
  #drawDelay(): number {
    if (this.#jitterMs === 0) return this.#delayMs;
    const u = (this.#random.next() * 2 - 1) * this.#jitterMs;
    return Math.max(0, this.#delayMs + u);
  }

  sendPacket(to: Address, data: Uint8Array): Promise<number> {
    if (data.length > this.maxPacketSize) {
      return Promise.reject(
        new TransportError(
          'ERR_PACKET_TOO_LARGE',
          `packet of ${data.length} bytes exceeds maxPacketSize ${this.maxPacketSize}`,
        ),
      );
    }
    const state = this.inner.state;
    if (state !== 'started') {
      return Promise.reject(
        state === 'closing' || state === 'closed'
          ? new TransportError('ERR_CLOSED', 'transport is closed')
          : new TransportError('ERR_NOT_STARTED', 'transport is not started'),
      );
    }
    this.#packets++;
    const sentAt = this.clock.now();
    // Loss is drawn first, then the delay, so that the loss sequence does not depend on jitter.
    if (this.#loss > 0 && this.#random.next() < this.#loss) {
      this.#dropped++;
      return Promise.resolve(sentAt);
    }
    const delay = this.#drawDelay();
    if (delay === 0) return this.inner.sendPacket(to, data);
    this.#delayed++;
    const copy = data.slice();
    const handle = this.clock.setTimeout(() => {
      this.#pending.delete(handle);
      this.inner.sendPacket(to, copy).catch((error: unknown) => {
        this.#sendErrors++;
        try {
          this.#onSendError?.(error, to);
        } catch {
          // A throwing observer must not become an unhandled rejection.
        }
      });
    }, delay);
    this.#pending.add(handle);
    return Promise.resolve(sentAt);
  }

  async dial(to: Address, options: DialOptions = {}): Promise<Stream> {
    const delay = this.#drawDelay();
    if (delay === 0) return this.inner.dial(to, options);
    this.#dialsDelayed++;
    const { timeoutMs } = options;
    if (timeoutMs !== undefined && delay >= timeoutMs) {
      // The setup delay alone outlasts the dial budget: time out when the budget runs out.
      await this.#wait(timeoutMs, options.signal);
      throw new TransportError('ERR_TIMEOUT', `dial to ${to} timed out after ${timeoutMs} ms`);
    }
    await this.#wait(delay, options.signal);
    return this.inner.dial(
      to,
      timeoutMs === undefined ? options : { ...options, timeoutMs: timeoutMs - delay },
    );
  }

  /** Wait `ms` on the clock; rejects with `ERR_ABORTED` on `signal`, `ERR_CLOSED` on close. */
  #wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted === true) {
      return Promise.reject(new TransportError('ERR_ABORTED', 'dial aborted'));
    }
    return new Promise<void>((resolve, reject) => {
      const finish = (error?: TransportError): void => {
        handle.cancel();
        signal?.removeEventListener('abort', onAbort);
        this.#dialWaits.delete(onClose);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onAbort = (): void => finish(new TransportError('ERR_ABORTED', 'dial aborted'));
      const onClose = (): void => finish(new TransportError('ERR_CLOSED', 'transport is closed'));
      const handle = this.clock.setTimeout(() => finish(), ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#dialWaits.add(onClose);
    });
  }

  async close(): Promise<void> {
    for (const handle of this.#pending) handle.cancel();
    this.#pending.clear();
    for (const onClose of [...this.#dialWaits]) onClose();
    await this.inner.close();
  }
}

function invalid(name: string, value: number, expected: string): TransportError {
  return new TransportError(
    'ERR_INVALID_OPTION',
    `impair: ${name} must be ${expected}, got ${String(value)}`,
  );
}
