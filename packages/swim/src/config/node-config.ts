import type { Clock, Random, Transport } from '@ring/transport';
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

/** Everything {@link createSwimNode} accepts. */
export interface SwimNodeConfig {
  /** Unique node name. */
  readonly name: string;
  /** The network; not started yet (`node.start()` starts it). */
  readonly transport: Transport;
  /** memberlist's defaults for a LAN, a WAN or one host. @default 'lan' */
  readonly preset?: SwimPreset;
  /** Overrides of any preset option. */
  readonly options?: SwimOptions;
  /** @default the transport's clock */
  readonly clock?: Clock;
  /** @default systemRandom */
  readonly random?: Random;
  /** @default a no-op logger */
  readonly logger?: Logger;
  /** @default no-op metrics */
  readonly metrics?: Metrics;
  /** Node metadata, ≤ 512 bytes. @default empty */
  readonly meta?: Uint8Array;
  /** Resolves DNS names given to `join()`. @default the system resolver */
  readonly resolver?: HostResolver;
  /** Push/pull application state hooks. */
  readonly delegate?: SwimDelegate;
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
  /**
   * History entries kept per member for `SwimNode.explainMember` (a ring buffer; 0 keeps
   * only the last ack and the counters), at most `MAX_HISTORY_SIZE` (1024).
   * @default 32 (`DEFAULT_HISTORY_SIZE`)
   */
  readonly historySize?: number;
  /**
   * Shares equal names, addresses and metadata between the member tables of many members in one
   * process (simulators; see {@link createInterner}). Behaviour is unchanged. @default none
   */
  readonly interner?: Interner;
}
