/**
 * `@ring/transport`: the network and time a Ring node lives in.
 *
 * - The {@link Transport} contract: best-effort packets within a size budget, reliable streams,
 *   one advertised address, typed errors ({@link TransportError}).
 * - {@link MemoryNetwork}: many transports in one process with seeded latency, jitter, loss,
 *   duplication, reordering and partitions, delivered on an injected clock.
 * - {@link Clock} / {@link Random} and their implementations: {@link systemClock},
 *   {@link VirtualClock}, {@link createSeededRandom}, {@link systemRandom}.
 * - Address helpers: {@link parseAddress}, {@link formatAddress}.
 * - {@link impair}: a decorator adding seeded delay, jitter, loss and a packet-size cap to any
 *   transport (for tests on real sockets).
 *
 * Real sockets (UDP+TCP, TCP-only) live in `@ring/transport/node`; the conformance suite in
 * `@ring/transport/testing`. This entry point loads no `node:` networking modules.
 *
 * @example
 * ```ts
 * import { MemoryNetwork, VirtualClock } from '@ring/transport';
 *
 * const clock = new VirtualClock(0);
 * const net = new MemoryNetwork({ clock, seed: 1, defaultLink: { latencyMs: 5 } });
 * const a = net.createTransport();
 * const b = net.createTransport();
 * await a.start({ onPacket: () => undefined, onStream: (s) => s.close() });
 * await b.start({ onPacket: (p) => console.log(p.from, new TextDecoder().decode(p.data)), onStream: (s) => s.close() });
 * await a.sendPacket(b.localAddress(), new TextEncoder().encode('hello'));
 * clock.advance(5); // logs "10.0.0.1:7946 hello"
 * ```
 *
 * @packageDocumentation
 */
export type {
  Address,
  DialOptions,
  Packet,
  Stream,
  Transport,
  TransportHandlers,
  TransportState,
} from './transport.js';
export { DEFAULT_MAX_PACKET_SIZE } from './transport.js';
export type {
  Clock,
  TimerHandle,
  Random,
  SeededRandom,
  RunAllOptions,
  RunUntilOptions,
} from '@ring/base';
export type { WithTimeoutOptions } from '@ring/base';
export {
  shuffleInPlace,
  systemClock,
  VirtualClock,
  createSeededRandom,
  systemRandom,
  withTimeout,
} from '@ring/base';
export { RingError, TransportError, isRingError } from './errors.js';
export type { TransportErrorCode } from './errors.js';
export { parseAddress, formatAddress, normalizeAddress, isIPv4, isIPv6 } from './address.js';
export type { AddressFamily, ParsedAddress } from './address.js';
export * from './constants.js';
export { MemoryNetwork } from './memory/memory-network.js';
export type {
  AddressSet,
  MemoryNetworkOptions,
  MemoryTransportOptions,
  PartitionOptions,
} from './memory/memory-options.js';
export type { MemoryTransport } from './memory/memory-transport.js';
export type { MemoryStream } from './memory/memory-stream.js';
export { DEFAULT_LINK, resolveLinkConfig } from './memory/link-config.js';
export type { LinkConfig, LinkStats, ResolvedLinkConfig } from './memory/link-config.js';
export { ChunkQueue } from './chunk-queue.js';
export type { ChunkQueueHooks } from './chunk-queue.js';
export { impair } from './impair/impair.js';
export type { ImpairOptions, ImpairStats, Impairment, ImpairedTransport } from './impair/impair.js';
