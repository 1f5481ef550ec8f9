/**
 * Test harness for the Go memberlist interop peer in `./go-peer` (hashicorp/memberlist 0.2.2 as
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
import { spawn } from 'node:child_process';
import { ensureGoPeerBuilt } from './harness/build.js';
import { GoPeerError } from './harness/errors.js';
import type { GoPeerEvent } from './harness/events.js';
import { GoPeer } from './harness/go-peer.js';
import { peerArgs, type GoPeerOptions } from './harness/options.js';

export {
  DEFAULT_GOPATH,
  checkGoToolchain,
  ensureGoPeerBuilt,
  prebuildGoPeer,
} from './harness/build.js';
export { GoPeerError, type GoPeerErrorCode } from './harness/errors.js';
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
} from './harness/events.js';
export { GoPeer, stopAllGoPeers } from './harness/go-peer.js';
export { GO_PEER_FAST_TIMING, type GoPeerOptions } from './harness/options.js';

/**
 * Builds (once) and starts a Go peer, resolving when it printed `ready` (and joined `join`, if given).
 *
 * @throws GoPeerError `GO_TOOLCHAIN_MISSING`/`ERR_GO_BUILD` (see {@link ensureGoPeerBuilt}); `ERR_PEER_START`
 *   when it exits, reports an error or misses the deadline before ready, or joins none of `join`.
 */
export async function startGoPeer(options: GoPeerOptions): Promise<GoPeer> {
  const binary = await ensureGoPeerBuilt();
  const inherit = options.inheritLogs ?? process.env.RING_GO_PEER_LOGS === '1';
  const child = spawn(binary, peerArgs(options), { stdio: ['pipe', 'pipe', 'pipe'] });
  const peer = new GoPeer(options.name, child, inherit);
  try {
    const ready = await peer.waitFor(
      (e): e is Extract<GoPeerEvent, { event: 'ready' }> => e.event === 'ready',
      options.readyTimeoutMs ?? 30_000,
    );
    const joinError = peer.events.find((e) => e.event === 'error');
    if (options.join && options.join.length > 0 && ready.joined === 0) {
      throw new GoPeerError(
        'ERR_PEER_START',
        `${options.name} joined none of ${options.join.join(', ')}: ${joinError?.event === 'error' ? joinError.error : '?'}`,
      );
    }
    peer.setReady(ready);
    return peer;
  } catch (cause) {
    await peer.stop();
    if (cause instanceof GoPeerError && cause.code === 'ERR_PEER_START') throw cause;
    throw new GoPeerError(
      'ERR_PEER_START',
      `Go peer ${options.name} did not start: ${(cause as Error).message}`,
      { cause },
    );
  }
}
