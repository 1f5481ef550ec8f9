import { normalizeAddress } from '../address.js';
import { type Clock, type Random, createSeededRandom, systemClock } from '@ring/base';
import { DEFAULT_DIAL_TIMEOUT_MS, DEFAULT_STREAM_HIGH_WATER_MARK } from '../constants.js';
import { TransportError } from '../errors.js';
import { holdProcess } from '@ring/base/internal';
import { DEFAULT_MAX_PACKET_SIZE, type Address } from '../transport.js';
import { AddressBook } from './address-book.js';
import {
  Kind,
  type Delivery,
  type DialAttempt,
  type Endpoint,
  type LinkState,
  type NetNode,
} from './delivery.js';
import { DeliveryQueue } from './delivery-queue.js';
import { DialHandshake } from './dial-handshake.js';
import {
  emptyLinkStats,
  resolveLinkConfig,
  type LinkConfig,
  type LinkStats,
  type ResolvedLinkConfig,
} from './link-config.js';
import { LinkTable } from './link-table.js';
import { connectStreams, type Pipe, type PipeScheduler } from './memory-stream.js';
import type {
  AddressSet,
  MemoryNetworkOptions,
  MemoryTransportOptions,
  PartitionOptions,
} from './memory-options.js';
import { MemoryTransport, type MemoryFabric } from './memory-transport.js';

/**
 * Many transports in one process, joined by links with seeded faults, delivering on an injected
 * clock. With a `VirtualClock` and a fixed seed a whole cluster simulation is reproducible.
 *
 * Model:
 * - Packets: per link (direction) latency + uniform jitter, loss, duplication and reordering;
 *   a partition drops packets at send and at delivery time (in-flight packets are lost too).
 *   Packets to an address without a started transport are dropped silently, as UDP would.
 * - Streams: reliable and ordered with the link's latency; faults other than partitions do not
 *   apply. A dial sends a SYN; a lost SYN (partition) is retried after 1 s, 2 s, 4 s, … until the
 *   dial times out (`ERR_TIMEOUT`); a dial to an address with no started transport is refused
 *   (`ERR_CONNECTION_REFUSED`) one round trip later. Established streams stall across a partition
 *   and resume in order after `heal()`.
 * - `kill(address)` is a crash: the transport stops, its streams are reset (peers read
 *   `ERR_CONNECTION_RESET`). `close()` on a transport is graceful (FIN on every stream).
 * - Host names resolve only if some transport was created with that host; anything else is
 *   `ERR_UNRESOLVABLE_ADDRESS`.
 *
 * One priority queue of deliveries drives everything, with a single clock timer armed for the
 * earliest: cheap enough for thousands of nodes.
 *
 * On the system clock (the default) a program runs to completion as written: while deliveries are
 * in flight their timer keeps the process alive (an idle network holds nothing, so a finished
 * script still exits), and a transport created with `unref: false` keeps it alive while started,
 * for scripts that wait on protocol timers. On a `VirtualClock` nothing holds the process.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(0);
 * const net = new MemoryNetwork({ clock, seed: 7, defaultLink: { latencyMs: 2, loss: 0.1 } });
 * const a = net.createTransport({ address: '10.0.0.1:7946' });
 * ```
 */
export class MemoryNetwork implements MemoryFabric, PipeScheduler {
  /** The clock deliveries run on. */
  readonly clock: Clock;
  readonly #random: Random;
  readonly #highWaterMark: number;
  readonly #book = new AddressBook();
  readonly #links: LinkTable;
  readonly #stalled = new Set<Pipe>();
  readonly #queue: DeliveryQueue;
  readonly #handshake: DialHandshake;
  /** Started transports with `unref: false`, and the hold they share while there is one. */
  #holders = 0;
  #release: (() => void) | undefined;

