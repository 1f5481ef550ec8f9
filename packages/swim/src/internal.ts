/**
 * `@ring/swim/internal`: plumbing for Ring's own packages (`@ring/serf`, the broadcast channel,
 * simulators and benchmarks). No compatibility promise: names here change without notice.
 *
 * @packageDocumentation
 */
export { swimInternals } from './shell/node.js';
export type { SwimInternals } from './shell/node-internals.js';
export type { BroadcastSink } from './shell/node-env.js';
export { createLayers } from './config/layers.js';
export type { LayerConfig } from './config/layers.js';
