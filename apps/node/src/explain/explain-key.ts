import { explainKey as explainRingKey } from '@ring/hashring';
import type { HashRing } from '@ring/hashring';
import type { KeyPartitionExplanation } from '@ring/partitions';
import type {
  ExcludedMember,
  ExclusionReason,
  KeyExplainView,
  RingView,
} from '../http/explain-api.js';
import type { MemberView } from '../http/admin-api.js';

const hex = (n: number, digits: number): string => n.toString(16).padStart(digits, '0');

/**
 * The members that take no part in placement and why: not alive (dead or left), or failing a
 * watch tag (named in `detail`). Sorted by name.
 *
 * @param members - every known member, any state.
 * @param watchTags - the node's `--watch-tag` filters.
 */
export function excludedMembers(
  members: Iterable<MemberView>,
  watchTags: Readonly<Record<string, RegExp>>,
): ExcludedMember[] {
  const out: ExcludedMember[] = [];
  for (const m of members) {
    const reasons: ExclusionReason[] = [];
    const details: string[] = [];
    if (m.state !== 'alive' && m.state !== 'suspect') {
      reasons.push('not-alive');
      details.push(`state ${m.state}`);
    }
    const failed = Object.entries(watchTags).filter(
      ([k, re]) => m.tags[k] === undefined || !re.test(m.tags[k]),
    );
    if (failed.length > 0) {
      reasons.push('watch-tag-mismatch');
      for (const [k, re] of failed)
        details.push(
          m.tags[k] === undefined
            ? `no tag ${k} (watch ${k}=${String(re)})`
            : `tag ${k}=${JSON.stringify(m.tags[k])} does not match ${String(re)}`,
        );
    }
    if (reasons.length > 0)
      out.push({ name: m.name, state: m.state, reasons, detail: details.join('; ') });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Inputs of {@link buildKeyExplanation}. */
export interface KeyExplainInputs {
  readonly key: string;
  readonly ring: HashRing;
  readonly partition: KeyPartitionExplanation;
  /** Ring owner's view (what `/v1/lookup` answers). */
  readonly owner: MemberView | null;
  readonly excluded: readonly ExcludedMember[];
}

/**
 * Assemble `GET /v1/explain/key/:key` from the ring's and the partition table's explanations.
 *
 * @param input - key, ring, partition explanation, owner and excluded members.
 */
export function buildKeyExplanation(input: KeyExplainInputs): KeyExplainView {
  const { key, ring, partition: p } = input;
  const r = explainRingKey(ring, key, ring.size);
  return {
    key,
    owner: input.owner,
    ring: {
      algorithm: r.algorithm,
      hash: r.position,
      hashHex: hex(r.position, 8),
      point:
        r.point === null
          ? null
          : {
              token: r.point.token,
              tokenHex: hex(r.point.token, 8),
              vnode: r.point.vnode,
              wrapped: r.point.wrapped,
            },
      arc: r.arc,
      owners: r.owners.map((name, i) => ({ name, weight: r.weights[i] ?? 1 })),
      vnodesPerWeight: ring.options.vnodesPerWeight ?? 1,
      rule: r.rule,
    },
    partition: {
      partition: p.partition,
      partitions: p.partitions,
      redundancy: p.redundancy,
      hash: p.hash,
      partitioner: p.partitioner,
      loadCap: p.loadCap,
      rule: p.rule,
      owners: p.slots.map((s) => ({
        replica: s.replica,
        name: s.owner,
        score: s.score,
        rank: s.rank,
        passedOver: s.passedOver,
      })),
    },
    excluded: input.excluded,
  };
}

/**
 * The ring as arcs (`GET /v1/ring`).
 *
 * @param ring - the node's consistent-hash ring.
 */
export function ringView(ring: HashRing): RingView {
  const arcs: { start: number; end: number; owner: string }[] = [];
  const own = ring.ownership();
  if (own !== undefined) {
    let start = 0;
    for (let i = 0; i < own.ends.length; i++) {
      const end = own.ends[i]!;
      const owner = own.owners[i]!;
      if (owner >= 0) arcs.push({ start, end, owner: ring.nodes[owner]!.name });
      start = end + 1;
    }
  }
  return {
    algorithm: ring.algorithm,
    positions: ring.positions,
    checksum: ring.checksum,
    nodes: ring.nodes.map((n) => ({ name: n.name, weight: n.weight })),
    arcs,
  };
}
