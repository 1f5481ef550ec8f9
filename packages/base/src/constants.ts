/**
 * Defaults shared by every Ring package. Every option that has one of these defaults takes it from
 * here.
 *
 * @module
 */

/**
 * Largest packet a transport sends by default, in bytes: a UDP payload that fits a 1500-byte
 * Ethernet MTU with room for IP/UDP headers (memberlist's `UDPBufferSize`).
 */
export const DEFAULT_MAX_PACKET_SIZE = 1400;

/** Maximum number of timers `VirtualClock.runAll` runs before giving up (runaway guard). */
export const DEFAULT_RUN_ALL_MAX_TIMERS = 1_000_000;
