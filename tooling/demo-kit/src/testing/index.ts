/**
 * `@ring/demo-kit/testing`: run demo programs as real processes from tests.
 *
 * @packageDocumentation
 */
export { DemoProcess, killAllDemoProcesses, processExists } from './demo-process.js';
export type { DemoExit, DemoLine, LineMatcher } from './demo-process.js';
