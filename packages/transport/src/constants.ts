/**
 * Documented defaults of `@ring/transport`. Every option that has a default takes it from here.
 *
 * @module
 */

/** Address the socket transports bind by default: every IPv4 interface (memberlist's `BindAddr`). */
export const DEFAULT_BIND_ADDRESS = '0.0.0.0';

/** Port the socket transports bind by default (memberlist's `BindPort`). */
export const DEFAULT_BIND_PORT = 7946;

/** Default dial timeout for streams, in ms (memberlist's `TCPTimeout`: 10 s). */
export const DEFAULT_DIAL_TIMEOUT_MS = 10_000;

/** How many times the UDP+TCP transport retries when port 0 gave a TCP port whose UDP twin is taken. */
export const DEFAULT_BIND_RETRIES = 10;

/**
 * Bytes a node stream buffers for a slow reader before pausing the socket (back-pressure on the
 * sender through TCP flow control).
 */
export const DEFAULT_STREAM_HIGH_WATER_MARK = 256 * 1024;

/** Idle TCP-only packet connections are closed after this long, in ms. */
export const DEFAULT_PACKET_CONNECTION_IDLE_MS = 60_000;

/** Port of auto-assigned {@link MemoryNetwork} addresses (`10.0.x.y:7946`), memberlist's default port. */
export const DEFAULT_MEMORY_PORT = 7946;

/** Maximum number of timers `VirtualClock.runAll` runs before giving up; defined in `@ring/base`. */
export { DEFAULT_RUN_ALL_MAX_TIMERS } from '@ring/base';
