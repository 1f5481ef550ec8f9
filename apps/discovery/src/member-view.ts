import { decodeTags } from '@ring/swim';
import type { Member, MemberEventType, MemberState } from '@ring/swim';

/**
 * A member as `GET /v1/events` sends it (the same JSON as `ring-node`'s admin API), so a
 * subscriber can follow a discovery member and a `ring-node` alike.
 */
export interface MemberView {
  readonly name: string;
  readonly address: string;
  readonly state: MemberState;
  readonly incarnation: number;
  /** Decoded Serf-style tags (`{}` when the meta holds none). */
  readonly tags: Readonly<Record<string, string>>;
}

/** One membership change as `GET /v1/events` streams it. */
export interface MemberChange {
  readonly type: MemberEventType;
  readonly member: MemberView;
}

/**
 * Tag under which a member advertises the HTTP address of its `GET /v1/events` (the tag
 * `ring-node` uses for its admin API, so a subscriber fails over across both).
 */
export const HTTP_TAG = 'ring.http';

/** A member's Serf-style tags, `{}` when its meta holds none (or not tags). */
export function tagsOf(member: Member): Record<string, string> {
  try {
    return decodeTags(member.meta);
  } catch {
    return {};
  }
}

/** The view of a swim member. */
export function memberView(member: Member): MemberView {
  return {
    name: member.name,
    address: member.address,
    state: member.state,
    incarnation: member.incarnation,
    tags: tagsOf(member),
  };
}
