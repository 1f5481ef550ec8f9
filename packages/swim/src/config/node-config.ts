import type { Transport } from '@ring/transport';
import type { Clock, Random } from '@ring/base';
import type { SwimPreset } from './constants.js';
import type { Logger, Metrics } from '../observe/observability.js';
import type { SwimOptions } from './options.js';
import type { HostResolver } from '../shell/seeds.js';
import type { PacketLayers, StreamLayers } from './layers.js';
import type { Keyring } from '../wire/index.js';
import type { Interner } from '../core/membership/intern.js';

/**
 * Application hooks for push/pull anti-entropy (memberlist `Delegate.LocalState` /
 * `MergeRemoteState`).
 */
export interface SwimDelegate {
  /** State to send in a push/pull; `join` is true during a join. */
  localState?(join: boolean): Uint8Array;
  /** State received in a push/pull. Exceptions are logged and ignored. */
  mergeRemoteState?(buf: Uint8Array, join: boolean): void;
}

/**
 * What a node is given to work with (libp2p's `components`): the network and the injected
 * services. Only `transport` is required; the rest default as documented.
 */
export interface SwimComponents {
  /** The network; not started yet (`node.start()` starts it). */
  readonly transport: Transport;
  /** @default the transport's clock */
  readonly clock?: Clock;
  /** @default systemRandom */
  readonly random?: Random;
  /** @default a no-op logger */
  readonly logger?: Logger;
  /** @default no-op metrics */
  readonly metrics?: Metrics;
  /** Resolves DNS names given to `join()`. @default the system resolver */
  readonly resolver?: HostResolver;
  /** Push/pull application state hooks. */
  readonly delegate?: SwimDelegate;
  /**
   * Shares equal names, addresses and metadata between the member tables of many members in one
   * process (simulators; see {@link createInterner}). Behaviour is unchanged. @default none
   */
  readonly interner?: Interner;
}

/** The wire set-up: packet and stream layers, or what they are built from. */
export interface SwimWireInit {
  /**
   * Packet and stream layers (compression, CRC, encryption, label). Built from `keyring`, `label`
   * and `compression` by default; injectable for tests.
   */
  readonly layers?: { readonly packet: PacketLayers; readonly stream: StreamLayers };
  /** Cluster label (memberlist v0.3.0+), 1–255 bytes. */
  readonly label?: string;
  /** Compress outgoing packets and streams (memberlist `EnableCompression`). @default true */
  readonly compression?: boolean;
  /** Encryption keyring (`Keyring` from `@ring/swim/wire`); encryption is on when it holds a key. */
  readonly keyring?: Keyring;
}

/** Who the node is and how it is tuned (libp2p's `init`): identity, tuning and wire set-up. */
export interface SwimNodeInit extends SwimWireInit {
  /** Unique node name. */
  readonly name: string;
  /** Node metadata, ≤ 512 bytes. @default empty */
  readonly meta?: Uint8Array;
  /** memberlist's defaults for a LAN, a WAN or one host. @default 'lan' */
  readonly preset?: SwimPreset;
  /** Overrides of any preset option. */
  readonly options?: SwimOptions;
  /**
   * History entries kept per member for `SwimNode.explainMember` (a ring buffer; 0 keeps
   * only the last ack and the probe counters, and nothing at all for a member never probed), at
   * most `MAX_HISTORY_SIZE` (1024).
   * @default 32 (`DEFAULT_HISTORY_SIZE`)
   */
  readonly historySize?: number;
}

/** Everything {@link createSwimNode} accepts: the init and the components in one flat object. */
export interface SwimNodeConfig extends SwimNodeInit, SwimComponents {}

/**
 * Split a flat {@link SwimNodeConfig} into its init and its components.
 *
 * @param config - the flat config.
 */
export function splitNodeConfig(config: SwimNodeConfig): {
  init: SwimNodeInit;
  components: SwimComponents;
} {
  const { transport, clock, random, logger, metrics, resolver, delegate, interner, ...init } =
    config;
  const components: SwimComponents = {
    transport,
    ...(clock === undefined ? {} : { clock }),
    ...(random === undefined ? {} : { random }),
    ...(logger === undefined ? {} : { logger }),
    ...(metrics === undefined ? {} : { metrics }),
    ...(resolver === undefined ? {} : { resolver }),
    ...(delegate === undefined ? {} : { delegate }),
    ...(interner === undefined ? {} : { interner }),
  };
  return { init, components };
}
