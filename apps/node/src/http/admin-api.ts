import type { MemberSubscription, MemberView } from '@ring/demo-kit/member-feed';

// The member view and the `GET /v1/events` feed are the demo kit's, shared with apps/discovery.
export type { MemberChange, MemberSubscription, MemberView } from '@ring/demo-kit/member-feed';

/** `GET /v1/health`. */
export interface HealthView {
  readonly name: string;
  /** `alive` while serving, `leaving` during a graceful leave, `left` afterwards. */
  readonly status: 'alive' | 'leaving' | 'left';
  /** Lifeguard awareness score: 0 is healthy, higher means this node is slow to answer probes. */
  readonly healthScore: number;
  /** Members considered alive or suspect, self included. */
  readonly members: number;
}

/** `GET /v1/lookup?key=`. */
export interface LookupView {
  readonly key: string;
  /** The key's owner on the consistent-hash ring, or null when no member is eligible. */
  readonly owner: MemberView | null;
  /** The key's partition. */
  readonly partition: number;
  /** The partition's owners, replica 0 first. */
  readonly partitionOwners: readonly string[];
}

/** `GET /v1/partitions`. */
export interface PartitionsView {
  readonly partitions: number;
  readonly redundancy: number;
  /** Increases with every ownership change. */
  readonly epoch: number;
  /** `owners[p]` lists partition `p`'s owners, replica 0 first. */
  readonly owners: readonly (readonly string[])[];
}

/**
 * What the HTTP admin server needs from a node. `RingNode` implements it; tests use small fakes.
 */
export interface AdminNode {
  /** This node's name. */
  readonly name: string;
  /** Alive and suspect members, self included, sorted by name. */
  members(): readonly MemberView[];
  /** Health and Lifeguard score. */
  health(): HealthView;
  /** Ring and partition owners of a key. */
  lookup(key: string): LookupView;
  /** The partition table. */
  partitions(): PartitionsView;
  /** Snapshot then changes, until `signal` aborts. */
  subscribe(signal: AbortSignal): MemberSubscription;
  /** Prometheus text. */
  metrics(): string;
  /** Start a graceful leave (returns at once; the node exits when done). */
  leave(): void;
  /**
   * Send a Serf user event (`--serf` only; `undefined` otherwise).
   * @throws SerfError `ERR_TOO_LARGE`, `ERR_LEFT`.
   */
  readonly userEvent?: ((name: string, payload: Uint8Array) => Promise<void>) | undefined;
}
