/**
 * `@ring/transport/testing`: the transport conformance suite and small test helpers. Imports
 * `vitest`; use it from test files only.
 *
 * @example
 * ```ts
 * import { MemoryNetwork } from '@ring/transport';
 * import { runTransportConformance } from '@ring/transport/testing';
 *
 * runTransportConformance('memory', () => {
 *   const net = new MemoryNetwork();
 *   net.isolate('10.255.0.1:7946');
 *   return {
 *     create: () => net.createTransport(),
 *     closedAddress: () => '10.254.0.1:7946',
 *     hangingAddress: () => '10.255.0.1:7946',
 *   };
 * });
 * ```
 *
 * @packageDocumentation
 */
export { runTransportConformance } from './conformance.js';
export type { ConformanceFactory, ConformanceHarness } from './conformance.js';
export { Inbox, readAll } from './inbox.js';
