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
export { createSwimNode, SwimNode } from './node.js';
export type { SwimNodeState } from './node.js';
export type { SwimDelegate, SwimNodeConfig } from './node-options.js';
export { createBroadcastChannel } from './broadcast-channel.js';
export type { BroadcastChannel, BroadcastChannelOptions } from './broadcast-channel.js';
export { SwimError } from './errors.js';
export type { SwimErrorCode } from './errors.js';
export type { Member, MemberState, VersionRange } from './member.js';
export type { MemberEvent, MemberEventType, SwimEventMap, UserMessage } from './events.js';
export { encodeTags, decodeTags, TAG_MAGIC_BYTE } from './tags.js';
export { resolveOptions } from './options.js';
export type { ResolvedSwimOptions, SwimOptions } from './options.js';
export * from './constants.js';
export { MemoryMetrics, noopLogger, noopMetrics, metricKey } from './observability.js';
export type { Logger, MetricLabels, Metrics } from './observability.js';
export type { HostResolver } from './seeds.js';
export { systemResolver } from './seeds.js';
export {
  suspicionTimeoutMs,
  remainingSuspicionTimeMs,
  suspicionConfirmations,
  retransmitLimit,
  pushPullScaleMs,
} from './timing.js';
export { MAX_INCARNATION } from './incarnation.js';
export { createInterner } from './intern.js';
export type { Interner } from './intern.js';
export { createLayers } from './layers.js';
export type { ActiveSuspicion, MemberExplanation } from './explain-member.js';
export { DEFAULT_HISTORY_SIZE, FORGOTTEN_HISTORIES, MAX_HISTORY_SIZE } from './member-history.js';
export type {
  AckFacts,
  HistoryEntry,
  HistoryKind,
  HistoryVia,
  SuspicionFacts,
} from './member-history.js';
export type { LayerConfig, PacketLayers, StreamLayers, StreamReader } from './layers.js';
