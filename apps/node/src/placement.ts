import type { MemberState } from './membership.js';

/** A member's name, state and tags: enough to decide whether it may own keys. */
export interface EligibilityInput {
  readonly name: string;
  readonly state: MemberState;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The members that own keys and partitions: alive or suspect (a suspect still owns its keys until
 * it is declared dead, so suspicion does not reshuffle data), and matching every watch tag
 * (libring's WatchTags with "all" semantics). Sorted by name.
 *
 * @param members - candidate members.
 * @param watchTags - tag name → pattern; a member without the tag does not match.
 */
export function eligibleMembers(members: Iterable<EligibilityInput>, watchTags: Readonly<Record<string, RegExp>>): string[] {
  const out: string[] = [];
  const filters = Object.entries(watchTags);
  for (const m of members) {
    if (m.state !== 'alive' && m.state !== 'suspect') continue;
    if (filters.every(([k, re]) => m.tags[k] !== undefined && re.test(m.tags[k]))) out.push(m.name);
  }
  return out.sort();
}

/** One ownership change of this node: a partition replica it gained or lost. */
export type SlotChange =
  | { readonly event: 'acquire'; readonly partition: number; readonly replica: number; readonly from: string | null }
  | { readonly event: 'release'; readonly partition: number; readonly replica: number; readonly to: string | null };

/**
 * The partition replicas `self` acquired and released between two owner tables laid out as
 * `partition × redundancy + replica` (the layout of `@ring/partitions` tables). In slot order.
 *
 * @param before - owners before the change.
 * @param after - owners after the change (same P and R).
 * @param redundancy - R.
 * @param self - this node's name.
 */
export function selfSlotChanges(before: readonly (string | null)[], after: readonly (string | null)[], redundancy: number, self: string): SlotChange[] {
  const out: SlotChange[] = [];
  const n = Math.max(before.length, after.length);
  for (let slot = 0; slot < n; slot++) {
    const prev = before[slot] ?? null;
    const next = after[slot] ?? null;
    if (prev === next) continue;
    const partition = Math.floor(slot / redundancy);
    const replica = slot % redundancy;
    if (next === self) out.push({ event: 'acquire', partition, replica, from: prev });
    else if (prev === self) out.push({ event: 'release', partition, replica, to: next });
  }
  return out;
}
