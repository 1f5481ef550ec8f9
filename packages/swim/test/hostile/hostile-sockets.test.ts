/**
 * Issue 19 on real sockets (127.0.0.1, port 0), where the kernel matters: a decompression-bomb
 * flood over UDP, and a TCP flood of connections holding unfinished large push/pulls, while a
 * real member joins. Correctness only (refusals counted, cluster healthy); the latency figures
 * are measured by the swim bench (docs/BENCHMARKS.md).
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createUdpTransport } from '@ring/transport/node';
import { MemoryMetrics, createSwimNode } from '../../src/index.js';
import type { SwimNode, SwimOptions } from '../../src/index.js';
import {
  MessageType,
  compressMessage,
  encodeCompound,
  encodeStreamMessage,
} from '../../src/wire/index.js';
import { until } from '../helpers/until.js';

const FAST = {
  probeIntervalMs: 200,
  probeTimeoutMs: 100,
  gossipIntervalMs: 50,
  pushPullIntervalMs: 2_000,
  suspicionMult: 2,
  // The local preset's 1 s would make the join under a flood depend on machine load.
  tcpTimeoutMs: 10_000,
};

async function cluster(n: number, options: SwimOptions = {}) {
  const nodes: SwimNode[] = [];
  const metrics: MemoryMetrics[] = [];
  for (let i = 0; i < n; i++) {
    const m = new MemoryMetrics();
    const node = createSwimNode({
      name: `hostile-${i}`,
      transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 }),
      preset: 'local',
      options: { ...FAST, ...options },
      metrics: m,
    });
    await node.start();
    nodes.push(node);
    metrics.push(m);
  }
  for (const node of nodes.slice(1)) await node.join([nodes[0]!.address]);
  const healthy = (): boolean =>
    nodes.every((a) =>
      nodes.every((b) => a.members().some((m) => m.name === b.name && m.state === 'alive')),
    );
  await until(healthy, 10_000);
  return { nodes, metrics, healthy };
}

function portOf(address: string): number {
  return Number(address.slice(address.lastIndexOf(':') + 1));
}

describe('hostile input on real sockets (127.0.0.1)', () => {
  it('a UDP decompression-bomb flood is refused part by part and the cluster stays healthy', async () => {
    const { nodes, metrics, healthy } = await cluster(3);
    const udp = createSocket('udp4');
    try {
      const part = compressMessage(new Uint8Array(1_047_000).fill(MessageType.User));
      const parts = Math.floor(63_000 / (part.length + 2));
      const bomb = encodeCompound(Array.from({ length: parts }, () => part));
      const port = portOf(nodes[0]!.address);
      const refused = (): number =>
        metrics[0]!.counter('ring_swim_refusals_total', {
          transport: 'udp',
          reason: 'compress_in_compound',
        });
      // One bomb at a time (a burst would only overflow the socket's receive buffer).
      for (let k = 1; k <= 20; k++) {
        await new Promise<void>((resolve, reject) =>
          udp.send(bomb, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
        );
        await until(() => refused() >= k * parts, 5_000);
      }
      expect(refused() % parts).toBe(0);
      // Probes keep succeeding: nobody becomes suspect over the next few probe rounds.
      const probesBefore = metrics[0]!.counter('ring_swim_probes_total');
      await until(() => metrics[0]!.counter('ring_swim_probes_total') >= probesBefore + 5, 10_000);
      expect(healthy()).toBe(true);
      expect(nodes[0]!.healthScore).toBe(0);
    } finally {
      udp.close();
      for (const n of nodes) await n.shutdown();
    }
  }, 30_000);

  it('a TCP flood of connections holding unfinished large push/pulls stays within the budget; a member still joins', async () => {
    const budget = 8 * 1024 * 1024;
    const { nodes, metrics, healthy } = await cluster(2, {
      maxInboundStreams: 32,
      maxInboundStreamBytes: budget,
    });
    const sockets: Socket[] = [];
    const full = encodeStreamMessage({
      type: MessageType.PushPull,
      body: { join: false, nodes: [], userState: new Uint8Array(19 * 1024 * 1024) },
    });
    const head = full.subarray(0, 1024 * 1024);
    const port = portOf(nodes[0]!.address);
    let late: SwimNode | undefined;
    try {
      for (let k = 0; k < 200; k++) {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        s.write(head);
        sockets.push(s);
      }
      const refused = (reason: string): number =>
        metrics[0]!.counter('ring_swim_refusals_total', { transport: 'tcp', reason });
      await until(() => refused('stream_limit') + refused('stream_buffer_budget') >= 150, 15_000);
      // While the flood holds its connections, a real member joins (push/pull) and stays.
      late = createSwimNode({
        name: 'hostile-late',
        transport: createUdpTransport({ bindAddress: '127.0.0.1', bindPort: 0 }),
        preset: 'local',
        options: FAST,
      });
      await late.start();
      expect(await late.join([nodes[0]!.address])).toBe(1);
      await until(() => nodes[0]!.member('hostile-late')?.state === 'alive', 10_000);
      expect(metrics[0]!.gauges.get('ring_swim_inbound_stream_bytes') ?? 0).toBeLessThanOrEqual(
        budget,
      );
      expect(healthy()).toBe(true);
    } finally {
      for (const s of sockets) s.destroy();
      await late?.shutdown();
      for (const n of nodes) await n.shutdown();
    }
  }, 40_000);
});
