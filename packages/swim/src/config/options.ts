import {
  DEFAULT_AWARENESS_MAX_MULTIPLIER,
  DEFAULT_JOIN_ANNOUNCE_PER_INTERVAL,
  DEFAULT_JOIN_MAX_ADDRESSES,
  DEFAULT_MAX_INBOUND_STREAMS,
  DEFAULT_MAX_INBOUND_STREAM_BYTES,
  DEFAULT_MAX_INCARNATION_JUMP,
  DEFAULT_MAX_MEMBERS,
  DEFAULT_MAX_WAITING_INBOUND_STREAMS,
  DEFAULT_MAX_NAME_BYTES,
  DEFAULT_NEW_MEMBERS_BURST,
  DEFAULT_NEW_MEMBERS_PER_SECOND,
  DEFAULT_PACKET_BUDGET_BYTES,
  DEFAULT_RECONNECT_TIMEOUT_MS,
  PRESETS,
} from './constants.js';
import type { PresetValues, SwimPreset } from './constants.js';
import { SwimError } from '../errors.js';

/**
 * Tunables of a swim node. Every field is optional in {@link SwimOptions}; the preset fills the
 * rest. Durations are milliseconds. Names follow memberlist's `Config` fields.
 */
export interface ResolvedSwimOptions extends PresetValues {
  /** Lifeguard awareness ceiling: the health score lives in `[0, awarenessMaxMultiplier - 1]`. @default 8 */
  readonly awarenessMaxMultiplier: number;
  /** Budget for building one packet (memberlist `UDPBufferSize`); a node lowers it to its transport's `maxPacketSize` when that is smaller. @default 1400 */
  readonly packetBudgetBytes: number;
  /** Do not fall back to a TCP ping when the UDP probe fails. @default false */
  readonly disableTcpPings: boolean;
  /**
   * Lifeguard on (memberlist's behaviour): local health awareness, suspicion timeouts that start
   * long and shrink with independent confirmations, nacks, and the buddy system. Off gives classic
   * SWIM: fixed probe interval and fixed suspicion timeout (the minimum). @default true
   */
  readonly lifeguard: boolean;
  /** Ring: how long after a member failed we keep trying to re-merge with it (partition heal). @default 3_600_000 */
  readonly reconnectTimeoutMs: number;
  /** Ring: most resolved seed addresses one `join()` contacts. @default 5 */
  readonly joinMaxAddresses: number;
  /**
   * Ring: after a successful `join()`, this node sends its own alive message straight to every
   * alive or suspect member it learned (the seeds that answered excepted, in random order), this
   * many per gossip interval, each topped up with queued gossip. Gossip alone leaves each member a
   * chance of about e^−(retransmitMult × ⌈log10(n + 1)⌉) to hear nothing of the join (3 × 10⁻⁴
   * per member at 10 to 99 members); such a member learns of the joiner only at a later push/pull
   * (up to two minutes later at 100 members). 0 turns it off: memberlist's behaviour. @default 64
   */
  readonly joinAnnouncePerInterval: number;
  /** Lowest delegate protocol version this node understands. @default 0 */
  readonly delegateProtocolMin: number;
  /** Highest delegate protocol version this node understands. @default 0 */
  readonly delegateProtocolMax: number;
  /** Delegate protocol version this node speaks. @default 0 */
  readonly delegateProtocolVersion: number;
  /**
   * Ring: most members (any state, self included) the table holds; alive claims for new names
   * beyond it are refused (`reason="member_limit"`). @default 65536
   */
  readonly maxMembers: number;
  /**
   * Ring: new member names admitted per second from gossip and inbound push/pull (a token
   * bucket; names learned from a push/pull this node dialled are exempt). Beyond it the alive is
   * refused (`reason="new_member_rate"`) and the name arrives again later by gossip or
   * anti-entropy. @default 128
   */
  readonly newMembersPerSecond: number;
  /** Ring: the token bucket's size: new names admitted at once. @default 4096 */
  readonly newMembersBurst: number;
  /** Ring: longest member name in UTF-8 bytes; longer, empty or invalid UTF-8 names are refused. @default 255 */
  readonly maxNameBytes: number;
  /**
   * Ring: a claim whose incarnation is more than this above the one we know is implausible: a
   * suspect/dead/alive about another member is not applied until that member confirms it in a
   * push/pull we dial; a claim about ourselves is refuted with our incarnation + 1 instead of
   * being chased (see docs/PROTOCOL.md). @default 65536
   */
  readonly maxIncarnationJump: number;
  /**
   * Ring: who may deliver user messages to the application: `'anyone'` (memberlist's behaviour;
   * without a key any host that reaches the port) or `'members'` (the sender's address belongs to
   * an alive or suspect member; others are refused with `reason="user_message_sender"`).
   * @default 'anyone'
   */
  readonly userMessagesFrom: 'anyone' | 'members';
  /**
   * Inbound streams served at once (128, as the memberlist figure). A newcomer beyond it
   * evicts the oldest stream still sending its request after 1 s, or waits
   * (`reason="stream_limit"` for evicted and dropped streams). @default 128
   */
  readonly maxInboundStreams: number;
  /** Ring: inbound streams that may wait for a slot (unread); the oldest waiter is dropped beyond it. @default 1024 */
  readonly maxWaitingInboundStreams: number;
  /**
   * Ring: bytes all inbound streams may hold buffered together (incomplete messages); the stream
   * whose data would exceed it is closed (`reason="stream_buffer_budget"`). @default 64 MiB
   */
  readonly maxInboundStreamBytes: number;
  /** Ring: an inbound stream must deliver its complete request within this long (slow senders are cut). @default tcpTimeoutMs */
  readonly inboundStreamTimeoutMs: number;
}

