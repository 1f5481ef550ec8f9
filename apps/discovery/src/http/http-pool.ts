import { VnodeRing } from '@ring/hashring';
import type { HashRing } from '@ring/hashring';

/**
 * A groupcache-style HTTP pool: `set(...peers)` replaces the peer list, `pickPeer(key)` says which
 * peer owns a key (consistent hashing, so a peer list change moves few keys). groupcache's
 * `HTTPPool.Set` is fed from gopherdiscovery's `Peers()` channel; here from `peers()`.
 */
export class HttpPool {
  readonly self: string;
  #ring: HashRing = VnodeRing.from([]);
  #sets = 0;

  /**
   * @param self - this instance's URL.
   */
  constructor(self: string) {
    this.self = self;
  }

  /** Replace the peers (this instance included, as in groupcache). */
  set(...peers: string[]): void {
    this.#ring = VnodeRing.from(peers);
    this.#sets++;
  }

  /** The current peers, sorted. */
  peers(): string[] {
    return this.#ring.nodes.map((n) => n.name).sort();
  }

  /** How many times {@link HttpPool.set} was called. */
  get sets(): number {
    return this.#sets;
  }

  /**
   * The peer that owns `key`, or `undefined` when it is this instance (serve locally) or the pool is
   * empty.
   *
   * @param key - a cache key.
   */
  pickPeer(key: string): string | undefined {
    const owner = this.#ring.getNode(key);
    return owner === this.self ? undefined : owner;
  }
}
