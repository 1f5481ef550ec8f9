import { normalizeAddress, parseAddress } from '../address.js';
import type { Clock } from '../clock.js';
import { DEFAULT_DIAL_TIMEOUT_MS, DEFAULT_MEMORY_PORT, DEFAULT_STREAM_HIGH_WATER_MARK } from '../constants.js';
import { TransportError } from '../errors.js';
import type { Random } from '../random.js';
import { createSeededRandom } from '../time/random.js';
import { systemClock } from '../time/system-clock.js';
import { DEFAULT_MAX_PACKET_SIZE, type Address } from '../transport.js';
import { Kind, type Delivery, type DialAttempt, type Endpoint, type LinkState, type NetNode } from './delivery.js';
import { DeliveryQueue } from './delivery-queue.js';
import { emptyLinkStats, resolveLinkConfig, type LinkConfig, type LinkStats, type ResolvedLinkConfig } from './link-config.js';
import { ID_SPACE, LinkTable } from './link-table.js';
import { connectStreams, type Pipe, type PipeScheduler } from './memory-stream.js';
import type { AddressSet, MemoryNetworkOptions, MemoryTransportOptions, PartitionOptions } from './memory-options.js';
import { MemoryTransport, type MemoryFabric } from './memory-transport.js';

const RAW_CACHE_LIMIT = 100_000;

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
  readonly #nodes = new Map<Address, NetNode>();
  readonly #nodeList: NetNode[] = [];
  readonly #rawCache = new Map<string, NetNode>();
  readonly #hosts = new Set<string>();
  readonly #links: LinkTable;
  readonly #stalled = new Set<Pipe>();
  readonly #queue: DeliveryQueue;
  #nextAuto = 1;

  /**
   * @param options - clock, randomness, default link.
   * @throws TransportError `ERR_INVALID_OPTION` for an invalid link config or high-water mark.
   */
  constructor(options: MemoryNetworkOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.#random = options.random ?? createSeededRandom(options.seed ?? 0);
    this.#links = new LinkTable(resolveLinkConfig(options.defaultLink), options.perLinkStats ?? true);
    this.#queue = new DeliveryQueue(this.clock, (d, now) => this.#dispatch(d, now));
    const hwm = options.streamHighWaterMark ?? DEFAULT_STREAM_HIGH_WATER_MARK;
    if (!Number.isInteger(hwm) || hwm < 1) {
      throw new TransportError('ERR_INVALID_OPTION', `streamHighWaterMark must be a positive integer, got ${String(hwm)}`);
    }
    this.#highWaterMark = hwm;
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
    const address = options.address === undefined ? this.#autoAddress() : normalizeAddress(options.address);
    const parsed = parseAddress(address);
    if (parsed.port === 0) throw new TransportError('ERR_INVALID_ADDRESS', `memory transports need a fixed port: ${address}`);
    if (parsed.family === 'name') this.#hosts.add(parsed.host);
    const maxPacketSize = options.maxPacketSize ?? DEFAULT_MAX_PACKET_SIZE;
    if (!Number.isInteger(maxPacketSize) || maxPacketSize < 1) {
      throw new TransportError('ERR_INVALID_OPTION', `maxPacketSize must be a positive integer, got ${String(maxPacketSize)}`);
    }
    const dialTimeoutMs = options.dialTimeoutMs ?? DEFAULT_DIAL_TIMEOUT_MS;
    if (!(dialTimeoutMs > 0)) {
      throw new TransportError('ERR_INVALID_OPTION', `dialTimeoutMs must be > 0, got ${String(dialTimeoutMs)}`);
    }
    return new MemoryTransport(this, Object.freeze({ address, maxPacketSize, dialTimeoutMs }));
  }

  /**
   * Set the fault model of the link from `from` to `to` (one direction). Unset fields come from
   * the network's default link.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`, `ERR_INVALID_OPTION`.
   */
  setLink(from: AddressSet, to: AddressSet, config: LinkConfig): void {
    const resolved = resolveLinkConfig(config, this.#links.defaultLink);
    for (const a of this.#nodesOf(from)) for (const b of this.#nodesOf(to)) this.#links.get(a, b, true).override = resolved;
  }

  /**
   * Block traffic between every address of `a` and every address of `b` (both ways unless
   * `oneWay`). Packets are dropped; dials time out; streams stall until {@link MemoryNetwork.heal}.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`.
   */
  partition(a: AddressSet, b: AddressSet, options: PartitionOptions = {}): void {
    const as = this.#nodesOf(a);
    const bs = this.#nodesOf(b);
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
    for (const node of this.#nodesOf(address)) this.#links.isolate(node);
  }

  /** Remove every partition and isolation; stalled streams resume in order. */
  heal(): void {
    this.#links.heal(this.#nodeList);
    this.#resumeStalled();
  }

  /**
   * Remove the partition between `a` and `b` (both ways unless `oneWay`), leaving others.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`.
   */
  unpartition(a: AddressSet, b: AddressSet, options: PartitionOptions = {}): void {
    for (const x of this.#nodesOf(a)) {
      for (const y of this.#nodesOf(b)) {
        this.#links.unblock(x, y);
        if (options.oneWay !== true) this.#links.unblock(y, x);
      }
    }
    this.#resumeStalled();
  }

  /** True when traffic from `from` to `to` is currently blocked. @throws TransportError `ERR_INVALID_ADDRESS`. */
  isBlocked(from: Address, to: Address): boolean {
    return this.#links.isBlocked(this.#node(normalizeAddress(from)), this.#node(normalizeAddress(to)));
  }

  /**
   * Crash the transport bound at `address`: it stops at once and its streams are reset.
   *
   * @returns whether a started transport was there.
   * @throws TransportError `ERR_INVALID_ADDRESS`.
   */
  kill(address: Address): boolean {
    const endpoint = this.#nodes.get(normalizeAddress(address))?.endpoint;
    if (endpoint === undefined) return false;
    endpoint.kill();
    return true;
  }

  /** Addresses with a started transport, in binding order. */
  addresses(): Address[] {
    return this.#nodeList.filter((n) => n.endpoint !== undefined).map((n) => n.address);
  }

  /**
   * Packet counters of the link from `from` to `to` (a snapshot; all zero for a link never used, or
   * without an override when `perLinkStats` is off).
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`.
   */
  stats(from: Address, to: Address): LinkStats {
    const a = this.#nodes.get(normalizeAddress(from));
    const b = this.#nodes.get(normalizeAddress(to));
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
    const cached = this.#rawCache.get(to);
    if (cached !== undefined) return cached;
    const address = normalizeAddress(to);
    const parsed = parseAddress(address);
    if (parsed.family === 'name' && !this.#hosts.has(parsed.host)) {
      throw new TransportError('ERR_UNRESOLVABLE_ADDRESS', `host ${parsed.host} does not resolve on this memory network`);
    }
    const node = this.#node(address);
    if (this.#rawCache.size < RAW_CACHE_LIMIT) this.#rawCache.set(to, node);
    return node;
  }

  /** @internal */
  bind(address: Address, endpoint: Endpoint): NetNode {
    const node = this.#node(address);
    if (node.endpoint !== undefined) throw new TransportError('ERR_BIND', `address ${address} is already in use`);
    node.endpoint = endpoint;
    return node;
  }

  /** @internal */
  unbind(node: NetNode, endpoint: Endpoint): void {
    if (node.endpoint === endpoint) node.endpoint = undefined;
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
    const d = this.#queue.make(Kind.Syn, attempt.src, attempt.dst, this.#latency(attempt.src, attempt.dst));
    d.dial = attempt;
    this.#queue.push(d);
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

  #pushOnPipe(pipe: Pipe, kind: Kind, data: Uint8Array | null): void {
    const at = Math.max(this.clock.now() + this.#latency(pipe.src, pipe.dst), pipe.lastAt);
    pipe.lastAt = at;
    const d = this.#queue.makeAt(at, kind, pipe.src, pipe.dst);
    d.data = data;
    d.pipe = pipe;
    this.#queue.push(d);
  }

  #schedulePacket(src: NetNode, dst: NetNode, link: LinkState, data: Uint8Array, delay: number): void {
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
        this.#onSyn(d);
        return;
      case Kind.SynAck:
      case Kind.Refused:
        this.#onSynReply(d);
        return;
    }
  }

  #onSyn(d: Delivery): void {
    const attempt = d.dial!;
    if (attempt.cancelled) return;
    if (this.#links.isBlocked(d.src, d.dst)) {
      this.#retrySyn(attempt);
      return;
    }
    const endpoint = attempt.dst.endpoint;
    const reply = this.#queue.make(Kind.Refused, attempt.dst, attempt.src, this.#latency(attempt.dst, attempt.src));
    reply.dial = attempt;
    if (endpoint?.listening === true) {
      reply.kind = Kind.SynAck;
      const { client, server } = connectStreams(attempt.src, attempt.dst, this, this.#highWaterMark);
      attempt.stream = client;
      endpoint.acceptStream(server);
    }
    this.#queue.push(reply);
  }

  #onSynReply(d: Delivery): void {
    const attempt = d.dial!;
    if (attempt.cancelled) {
      attempt.stream?.close();
      return;
    }
    if (this.#links.isBlocked(d.src, d.dst)) {
      // The reply was lost: the dialer retransmits its SYN (the listener accepts it again only if
      // the first SYN was refused; an accepted connection's SYN-ACK is simply re-sent).
      if (d.kind === Kind.SynAck) {
        const again = this.#queue.make(Kind.SynAck, d.src, d.dst, attempt.rtoMs + this.#latency(d.src, d.dst));
        again.dial = attempt;
        attempt.rtoMs *= 2;
        this.#queue.push(again);
      } else {
        this.#retrySyn(attempt);
      }
      return;
    }
    if (d.kind === Kind.SynAck) attempt.resolve(attempt.stream!);
    else attempt.reject(new TransportError('ERR_CONNECTION_REFUSED', `connection refused by ${attempt.dst.address}`));
  }

  #retrySyn(attempt: DialAttempt): void {
    const d = this.#queue.make(Kind.Syn, attempt.src, attempt.dst, attempt.rtoMs + this.#latency(attempt.src, attempt.dst));
    d.dial = attempt;
    attempt.rtoMs *= 2;
    this.#queue.push(d);
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
      const at = Math.max(this.clock.now() + this.#latency(pipe.src, pipe.dst), pipe.lastAt);
      pipe.lastAt = at;
      const d = this.#queue.makeAt(at, Kind.Resume, pipe.src, pipe.dst);
      d.pipe = pipe;
      this.#queue.push(d);
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

  #node(address: Address): NetNode {
    let node = this.#nodes.get(address);
    if (node === undefined) {
      if (this.#nodeList.length >= ID_SPACE) throw new TransportError('ERR_INVALID_OPTION', 'too many addresses on one memory network');
      node = { id: this.#nodeList.length, address, endpoint: undefined, isolated: false };
      this.#nodes.set(address, node);
      this.#nodeList.push(node);
    }
    return node;
  }

  #nodesOf(set: AddressSet): NetNode[] {
    const list = typeof set === 'string' ? [set] : set;
    return list.map((a) => this.#node(normalizeAddress(a)));
  }

  #autoAddress(): Address {
    for (;;) {
      const n = this.#nextAuto++;
      if (n >= 0xffffff) throw new TransportError('ERR_BIND', 'memory network ran out of automatic addresses');
      const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}:${DEFAULT_MEMORY_PORT}`;
      if ((n & 255) === 0 || (n & 255) === 255) continue;
      if (this.#nodes.get(address)?.endpoint === undefined) return address;
    }
  }
}
