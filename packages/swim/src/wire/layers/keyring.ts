import { WireError } from '../errors.js';

/** Key sizes AES accepts: AES-128, AES-192, AES-256. */
export const KEY_SIZES: readonly number[] = Object.freeze([16, 24, 32]);

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || !KEY_SIZES.includes(key.length)) {
    const len = key instanceof Uint8Array ? `${key.length} bytes` : typeof key;
    throw new WireError('ERR_INVALID_KEY', `a key must be 16, 24 or 32 bytes, got ${len}`);
  }
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * memberlist's keyring: an ordered list of AES keys whose first element is the **primary** key,
 * used for everything sent; decryption tries every key in order. Rotation: `install` the new key
 * on every node, `use` it everywhere, then `remove` the old one.
 *
 * Keys are copied in and out, so callers cannot mutate the ring behind its back.
 *
 * @example
 * ```ts
 * const ring = new Keyring([Buffer.from('AAECAwQFBgcICQoLDA0ODw==', 'base64')]);
 * ring.install(newKey);
 * ring.use(newKey);   // now primary
 * ring.remove(oldKey);
 * ```
 */
export class Keyring {
  private keys: Uint8Array[] = [];

  /**
   * @param keys - initial keys, primary first. @default []
   * @throws {@link WireError} `ERR_INVALID_KEY` for a key that is not 16, 24 or 32 bytes.
   */
  constructor(keys: readonly Uint8Array[] = []) {
    for (const k of keys) this.install(k);
  }

  /** The primary key (a copy), or `undefined` when the ring is empty (encryption off). */
  get primary(): Uint8Array | undefined {
    return this.keys[0]?.slice();
  }

  /** Number of installed keys. */
  get size(): number {
    return this.keys.length;
  }

  /**
   * Add a key for decryption. Installing a key already present does nothing; the first key
   * installed into an empty ring becomes primary.
   *
   * @throws {@link WireError} `ERR_INVALID_KEY` for a key that is not 16, 24 or 32 bytes.
   */
  install(key: Uint8Array): void {
    checkKey(key);
    if (this.keys.some((k) => sameKey(k, key))) return;
    this.keys.push(key.slice());
  }

  /**
   * Make an installed key the primary key.
   *
   * @throws {@link WireError} `ERR_INVALID_KEY` for a malformed key, `ERR_UNKNOWN_KEY` when
   *   the key is not installed.
   */
  use(key: Uint8Array): void {
    checkKey(key);
    const i = this.keys.findIndex((k) => sameKey(k, key));
    if (i < 0) throw new WireError('ERR_UNKNOWN_KEY', 'the key is not installed; install it first');
    const [k] = this.keys.splice(i, 1);
    this.keys.unshift(k!);
  }

  /**
   * Remove a key. Removing a key that is not installed does nothing.
   *
   * @throws {@link WireError} `ERR_INVALID_KEY` for a malformed key, `ERR_PRIMARY_KEY` when it is
   *   the primary key (make another key primary first).
   */
  remove(key: Uint8Array): void {
    checkKey(key);
    const i = this.keys.findIndex((k) => sameKey(k, key));
    if (i === 0)
      throw new WireError(
        'ERR_PRIMARY_KEY',
        'cannot remove the primary key; use() another key first',
      );
    if (i > 0) this.keys.splice(i, 1);
  }

  /** Copies of all keys, primary first. */
  list(): Uint8Array[] {
    return this.keys.map((k) => k.slice());
  }

  /** The installed keys without copying, primary first (for the codec's hot path; do not mutate). */
  keysForDecrypt(): readonly Uint8Array[] {
    return this.keys;
  }
}
