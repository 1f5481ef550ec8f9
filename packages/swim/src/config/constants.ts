/**
 * Defaults of `@ring/swim`, mirroring hashicorp/memberlist's `DefaultLANConfig`,
 * `DefaultWANConfig` and `DefaultLocalConfig` (spec §14.7), with durations in milliseconds.
 * Options that memberlist lacks (reclaim default, partition-heal window, join fan-out) are Ring's
 * and say so.
 */
import { DEFAULT_MAX_PACKET_SIZE } from '@ring/base';

/** Names of the built-in presets. */
export type SwimPreset = 'lan' | 'wan' | 'local';

/** The numbers a preset fixes. Every duration is in milliseconds. */
export interface PresetValues {
  /** Dial and whole-exchange deadline of a stream (push/pull, reliable message). @default LAN 10 000, WAN 30 000, local 1 000 */
  readonly tcpTimeoutMs: number;
  /** Members asked to probe a target indirectly after a missed ack. @default LAN 3, WAN 3, local 1 */
  readonly indirectChecks: number;
  /** Broadcast retransmissions = `retransmitMult × ⌈log10(n + 1)⌉`. @default LAN 4, WAN 4, local 2 */
  readonly retransmitMult: number;
  /** Minimum suspicion timeout = `suspicionMult × max(1, log10 n) × probeIntervalMs`. @default LAN 4, WAN 6, local 3 */
  readonly suspicionMult: number;
  /** Maximum suspicion timeout = this × the minimum (Lifeguard). @default 6 */
  readonly suspicionMaxTimeoutMult: number;
  /** Anti-entropy period before scaling with the cluster size. @default LAN 30 000, WAN 60 000, local 15 000 */
  readonly pushPullIntervalMs: number;
  /** One probe per interval (× health score + 1). @default LAN 1 000, WAN 5 000, local 1 000 */
  readonly probeIntervalMs: number;
  /** Wait for a direct ack before indirect probes. @default LAN 500, WAN 3 000, local 200 */
  readonly probeTimeoutMs: number;
  /** Members sent gossip each gossip round. @default LAN 3, WAN 4, local 3 */
  readonly gossipNodes: number;
  /** Gossip round period. @default LAN 200, WAN 500, local 100 */
  readonly gossipIntervalMs: number;
  /** Dead members keep receiving gossip, then are forgotten, after this long. @default LAN 30 000, WAN 60 000, local 15 000 */
  readonly gossipToTheDeadTimeMs: number;
  /** A dead member's name may move to a new address after this long; 0 = never (memberlist's default). @default Ring: LAN 10 000, WAN 30 000, local 5 000 */
  readonly deadNodeReclaimTimeMs: number;
  /** Ring's partition heal: period of push/pull attempts with failed members and seeds; 0 = off. @default LAN 10 000, WAN 30 000, local 5 000 */
  readonly reconnectIntervalMs: number;
}

/** memberlist `DefaultLANConfig`: a single data centre. */
export const LAN_PRESET: PresetValues = Object.freeze({
  tcpTimeoutMs: 10_000,
  indirectChecks: 3,
  retransmitMult: 4,
  suspicionMult: 4,
  suspicionMaxTimeoutMult: 6,
  pushPullIntervalMs: 30_000,
  probeIntervalMs: 1_000,
  probeTimeoutMs: 500,
  gossipNodes: 3,
  gossipIntervalMs: 200,
  gossipToTheDeadTimeMs: 30_000,
  // Ring: memberlist defaults to 0 (never), which keeps a node that restarted on a new address
  // out of the cluster until every peer forgot it; we allow the reclaim after 10 s.
  deadNodeReclaimTimeMs: 10_000,
  reconnectIntervalMs: 10_000,
});

/** memberlist `DefaultWANConfig`: higher latency, more loss. */
export const WAN_PRESET: PresetValues = Object.freeze({
  tcpTimeoutMs: 30_000,
  indirectChecks: 3,
  retransmitMult: 4,
  suspicionMult: 6,
  suspicionMaxTimeoutMult: 6,
  pushPullIntervalMs: 60_000,
  probeIntervalMs: 5_000,
  probeTimeoutMs: 3_000,
  gossipNodes: 4,
  gossipIntervalMs: 500,
  gossipToTheDeadTimeMs: 60_000,
  deadNodeReclaimTimeMs: 30_000,
  reconnectIntervalMs: 30_000,
});

