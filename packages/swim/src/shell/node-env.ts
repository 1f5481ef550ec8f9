/**
 * What a swim node holds from construction on, before and after it runs: its resolved options,
 * its components (with their defaults), the wire layers, the event hub, the health score, the
 * member histories, the probe order and the two broadcast queues. Nothing here touches the
 * network; {@link RunningState} is what `start()` adds.
 */
import type { Transport } from '@ring/transport';
import type { Clock, Random } from '@ring/base';
import { systemRandom } from '@ring/base';
import { Awareness } from '../core/awareness.js';
import {
  PROTOCOL_VERSION,
  PROTOCOL_VERSION_MAX,
  PROTOCOL_VERSION_MIN,
} from '../config/constants.js';
import { createLayers } from '../config/layers.js';
import type { PacketLayers, StreamLayers } from '../config/layers.js';
import type { SwimComponents, SwimDelegate, SwimNodeInit } from '../config/node-config.js';
import type { ResolvedSwimOptions } from '../config/options.js';
import type { AliveClaim } from '../core/membership/member-table.js';
import { ProbeOrder } from '../core/probe-order.js';
import { EventHub } from '../observe/events.js';
import { MemberHistory } from '../observe/member-history.js';
import { noopLogger, noopMetrics } from '../observe/observability.js';
import type { Logger, Metrics } from '../observe/observability.js';
import { WakingQueue } from './packets/waking-queue.js';
import { systemResolver } from './seeds.js';
import type { HostResolver } from './seeds.js';

/** Receiver of enveloped application broadcasts (set through `@ring/swim/internal`). */
export type BroadcastSink = (payload: Uint8Array, from: string) => void;

/** A node's components, options and construction-time parts (see the module comment). */
export interface NodeEnv {
  readonly name: string;
  readonly options: ResolvedSwimOptions;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly resolver: HostResolver;
  readonly delegate: SwimDelegate;
  readonly packetLayers: PacketLayers;
  readonly streamLayers: StreamLayers;
  readonly events: EventHub;
  readonly awareness: Awareness;
  /** Per-member evidence for `explainMember` (bounded). */
  readonly history: MemberHistory;
  /** The probe order, which is also the list random members are drawn from. */
  readonly probeOrder: ProbeOrder;
  /** Membership broadcasts (alive, suspect, dead). */
  readonly gossipQueue: WakingQueue;
  /** Application broadcasts. */
  readonly userQueue: WakingQueue;
  /** Our protocol and delegate version ranges (the `vsn` bytes of our alive messages). */
  readonly vsn: Uint8Array;
  /** Canonicalises an alive claim's fields before the table keeps them (identity by default). */
  readonly intern: (claim: AliveClaim) => AliveClaim;
  /**
   * Members this node still has to announce its join to (names; see `joinAnnouncePerInterval`),
   * taken from the end. Written by the join announcer; emptied by `discardPendingGossip`.
   */
  readonly joinAnnouncements: string[];
  /** The broadcast channel's receiver, if one is attached (written only by the node). */
  broadcastSink: BroadcastSink | undefined;
}

/**
 * Build a node's environment: components with their no-op and system defaults, packet/stream
 * layers, and broadcast queues whose retransmit limit follows `numNodes()`.
 *
 * @param init - identity, tuning and wire set-up (name already validated).
 * @param components - the injected components.
 * @param options - the resolved options.
 * @param numNodes - the current member count (1 before start).
 * @throws WireError `ERR_ENCODE` for a label over 255 bytes (from `createLayers`).
 */
export function createNodeEnv(
  init: SwimNodeInit,
  components: SwimComponents,
  options: ResolvedSwimOptions,
  numNodes: () => number,
): NodeEnv {
  const layers =
    init.layers ??
    createLayers({
      compression: init.compression ?? true,
      keyring: init.keyring,
      label: init.label,
    });
  const random = components.random ?? systemRandom;
  const logger = components.logger ?? noopLogger;
  const o = options;
  const onCallbackError = (error: unknown): void =>
    logger.error({ err: error }, 'broadcast callback threw');
  const budget = o.packetBudgetBytes;
  const interner = components.interner;
  return {
    name: init.name,
    options,
    transport: components.transport,
    clock: components.clock ?? components.transport.clock,
    random,
    logger,
    metrics: components.metrics ?? noopMetrics,
    resolver: components.resolver ?? systemResolver,
    delegate: components.delegate ?? {},
    packetLayers: layers.packet,
    streamLayers: layers.stream,
    events: new EventHub(logger),
    awareness: new Awareness(o.awarenessMaxMultiplier),
    history: new MemberHistory(init.historySize),
    probeOrder: new ProbeOrder(random),
    gossipQueue: new WakingQueue(
      { numNodes, onCallbackError },
      { retransmitMult: o.retransmitMult, packetBudgetBytes: budget, maxQueueDepth: Infinity },
    ),
    userQueue: new WakingQueue(
      { numNodes, onCallbackError },
      { retransmitMult: o.retransmitMult, packetBudgetBytes: budget },
    ),
    vsn: Uint8Array.of(
      PROTOCOL_VERSION_MIN,
      PROTOCOL_VERSION_MAX,
      PROTOCOL_VERSION,
      o.delegateProtocolMin,
      o.delegateProtocolMax,
      o.delegateProtocolVersion,
    ),
    intern: interner === undefined ? (c) => c : (c) => interner.claim(c),
    joinAnnouncements: [],
    broadcastSink: undefined,
  };
}
