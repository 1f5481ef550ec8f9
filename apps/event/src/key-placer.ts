import { VnodeRing } from '@ring/hashring';
import type { HashRing } from '@ring/hashring';

/**
 * A consistent-hash ring kept up to date from membership events (seed 000's EventDelegate that
 * adds a node on NotifyJoin and removes it on NotifyLeave). Ring node names are member addresses,
 * so a search answers `host:port` like the seed.
 */
export class KeyPlacer {
  #ring: HashRing;

  /**
   * @param self - this node's own address (a node is a member of its own ring from the start).
   */
  constructor(self: string) {
    this.#ring = VnodeRing.from([self]);
  }

  /** Number of nodes on the ring ("current node size"). */
  get size(): number {
    return this.#ring.size;
  }

  /** A member joined: add its address (idempotent). */
  join(address: string): void {
    if (!this.#ring.has(address)) this.#ring = this.#ring.add(address);
  }

  /** A member left or failed: remove its address (idempotent). */
  leave(address: string): void {
    if (this.#ring.has(address)) this.#ring = this.#ring.remove(address);
  }

  /**
   * The address that owns `key`.
   *
   * @param key - the key.
   */
  search(key: string): string {
    return this.#ring.getNode(key) ?? '(none)';
  }
}
