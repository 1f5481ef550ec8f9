import { decodeTags } from '@ring/swim';
import type { Member } from '@ring/swim';
import type { MemberView, PartitionsView } from '../http/admin-api.js';

/** A member's Serf-style tags, `{}` when its meta holds none. */
export function tagsOf(member: Member): Record<string, string> {
  try {
    return decodeTags(member.meta);
  } catch {
    return {};
  }
}

// Members are immutable snapshots: decode each one's tags once, not on every lookup.
const views = new WeakMap<Member, MemberView>();

/** The admin API's view of a member, made once per (immutable) member snapshot. */
export function viewOf(member: Member): MemberView {
  let view = views.get(member);
  if (view === undefined) {
    view = Object.freeze({
      name: member.name,
      address: member.address,
      state: member.state,
      incarnation: member.incarnation,
      tags: Object.freeze(tagsOf(member)),
    });
    views.set(member, view);
  }
  return view;
}

/** The admin API's view of a partition table: `owners[p]` lists partition `p`'s owners, replica 0 first. */
export function partitionsView(
  table: {
    readonly partitions: number;
    readonly redundancy: number;
    readonly owners: readonly (string | null)[];
  },
  epoch: number,
): PartitionsView {
  const { partitions, redundancy, owners } = table;
  const rows: string[][] = [];
  for (let p = 0; p < partitions; p++)
    rows.push(
      owners
        .slice(p * redundancy, p * redundancy + redundancy)
        .filter((o): o is string => o !== null),
    );
  return { partitions, redundancy, epoch, owners: rows };
}
