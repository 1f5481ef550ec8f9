import { decodeTags } from '@ring/swim';
import type { Member, SwimNode } from '@ring/swim';
import type { MemberFeed, MemberView } from '@ring/demo-kit/member-feed';

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

/** Alive and suspect members of `node`'s view, self included, sorted by name. */
export function liveMembers(node: SwimNode | undefined): MemberView[] {
  return (node?.members() ?? [])
    .filter((m) => m.state === 'alive' || m.state === 'suspect')
    .map(memberView)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Publish every membership change `node` sees to `feed` (attach before the node starts, so the
 * join's own events are seen too).
 */
export function publishChanges(node: SwimNode, feed: MemberFeed): void {
  for (const type of ['join', 'leave', 'update', 'suspect', 'alive'] as const)
    node.on(type, (member: Member) => feed.publish({ type, member: memberView(member) }));
}
