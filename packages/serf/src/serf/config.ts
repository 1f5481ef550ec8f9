/** What {@link createSerf} accepts, and the member's lifecycle states. */
import type { Clock, Random } from '@ring/base';
import type { Transport } from '@ring/transport';
import type { Logger, Metrics, SwimOptions, SwimPreset } from '@ring/swim';
import type { Keyring } from '@ring/swim/wire';
import type { SerfOptions } from '../options.js';

/** Lifecycle of a Serf member (Serf `SerfState`, plus `idle` before start). */
export type SerfState = 'idle' | 'alive' | 'leaving' | 'left' | 'shutdown';

/** Everything {@link createSerf} accepts. */
export interface SerfConfig {
  /** Unique node name. */
  readonly name: string;
  /** The network (UDP + TCP on one port for Go interop). */
  readonly transport: Transport;
  /** Tags, carried in node meta (≤ 512 bytes encoded). @default {} */
  readonly tags?: Readonly<Record<string, string>>;
  /** Serf tunables (Serf's defaults). */
  readonly options?: SerfOptions;
  /** memberlist timing preset. @default 'lan' */
  readonly preset?: SwimPreset;
  /** Overrides of swim options (the delegate version window is set by Serf). */
  readonly swimOptions?: SwimOptions;
  /** Encryption keyring (`-encrypt` clusters). */
  readonly keyring?: Keyring;
  /** memberlist cluster label (memberlist v0.3.0+; the Debian agent has none). */
  readonly label?: string;
  /** @default the transport's clock */
  readonly clock?: Clock;
  /** @default systemRandom */
  readonly random?: Random;
  /** @default no-op */
  readonly logger?: Logger;
  /** `ring_serf_*` counters, plus swim's. @default no-op */
  readonly metrics?: Metrics;
}
