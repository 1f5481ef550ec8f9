// Starting one Go peer: build (once), spawn, wait for `ready` and the join.
import { spawn } from 'node:child_process';
import { ensureGoPeerBuilt } from './build.js';
import { GoPeerError } from './errors.js';
import type { GoPeerEvent } from './events.js';
import { GoPeer } from './go-peer.js';
import { peerArgs, type GoPeerOptions } from './options.js';

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
