/** Limits of {@link KvStore}. */
export interface KvLimits {
  /** Most keys held at once. @default 10000 ({@link DEFAULT_KV_MAX_KEYS}) */
  readonly maxKeys: number;
  /** Most bytes held at once, keys (UTF-8) plus values. @default 64 MiB ({@link DEFAULT_KV_MAX_BYTES}) */
  readonly maxBytes: number;
  /** Largest single value. @default 1 MiB ({@link DEFAULT_KV_MAX_VALUE_BYTES}) */
  readonly maxValueBytes: number;
}

/** Default {@link KvLimits.maxKeys}. */
export const DEFAULT_KV_MAX_KEYS = 10_000;
/** Default {@link KvLimits.maxBytes}: 64 MiB. */
export const DEFAULT_KV_MAX_BYTES = 64 << 20;
/** Default {@link KvLimits.maxValueBytes}: 1 MiB. */
export const DEFAULT_KV_MAX_VALUE_BYTES = 1 << 20;

/** Why a put was refused: the value alone is too large, or the store is full. */
export type KvRefusal =
  | { readonly code: 'ERR_TOO_LARGE'; readonly message: string }
  | { readonly code: 'ERR_KV_FULL'; readonly message: string };

/**
 * The admin API's tiny key-value store, bounded by key count and total bytes so that a client
 * cannot grow the node's memory without limit. A refused put changes nothing (no half-written
 * value, the old value stays).
 */
export class KvStore {
  readonly #limits: KvLimits;
  readonly #values = new Map<string, Buffer>();
  #bytes = 0;

  /** @param limits - the bounds; see {@link KvLimits}. */
  constructor(limits: KvLimits) {
    this.#limits = limits;
  }

  /** Keys held now. */
  get size(): number {
    return this.#values.size;
  }

  /** Bytes held now (keys plus values). */
  get bytes(): number {
    return this.#bytes;
  }

  /** The value of `key`, if any. */
  get(key: string): Buffer | undefined {
    return this.#values.get(key);
  }

  /**
   * Store `value` under `key`, replacing any old value.
   *
   * @returns `undefined` when stored, else why not (and nothing changed).
   */
  set(key: string, value: Buffer): KvRefusal | undefined {
    const limits = this.#limits;
    if (value.length > limits.maxValueBytes) {
      return {
        code: 'ERR_TOO_LARGE',
        message: `values are limited to ${limits.maxValueBytes} bytes (got ${value.length})`,
      };
    }
    const keyBytes = Buffer.byteLength(key);
    const old = this.#values.get(key);
    const freed = old === undefined ? 0 : keyBytes + old.length;
    const after = this.#bytes - freed + keyBytes + value.length;
    if (old === undefined && this.#values.size >= limits.maxKeys) {
      return {
        code: 'ERR_KV_FULL',
        message: `the store holds its limit of ${limits.maxKeys} keys (--kv-max-keys)`,
      };
    }
    if (after > limits.maxBytes) {
      return {
        code: 'ERR_KV_FULL',
        message: `storing ${value.length} bytes would exceed the store's ${limits.maxBytes} bytes (--kv-max-bytes)`,
      };
    }
    this.#values.set(key, value);
    this.#bytes = after;
    return undefined;
  }

  /** Remove `key` (no-op when absent). */
  delete(key: string): void {
    const old = this.#values.get(key);
    if (old === undefined) return;
    this.#values.delete(key);
    this.#bytes -= Buffer.byteLength(key) + old.length;
  }
}
