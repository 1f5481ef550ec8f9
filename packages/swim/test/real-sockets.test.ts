import { describe, expect, it } from 'vitest';
import { createUdpTransport } from '@ring/transport/node';
import { createBroadcastChannel, createSwimNode, decodeTags, encodeTags } from '../src/index.js';
import type { SwimNode } from '../src/index.js';
import { until } from './helpers/until.js';

const FAST = {
  probeIntervalMs: 200,
  probeTimeoutMs: 100,
  gossipIntervalMs: 50,
  pushPullIntervalMs: 2_000,
  suspicionMult: 2,
  retransmitMult: 4,
};

describe('real sockets on 127.0.0.1, port 0', () => {
  it('5 nodes join, exchange tags, messages and broadcasts, detect a crash and a leave', async () => {
    const nodes: SwimNode[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        const node = createSwimNode({
          name: `real-${i}`,
          transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 }),
          preset: 'local',
          options: FAST,
          meta: encodeTags({ idx: String(i) }),
        });
        await node.start();
        nodes.push(node);
      }
      const seed = nodes[0]!.address;
      expect(seed).toMatch(/^127\.0\.0\.1:\d+$/);
      for (const n of nodes.slice(1)) expect(await n.join([seed])).toBe(1);
      await until(() => nodes.every((n) => n.numMembers() === 5), 10_000);
      expect(decodeTags(nodes[4]!.member('real-2')!.meta)).toEqual({ idx: '2' });

      const got: string[] = [];
      nodes[1]!.on('message', (m) => got.push(`${m.from}:${new TextDecoder().decode(m.payload)}`));
      await nodes[3]!.sendBestEffort('real-1', new TextEncoder().encode('udp'));
      await nodes[3]!.sendReliable('real-1', new TextEncoder().encode('tcp'));
      await until(() => got.length === 2, 5_000);
      // memberlist carries no sender: a packet's source address maps to the member, a stream's
      // ephemeral source port does not.
      expect(got).toContain('real-3:udp');
      expect(got.some((g) => /^127\.0\.0\.1:\d+:tcp$/.test(g))).toBe(true);

      const channels = nodes.map((n) => createBroadcastChannel(n));
      const heard = new Set<number>();
      channels.forEach((c, i) => c.on('message', (p) => p[0] === 42 && heard.add(i)));
      void channels[0]!.broadcast(Uint8Array.of(42));
      await until(() => heard.size === 4, 5_000);
      expect(heard.has(0)).toBe(false);

      // Crash node 4 (shutdown without leave): the others declare it dead.
      await nodes[4]!.shutdown();
      await until(
        () => nodes.slice(0, 4).every((n) => n.member('real-4')?.state === 'dead'),
        15_000,
      );
      // Node 3 leaves gracefully.
      await nodes[3]!.leave(2_000);
      await until(
        () => nodes.slice(0, 3).every((n) => n.member('real-3')?.state === 'left'),
        5_000,
      );
    } finally {
      for (const n of nodes) await n.shutdown();
    }
  }, 30_000);
});
