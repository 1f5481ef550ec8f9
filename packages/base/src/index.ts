/**
 * `@ring/base`: what every Ring package shares. A leaf package: no dependencies, no `node:`
 * imports, no I/O.
 *
 * - Errors: {@link RingError} (a stable `code` + optional `cause`), the base class of every error
 *   a Ring package throws, and {@link isRingError}.
 * - Time: the injected {@link Clock}, the wall clock {@link systemClock}, the deterministic
 *   {@link VirtualClock} for simulations, and {@link withTimeout}.
 * - Randomness: the injected {@link Random}, {@link createSeededRandom} (reproducible from a seed),
 *   {@link systemRandom}, {@link shuffleInPlace}.
 * - Events: {@link TypedEmitter} (the one listener mechanism) and {@link AsyncQueue} (the one
 *   `for await` view of a stream of events).
 * - Shared defaults such as {@link DEFAULT_MAX_PACKET_SIZE}.
 *
 * @example
 * ```ts
 * import { VirtualClock, createSeededRandom, TypedEmitter } from '@ring/base';
 *
 * const clock = new VirtualClock(0);
 * const random = createSeededRandom(42);
 * const events = new TypedEmitter<{ tick: (at: number) => void }>((error) => console.error(error));
 * events.on('tick', (at) => console.log('tick at', at));
 * clock.setTimeout(() => events.emit('tick', clock.now()), 100 + random.int(50));
 * clock.advance(200); // logs "tick at 111"
 * ```
 *
 * @packageDocumentation
 */
export { RingError, isRingError } from './errors/ring-error.js';
export type { RingErrorOptions } from './errors/ring-error.js';
export type { Clock, TimerHandle } from './time/clock.js';
export { systemClock } from './time/system-clock.js';
export { VirtualClock } from './time/virtual-clock.js';
export type { RunAllOptions, RunUntilOptions } from './time/virtual-clock.js';
export { withTimeout } from './time/with-timeout.js';
export type { WithTimeoutErrorCode, WithTimeoutOptions } from './time/with-timeout.js';
export { shuffleInPlace } from './random/random.js';
export type { Random } from './random/random.js';
export { createSeededRandom } from './random/seeded-random.js';
export type { SeededRandom } from './random/seeded-random.js';
export { systemRandom } from './random/system-random.js';
export { TypedEmitter } from './events/typed-emitter.js';
export type { EventMap } from './events/typed-emitter.js';
export { AsyncQueue } from './events/async-queue.js';
export { DEFAULT_MAX_PACKET_SIZE, DEFAULT_RUN_ALL_MAX_TIMERS } from './constants.js';
