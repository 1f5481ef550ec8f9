import type { Member, MemberEventType } from '@ring/swim';

/**
 * The parts of a `@ring/swim` {@link Member} the node uses (so a swim node, a Go cluster bridge or
 * a test fake all fit). States and event kinds are swim's own `MemberState` and `MemberEventType`.
 */
export type MemberLike = Pick<Member, 'name' | 'address' | 'meta' | 'state' | 'incarnation'>;

/** One membership event. */
export interface MembershipEvent {
  /** What happened. */
  readonly type: MemberEventType;
  /** The member after the change. */
  readonly member: MemberLike;
}
