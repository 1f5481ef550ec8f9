import { MemoryNetwork, VirtualClock } from '@ring/transport';
import type { Stream } from '@ring/transport';
import { describe, expect, it } from 'vitest';
import { countingTransport } from './counting-transport.js';
import { PrometheusRegistry } from './prometheus-registry.js';

describe('countingTransport', () => {
  it('counts packets, streams and their bytes in both directions and delivers everything unchanged', async () => {
    const clock = new VirtualClock(0);
    const net = new MemoryNetwork({ clock, seed: 1 });
    const regA = new PrometheusRegistry();
    const regB = new PrometheusRegistry();
    const a = countingTransport(net.createTransport({ address: '10.0.0.1:7946' }), regA);
    const b = countingTransport(net.createTransport({ address: '10.0.0.2:7946' }), regB);
    const packets: Uint8Array[] = [];
    const streams: Stream[] = [];
    await a.start({ onPacket: () => undefined, onStream: () => undefined });
    await b.start({ onPacket: (p) => packets.push(p.data), onStream: (s) => streams.push(s) });

    await a.sendPacket('10.0.0.2:7946', new Uint8Array([1, 2, 3]));
    const dialled = a.dial('10.0.0.2:7946');
    await clock.runUntilSettled(dialled, { maxMs: 1_000 });
    const out = await dialled;
    const written = out.write(new Uint8Array(10));
    await clock.runUntilSettled(written, { maxMs: 1_000 });
    const ended = out.end();
    await clock.runUntilSettled(ended, { maxMs: 1_000 });
    await clock.runUntilSettled(
      (async () => {
        while (streams.length === 0) await Promise.resolve();
      })(),
      { maxMs: 1_000 },
    );
    let read = 0;
    const drained = (async () => {
      for await (const chunk of streams[0]!) read += chunk.length;
    })();
    await clock.runUntilSettled(drained, { maxMs: 1_000 });

    expect(packets.map((p) => [...p])).toEqual([[1, 2, 3]]);
    expect(read).toBe(10);
    const textA = regA.render();
    const textB = regB.render();
    expect(textA).toContain('ring_node_transport_packets_total{direction="out"} 1');
    expect(textA).toContain('ring_node_transport_bytes_total{channel="packet",direction="out"} 3');
    expect(textA).toContain('ring_node_transport_streams_total{direction="out"} 1');
    expect(textA).toContain('ring_node_transport_bytes_total{channel="stream",direction="out"} 10');
    expect(textB).toContain('ring_node_transport_bytes_total{channel="packet",direction="in"} 3');
    expect(textB).toContain('ring_node_transport_streams_total{direction="in"} 1');
    expect(textB).toContain('ring_node_transport_bytes_total{channel="stream",direction="in"} 10');
    await a.close();
    await b.close();
  });
});
