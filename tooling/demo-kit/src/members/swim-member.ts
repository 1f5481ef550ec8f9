import { isRingError } from '@ring/transport';
import { createUdpTransport } from '@ring/transport/node';
import { createSwimNode } from '@ring/swim';
import type { Logger, SwimNode, SwimOptions, SwimPreset } from '@ring/swim';
import { DemoError } from '../process/demo-error.js';
import type { HostPort } from '../process/host-port.js';

/** Options of {@link startSwimMember}. */
export interface SwimMemberOptions {
  /** Unique member name. */
  readonly name: string;
  /** UDP+TCP address to bind (port 0: any free port). */
  readonly bind: HostPort;
  /** Members to join; empty: start a new cluster. */
  readonly join: readonly HostPort[];
  /** memberlist timing preset. @default 'local' (memberlist's DefaultLocalConfig, as in the seeds) */
  readonly preset?: SwimPreset;
  /**
   * Probe interval (ms) instead of the preset's, e.g. 200 for fast failure detection in tests; the
   * probe timeout is capped at half of it.
   */
  readonly probeIntervalMs?: number;
  /** Node metadata (e.g. `encodeTags({...})`). */
  readonly meta?: Uint8Array;
  /** Where swim's own log goes. @default none */
  readonly logger?: Logger;
  /**
   * Called with the node before it starts, to attach event handlers, so that the events of the
   * join itself (the members learned from the seed) are seen too.
   */
  readonly attach?: (node: SwimNode) => void;
  /** Called once the sockets are bound, before the join (e.g. to print the address). */
  readonly onStarted?: (node: SwimNode) => void;
}

/**
 * Start a swim member on real sockets (`@ring/transport`'s UDP+TCP transport) and join the
 * cluster, turning the two failures a user can cause into one clear line each.
 *
 * @param options - name, bind, join, timing.
 * @returns the running member.
 * @throws DemoError `ERR_BIND` naming the address and port (in use, or not on this machine),
 *   `ERR_JOIN_FAILED` naming the addresses when none answered, `ERR_START` for anything else
 *   (e.g. the name is taken by another member); the node is shut down first.
 */
export async function startSwimMember(options: SwimMemberOptions): Promise<SwimNode> {
  const preset = options.preset ?? 'local';
  let swimOptions: SwimOptions = {};
  if (options.probeIntervalMs !== undefined) {
    const probeTimeoutMs = Math.max(1, Math.min(200, Math.floor(options.probeIntervalMs / 2)));
    swimOptions = { probeIntervalMs: options.probeIntervalMs, probeTimeoutMs };
  }
  const transport = createUdpTransport({
    bindAddress: options.bind.host,
    bindPort: options.bind.port,
    // The member is what keeps a demo process alive.
    unref: false,
  });
  const node = createSwimNode({
    name: options.name,
    transport,
    preset,
    options: swimOptions,
    ...(options.meta !== undefined ? { meta: options.meta } : {}),
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
  });
  options.attach?.(node);
  try {
    await node.start();
  } catch (error) {
    await node.shutdown();
    throw bindError(options.bind, error);
  }
  options.onStarted?.(node);
  if (options.join.length === 0) return node;
  try {
    await node.join(options.join.map((j) => j.text));
  } catch (error) {
    await node.shutdown();
    const list = options.join.map((j) => j.text).join(', ');
    if (isRingError(error, 'ERR_JOIN_FAILED'))
      throw new DemoError(
        'ERR_JOIN_FAILED',
        `cannot join ${list}: no member answered there (is the first node running, and is that its --bind address?)`,
        { cause: error },
      );
    throw new DemoError('ERR_START', `cannot join ${list}: ${message(error)}`, { cause: error });
  }
  return node;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function bindError(bind: HostPort, error: unknown): DemoError {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const sysCode = typeof cause?.code === 'string' ? cause.code : undefined;
  if (sysCode === 'EADDRINUSE')
    return new DemoError(
      'ERR_BIND',
      `cannot bind ${bind.text}: port ${bind.port} is in use (another node? pick another --bind port)`,
      { cause: error },
    );
  if (sysCode === 'EADDRNOTAVAIL')
    return new DemoError(
      'ERR_BIND',
      `cannot bind ${bind.text}: ${bind.host} is not an address of this machine`,
      { cause: error },
    );
  if (isRingError(error, 'ERR_BIND'))
    return new DemoError('ERR_BIND', `cannot bind ${bind.text}: ${message(error)}`, {
      cause: error,
    });
  return new DemoError('ERR_START', `cannot start on ${bind.text}: ${message(error)}`, {
    cause: error,
  });
}

/**
 * Leave the cluster gracefully (the others see `leave` at once instead of a failure after the
 * suspicion timeout), then close the sockets.
 *
 * @param node - a started member.
 * @param timeoutMs - most time to wait for the leave to be gossiped. @default 3000
 */
export async function leaveAndShutdown(node: SwimNode, timeoutMs = 3000): Promise<void> {
  try {
    await node.leave(timeoutMs);
  } finally {
    await node.shutdown();
  }
}
