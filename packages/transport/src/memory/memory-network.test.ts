import { describe, expect, it } from 'vitest';
import type { Packet } from '../transport.js';
import { VirtualClock } from '@ring/base';
import { MemoryNetwork } from './memory-network.js';
import type { MemoryNetworkOptions } from './memory-options.js';
import type { MemoryTransport } from './memory-transport.js';

const noStreams = { onStream: (s: { close(): void }) => s.close() };

async function started(
  net: MemoryNetwork,
  n: number,
): Promise<{ nodes: MemoryTransport[]; inbox: Packet[][] }> {
  const nodes: MemoryTransport[] = [];
  const inbox: Packet[][] = [];
  for (let i = 0; i < n; i++) {
    const box: Packet[] = [];
    const t = net.createTransport();
    await t.start({ onPacket: (p) => box.push(p), ...noStreams });
    nodes.push(t);
    inbox.push(box);
  }
  return { nodes, inbox };
}

function setup(options: Omit<MemoryNetworkOptions, 'clock'> = {}): {
  clock: VirtualClock;
  net: MemoryNetwork;
} {
  const clock = new VirtualClock(1_000);
  return { clock, net: new MemoryNetwork({ clock, ...options }) };
}

const bytes = (n: number): Uint8Array => Uint8Array.of(n & 255, (n >> 8) & 255);
const idOf = (p: Packet): number => p.data[0]! | (p.data[1]! << 8);

