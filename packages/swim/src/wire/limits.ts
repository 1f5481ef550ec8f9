import {
  MAX_DECOMPRESSED_BYTES,
  MAX_PUSH_PULL_NODES,
  MAX_PUSH_STATE_BYTES,
  MAX_USER_MSG_BYTES,
  MAX_USER_STATE_BYTES,
} from './constants.js';
import { WireError } from './errors.js';

/** Bounds applied to every size field while decoding; exceeding one throws `ERR_TOO_LARGE`. */
export interface WireLimits {
  /** Most node states in a push/pull. @default 1048576 (Go v0.6.0+) */
  readonly maxNodes?: number;
  /** Largest push/pull user state, in bytes. @default 20 MiB (Go v0.6.0+) */
  readonly maxUserStateBytes?: number;
  /** Largest reliable user message payload, in bytes. @default 20 MiB */
  readonly maxUserMsgBytes?: number;
  /** Largest decompressed message, in bytes. @default 40 MiB */
  readonly maxDecompressedBytes?: number;
  /**
   * Largest stream message: an encrypted frame's `len`, and the bytes an unframed stream message
   * may occupy before it is complete. @default 20 MiB (Go's maxPushStateBytes)
   */
  readonly maxStreamBytes?: number;
}

/** {@link WireLimits} with every default applied. */
export type ResolvedWireLimits = Readonly<Required<WireLimits>>;

function positive(name: string, v: number): number {
  if (!Number.isSafeInteger(v) || v < 0)
    throw new WireError(
      'ERR_INVALID_OPTION',
      `limit ${name} must be a non-negative integer, got ${v}`,
    );
  return v;
}

/**
 * Apply defaults to `limits` and validate them.
 *
 * @throws {@link WireError} `ERR_INVALID_OPTION` when a limit is not a non-negative safe integer.
 */
export function resolveLimits(limits: WireLimits = {}): ResolvedWireLimits {
  return Object.freeze({
    maxNodes: positive('maxNodes', limits.maxNodes ?? MAX_PUSH_PULL_NODES),
    maxUserStateBytes: positive(
      'maxUserStateBytes',
      limits.maxUserStateBytes ?? MAX_USER_STATE_BYTES,
    ),
    maxUserMsgBytes: positive('maxUserMsgBytes', limits.maxUserMsgBytes ?? MAX_USER_MSG_BYTES),
    maxDecompressedBytes: positive(
      'maxDecompressedBytes',
      limits.maxDecompressedBytes ?? MAX_DECOMPRESSED_BYTES,
    ),
    maxStreamBytes: positive('maxStreamBytes', limits.maxStreamBytes ?? MAX_PUSH_STATE_BYTES),
  });
}

/** The default limits. */
export const DEFAULT_LIMITS: ResolvedWireLimits = resolveLimits();

/**
 * Check a declared size against its bound: negative → `ERR_DECODE`, above → `ERR_TOO_LARGE`.
 *
 * @throws {@link WireError}
 */
export function checkSize(what: string, value: number, max: number): void {
  if (value < 0) throw new WireError('ERR_DECODE', `negative ${what}: ${value}`);
  if (value > max)
    throw new WireError('ERR_TOO_LARGE', `${what} ${value} exceeds the limit ${max}`);
}
