import type { LinkState, NetNode } from './delivery.js';
import { emptyLinkStats, type LinkStats, type ResolvedLinkConfig } from './link-config.js';

/** Node ids are below this; a link key is `src.id * ID_SPACE + dst.id`. */
export const ID_SPACE = 2 ** 21;

/** The numeric key of the directed link `src → dst`. */
export function linkKey(src: NetNode, dst: NetNode): number {
  return src.id * ID_SPACE + dst.id;
}

/**
 * Per-direction link state of a memory network: fault overrides, packet counters, partitions and
 * isolation. Lookups use numeric keys, so the hot path allocates nothing.
 */
export class LinkTable {
  /** Fault model of links without an override. */
  defaultLink: ResolvedLinkConfig;
  readonly #links = new Map<number, LinkState>();
  readonly #perLinkStats: boolean;
  readonly #shared: LinkState = { override: null, stats: emptyLinkStats() };
  readonly #blocked = new Set<number>();
  #isolated = 0;

  /**
   * @param defaultLink - fault model of links without an override.
   * @param perLinkStats - keep counters per link (else one shared set for links without override).
   */
  constructor(defaultLink: ResolvedLinkConfig, perLinkStats: boolean) {
    this.defaultLink = defaultLink;
    this.#perLinkStats = perLinkStats;
  }

  /** State of `src → dst`; created on first use when per-link stats are on (or `create`). */
  get(src: NetNode, dst: NetNode, create = this.#perLinkStats): LinkState {
    const key = linkKey(src, dst);
    let link = this.#links.get(key);
    if (link === undefined) {
      if (!create) return this.#shared;
      link = { override: null, stats: emptyLinkStats() };
      this.#links.set(key, link);
    }
    return link;
  }

  /** The fault model in force on `src → dst`. */
  config(src: NetNode, dst: NetNode): ResolvedLinkConfig {
    return this.#links.get(linkKey(src, dst))?.override ?? this.defaultLink;
  }

  /** Existing state of `src → dst` without creating it. */
  peek(src: NetNode, dst: NetNode): LinkState | undefined {
    return this.#links.get(linkKey(src, dst));
  }

  /** True when traffic `src → dst` is cut by a partition or isolation. */
  isBlocked(src: NetNode, dst: NetNode): boolean {
    if (this.#isolated > 0 && (src.isolated || dst.isolated) && src !== dst) return true;
    return this.#blocked.size > 0 && this.#blocked.has(linkKey(src, dst));
  }

  /** Cut `src → dst`. */
  block(src: NetNode, dst: NetNode): void {
    if (src !== dst) this.#blocked.add(linkKey(src, dst));
  }

  /** Restore `src → dst` (isolation aside). */
  unblock(src: NetNode, dst: NetNode): void {
    this.#blocked.delete(linkKey(src, dst));
  }

  /** Cut `node` off from everyone. */
  isolate(node: NetNode): void {
    if (!node.isolated) this.#isolated++;
    node.isolated = true;
  }

  /** Remove every partition and isolation. */
  heal(nodes: readonly NetNode[]): void {
    this.#blocked.clear();
    for (const node of nodes) node.isolated = false;
    this.#isolated = 0;
  }

  /** Sum of all counters. */
  totals(): LinkStats {
    const sum = emptyLinkStats();
    for (const { stats } of [...this.#links.values(), this.#shared]) {
      sum.sent += stats.sent;
      sum.delivered += stats.delivered;
      sum.dropped += stats.dropped;
      sum.duplicated += stats.duplicated;
      sum.reordered += stats.reordered;
    }
    return sum;
  }
}
