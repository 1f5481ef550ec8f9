/**
 * The view of a running node that its parts (prober, gossip, claims, anti-entropy, streams)
 * are given, and the small helpers they share over it. {@link RunningState} implements it.
 */
import type { MemberRecord, MemberTable } from '../core/membership/member-table.js';
import { wireToAddress } from './wire-address.js';
import { suspicionConfirmations, suspicionTimeoutMs } from '../core/timing.js';
import { packetTypeLabels } from '../observe/packet-labels.js';
import type { Ping } from '../wire/index.js';
import type { NodeEnv } from './node-env.js';
import type { Timers } from './timers.js';

/** Lifecycle of a `SwimNode`. */
export type SwimNodeState = 'idle' | 'starting' | 'running' | 'leaving' | 'left' | 'shutdown';

/** The part of the lifecycle a started node goes through. */
export type RunningPhase = 'running' | 'leaving' | 'left' | 'shutdown';

/** The empty byte array (shared, never written). */
export const EMPTY = new Uint8Array(0);

/** A started node, as its parts see it. */
export interface Run {
  readonly env: NodeEnv;
  /** The member table (this node's record included). */
  readonly table: MemberTable;
  /** The transport's advertised address. */
  readonly localAddress: string;
  /** {@link Run.localAddress} as wire bytes and port. */
  readonly localWire: { readonly ip: Uint8Array; readonly port: number };
  /** Where the node is in its life (written only by the running state). */
  readonly phase: RunningPhase;
  /** The node's tracked timers. */
  readonly timers: Timers;
  /** Publish the gauges: health score, members, queue depths, inbound streams. */
  updateGauges(): void;
  /**
   * News that should not wait for the next gossip tick was queued: a member became suspect, dead
   * or left in our view, or we refuted a claim about ourselves. The next
   * {@link Run.flushUrgent} sends a gossip round.
   */
  markUrgent(): void;
  /** If something was marked urgent since the last call, send one gossip round now. */
  flushUrgent(): void;
}

/** Count an outgoing message of `type` (`ring_swim_packets_out_total`, `ring_swim_bytes_out_total`). */
export function countOut(env: NodeEnv, type: number, bytes: number): void {
  const labels = packetTypeLabels(type);
  env.metrics.increment('ring_swim_packets_out_total', 1, labels);
  env.metrics.increment('ring_swim_bytes_out_total', bytes, labels);
}

/** Count an incoming message of `type` (`ring_swim_packets_in_total`, `ring_swim_bytes_in_total`). */
export function countIn(env: NodeEnv, type: number, bytes: number): void {
  const labels = packetTypeLabels(type);
  env.metrics.increment('ring_swim_packets_in_total', 1, labels);
  env.metrics.increment('ring_swim_bytes_in_total', bytes, labels);
}

/** Change the Lifeguard health score by `delta` (no-op with Lifeguard off). */
export function applyAwareness(env: NodeEnv, delta: number): void {
  if (!env.options.lifeguard) return;
  env.awareness.applyDelta(delta);
}

/** Up to `k` random other members for which `ok` holds, without scanning the whole list. */
export function randomOthers(
  run: Run,
  k: number,
  ok: (rec: MemberRecord) => boolean,
  exclude?: string,
): MemberRecord[] {
  const t = run.table;
  const order = run.env.probeOrder;
  const n = order.size;
  const out: MemberRecord[] = [];
  if (n === 0 || k === 0) return out;
  const picked = new Set<string>();
  for (let tries = 0; tries < 3 * n && out.length < k && tries < 64 + 4 * k; tries++) {
    const name = order.at(run.env.random.int(n));
    if (name === exclude || picked.has(name)) continue;
    const rec = t.get(name);
    if (rec === undefined || !ok(rec)) continue;
    picked.add(name);
    out.push(rec);
  }
  return out;
}

/** Suspicion parameters for the current cluster size: k confirmations, min and max timeout (fixed min with Lifeguard off). */
export function suspicionParams(run: Run): { k: number; minMs: number; maxMs: number } {
  const n = run.table.size;
  const o = run.env.options;
  const minMs = suspicionTimeoutMs(o.suspicionMult, n, o.probeIntervalMs);
  if (!o.lifeguard) return { k: 0, minMs, maxMs: minMs };
  return {
    k: suspicionConfirmations(o.suspicionMult, n),
    minMs,
    maxMs: o.suspicionMaxTimeoutMult * minMs,
  };
}

/** Where to answer a ping or indirect ping: its `Source*` fields when set, else the packet's source address. */
export function replyAddress(
  sourceAddr: Uint8Array | null,
  sourcePort: number,
  from: string,
): string {
  if (sourceAddr !== null && sourceAddr.length > 0 && sourcePort > 0) {
    try {
      return wireToAddress(sourceAddr, sourcePort);
    } catch {
      return from;
    }
  }
  return from;
}

/**
 * True when `address` belongs to an alive or suspect member (user messages restricted to members;
 * the packet whose stale claim is answered). A scan: callers are rare or already paced.
 */
export function isMemberAddress(table: MemberTable, address: string): boolean {
  for (const rec of table.records()) {
    if (rec.address === address && (rec.state === 'alive' || rec.state === 'suspect')) return true;
  }
  return false;
}

/** The member name behind a source address, or the address itself (user messages carry no sender). */
export function nameOf(table: MemberTable, address: string): string {
  // Reverse lookup only for user messages; cheap enough (rare) and avoids an extra index.
  for (const rec of table.records()) if (rec.address === address) return rec.name;
  return address;
}

/** A member's highest protocol version (0 if unknown): decides CRC and nack support. */
export function peerMax(table: MemberTable, name: string): number {
  return table.get(name)?.vsn[1] ?? 0;
}

/** A ping to `node` carrying our address and name, so the reply comes back to our gossip address. */
export function pingBody(run: Run, seqNo: number, node: string): Ping {
  return {
    seqNo,
    node,
    sourceAddr: run.localWire.ip,
    sourcePort: run.localWire.port,
    sourceNode: run.env.name,
  };
}
