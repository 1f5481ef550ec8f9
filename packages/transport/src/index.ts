/**
 * `@ring/transport`: the network and time a Ring node lives in.
 *
 * @packageDocumentation
 */
export type { Address, DialOptions, Packet, Stream, Transport, TransportHandlers, TransportState } from './transport.js';
export { DEFAULT_MAX_PACKET_SIZE } from './transport.js';
export type { Clock, TimerHandle } from './clock.js';
export type { Random } from './random.js';
export { shuffleInPlace } from './random.js';
export { RingError, TransportError, isRingError } from './errors.js';
export type { TransportErrorCode } from './errors.js';
