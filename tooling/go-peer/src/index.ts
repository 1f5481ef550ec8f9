/**
 * Test harness for the Go memberlist interop peer in `../go` (hashicorp/memberlist 0.2.2 as
 * Debian ships it). It builds the peer once per source hash, spawns peers on 127.0.0.1, reads their
 * JSON events and sends them JSON commands. Real processes and real time: every wait has a deadline.
 *
 * @example
 * ```ts
 * beforeAll(prebuildGoPeer, 180_000);
 * afterEach(stopAllGoPeers);
 * const a = await startGoPeer({ name: 'a', ...GO_PEER_FAST_TIMING });
 * const b = await startGoPeer({ name: 'b', join: [a.address], ...GO_PEER_FAST_TIMING });
 * await a.waitFor(isJoinOf('b'));
 * ```
 *
 * @packageDocumentation
 */
export { DEFAULT_GOPATH, checkGoToolchain, ensureGoPeerBuilt, prebuildGoPeer } from './build.js';
export { GoPeerError, type GoPeerErrorCode } from './errors.js';
export {
  fromBase64,
  isJoinOf,
  isLeaveOf,
  isMessage,
  isUpdateOf,
  toBase64,
  type GoPeerCommand,
  type GoPeerEvent,
  type GoPeerExit,
  type GoPeerNode,
  type GoPeerState,
  type Matcher,
} from './events.js';
export { GoPeer, stopAllGoPeers } from './go-peer.js';
export { GO_PEER_FAST_TIMING, type GoPeerOptions } from './options.js';

export { startGoPeer } from './start.js';
