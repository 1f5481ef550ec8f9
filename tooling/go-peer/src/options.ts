import { toBase64 } from './events.js';

/**
 * Settings for fast, reliable loopback tests: the `local` preset with a 200 ms probe interval, and
 * memberlist's LAN `retransmitMult` of 4 instead of the local preset's 2. With 2, a node sends each
 * update only 2 × ⌈log10(N+1)⌉ times, and in 4- and 5-node clusters some members regularly miss a
 * graceful leave and declare the node `dead` instead.
 */
export const GO_PEER_FAST_TIMING = Object.freeze({
  probeIntervalMs: 200,
  probeTimeoutMs: 100,
  gossipIntervalMs: 50,
  pushPullIntervalMs: 2_000,
  suspicionMult: 3,
  retransmitMult: 4,
  tcpTimeoutMs: 1_000,
});

/** Options of {@link startGoPeer}; timing fields override the preset (milliseconds). */
export interface GoPeerOptions {
  name: string;
  /** @default '127.0.0.1' */
  bind?: string;
  /** @default 0 (a free port, reported in `address`) */
  port?: number;
  /** Seeds joined before `ready`; startGoPeer rejects when none answers. */
  join?: readonly string[];
  /** @default 'local' */
  preset?: 'local' | 'lan' | 'wan';
  probeIntervalMs?: number;
  probeTimeoutMs?: number;
  gossipIntervalMs?: number;
  suspicionMult?: number;
  suspicionMaxTimeoutMult?: number;
  pushPullIntervalMs?: number;
  deadReclaimMs?: number;
  gossipToTheDeadMs?: number;
  tcpTimeoutMs?: number;
  retransmitMult?: number;
  indirectChecks?: number;
  gossipNodes?: number;
  awarenessMaxMult?: number;
  /** memberlist protocol version to speak (2..5). @default 2 (memberlist's ProtocolVersion2Compatible) */
  protocolVersion?: number;
  /** Delegate protocol version / min / max (memberlist's `DelegateProtocol*`). @default 0 */
  delegateProtocolVersion?: number;
  delegateProtocolMin?: number;
  delegateProtocolMax?: number;
  /** @default false */
  disableTcpPings?: boolean;
  /**
   * Re-queue every received user message not seen before (by content), as Serf does, so broadcasts
   * reach every member. memberlist itself sends a broadcast only `retransmitMult × ⌈log10(N+1)⌉` times,
   * from its origin. @default false
   */
  rebroadcast?: boolean;
  /** Keyring, first = primary: raw keys (16, 24 or 32 bytes) or base64 strings. */
  keys?: readonly (Uint8Array | string)[];
  /** @default true */
  compression?: boolean;
  /** Raw node meta. Exclusive with `tags`. */
  meta?: Uint8Array | string;
  /** Node meta as Serf tags (0xFF + msgpack map). Exclusive with `meta`. */
  tags?: Record<string, string>;
  /** Application state sent in push-pull (LocalState). */
  state?: Uint8Array;
  /** Leave timeout used on SIGTERM. @default 5000 */
  leaveTimeoutMs?: number;
  /** Deadline for the ready event. @default 30000 */
  readyTimeoutMs?: number;
  /** Copy the peer's stderr (memberlist's log) to ours; also when `RING_GO_PEER_LOGS=1`. @default false */
  inheritLogs?: boolean;
  /** More flags for the Go program. */
  extraArgs?: readonly string[];
}

/** The Go program's command line for `o`. */
export function peerArgs(o: GoPeerOptions): string[] {
  const args = [
    '-name',
    o.name,
    '-bind',
    o.bind ?? '127.0.0.1',
    '-port',
    String(o.port ?? 0),
    '-preset',
    o.preset ?? 'local',
  ];
  const flags: [string, number | undefined][] = [
    ['probe-interval-ms', o.probeIntervalMs],
    ['probe-timeout-ms', o.probeTimeoutMs],
    ['gossip-interval-ms', o.gossipIntervalMs],
    ['suspicion-mult', o.suspicionMult],
    ['suspicion-max-timeout-mult', o.suspicionMaxTimeoutMult],
    ['pushpull-interval-ms', o.pushPullIntervalMs],
    ['dead-reclaim-ms', o.deadReclaimMs],
    ['gossip-to-the-dead-ms', o.gossipToTheDeadMs],
    ['tcp-timeout-ms', o.tcpTimeoutMs],
    ['retransmit-mult', o.retransmitMult],
    ['indirect-checks', o.indirectChecks],
    ['gossip-nodes', o.gossipNodes],
    ['awareness-max-mult', o.awarenessMaxMult],
    ['protocol-version', o.protocolVersion],
    ['delegate-protocol-version', o.delegateProtocolVersion],
    ['delegate-protocol-min', o.delegateProtocolMin],
    ['delegate-protocol-max', o.delegateProtocolMax],
    ['leave-timeout-ms', o.leaveTimeoutMs],
  ];
  for (const [flag, value] of flags) if (value !== undefined) args.push(`-${flag}`, String(value));
  if (o.join && o.join.length > 0) args.push('-join', o.join.join(','));
  if (o.keys && o.keys.length > 0)
    args.push('-keys', o.keys.map((k) => (typeof k === 'string' ? k : toBase64(k))).join(','));
  if (o.compression !== undefined) args.push(`-compression=${o.compression}`);
  if (o.disableTcpPings !== undefined) args.push(`-disable-tcp-pings=${o.disableTcpPings}`);
  if (o.rebroadcast !== undefined) args.push(`-rebroadcast=${o.rebroadcast}`);
  if (o.meta !== undefined) args.push('-meta-b64', toBase64(o.meta));
  if (o.tags !== undefined) args.push('-tags-json', JSON.stringify(o.tags));
  if (o.state !== undefined) args.push('-state-b64', toBase64(o.state));
  return [...args, ...(o.extraArgs ?? [])];
}