/** Overrides of any preset option (partial). */
export type SwimOptions = Partial<ResolvedSwimOptions>;

const POSITIVE_DURATIONS = [
  'tcpTimeoutMs',
  'pushPullIntervalMs',
  'probeIntervalMs',
  'probeTimeoutMs',
  'gossipIntervalMs',
  'inboundStreamTimeoutMs',
  'newMembersPerSecond',
] as const;
const NON_NEGATIVE_DURATIONS = [
  'gossipToTheDeadTimeMs',
  'deadNodeReclaimTimeMs',
  'reconnectIntervalMs',
  'reconnectTimeoutMs',
] as const;
const COUNTS = [
  'indirectChecks',
  'gossipNodes',
  'joinMaxAddresses',
  'joinAnnouncePerInterval',
  'maxWaitingInboundStreams',
] as const;
const POSITIVE_INTS = [
  'retransmitMult',
  'suspicionMult',
  'suspicionMaxTimeoutMult',
  'awarenessMaxMultiplier',
  'maxMembers',
  'newMembersBurst',
  'maxNameBytes',
  'maxIncarnationJump',
  'maxInboundStreams',
  'maxInboundStreamBytes',
] as const;
const BYTES = ['delegateProtocolMin', 'delegateProtocolMax', 'delegateProtocolVersion'] as const;

function invalid(name: string, value: unknown, rule: string): SwimError {
  return new SwimError(
    'ERR_INVALID_OPTION',
    `option ${name} must be ${rule}, got ${String(value)}`,
  );
}

/**
 * Apply a preset and overrides, validate, and freeze.
 *
 * @param preset - `'lan'` (default), `'wan'` or `'local'`: memberlist's exact defaults.
 * @param overrides - options that replace the preset's values.
 * @returns the complete, frozen option set.
 * @throws SwimError `ERR_INVALID_OPTION` for an unknown preset or an out-of-range value.
 */
