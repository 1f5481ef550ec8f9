/** Member states as reported by `@ring/swim`. */
export type MemberState = 'alive' | 'suspect' | 'dead' | 'left';

/**
 * The parts of a `@ring/swim` `Member` the node uses (structural, so a swim node, a Go cluster
 * bridge or a test fake all fit).
 */
export interface MemberLike {
  /** Unique node name. */
  readonly name: string;
  /** Gossip address `host:port`. */
  readonly address: string;
  /** Node metadata (Serf-style tags when written by Ring or Serf). */
  readonly meta: Uint8Array;
  /** Current state. */
  readonly state: MemberState;
  /** Incarnation number. */
  readonly incarnation: number;
}

/** Membership event kinds, as `@ring/swim` emits them. */
export type MembershipEventType = 'join' | 'leave' | 'update' | 'suspect' | 'alive';

/** One membership event. */
export interface MembershipEvent {
  /** What happened. */
  readonly type: MembershipEventType;
  /** The member after the change. */
  readonly member: MemberLike;
}
