/**
 * `@ring/swim`: cluster membership with SWIM + Lifeguard, wire-compatible with
 * hashicorp/memberlist (Serf, Consul and Nomad speak it), so Go and Ring nodes can form one cluster.
 *
 * - {@link createSwimNode}: probing (direct, indirect through k members, nacks, TCP fallback),
 *   Lifeguard (local health awareness, suspicion that shrinks with confirmations, buddy system),
 *   gossip piggybacked on every packet, push/pull anti-entropy with application state, join
 *   through seeds and DNS names, graceful leave, partition healing (memberlist lacks it).
 * - Ordered, non-re-entrant events (`join`, `leave`, `update`, `suspect`, `alive`, `message`)
 *   and an async iterator that starts with a snapshot.
 * - {@link encodeTags} / {@link decodeTags}: Serf's tag layout in node metadata.
 * - {@link createBroadcastChannel}: application broadcasts piggybacked on gossip.
 *
 * @example
 * ```ts
 * import { MemoryNetwork, VirtualClock } from '@ring/transport';
 * import { createSwimNode, encodeTags } from '@ring/swim';
 *
 * const clock = new VirtualClock(0);
 * const net = new MemoryNetwork({ clock, seed: 1 });
 * const a = createSwimNode({ name: 'a', transport: net.createTransport(), clock, meta: encodeTags({ role: 'web' }) });
 * const b = createSwimNode({ name: 'b', transport: net.createTransport(), clock });
 * b.on('join', (m) => console.log('b sees', m.name));
 * await a.start();
 * await b.start();
 * const joined = b.join([a.address]);
 * await clock.runUntilAsync(() => b.numMembers() === 2, { maxMs: 10_000 });
 * await joined;
 * ```
 *
 * @packageDocumentation
 */
export { createSwimNode, SwimNode } from './shell/node.js';
export type { SwimNodeState } from './shell/node.js';
export type {
  SwimComponents,
  SwimDelegate,
  SwimNodeConfig,
  SwimNodeInit,
  SwimWireInit,
} from './config/node-config.js';
export { createBroadcastChannel } from './gossip/broadcast-channel.js';
export type { BroadcastChannel, BroadcastChannelOptions } from './gossip/broadcast-channel.js';
export { SwimError } from './errors.js';
export type { SwimErrorCode } from './errors.js';
export type { Member, MemberState, VersionRange } from './core/membership/member.js';
export type { MemberEvent, MemberEventType, SwimEventMap, UserMessage } from './observe/events.js';
export { encodeTags, decodeTags, TAG_MAGIC_BYTE } from './core/membership/tags.js';
export type { ResolvedSwimOptions, SwimOptions } from './config/options.js';
export {
  DEFAULT_PORT,
  LAN_PRESET,
  LOCAL_PRESET,
  META_MAX_SIZE,
  PRESETS,
  WAN_PRESET,
} from './config/constants.js';
export type { PresetValues, SwimPreset } from './config/constants.js';
export { MemoryMetrics, noopLogger, noopMetrics } from './observe/observability.js';
export type { Logger, MetricLabels, Metrics } from './observe/observability.js';
export type { HostResolver } from './shell/seeds.js';
export { createInterner } from './core/membership/intern.js';
export type { Interner } from './core/membership/intern.js';
export type { ActiveSuspicion, MemberExplanation } from './observe/explain-member.js';
export { DEFAULT_HISTORY_SIZE, MAX_HISTORY_SIZE } from './observe/member-history.js';
export type {
  AckFacts,
  HistoryEntry,
  HistoryKind,
  HistoryVia,
  SuspicionFacts,
} from './observe/member-history.js';
export type { PacketLayers, StreamLayers, StreamReader } from './config/layers.js';
