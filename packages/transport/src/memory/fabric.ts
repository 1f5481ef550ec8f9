import { type Clock, type Random } from '@ring/base';
import { holdProcess } from '@ring/base/internal';
import { TransportError } from '../errors.js';
import type { Address } from '../transport.js';
import type { AddressBook } from './address-book.js';
import {
  Kind,
  type Delivery,
  type DialAttempt,
  type Endpoint,
  type LinkState,
  type NetNode,
  type Pipe,
} from './delivery.js';
import { DeliveryQueue } from './delivery-queue.js';
import { DialHandshake } from './dial-handshake.js';
import type { LinkTable } from './link-table.js';
import { connectStreams, type PipeScheduler } from './memory-stream.js';
import type { MemoryFabric } from './memory-transport.js';

/** What a {@link Fabric} is built from: the network's clock, randomness, addresses and links. */
export interface FabricParts {
  readonly clock: Clock;
  readonly random: Random;
  readonly book: AddressBook;
  readonly links: LinkTable;
  /** Stream back-pressure threshold of every connection. */
  readonly highWaterMark: number;
}

/**
 * The moving parts of a `MemoryNetwork`: binds transports to addresses, applies each link's faults
 * to packets, carries stream chunks in order (stalling them across partitions) and runs the dial
 * handshake, all from one delivery queue on the network's clock. The transports and streams talk
 * to it ({@link MemoryFabric}, {@link PipeScheduler}); users talk to the `MemoryNetwork`.
 */
export class Fabric implements MemoryFabric, PipeScheduler {
  readonly clock: Clock;
  readonly book: AddressBook;
  readonly links: LinkTable;
  readonly queue: DeliveryQueue;
  readonly #random: Random;
  readonly #stalled = new Set<Pipe>();
  readonly #handshake: DialHandshake;
  /** Started transports with `unref: false`, and the hold they share while there is one. */
  #holders = 0;
  #release: (() => void) | undefined;

