/**
 * Counting what a node refuses (`ring_swim_refusals_total` by transport and reason; see
 * `core/refusals.ts` for the reasons).
 */
import { DECODE_REASONS } from '../core/refusals.js';
import type { RefusalReason, RefusalTransport } from '../core/refusals.js';
import type { Logger, Metrics } from './observability.js';

/** Where refusals are counted and logged. */
export interface RefusalSink {
  readonly metrics: Metrics;
  readonly logger: Pick<Logger, 'debug'>;
}

/**
 * Count one refusal (and log it at debug level with `detail`).
 *
 * @param sink - the node's metrics and logger.
 * @param transport - `udp` (packets) or `tcp` (streams).
 * @param reason - why.
 * @param detail - logged with the refusal.
 */
export function refuse(
  sink: RefusalSink,
  transport: RefusalTransport,
  reason: RefusalReason,
  detail?: Record<string, unknown>,
): void {
  sink.metrics.increment('ring_swim_refusals_total', 1, { transport, reason });
  if (DECODE_REASONS.has(reason)) sink.metrics.increment('ring_swim_decode_errors_total');
  sink.logger.debug({ ...detail, transport, reason }, 'refused hostile or invalid input');
}
