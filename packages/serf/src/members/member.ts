/** A Serf member's status (Serf `MemberStatus`; wire numbers 0–4 in conflict responses). */
export type SerfMemberStatus = 'none' | 'alive' | 'leaving' | 'left' | 'failed';

/** Wire numbers of {@link SerfMemberStatus}. */
export const STATUS_CODES: Readonly<Record<SerfMemberStatus, number>> = Object.freeze({
  none: 0,
  alive: 1,
  leaving: 2,
  left: 3,
  failed: 4,
});

/** A Serf cluster member as this node sees it. Immutable snapshot. */
export interface SerfMember {
  /** Node name. */
  readonly name: string;
  /** Gossip address, `host:port`. */
  readonly address: string;
  /** Tags from the member's node meta. */
  readonly tags: Readonly<Record<string, string>>;
  /** Serf status. */
  readonly status: SerfMemberStatus;
  /** memberlist protocol versions `[min, max, cur]`. */
  readonly protocol: readonly [number, number, number];
  /** Serf (delegate) protocol versions `[min, max, cur]`. */
  readonly delegate: readonly [number, number, number];
}

/** The kinds of membership events Serf emits. */
export type MemberEventKind =
  'member-join' | 'member-leave' | 'member-failed' | 'member-update' | 'member-reap';
