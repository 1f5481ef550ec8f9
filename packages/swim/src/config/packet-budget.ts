import type { ResolvedSwimOptions } from './options.js';

/**
 * The options a node runs with on a transport: `packetBudgetBytes` lowered to the transport's
 * `maxPacketSize` when that is smaller (a TCP-only transport's frame limit, or an `impair`ed
 * transport capped to a small path MTU), so that no compound packet the node builds is rejected
 * as too large, and no gossip is lost to it.
 *
 * @param options - the resolved options.
 * @param maxPacketSize - the transport's `maxPacketSize`.
 */
export function fitPacketBudget(
  options: ResolvedSwimOptions,
  maxPacketSize: number,
): ResolvedSwimOptions {
  if (!(maxPacketSize < options.packetBudgetBytes)) return options;
  return Object.freeze({ ...options, packetBudgetBytes: maxPacketSize });
}