describe('MemoryNetwork packets', () => {
  it('delivers after the configured latency with from and receivedAt on the clock', async () => {
    const { clock, net } = setup({ defaultLink: { latencyMs: 5 } });
    const { nodes, inbox } = await started(net, 2);
    const [a, b] = nodes as [MemoryTransport, MemoryTransport];
    expect(a.localAddress()).toBe('10.0.0.1:7946');
    expect(b.localAddress()).toBe('10.0.0.2:7946');
    const sentAt = await a.sendPacket(b.localAddress(), Uint8Array.of(1, 2, 3));
    expect(sentAt).toBe(1_000);
    clock.advance(4);
    expect(inbox[1]).toHaveLength(0);
    clock.advance(1);
    expect(inbox[1]).toEqual([
      { from: '10.0.0.1:7946', data: Uint8Array.of(1, 2, 3), receivedAt: 1_005 },
    ]);
    expect(net.stats(a.localAddress(), b.localAddress())).toEqual({
      sent: 1,
      delivered: 1,
      dropped: 0,
      duplicated: 0,
      reordered: 0,
    });
  });

  it('copies the payload at send time (the sender may reuse its buffer)', async () => {
    const { clock, net } = setup();
    const { nodes, inbox } = await started(net, 2);
    const buf = Uint8Array.of(7);
    await nodes[0]!.sendPacket(nodes[1]!.localAddress(), buf);
    buf[0] = 9;
    clock.advance(0);
    expect(inbox[1]![0]!.data).toEqual(Uint8Array.of(7));
  });

  it('seed 42: 30% loss over 10,000 packets drops 3000 ± 183 (4σ of Binomial(10000, 0.3))', async () => {
    const { clock, net } = setup({ seed: 42, defaultLink: { latencyMs: 1, loss: 0.3 } });
    const { nodes, inbox } = await started(net, 2);
    const to = nodes[1]!.localAddress();
    for (let i = 0; i < 10_000; i++) await nodes[0]!.sendPacket(to, bytes(i));
    clock.advance(10);
    const stats = net.stats(nodes[0]!.localAddress(), to);
    // σ = sqrt(n p (1 − p)) = sqrt(10000 · 0.3 · 0.7) ≈ 45.8; 4σ ≈ 183. A correct 30% loss falls
    // outside this band with probability < 1e-4; a 28% or 32% implementation almost always does.
    expect(stats.dropped).toBeGreaterThanOrEqual(3000 - 183);
    expect(stats.dropped).toBeLessThanOrEqual(3000 + 183);
    expect(stats.sent).toBe(10_000);
    expect(stats.delivered).toBe(10_000 - stats.dropped);
    expect(inbox[1]).toHaveLength(stats.delivered);
  });

  it('seed 5: 10% duplication over 10,000 packets adds 1000 ± 120 copies (4σ), each delivered', async () => {
    const { clock, net } = setup({ seed: 5, defaultLink: { latencyMs: 1, duplicate: 0.1 } });
    const { nodes, inbox } = await started(net, 2);
    const to = nodes[1]!.localAddress();
    for (let i = 0; i < 10_000; i++) await nodes[0]!.sendPacket(to, bytes(i));
    clock.advance(10);
    const stats = net.stats(nodes[0]!.localAddress(), to);
    expect(stats.duplicated).toBeGreaterThanOrEqual(1000 - 120);
    expect(stats.duplicated).toBeLessThanOrEqual(1000 + 120);
    expect(inbox[1]).toHaveLength(10_000 + stats.duplicated);
    const counts = new Map<number, number>();
    for (const p of inbox[1]!) counts.set(idOf(p), (counts.get(idOf(p)) ?? 0) + 1);
    expect(counts.size).toBe(10_000);
    expect([...counts.values()].filter((c) => c === 2)).toHaveLength(stats.duplicated);
  });

  it('seed 9: 20% reordering over 10,000 packets holds back 2000 ± 160 (4σ), and they arrive late', async () => {
    const { clock, net } = setup({
      seed: 9,
      defaultLink: { latencyMs: 1, reorder: 0.2, reorderDelayMs: 10 },
    });
    const { nodes, inbox } = await started(net, 2);
    const to = nodes[1]!.localAddress();
    for (let i = 0; i < 10_000; i++) {
      await nodes[0]!.sendPacket(to, bytes(i));
      clock.advance(1);
    }
    clock.advance(20);
    const stats = net.stats(nodes[0]!.localAddress(), to);
    expect(stats.reordered).toBeGreaterThanOrEqual(2000 - 160);
    expect(stats.reordered).toBeLessThanOrEqual(2000 + 160);
    expect(inbox[1]).toHaveLength(10_000);
    let maxSeen = -1;
    let late = 0;
    for (const p of inbox[1]!) {
      const id = idOf(p);
      if (id < maxSeen) late++;
      maxSeen = Math.max(maxSeen, id);
    }
    // Only held-back packets can arrive late; one is on time only if the 9 packets after it were
    // also held back (or it was among the last few sent), which is rare.
    expect(late).toBeLessThanOrEqual(stats.reordered);
    expect(late).toBeGreaterThanOrEqual(stats.reordered - 5);
  });

  it('seed 3: jitter spreads arrival times within [latency, latency + jitter)', async () => {
    const { clock, net } = setup({ seed: 3, defaultLink: { latencyMs: 10, jitterMs: 20 } });
    const { nodes, inbox } = await started(net, 2);
    for (let i = 0; i < 1000; i++) await nodes[0]!.sendPacket(nodes[1]!.localAddress(), bytes(i));
    clock.advance(30);
    const delays = inbox[1]!.map((p) => p.receivedAt - 1_000);
    expect(delays).toHaveLength(1000);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...delays)).toBeLessThan(30);
    const mean = delays.reduce((s, d) => s + d, 0) / delays.length;
    // Uniform on [10, 30): mean 20, σ of the mean = 20/sqrt(12)/sqrt(1000) ≈ 0.18; 4σ ≈ 0.73.
    expect(Math.abs(mean - 20)).toBeLessThan(0.73);
  });

  it('seed 77: the same seed gives the same trace, another seed a different one', async () => {
    const trace = async (seed: number): Promise<string> => {
      const { clock, net } = setup({
        seed,
        defaultLink: { latencyMs: 2, jitterMs: 5, loss: 0.2, duplicate: 0.1 },
      });
      const { nodes, inbox } = await started(net, 3);
      for (let i = 0; i < 200; i++)
        await nodes[i % 3]!.sendPacket(nodes[(i + 1) % 3]!.localAddress(), bytes(i));
      clock.advance(20);
      return inbox
        .map((box) => box.map((p) => `${idOf(p)}@${p.receivedAt.toFixed(3)}`).join(','))
        .join('|');
    };
    expect(await trace(77)).toBe(await trace(77));
    expect(await trace(77)).not.toBe(await trace(78));
  });

  it('partition blocks exactly the named links, both ways', async () => {
    const { clock, net } = setup();
    const { nodes, inbox } = await started(net, 3);
    const [a, b, c] = nodes.map((t) => t.localAddress()) as [string, string, string];
    net.partition(a, b);
    const send = async (): Promise<number[]> => {
      for (const box of inbox) box.length = 0;
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 3; j++)
          if (i !== j) await nodes[i]!.sendPacket(nodes[j]!.localAddress(), bytes(i * 3 + j));
      clock.advance(1);
      return inbox.flatMap((box) => box.map(idOf)).sort((x, y) => x - y);
    };
    // link id = from * 3 + to: a→b = 1, b→a = 3 blocked; a→c = 2, b→c = 5, c→a = 6, c→b = 7 pass.
    expect(await send()).toEqual([2, 5, 6, 7]);
    expect(net.isBlocked(a, b) && net.isBlocked(b, a)).toBe(true);
    expect(net.isBlocked(a, c) || net.isBlocked(c, b)).toBe(false);
    expect(net.stats(a, b).dropped).toBe(1);
    net.heal();
    expect(await send()).toEqual([1, 2, 3, 5, 6, 7]);
    net.partition(a, b, { oneWay: true });
    expect(await send()).toEqual([2, 3, 5, 6, 7]);
    net.unpartition(a, b, { oneWay: true });
    net.partition([a], [b, c]);
    expect(await send()).toEqual([5, 7]);
    net.heal();
    net.isolate(c);
    expect(await send()).toEqual([1, 3]);
    net.heal();
    expect(await send()).toEqual([1, 2, 3, 5, 6, 7]);
  });

  it('drops packets that are in flight when a partition starts', async () => {
    const { clock, net } = setup({ defaultLink: { latencyMs: 10 } });
    const { nodes, inbox } = await started(net, 2);
    await nodes[0]!.sendPacket(nodes[1]!.localAddress(), bytes(1));
    clock.advance(5);
    net.partition(nodes[0]!.localAddress(), nodes[1]!.localAddress());
    clock.advance(10);
    expect(inbox[1]).toHaveLength(0);
    expect(net.stats(nodes[0]!.localAddress(), nodes[1]!.localAddress()).dropped).toBe(1);
  });

  it('setLink overrides one direction only, inheriting unset fields from the default', async () => {
    const { clock, net } = setup({ defaultLink: { latencyMs: 3 } });
    const { nodes, inbox } = await started(net, 2);
    const [a, b] = nodes.map((t) => t.localAddress()) as [string, string];
    net.setLink(a, b, { loss: 1 });
    await nodes[0]!.sendPacket(b, bytes(1));
    await nodes[1]!.sendPacket(a, bytes(2));
    clock.advance(3);
    expect(inbox[1]).toHaveLength(0);
    expect(inbox[0]!.map((p) => p.receivedAt)).toEqual([1_003]);
    expect(() => net.setLink(a, b, { loss: 1.5 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    expect(() => net.setLink(a, b, { latencyMs: -1 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
  });

  it('drops packets to addresses without a started transport and counts them', async () => {
    const { clock, net } = setup();
    const { nodes } = await started(net, 1);
    await nodes[0]!.sendPacket('10.9.9.9:7946', bytes(1));
    clock.advance(1);
    expect(net.stats(nodes[0]!.localAddress(), '10.9.9.9:7946')).toMatchObject({
      sent: 1,
      dropped: 1,
      delivered: 0,
    });
    expect(net.totals()).toMatchObject({ sent: 1, dropped: 1 });
  });

  it('kill stops a node: packets to it are dropped, its address can be bound again', async () => {
    const { clock, net } = setup();
    const { nodes, inbox } = await started(net, 2);
    const b = nodes[1]!.localAddress();
    expect(net.kill(b)).toBe(true);
    expect(net.kill(b)).toBe(false);
    expect(nodes[1]!.state).toBe('closed');
    await nodes[0]!.sendPacket(b, bytes(1));
    clock.advance(1);
    expect(inbox[1]).toHaveLength(0);
    const again = net.createTransport({ address: b });
    const box: Packet[] = [];
    await again.start({ onPacket: (p) => box.push(p), ...noStreams });
    await nodes[0]!.sendPacket(b, bytes(2));
    clock.advance(1);
    expect(box.map(idOf)).toEqual([2]);
    expect(net.addresses()).toEqual([nodes[0]!.localAddress(), b]);
  });

  it('refuses a second transport on a bound address and resolves only known host names', async () => {
    const { net } = setup();
    const a = net.createTransport({ address: 'node-a:7946' });
    await a.start({ onPacket: () => undefined, ...noStreams });
    await expect(
      net
        .createTransport({ address: 'NODE-A:7946' })
        .start({ onPacket: () => undefined, ...noStreams }),
    ).rejects.toMatchObject({
      code: 'ERR_BIND',
    });
    await expect(a.sendPacket('node-a:1', bytes(1))).resolves.toBeTypeOf('number');
    await expect(a.sendPacket('node-b:7946', bytes(1))).rejects.toMatchObject({
      code: 'ERR_UNRESOLVABLE_ADDRESS',
    });
    expect(() => net.createTransport({ address: '10.0.0.1' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
    expect(() => net.createTransport({ address: '10.0.0.1:0' })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
    expect(() => net.createTransport({ maxPacketSize: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    expect(() => new MemoryNetwork({ streamHighWaterMark: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
  });

  it('a throwing packet handler does not break delivery to others', async () => {
    const { clock, net } = setup();
    const a = net.createTransport();
    const b = net.createTransport();
    const got: number[] = [];
    await a.start({ onPacket: () => undefined, ...noStreams });
    await b.start({
      onPacket: (p) => {
        got.push(idOf(p));
        throw new Error('handler bug');
      },
      ...noStreams,
    });
    await a.sendPacket(b.localAddress(), bytes(1));
    await a.sendPacket(b.localAddress(), bytes(2));
    clock.advance(0);
    expect(got).toEqual([1, 2]);
  });

  it('zero-latency replies sent from a handler are delivered on the next timer turn', async () => {
    const { clock, net } = setup();
    const a = net.createTransport();
    const b = net.createTransport();
    let pings = 0;
    await a.start({
      onPacket: (p) => {
        pings++;
        if (pings < 100) void a.sendPacket(p.from, p.data);
      },
      ...noStreams,
    });
    await b.start({ onPacket: (p) => void b.sendPacket(p.from, p.data), ...noStreams });
    await a.sendPacket(b.localAddress(), bytes(0));
    clock.advance(0);
    expect(pings).toBe(100);
    expect(net.pendingDeliveries).toBe(0);
  });

  it('perLinkStats: false keeps no per-link state for plain links but totals still count everything', async () => {
    const { clock, net } = setup({ perLinkStats: false, seed: 2, defaultLink: { loss: 0.5 } });
    const { nodes } = await started(net, 3);
    const [a, b, c] = nodes.map((t) => t.localAddress()) as [string, string, string];
    net.setLink(a, c, { loss: 0 });
    for (let i = 0; i < 100; i++) {
      await nodes[0]!.sendPacket(b, bytes(i));
      await nodes[0]!.sendPacket(c, bytes(i));
    }
    clock.advance(1);
    expect(net.stats(a, b)).toEqual({
      sent: 0,
      delivered: 0,
      dropped: 0,
      duplicated: 0,
      reordered: 0,
    });
    expect(net.stats(a, c)).toMatchObject({ sent: 100, delivered: 100, dropped: 0 });
    const totals = net.totals();
    expect(totals.sent).toBe(200);
    expect(totals.delivered + totals.dropped).toBe(200);
    expect(totals.dropped).toBeGreaterThan(0);
  });
});
