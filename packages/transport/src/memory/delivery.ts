import type { Address } from '../transport.js';
import type { HeapEntry } from '@ring/base/internal';
import type { ResolvedLinkConfig, LinkStats } from './link-config.js';
import type { MemoryStream, Pipe } from './memory-stream.js';

/** What a {@link Delivery} carries. Small integers, so the dispatch switch stays monomorphic. */
export const Kind = {
  Packet: 0,
  Data: 1,
  Fin: 2,
  Reset: 3,
  Syn: 4,
  SynAck: 5,
  Refused: 6,
  Resume: 7,
} as const;
/** One of {@link Kind}'s values. */
export type Kind = (typeof Kind)[keyof typeof Kind];

/** The network-side view of a transport: what the network needs to deliver to it. */
export interface Endpoint {
  /** Whether the transport is started (accepting packets and streams). */
  readonly listening: boolean;
  /** Whether this endpoint keeps the process alive while bound (`unref: false`). */
  readonly holdsProcess: boolean;
  /** Hand an inbound packet to the handler. */
  deliverPacket(from: Address, data: Uint8Array, receivedAt: number): void;
  /** Hand an accepted inbound stream to the handler. */
  acceptStream(stream: MemoryStream): void;
  /** Track a stream so that closing the transport closes it. */
  adopt(stream: MemoryStream): void;
  /** Forget a closed stream. */
  forget(stream: MemoryStream): void;
  /** Crash: stop at once and reset every stream. */
  kill(): void;
}

/** One address on a {@link MemoryNetwork}, whether or not a transport is bound to it. */
export interface NetNode {
  /** Dense id, used for link keys. */
  readonly id: number;
  /** Canonical address. */
  readonly address: Address;
  /** The started transport bound here, if any. */
  endpoint: Endpoint | undefined;
  /** Cut off from every other node by `isolate`. */
  isolated: boolean;
}

/** State of one direction of a link. */
export interface LinkState {
  /** Per-link fault config, or null for the network default. */
  override: ResolvedLinkConfig | null;
  /** Packet counters. */
  readonly stats: LinkStats;
}

/** An in-progress stream dial. */
export interface DialAttempt {
  /** The dialing node. */
  readonly src: NetNode;
  /** The node dialed. */
  readonly dst: NetNode;
  /** Set when the dial timed out, was aborted, or the dialer closed. */
  cancelled: boolean;
  /** Current retransmission timeout for a lost SYN (ms), doubling like TCP's. */
  rtoMs: number;
  /** The dialer's end, once the listener accepted. */
  stream: MemoryStream | undefined;
  /** Complete the dial. */
  resolve(stream: MemoryStream): void;
  /** Fail the dial. */
  reject(error: Error): void;
}

/** One scheduled event on the network's queue. A plain record: no closure per packet. */
export class Delivery implements HeapEntry {
  at: number;
  seq: number;
  kind: Kind;
  src: NetNode;
  dst: NetNode;
  data: Uint8Array | null;
  pipe: Pipe | null;
  dial: DialAttempt | null;
  link: LinkState | null;

  constructor(at: number, seq: number, kind: Kind, src: NetNode, dst: NetNode) {
    this.at = at;
    this.seq = seq;
    this.kind = kind;
    this.src = src;
    this.dst = dst;
    this.data = null;
    this.pipe = null;
    this.dial = null;
    this.link = null;
  }
}
