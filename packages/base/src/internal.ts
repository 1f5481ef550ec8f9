/**
 * `@ring/base/internal`: pieces for Ring's own packages (the in-memory network of
 * `@ring/transport` is built on them); no compatibility promise. Applications use `@ring/base`.
 *
 * @packageDocumentation
 */
export { TimerHeap } from './time/timer-heap.js';
export type { HeapEntry } from './time/timer-heap.js';
export { deliveryTimerClock, holdProcess } from './time/system-clock.js';