  /**
   * @param options - clock, randomness, default link.
   * @throws TransportError `ERR_INVALID_OPTION` for an invalid link config or high-water mark.
   */
  constructor(options: MemoryNetworkOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.#random = options.random ?? createSeededRandom(options.seed ?? 0);
    this.#links = new LinkTable(
      resolveLinkConfig(options.defaultLink),
      options.perLinkStats ?? true,
    );
    this.#queue = new DeliveryQueue(this.clock, (d, now) => this.#dispatch(d, now));
    const hwm = options.streamHighWaterMark ?? DEFAULT_STREAM_HIGH_WATER_MARK;
    if (!Number.isInteger(hwm) || hwm < 1) {
      throw new TransportError(
        'ERR_INVALID_OPTION',
        `streamHighWaterMark must be a positive integer, got ${String(hwm)}`,
      );
    }
    this.#highWaterMark = hwm;
    this.#handshake = new DialHandshake({
      queue: this.#queue,
      links: this.#links,
      latency: (src, dst) => this.#latency(src, dst),
      connect: (src, dst) => connectStreams(src, dst, this, this.#highWaterMark),
    });
  }

  /** The fault model of links without their own config. */
  get defaultLink(): ResolvedLinkConfig {
    return this.#links.defaultLink;
  }

  /** Deliveries (packets, stream chunks, handshakes) scheduled but not yet due. */
  get pendingDeliveries(): number {
    return this.#queue.size;
  }

  /**
   * Create a transport on this network (not started). Its address is reserved at `start()`.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS` for a malformed address, `ERR_INVALID_OPTION` for
   *   bad sizes or timeouts.
   */
  createTransport(options: MemoryTransportOptions = {}): MemoryTransport {
    const address = this.#book.transportAddress(options.address);
    const maxPacketSize = options.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE;
    if (!Number.isInteger(maxPacketSize) || maxPacketSize < 1) {
      throw new TransportError(
        'ERR_INVALID_OPTION',
        `maxPacketSize must be a positive integer, got ${String(maxPacketSize)}`,
      );
    }
    const dialTimeoutMs = options.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS;
    if (!(dialTimeoutMs > 0)) {
      throw new TransportError(
        'ERR_INVALID_OPTION',
        `dialTimeoutMs must be > 0, got ${String(dialTimeoutMs)}`,
      );
    }
    const holdsProcess = options.unref === false && this.clock === systemClock;
    return new MemoryTransport(
      this,
      Object.freeze({ address, maxPacketSize, dialTimeoutMs, holdsProcess }),
    );
  }

  /**
   * Set the fault model of the link from `from` to `to` (one direction). Unset fields come from
   * the network's default link.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`, `ERR_INVALID_OPTION`.
   */
  setLink(from: AddressSet, to: AddressSet, config: LinkConfig): void {
    const resolved = resolveLinkConfig(config, this.#links.defaultLink);
    for (const a of this.#book.nodesOf(from))
      for (const b of this.#book.nodesOf(to)) this.#links.get(a, b, true).override = resolved;
  }

  /**
   * Block traffic between every address of `a` and every address of `b` (both ways unless
   * `oneWay`). Packets are dropped; dials time out; streams stall until {@link MemoryNetwork.heal}.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`.
   */
  partition(a: AddressSet, b: AddressSet, options: PartitionOptions = {}): void {
    const as = this.#book.nodesOf(a);
    const bs = this.#book.nodesOf(b);
    for (const x of as) {
      for (const y of bs) {
        this.#links.block(x, y);
        if (options.oneWay !== true) this.#links.block(y, x);
      }
    }
  }

  /**
   * Cut `address` off from every other address, both ways.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`.
   */
  isolate(address: AddressSet): void {
    for (const node of this.#book.nodesOf(address)) this.#links.isolate(node);
  }

  /** Remove every partition and isolation; stalled streams resume in order. */
  heal(): void {
    this.#links.heal(this.#book.nodes);
    this.#resumeStalled();
  }

  /**
   * Remove the partition between `a` and `b` (both ways unless `oneWay`), leaving others.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`.
   */
  unpartition(a: AddressSet, b: AddressSet, options: PartitionOptions = {}): void {
    for (const x of this.#book.nodesOf(a)) {
      for (const y of this.#book.nodesOf(b)) {
        this.#links.unblock(x, y);
        if (options.oneWay !== true) this.#links.unblock(y, x);
      }
    }
    this.#resumeStalled();
  }

  /** True when traffic from `from` to `to` is currently blocked. @throws TransportError `ERR_INVALID_ADDRESS`. */
  isBlocked(from: Address, to: Address): boolean {
    const book = this.#book;
    return this.#links.isBlocked(
      book.node(normalizeAddress(from)),
      book.node(normalizeAddress(to)),
    );
  }

  /**
   * Crash the transport bound at `address`: it stops at once and its streams are reset.
   *
   * @returns whether a started transport was there.
   * @throws TransportError `ERR_INVALID_ADDRESS`.
   */
  kill(address: Address): boolean {
    const endpoint = this.#book.find(address)?.endpoint;
    if (endpoint === undefined) return false;
    endpoint.kill();
    return true;
  }

  /** Addresses with a started transport, in binding order. */
  addresses(): Address[] {
    return this.#book.nodes.filter((n) => n.endpoint !== undefined).map((n) => n.address);
  }

  /**
   * Packet counters of the link from `from` to `to` (a snapshot; all zero for a link never used, or
   * without an override when `perLinkStats` is off).
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`.
   */
  stats(from: Address, to: Address): LinkStats {
    const a = this.#book.find(from);
    const b = this.#book.find(to);
    const link = a === undefined || b === undefined ? undefined : this.#links.peek(a, b);
    return link === undefined ? emptyLinkStats() : { ...link.stats };
  }

  /** Sum of every link's packet counters. */
  totals(): LinkStats {
    return this.#links.totals();
  }

  // ---- MemoryFabric (used by MemoryTransport) -------------------------------------------------

  /** @internal */
  lookup(to: Address): NetNode {
    return this.#book.resolve(to);
  }

  /** @internal */
  bind(address: Address, endpoint: Endpoint): NetNode {
    const node = this.#book.node(address);
    if (node.endpoint !== undefined)
      throw new TransportError('ERR_BIND', `address ${address} is already in use`);
    node.endpoint = endpoint;
    if (endpoint.holdsProcess && this.#holders++ === 0) this.#release = holdProcess();
    return node;
  }

  /** @internal */
  unbind(node: NetNode, endpoint: Endpoint): void {
    if (node.endpoint !== endpoint) return;
    node.endpoint = undefined;
    if (endpoint.holdsProcess && --this.#holders === 0) {
      this.#release?.();
      this.#release = undefined;
    }
  }

  /** @internal */
  sendPacket(src: NetNode, dst: NetNode, data: Uint8Array): void {
    const links = this.#links;
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

  /** @internal */
  startDial(attempt: DialAttempt): void {
    this.#handshake.start(attempt);
  }

  // ---- PipeScheduler (used by MemoryStream) ---------------------------------------------------

  /** @internal */
  sendOnPipe(pipe: Pipe, data: Uint8Array | null): void {
    this.#pushOnPipe(pipe, data === null ? Kind.Fin : Kind.Data, data);
  }

  /** @internal */
  resetPipe(pipe: Pipe): void {
    this.#pushOnPipe(pipe, Kind.Reset, null);
  }

  // ---- internals ------------------------------------------------------------------------------

  /** Schedule an event on `pipe` one link latency from now, never before the pipe's last one. */
  #pushOnPipe(pipe: Pipe, kind: Kind, data: Uint8Array | null): void {
    const at = Math.max(this.clock.now() + this.#latency(pipe.src, pipe.dst), pipe.lastAt);
    pipe.lastAt = at;
    const d = this.#queue.makeAt(at, kind, pipe.src, pipe.dst);
    d.data = data;
    d.pipe = pipe;
    this.#queue.push(d);
  }

  #schedulePacket(
    src: NetNode,
    dst: NetNode,
    link: LinkState,
    data: Uint8Array,
    delay: number,
  ): void {
    const d = this.#queue.make(Kind.Packet, src, dst, delay);
    d.data = data;
    d.link = link;
    this.#queue.push(d);
  }

  #dispatch(d: Delivery, now: number): void {
    switch (d.kind) {
      case Kind.Packet: {
        const stats = d.link!.stats;
        const endpoint = d.dst.endpoint;
        if (endpoint === undefined || !endpoint.listening || this.#links.isBlocked(d.src, d.dst)) {
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
        const blocked = this.#links.isBlocked(d.src, d.dst);
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
  #resumeStalled(): void {
    if (this.#stalled.size === 0) return;
    for (const pipe of [...this.#stalled]) {
      if (this.#links.isBlocked(pipe.src, pipe.dst)) continue;
      this.#stalled.delete(pipe);
      this.#pushOnPipe(pipe, Kind.Resume, null);
    }
  }

  #flushStalled(pipe: Pipe): void {
    if (pipe.stalled === null) return;
    if (this.#links.isBlocked(pipe.src, pipe.dst)) {
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

  #latency(src: NetNode, dst: NetNode): number {
    const cfg = this.#links.config(src, dst);
    return cfg.jitterMs > 0 ? cfg.latencyMs + this.#random.next() * cfg.jitterMs : cfg.latencyMs;
  }
}