export function resolveOptions(
  preset: SwimPreset = 'lan',
  overrides: SwimOptions = {},
): ResolvedSwimOptions {
  const base = (PRESETS as Partial<Record<string, PresetValues>>)[preset];
  if (base === undefined) throw invalid('preset', preset, "'lan', 'wan' or 'local'");
  const o = overrides;
  const resolved: ResolvedSwimOptions = {
    tcpTimeoutMs: o.tcpTimeoutMs ?? base.tcpTimeoutMs,
    indirectChecks: o.indirectChecks ?? base.indirectChecks,
    retransmitMult: o.retransmitMult ?? base.retransmitMult,
    suspicionMult: o.suspicionMult ?? base.suspicionMult,
    suspicionMaxTimeoutMult: o.suspicionMaxTimeoutMult ?? base.suspicionMaxTimeoutMult,
    pushPullIntervalMs: o.pushPullIntervalMs ?? base.pushPullIntervalMs,
    probeIntervalMs: o.probeIntervalMs ?? base.probeIntervalMs,
    probeTimeoutMs: o.probeTimeoutMs ?? base.probeTimeoutMs,
    gossipNodes: o.gossipNodes ?? base.gossipNodes,
    gossipIntervalMs: o.gossipIntervalMs ?? base.gossipIntervalMs,
    gossipToTheDeadTimeMs: o.gossipToTheDeadTimeMs ?? base.gossipToTheDeadTimeMs,
    deadNodeReclaimTimeMs: o.deadNodeReclaimTimeMs ?? base.deadNodeReclaimTimeMs,
    reconnectIntervalMs: o.reconnectIntervalMs ?? base.reconnectIntervalMs,
    awarenessMaxMultiplier: o.awarenessMaxMultiplier ?? DEFAULT_AWARENESS_MAX_MULTIPLIER,
    packetBudgetBytes: o.packetBudgetBytes ?? DEFAULT_PACKET_BUDGET_BYTES,
    disableTcpPings: o.disableTcpPings ?? false,
    lifeguard: o.lifeguard ?? true,
    reconnectTimeoutMs: o.reconnectTimeoutMs ?? DEFAULT_RECONNECT_TIMEOUT_MS,
    joinMaxAddresses: o.joinMaxAddresses ?? DEFAULT_JOIN_MAX_ADDRESSES,
    joinAnnouncePerInterval: o.joinAnnouncePerInterval ?? DEFAULT_JOIN_ANNOUNCE_PER_INTERVAL,
    delegateProtocolMin: o.delegateProtocolMin ?? 0,
    delegateProtocolMax: o.delegateProtocolMax ?? 0,
    delegateProtocolVersion: o.delegateProtocolVersion ?? 0,
    maxMembers: o.maxMembers ?? DEFAULT_MAX_MEMBERS,
    newMembersPerSecond: o.newMembersPerSecond ?? DEFAULT_NEW_MEMBERS_PER_SECOND,
    newMembersBurst: o.newMembersBurst ?? DEFAULT_NEW_MEMBERS_BURST,
    maxNameBytes: o.maxNameBytes ?? DEFAULT_MAX_NAME_BYTES,
    maxIncarnationJump: o.maxIncarnationJump ?? DEFAULT_MAX_INCARNATION_JUMP,
    userMessagesFrom: o.userMessagesFrom ?? 'anyone',
    maxInboundStreams: o.maxInboundStreams ?? DEFAULT_MAX_INBOUND_STREAMS,
    maxInboundStreamBytes: o.maxInboundStreamBytes ?? DEFAULT_MAX_INBOUND_STREAM_BYTES,
    maxWaitingInboundStreams: o.maxWaitingInboundStreams ?? DEFAULT_MAX_WAITING_INBOUND_STREAMS,
    inboundStreamTimeoutMs: o.inboundStreamTimeoutMs ?? o.tcpTimeoutMs ?? base.tcpTimeoutMs,
  };
  for (const k of POSITIVE_DURATIONS) {
    const v = resolved[k];
    if (!Number.isFinite(v) || v <= 0) throw invalid(k, v, 'a positive number of milliseconds');
  }
  for (const k of NON_NEGATIVE_DURATIONS) {
    const v = resolved[k];
    if (!Number.isFinite(v) || v < 0) throw invalid(k, v, 'a non-negative number of milliseconds');
  }
  for (const k of COUNTS) {
    const v = resolved[k];
    if (!Number.isInteger(v) || v < 0) throw invalid(k, v, 'a non-negative integer');
  }
  for (const k of POSITIVE_INTS) {
    const v = resolved[k];
    if (!Number.isInteger(v) || v < 1) throw invalid(k, v, 'a positive integer');
  }
  for (const k of BYTES) {
    const v = resolved[k];
    if (!Number.isInteger(v) || v < 0 || v > 255) throw invalid(k, v, 'an integer in [0, 255]');
  }
  if (resolved.userMessagesFrom !== 'anyone' && resolved.userMessagesFrom !== 'members') {
    throw invalid('userMessagesFrom', resolved.userMessagesFrom, "'anyone' or 'members'");
  }
  if (resolved.probeTimeoutMs > resolved.probeIntervalMs) {
    throw invalid(
      'probeTimeoutMs',
      resolved.probeTimeoutMs,
      `at most probeIntervalMs (${resolved.probeIntervalMs})`,
    );
  }
  if (
    !Number.isInteger(resolved.packetBudgetBytes) ||
    resolved.packetBudgetBytes < 128 ||
    resolved.packetBudgetBytes > 65_507
  ) {
    throw invalid('packetBudgetBytes', resolved.packetBudgetBytes, 'an integer in [128, 65507]');
  }
  if (resolved.delegateProtocolMin > resolved.delegateProtocolMax) {
    throw invalid(
      'delegateProtocolMin',
      resolved.delegateProtocolMin,
      'at most delegateProtocolMax',
    );
  }
  const dv = resolved.delegateProtocolVersion;
  if (dv < resolved.delegateProtocolMin || dv > resolved.delegateProtocolMax) {
    throw invalid(
      'delegateProtocolVersion',
      dv,
      'within [delegateProtocolMin, delegateProtocolMax]',
    );
  }
  return Object.freeze(resolved);
}
