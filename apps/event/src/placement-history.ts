/**
 * Where each key has been placed, in order, as one member saw it: the seed's `finally:` summary
 * (`hello => 127.0.0.1:7949 (moves 3 times)`). As in the seed, the count is the number of
 * placements — the first one included — so a key that never moved "moves 1 times". Pure.
 */
export class PlacementHistory {
  readonly #owners = new Map<string, string[]>();

  /**
   * Note `key`'s current owner (a repeat of the last owner is not a move).
   *
   * @param key - the key.
   * @param owner - the address that owns it now.
   */
  record(key: string, owner: string): void {
    let owners = this.#owners.get(key);
    if (owners === undefined) this.#owners.set(key, (owners = []));
    if (owners.at(-1) !== owner) owners.push(owner);
  }

  /**
   * Every owner `key` has had, first first.
   *
   * @param key - the key.
   */
  owners(key: string): readonly string[] {
    return this.#owners.get(key) ?? [];
  }

  /** The seed's summary lines, one per key in the order first recorded, keys padded to one width. */
  summary(): string[] {
    const width = Math.max(0, ...[...this.#owners.keys()].map((k) => k.length));
    return [...this.#owners].map(
      ([key, owners]) => `${key.padEnd(width)} => ${owners.at(-1)!} (moves ${owners.length} times)`,
    );
  }
}