/** memberlist `DefaultLocalConfig`: loopback / one host. */
export const LOCAL_PRESET: PresetValues = Object.freeze({
  tcpTimeoutMs: 1_000,
  indirectChecks: 1,
  retransmitMult: 2,
  suspicionMult: 3,
  suspicionMaxTimeoutMult: 6,
  pushPullIntervalMs: 15_000,
  probeIntervalMs: 1_000,
  probeTimeoutMs: 200,
  gossipNodes: 3,
  gossipIntervalMs: 100,
  gossipToTheDeadTimeMs: 15_000,
  deadNodeReclaimTimeMs: 5_000,
  reconnectIntervalMs: 5_000,
});

/** Preset values by name. */
export const PRESETS: Readonly<Record<SwimPreset, PresetValues>> = Object.freeze({
  lan: LAN_PRESET,
  wan: WAN_PRESET,
  local: LOCAL_PRESET,
});

/** memberlist `AwarenessMaxMultiplier`: the health score lives in `[0, 7]`. */
export const DEFAULT_AWARENESS_MAX_MULTIPLIER = 8;
/** memberlist `UDPBufferSize`: the budget for building one packet, in bytes. */
export const DEFAULT_PACKET_BUDGET_BYTES = DEFAULT_MAX_PACKET_SIZE;
/** memberlist `MetaMaxSize`: the largest node metadata, in bytes. */
export const META_MAX_SIZE = 512;
/** memberlist `ProtocolVersionMin`. */
export const PROTOCOL_VERSION_MIN = 1;
/** memberlist `ProtocolVersionMax`. */
export const PROTOCOL_VERSION_MAX = 5;
/** memberlist's default speaking version (`ProtocolVersion2Compatible`). */
export const PROTOCOL_VERSION = 2;
/** Ring: how long after a failure we keep trying to re-merge with lost members and seeds (1 h). */
export const DEFAULT_RECONNECT_TIMEOUT_MS = 3_600_000;
/** Ring: how many resolved seed addresses one `join()` contacts at most. */
export const DEFAULT_JOIN_MAX_ADDRESSES = 5;
/**
 * Ring: members a node that just joined sends its own alive message to directly, per gossip
 * interval, until it has reached every member it learned (see `joinAnnouncePerInterval`).
 */
export const DEFAULT_JOIN_ANNOUNCE_PER_INTERVAL = 64;
/** Port assumed for a seed given without one (memberlist's default bind port). */
export const DEFAULT_PORT = 7946;
/** memberlist: fewer than 128 compound parts, for v0.2.2 receivers. */
export const MAX_COMPOUND_PARTS = 127;
/** Compound header overhead (type + count) and per-part overhead (uint16 length), in bytes. */
export const COMPOUND_HEADER_OVERHEAD = 2;
/** Per-part overhead in a compound message, in bytes. */
export const COMPOUND_PART_OVERHEAD = 2;

// ---------------------------------------------------------------- hostile-input limits (Ring)
// memberlist has none of these (except the 128 inbound streams); see docs/SECURITY.md.

/** Ring: most members (any state, self included) the table holds; alive claims for new names beyond it are refused. */
export const DEFAULT_MAX_MEMBERS = 65_536;
/** Ring: new member names admitted per second from unauthenticated sources (token bucket rate). */
export const DEFAULT_NEW_MEMBERS_PER_SECOND = 128;
/** Ring: burst of new member names admitted at once (token bucket size). */
export const DEFAULT_NEW_MEMBERS_BURST = 4_096;
/** Ring: longest member name, in UTF-8 bytes (a DNS name fits). */
export const DEFAULT_MAX_NAME_BYTES = 255;
/** Ring: a claim more than this far above the incarnation we know is implausible (needs confirmation). */
export const DEFAULT_MAX_INCARNATION_JUMP = 65_536;
/** Inbound streams served at once (memberlist's `maxActiveStreams`-style bound of 128). */
export const DEFAULT_MAX_INBOUND_STREAMS = 128;
/** Ring: inbound streams that may wait for a serving slot (not read while waiting). */
export const DEFAULT_MAX_WAITING_INBOUND_STREAMS = 1_024;
/** Ring: a served inbound stream still sending its request after this long may be evicted for a newcomer. */
export const INBOUND_STREAM_GRACE_MS = 1_000;
/** Ring: bytes all inbound streams may buffer together before the one that would exceed it is refused. */
export const DEFAULT_MAX_INBOUND_STREAM_BYTES = 64 * 1024 * 1024;
/**
 * Ring: one datagram may decompress to at most this multiple of its own size (all parts and
 * levels together), and never less than {@link PACKET_DECOMPRESS_FLOOR_BYTES}.
 */
export const PACKET_DECOMPRESS_MULTIPLE = 8;
/** Ring: the decompression budget of a small datagram (a full 64 KiB datagram's worth). */
export const PACKET_DECOMPRESS_FLOOR_BYTES = 64 * 1024;
