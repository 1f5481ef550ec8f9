/**
 * `@ring/demo-kit`: what the seed demos (`apps/event`, `apps/broadcast`, `apps/discovery`) share,
 * so each demo is only its own story:
 *
 * - {@link runProgram}: the process shell — flags ({@link parseFlags}; a bad one exits 2 with the
 *   usage line), `--help`, one-line errors (exit 1), SIGINT/SIGTERM as a graceful stop.
 * - {@link startSwimMember}: a `@ring/swim` member on real UDP+TCP sockets that binds and joins,
 *   saying which port is in use or which `--join` address did not answer.
 * - {@link launchCluster}: the `start:cluster` launcher — three processes on free loopback ports,
 *   each line prefixed with its node's name, all stopped on Ctrl-C.
 *
 * @example
 * ```ts
 * import { runProgram, startSwimMember, leaveAndShutdown } from '@ring/demo-kit';
 *
 * await runProgram({
 *   name: 'hello',
 *   summary: 'prints who joins',
 *   flags: { name: { kind: 'name', help: 'node name' } },
 *   async run(flags, { out, stopRequested }) {
 *     const node = await startSwimMember({
 *       name: flags.name ?? 'node1',
 *       bind: { host: '127.0.0.1', port: 0, text: '127.0.0.1:0' },
 *       join: [],
 *       attach: (n) => n.on('join', (m) => out(`join ${m.address}`)),
 *     });
 *     await stopRequested;
 *     await leaveAndShutdown(node);
 *   },
 * });
 * ```
 *
 * @packageDocumentation
 */
export { DemoError } from './process/demo-error.js';
export type { DemoErrorCode } from './process/demo-error.js';
export { parseFlags, usageLine, helpText } from './process/flags.js';
export type { FlagKind, FlagSpec, FlagSpecs, FlagValue, ParsedFlags } from './process/flags.js';
export { parseHostPort } from './process/host-port.js';
export type { HostPort } from './process/host-port.js';
export { parseDuration, formatDuration } from './process/duration.js';
export { runProgram, LAUNCHED_ENV } from './process/run-program.js';
export type { DemoProgram, ProgramContext } from './process/run-program.js';
export { startSwimMember, leaveAndShutdown } from './members/swim-member.js';
export type { SwimMemberOptions } from './members/swim-member.js';
export { LineSplitter, prefixLine } from './launch/line-splitter.js';
export { findFreePorts } from './launch/free-ports.js';
export { launchCluster } from './launch/launch-cluster.js';
export type { ClusterNode, LaunchClusterOptions } from './launch/launch-cluster.js';
export { nodeArgs, nodeCwd } from './launch/node-command.js';
export { MEMBER_FLAGS, memberSettings, refuseFlags } from './process/member-flags.js';
export type { MemberSettings } from './process/member-flags.js';
export { Timeline } from './members/timeline.js';
export { SimulatedCluster } from './members/simulated-cluster.js';
export type { SimulatedClusterOptions } from './members/simulated-cluster.js';
