import { normalizeAddress, parseAddress } from '../address.js';
import { DEFAULT_MEMORY_PORT } from '../constants.js';
import { TransportError } from '../errors.js';
import type { Address } from '../transport.js';
import type { NetNode } from './delivery.js';
import { ID_SPACE } from './link-table.js';
import type { AddressSet } from './memory-options.js';

/** Most raw (un-normalised) address strings remembered by {@link AddressBook.resolve}. */
const RAW_CACHE_LIMIT = 100_000;

/**
 * The addresses of a memory network: one {@link NetNode} per canonical address (bound or not), the
 * host names that resolve, and the automatic `10.x.y.z:7946` addresses.
 */
export class AddressBook {
  readonly #nodes = new Map<Address, NetNode>();
  readonly #list: NetNode[] = [];
  /** Raw address strings as senders pass them, so the hot path skips normalising. */
  readonly #rawCache = new Map<string, NetNode>();
  readonly #hosts = new Set<string>();
  #nextAuto = 1;

  /** Every node, in the order first seen (its id order). */
  get nodes(): readonly NetNode[] {
    return this.#list;
  }

  /**
   * The canonical address for a new transport: the one given, or the next free automatic one.
   * A host name given here resolves from then on.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS` for a malformed address or port 0, `ERR_BIND` when
   *   the automatic addresses run out.
   */
  transportAddress(requested: Address | undefined): Address {
    const address = requested === undefined ? this.#autoAddress() : normalizeAddress(requested);
    const parsed = parseAddress(address);
    if (parsed.port === 0)
      throw new TransportError(
        'ERR_INVALID_ADDRESS',
        `memory transports need a fixed port: ${address}`,
      );
    if (parsed.family === 'name') this.#hosts.add(parsed.host);
    return address;
  }

  /**
   * The node for a destination as a sender wrote it.
   *
   * @throws TransportError `ERR_INVALID_ADDRESS`, or `ERR_UNRESOLVABLE_ADDRESS` for a host name no
   *   transport was created with.
   */
  resolve(to: Address): NetNode {
    const cached = this.#rawCache.get(to);
    if (cached !== undefined) return cached;
    const address = normalizeAddress(to);
    const parsed = parseAddress(address);
    if (parsed.family === 'name' && !this.#hosts.has(parsed.host)) {
      throw new TransportError(
        'ERR_UNRESOLVABLE_ADDRESS',
        `host ${parsed.host} does not resolve on this memory network`,
      );
    }
    const node = this.node(address);
    if (this.#rawCache.size < RAW_CACHE_LIMIT) this.#rawCache.set(to, node);
    return node;
  }

  /**
   * The node of a canonical address, created on first use.
   *
   * @throws TransportError `ERR_INVALID_OPTION` past {@link ID_SPACE} addresses.
   */
  node(address: Address): NetNode {
    let node = this.#nodes.get(address);
    if (node === undefined) {
      if (this.#list.length >= ID_SPACE)
        throw new TransportError('ERR_INVALID_OPTION', 'too many addresses on one memory network');
      node = { id: this.#list.length, address, endpoint: undefined, isolated: false };
      this.#nodes.set(address, node);
      this.#list.push(node);
    }
    return node;
  }

  /** The node of an address in any spelling, without creating it. @throws TransportError `ERR_INVALID_ADDRESS`. */
  find(address: Address): NetNode | undefined {
    return this.#nodes.get(normalizeAddress(address));
  }

  /** The nodes of one address or a group, in any spelling. @throws TransportError `ERR_INVALID_ADDRESS`. */
  nodesOf(set: AddressSet): NetNode[] {
    const list = typeof set === 'string' ? [set] : set;
    return list.map((a) => this.node(normalizeAddress(a)));
  }

  #autoAddress(): Address {
    for (;;) {
      const n = this.#nextAuto++;
      if (n >= 0xffffff)
        throw new TransportError('ERR_BIND', 'memory network ran out of automatic addresses');
      const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}:${DEFAULT_MEMORY_PORT}`;
      if ((n & 255) === 0 || (n & 255) === 255) continue;
      if (this.#nodes.get(address)?.endpoint === undefined) return address;
    }
  }
}
