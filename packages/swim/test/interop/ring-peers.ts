/**
 * The set-up both Go interop suites share: the Go peer is built before any test (a cold build
 * takes about 45 s; without Go it rejects with GO_TOOLCHAIN_MISSING and every test fails loudly),
 * Ring nodes run on loopback with the Go peers' fast timing, and every node of either side is
 * stopped after each test.
 */
import { afterEach, beforeAll } from 'vitest';
import { createUdpTransport } from '@ring/transport/node';
import { GO_PEER_FAST_TIMING as fast, ensureGoPeerBuilt, stopAllGoPeers } from '@ring/go-peer';
import { createSwimNode, encodeTags } from '../../src/index.js';
import type { SwimNode, SwimOptions } from '../../src/index.js';
import type { Keyring } from '../../src/wire/index.js';

/** Ring options matching go-peer's fast timing. */
export const RING_FAST: SwimOptions = {
  probeIntervalMs: fast.probeIntervalMs,
  probeTimeoutMs: fast.probeTimeoutMs,
  gossipIntervalMs: fast.gossipIntervalMs,
  pushPullIntervalMs: fast.pushPullIntervalMs,
  suspicionMult: fast.suspicionMult,
  retransmitMult: fast.retransmitMult,
  tcpTimeoutMs: fast.tcpTimeoutMs,
};

/** What a Ring node of an interop test may add to the defaults. */
export interface RingPeerExtra {
  readonly tags?: Record<string, string>;
  readonly keyring?: Keyring;
  readonly compression?: boolean;
}

/**
 * Register the suite's hooks (build the Go peer first; stop every node after each test).
 *
 * @returns `ring(name, extra)`, which starts a Ring node on 127.0.0.1 (port 0) that the hooks stop.
 */
export function useInteropCluster(): {
  readonly ring: (name: string, extra?: RingPeerExtra) => Promise<SwimNode>;
} {
  const ringNodes: SwimNode[] = [];
  beforeAll(async () => {
    await ensureGoPeerBuilt();
  }, 180_000);
  afterEach(async () => {
    await stopAllGoPeers();
    for (const n of ringNodes.splice(0)) await n.shutdown();
  });
  return {
    ring: async (name, extra = {}) => {
      const node = createSwimNode({
        name,
        transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 }),
        preset: 'local',
        options: RING_FAST,
        ...(extra.tags === undefined ? {} : { meta: encodeTags(extra.tags) }),
        ...(extra.keyring === undefined ? {} : { keyring: extra.keyring }),
        ...(extra.compression === undefined ? {} : { compression: extra.compression }),
      });
      ringNodes.push(node);
      await node.start();
      return node;
    },
  };
}
