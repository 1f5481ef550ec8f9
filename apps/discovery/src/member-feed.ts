import { AsyncQueue } from '@ring/base';
import type { Member, SwimNode } from '@ring/swim';
import { memberView } from './member-view.js';
import type { MemberChange, MemberView } from './member-view.js';

/** A snapshot of the members and the changes that follow it, with no gap in between. */
export interface MemberSubscription {
  readonly snapshot: readonly MemberView[];
  readonly changes: AsyncIterable<MemberChange>;
}

/**
 * One member's own membership view as a snapshot plus a stream of changes, for `peers()` and for
 * `GET /v1/events` (the feed `ring-node`'s admin API serves, built here from `@ring/swim` alone).
 */
export class MemberFeed {
  readonly #subscribers = new Set<AsyncQueue<MemberChange>>();
  #node: SwimNode | undefined;

  /**
   * Follow `node` (before it starts, so the join's own events are seen too).
   *
   * @param node - the swim member.
   */
  attach(node: SwimNode): void {
    this.#node = node;
    for (const type of ['join', 'leave', 'update', 'suspect', 'alive'] as const) {
      node.on(type, (member: Member) => {
        const change: MemberChange = { type, member: memberView(member) };
        for (const q of this.#subscribers) q.push(change);
      });
    }
  }

  /** Alive and suspect members, self included, sorted by name. */
  members(): MemberView[] {
    return (this.#node?.members() ?? [])
      .filter((m) => m.state === 'alive' || m.state === 'suspect')
      .map(memberView)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * The members now, then every change until `signal` aborts or the feed closes.
   *
   * @param signal - ends the subscription.
   */
  subscribe(signal: AbortSignal): MemberSubscription {
    const queue = new AsyncQueue<MemberChange>(signal);
    this.#subscribers.add(queue);
    signal.addEventListener('abort', () => this.#subscribers.delete(queue), { once: true });
    return { snapshot: this.members(), changes: queue };
  }

  /** End every subscription (the member is leaving). */
  close(): void {
    for (const q of this.#subscribers) q.end();
    this.#subscribers.clear();
  }
}
