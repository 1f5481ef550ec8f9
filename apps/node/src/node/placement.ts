import type { MemberState } from '@ring/swim';

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
export function eligibleMembers(
  members: Iterable<EligibilityInput>,
  watchTags: Readonly<Record<string, RegExp>>,
): string[] {
  const out: string[] = [];
  const filters = Object.entries(watchTags);
  for (const m of members) {
    if (m.state !== 'alive' && m.state !== 'suspect') continue;
    if (filters.every(([k, re]) => m.tags[k] !== undefined && re.test(m.tags[k]))) out.push(m.name);
  }
  return out.sort();
}
