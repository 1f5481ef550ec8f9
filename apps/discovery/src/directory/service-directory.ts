import type { SwimNode } from '@ring/swim';
import { tagsOf } from './member-view.js';
import { ServiceMembers } from './service-members.js';
import type { ServiceChange } from './service-members.js';

/**
 * gopherdiscovery's client and subscriber, without its server: the providers of a service as
 * this member's own membership view sees them. {@link ServiceDirectory.peers} is `Peers()` (full
 * URL lists), {@link ServiceDirectory.changes} is the subscriber's `Changes()` (who came and went).
 * Every process has one, so there is nothing central to lose.
 */
export class ServiceDirectory {
  readonly #members: ServiceMembers;
  readonly #history: ServiceChange[] = [];
  readonly #wake = new Set<() => void>();
  readonly #names = new Map<string, string>();
  #queued = false;
  #closed = false;

  /**
   * Attach to a member (before it starts, to see its join too).
   *
   * @param node - the swim member.
   * @param service - the service to follow (tag `service`).
   */
  constructor(node: SwimNode, service: string) {
    this.#members = new ServiceMembers(service);
    const on = (type: 'join' | 'leave' | 'update' | 'suspect' | 'alive'): void => {
      node.on(type, (m) => {
        this.#members.apply(type, { name: m.name, state: m.state, tags: tagsOf(m) });
        // A join brings many members in one burst: publish once, after it.
        if (this.#queued) return;
        this.#queued = true;
        queueMicrotask(() => this.#publish());
      });
    };
    for (const type of ['join', 'leave', 'update', 'suspect', 'alive'] as const) on(type);
  }

  #publish(): void {
    this.#queued = false;
    const change = this.#members.take();
    if (change === undefined) return;
    for (const p of change.providers) this.#names.set(p.url, p.name);
    this.#history.push(change);
    for (const wake of [...this.#wake]) wake();
  }

  /**
   * The name of the member that serves (or served) at `url`, or `undefined`.
   *
   * @param url - a provider's URL.
   */
  nameOf(url: string): string | undefined {
    return this.#names.get(url);
  }

  /** End every iteration (the member is shutting down). */
  close(): void {
    this.#closed = true;
    for (const wake of [...this.#wake]) wake();
  }

  async *#follow(signal?: AbortSignal): AsyncGenerator<ServiceChange> {
    let next = Math.max(0, this.#history.length - 1);
    const onAbort = (): void => {
      for (const wake of [...this.#wake]) wake();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      while (!this.#closed && signal?.aborted !== true) {
        if (next < this.#history.length) {
          yield this.#history[next++]!;
          continue;
        }
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            this.#wake.delete(wake);
            resolve();
          };
          this.#wake.add(wake);
        });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Full, sorted lists of the providers' URLs: the current one first, then one per change
   * (gopherdiscovery's `Peers()`; feed them to a pool: `pool.set(...peers)`).
   *
   * @param signal - ends the iteration.
   */
  async *peers(signal?: AbortSignal): AsyncGenerator<string[]> {
    for await (const change of this.#follow(signal)) yield change.providers.map((p) => p.url);
  }

  /**
   * Who provides the service after each change, and who came and went (the subscriber's
   * `Changes()`).
   *
   * @param signal - ends the iteration.
   */
  changes(signal?: AbortSignal): AsyncGenerator<ServiceChange> {
    return this.#follow(signal);
  }
}
