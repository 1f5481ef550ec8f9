import type { MemberExplanation } from '@ring/swim';
import type { PassedOver } from '@ring/partitions';
import type { MemberState } from '@ring/swim';
import type { MemberView } from './admin-api.js';

/**
 * `GET /v1/explain/member/:name`: swim's {@link MemberExplanation} (history, suspicion, last ack,
 * awareness) plus the member's decoded tags. See apps/node/README.md for the field-by-field schema.
 */
export interface MemberExplainView extends MemberExplanation {
  /** Decoded tags, `{}` when forgotten or when the meta holds none. */
  readonly tags: Readonly<Record<string, string>>;
}

/** Why a member owns no keys and no partitions. */
export type ExclusionReason = 'not-alive' | 'watch-tag-mismatch';

/** A known member that takes no part in placement. */
export interface ExcludedMember {
  readonly name: string;
  readonly state: MemberState;
  readonly reasons: readonly ExclusionReason[];
  /** One line for people, e.g. `state dead` or `tag role='web' does not match /^db$/`. */
  readonly detail: string;
}

/** `GET /v1/explain/key/:key`. */
export interface KeyExplainView {
  readonly key: string;
  /** The consistent-hash owner (the same as `GET /v1/lookup`), or null when no member is eligible. */
  readonly owner: MemberView | null;
  /** How the consistent-hash ring chose `owner`. */
  readonly ring: {
    readonly algorithm: string;
    /** `xxh32(key)`, the key's position on the 2^32 circle. */
    readonly hash: number;
    /** The same as 8 hex digits. */
    readonly hashHex: string;
    /** The vnode token the key landed on (first at or after `hash`, wrapping), or null on an empty ring. */
    readonly point: {
      readonly token: number;
      readonly tokenHex: string;
      readonly vnode: number;
      readonly wrapped: boolean;
    } | null;
    /** The owner's arc containing `hash`, inclusive bounds, or null on an empty ring. */
    readonly arc: { readonly start: number; readonly end: number } | null;
    /** Every ring member in preference order for this key (the first is the owner). */
    readonly owners: readonly { readonly name: string; readonly weight: number }[];
    /** Vnodes per unit of weight (every ring-node member has weight 1). */
    readonly vnodesPerWeight: number;
    readonly rule: string;
  };
  /** How the partition table placed the key. */
  readonly partition: {
    readonly partition: number;
    readonly partitions: number;
    readonly redundancy: number;
    /** `xxhash64(key)` as 16 hex digits. */
    readonly hash: string | null;
    readonly partitioner: string;
    readonly loadCap: number;
    readonly rule: string;
    /** Replica 0 first. */
    readonly owners: readonly {
      readonly replica: number;
      readonly name: string | null;
      readonly score: number | null;
      readonly rank: number | null;
      readonly passedOver: readonly PassedOver[];
    }[];
  };
  /** Known members that own nothing, and why. */
  readonly excluded: readonly ExcludedMember[];
}

/** `GET /v1/ring`: the consistent-hash ring as arcs, for pictures. */
export interface RingView {
  readonly algorithm: string;
  /** 2^32. */
  readonly positions: number;
  /** Agreement check: two nodes with the same checksum place every key the same way. */
  readonly checksum: string;
  readonly nodes: readonly { readonly name: string; readonly weight: number }[];
  /** Consecutive arcs covering the circle: positions `start ..= end` belong to `owner`. */
  readonly arcs: readonly {
    readonly start: number;
    readonly end: number;
    readonly owner: string;
  }[];
}

/** What the explain routes need from a node (`RingNode` implements it). */
export interface ExplainNode {
  /** The member's explanation, or undefined when this node never knew it (or forgot it long ago). */
  explainMember(name: string): MemberExplainView | undefined;
  /** Why `key` belongs where it does. */
  explainKey(key: string): KeyExplainView;
  /** The ring as arcs. */
  ring(): RingView;
}
