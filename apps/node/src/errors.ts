import { RingError } from '@ring/transport';

/**
 * Stable error codes raised by `ring-node`. Callers branch on `code`, never on `message`.
 *
 * - `ERR_USAGE`: a bad flag, environment variable or config-file value (the CLI exits with code 2).
 * - `ERR_CONFIG_FILE`: the config or keyring file cannot be read or parsed (exit code 2).
 * - `ERR_HOP_LIMIT`: a forwarded request exceeded the hop limit.
 * - `ERR_FORWARD`: a request could not be proxied to the key's owner.
 * - `ERR_NO_OWNER`: no live member owns the key (empty ring).
 */
export type NodeErrorCode =
  'ERR_USAGE' | 'ERR_CONFIG_FILE' | 'ERR_HOP_LIMIT' | 'ERR_FORWARD' | 'ERR_NO_OWNER';

/** An error raised by the reference node: a {@link NodeErrorCode} plus an optional `cause`. */
export class NodeError extends RingError<NodeErrorCode> {
  /**
   * @param code - stable code.
   * @param message - human-readable explanation (printed as-is by the CLI).
   * @param options - optional `cause`.
   */
  constructor(code: NodeErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'NodeError';
  }
}