  /** @param parts - the network's clock, randomness, address book and link table. */
  constructor(parts: FabricParts) {
    this.clock = parts.clock;
    this.#random = parts.random;
    this.book = parts.book;
    this.links = parts.links;
    this.queue = new DeliveryQueue(this.clock, (d, now) => this.#dispatch(d, now));
    this.#handshake = new DialHandshake({
      queue: this.queue,
      links: this.links,
      latency: (src, dst) => this.latency(src, dst),
      connect: (src, dst) => connectStreams(src, dst, this, parts.highWaterMark),
    });
  }

  // ---- MemoryFabric (used by MemoryTransport) -------------------------------------------------

  /** Resolve a destination. @throws TransportError `ERR_INVALID_ADDRESS` / `ERR_UNRESOLVABLE_ADDRESS`. */
  lookup(to: Address): NetNode {
    return this.book.resolve(to);
  }

  /** Bind `endpoint` at `address`. @throws TransportError `ERR_BIND` when taken. */
  bind(address: Address, endpoint: Endpoint): NetNode {
    const node = this.book.node(address);
    if (node.endpoint !== undefined)
      throw new TransportError('ERR_BIND', `address ${address} is already in use`);
    node.endpoint = endpoint;
    if (endpoint.holdsProcess && this.#holders++ === 0) this.#release = holdProcess();
    return node;
  }

  /** Release `node` if `endpoint` still holds it. */
  unbind(node: NetNode, endpoint: Endpoint): void {
    if (node.endpoint !== endpoint) return;
    node.endpoint = undefined;
    if (endpoint.holdsProcess && --this.#holders === 0) {
      this.#release?.();
      this.#release = undefined;
    }
  }

  /** Send one packet from `src` to `dst`, applying the link's faults. */
  sendPacket(src: NetNode, dst: NetNode, data: Uint8Array): void {
    const links = this.links;
    const link = links.get(src, dst);
    const stats = link.stats;
    stats.sent++;
    if (links.isBlocked(src, dst)) {
      stats.dropped++;
      return;
    }
    const cfg = link.override ?? links.defaultLink;
    const random = this.#random;
    if (cfg.loss > 0 && random.next() < cfg.loss) {
      stats.dropped++;
      return;
    }
    let delay = cfg.latencyMs;
    if (cfg.jitterMs > 0) delay += random.next() * cfg.jitterMs;
    if (cfg.reorder > 0 && random.next() < cfg.reorder) {
      delay += cfg.reorderDelayMs;
      stats.reordered++;
    }
    this.#schedulePacket(src, dst, link, data.slice(), delay);
    if (cfg.duplicate > 0 && random.next() < cfg.duplicate) {
      stats.duplicated++;
      let copyDelay = cfg.latencyMs;
      if (cfg.jitterMs > 0) copyDelay += random.next() * cfg.jitterMs;
      this.#schedulePacket(src, dst, link, data.slice(), copyDelay);
    }
  }

  /** Begin a dial (SYN one link latency away). */
  startDial(attempt: DialAttempt): void {
    this.#handshake.start(attempt);
  }

  // ---- PipeScheduler (used by MemoryStream) ---------------------------------------------------

  /** Queue a data chunk (or FIN when `data` is null) on `pipe`, in order. */
  sendOnPipe(pipe: Pipe, data: Uint8Array | null): void {
    this.#pushOnPipe(pipe, data === null ? Kind.Fin : Kind.Data, data);
  }

  /** Send a reset to the receiver of `pipe`. */
  resetPipe(pipe: Pipe): void {
    this.#pushOnPipe(pipe, Kind.Reset, null);
  }

  // ---- internals ------------------------------------------------------------------------------

  /** Schedule an event on `pipe` one link latency from now, never before the pipe's last one. */
  #pushOnPipe(pipe: Pipe, kind: Kind, data: Uint8Array | null): void {
    const at = Math.max(this.clock.now() + this.latency(pipe.src, pipe.dst), pipe.lastAt);
    pipe.lastAt = at;
    const d = this.queue.makeAt(at, kind, pipe.src, pipe.dst);
    d.data = data;
    d.pipe = pipe;
    this.queue.push(d);
  }

  #schedulePacket(
    src: NetNode,
    dst: NetNode,
    link: LinkState,
    data: Uint8Array,
    delay: number,
  ): void {
    const d = this.queue.make(Kind.Packet, src, dst, delay);
    d.data = data;
    d.link = link;
    this.queue.push(d);
  }

  #dispatch(d: Delivery, now: number): void {
    switch (d.kind) {
      case Kind.Packet: {
        const stats = d.link!.stats;
        const endpoint = d.dst.endpoint;
        if (endpoint === undefined || !endpoint.listening || this.links.isBlocked(d.src, d.dst)) {
          stats.dropped++;
          return;
        }
        stats.delivered++;
        endpoint.deliverPacket(d.src.address, d.data!, now);
        return;
      }
      case Kind.Data:
      case Kind.Fin:
      case Kind.Reset: {
        const pipe = d.pipe!;
        const blocked = this.links.isBlocked(d.src, d.dst);
        if (pipe.stalled !== null || blocked) {
          // Held in order: behind a partition, or behind chunks that a pending Resume will flush.
          (pipe.stalled ??= []).push(d);
          if (blocked) this.#stalled.add(pipe);
          return;
        }
        if (d.kind === Kind.Reset) pipe.receiver.reset();
        else pipe.receiver.receive(d.data);
        return;
      }
      case Kind.Resume:
        this.#flushStalled(d.pipe!);
        return;
      case Kind.Syn:
        this.#handshake.onSyn(d);
        return;
      case Kind.SynAck:
      case Kind.Refused:
        this.#handshake.onReply(d);
        return;
    }
  }

  /**
   * After a partition lifts, each stalled pipe gets one Resume event a link latency later; chunks
   * still in flight meanwhile queue up behind the held ones, so the stream stays in order.
   */
  resumeStalled(): void {
    if (this.#stalled.size === 0) return;
    for (const pipe of [...this.#stalled]) {
      if (this.links.isBlocked(pipe.src, pipe.dst)) continue;
      this.#stalled.delete(pipe);
      this.#pushOnPipe(pipe, Kind.Resume, null);
    }
  }

  #flushStalled(pipe: Pipe): void {
    if (pipe.stalled === null) return;
    if (this.links.isBlocked(pipe.src, pipe.dst)) {
      this.#stalled.add(pipe); // partitioned again before the resume arrived
      return;
    }
    const held = pipe.stalled;
    pipe.stalled = null;
    for (const d of held) {
      if (d.kind === Kind.Reset) pipe.receiver.reset();
      else pipe.receiver.receive(d.data);
    }
  }

  /** One link latency from `src` to `dst`, with the link's jitter drawn. */
  latency(src: NetNode, dst: NetNode): number {
    const cfg = this.links.config(src, dst);
    return cfg.jitterMs > 0 ? cfg.latencyMs + this.#random.next() * cfg.jitterMs : cfg.latencyMs;
  }
}
