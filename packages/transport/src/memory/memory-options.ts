import type { Clock, Random } from '@ring/base';
import type { Address } from '../transport.js';
import type { LinkConfig } from './link-config.js';

/** Options of {@link MemoryNetwork}. */
export interface MemoryNetworkOptions {
  /**
   * Clock deliveries are scheduled on; a `VirtualClock` makes runs deterministic.
   * @defaultValue systemClock
   */
  readonly clock?: Clock;
  /** Source of fault decisions. Takes precedence over `seed`. */
  readonly random?: Random;
  /**
   * Seed for a `createSeededRandom` when no `random` is given.
   * @defaultValue 0
   */
  readonly seed?: number;
  /** Fault model of every link without its own {@link MemoryNetwork.setLink}. */
  readonly defaultLink?: LinkConfig;
  /**
   * Bytes a memory stream lets through unread before `write()` waits.
   * @defaultValue 262144
   */
  readonly streamHighWaterMark?: number;
  /**
   * Keep packet counters per link. A full mesh of N nodes has N² links; for large simulations set
   * `false`: then only links with a {@link MemoryNetwork.setLink} override have their own counters,
   * all other traffic is counted once, and {@link MemoryNetwork.totals} still covers everything.
   * @defaultValue true
   */
  readonly perLinkStats?: boolean;
}

/** Options of {@link MemoryNetwork.createTransport}. */
export interface MemoryTransportOptions {
  /** Address to bind (`host:port`); default: the next free `10.0.x.y:7946`. */
  readonly address?: Address;
  /**
   * Largest packet accepted by `sendPacket`.
   * @defaultValue 1400
   */
  readonly maxPacketSize?: number;
  /**
   * Default dial timeout (ms).
   * @defaultValue 10000
   */
  readonly dialTimeoutMs?: number;
  /**
   * `false` keeps the process alive while this transport is started, as with
   * `createUdpTransport({ unref: false })` — for scripts on the system clock that wait on protocol
   * timers (a swim node's gossip, probes, leave). Ignored on any other clock (a `VirtualClock` run
   * is driven by its caller and never holds the process). Deliveries in flight keep the process
   * alive either way.
   * @defaultValue true
   */
  readonly unref?: boolean;
}

/** Options of {@link MemoryNetwork.partition}. */
export interface PartitionOptions {
  /**
   * Block only traffic from `a` to `b`.
   * @defaultValue false
   */
  readonly oneWay?: boolean;
}

/** Addresses or groups of addresses. */
export type AddressSet = Address | readonly Address[];
