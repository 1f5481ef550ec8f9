/**
 * A member's membership feed — a snapshot, then every change — as `GET /v1/events` serves it
 * (`ring-node`'s admin API and the discovery demo's members) and as in-process iterators read it.
 * Its own entry point, `@ring/demo-kit/member-feed`, like `@ring/demo-kit/sse`.
 *
 * @packageDocumentation
 */
import { AsyncQueue } from '@ring/base';
import type { MemberEventType, MemberState } from '@ring/swim';

/** A member as `GET /v1/events` (and `ring-node`'s other routes) show it. */
export interface MemberView {
  readonly name: string;
  readonly address: string;
  readonly state: MemberState;
  readonly incarnation: number;
  /** Decoded Serf-style tags (`{}` when the meta holds none). */
  readonly tags: Readonly<Record<string, string>>;
}

/** One membership change as `GET /v1/events` streams it (`event: <type>`, `data: <member>`). */
export interface MemberChange {
  readonly type: MemberEventType;
  readonly member: MemberView;
}

/** A consistent snapshot of the members and the changes that follow it, with no gap in between. */
export interface MemberSubscription {
  readonly snapshot: readonly MemberView[];
  readonly changes: AsyncIterable<MemberChange>;
}

/**
 * Fans membership changes out to subscribers, each an {@link AsyncQueue} that starts right after
 * its snapshot.
 */
export class MemberFeed {
  readonly #snapshot: () => readonly MemberView[];
  readonly #subscribers = new Set<AsyncQueue<MemberChange>>();

  /**
   * @param snapshot - the members now (alive and suspect, sorted by name), read at each subscribe.
   */
  constructor(snapshot: () => readonly MemberView[]) {
    this.#snapshot = snapshot;
  }

  /** Hand a change to every subscriber. */
  publish(change: MemberChange): void {
    for (const q of this.#subscribers) q.push(change);
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
    return { snapshot: this.#snapshot(), changes: queue };
  }

  /** End every subscription (the member is leaving); buffered changes are still delivered. */
  close(): void {
    for (const q of this.#subscribers) q.end();
    this.#subscribers.clear();
  }
}
