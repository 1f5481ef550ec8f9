/**
 * Counting what a node refuses. Every packet part, stream or claim dropped because it is
 * malformed, unauthenticated or over a limit increments `ring_swim_refusals_total` with
 * `transport` (`udp` = the packet path, also when a TCP-only transport carries it; `tcp` = the
 * stream path) and `reason`. Decode-type refusals also keep incrementing the older
 * `ring_swim_decode_errors_total` (same meaning as before, now also for streams).
 */

/** Which path a refused input came in on. */
export type RefusalTransport = 'udp' | 'tcp';

/**
 * Why an input was refused. Wire error codes map to their lower-case name without `ERR_`
 * (`ERR_LABEL_MISMATCH` → `label_mismatch`, `ERR_DECRYPT` → `decrypt`, `ERR_CRC` → `crc`,
 * `ERR_DECODE` → `decode`, `ERR_TOO_LARGE` → `too_large`, …); the rest are Ring's limits.
 */
export type RefusalReason =
  | 'decompress_budget'
  | 'compress_in_compound'
  | 'nested_compress'
  | 'invalid_name'
  | 'member_limit'
  | 'new_member_rate'
  | 'incarnation_jump'
  | 'user_message_sender'
  | 'stream_limit'
  | 'stream_buffer_budget'
  | 'timeout'
  | (string & {});

/** Reasons that also count in `ring_swim_decode_errors_total`. */
export const DECODE_REASONS: ReadonlySet<string> = new Set([
  'decode',
  'too_large',
  'unsupported',
  'crc',
  'label_mismatch',
  'decrypt',
  'no_key',
  'encryption_required',
  'decompress_budget',
  'compress_in_compound',
  'nested_compress',
]);

/**
 * The refusal reason for an error: its `code` without `ERR_`, lower case; `decode` when it has
 * no code.
 *
 * @param error - a caught error.
 */
export function reasonOf(error: unknown): RefusalReason {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_')) return 'decode';
  return code.slice(4).toLowerCase();
}
