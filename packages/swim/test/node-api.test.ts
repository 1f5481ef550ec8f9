import { describe, expect, it } from 'vitest';
import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import { MemoryMetrics, createSwimNode, encodeTags } from '../src/index.js';
import type { MemberEvent, SwimNode, SwimNodeConfig } from '../src/index.js';
import type { Transport } from '@ring/transport';

function setup(seed: number): {
  clock: VirtualClock;
  net: MemoryNetwork;
  make: (name: string, extra?: Partial<SwimNodeConfig>) => SwimNode;
} {
  const clock = new VirtualClock(0);
  const net = new MemoryNetwork({ clock, seed, defaultLink: { latencyMs: 1 } });
  let i = 0;
  const make = (name: string, extra: Partial<SwimNodeConfig> = {}): SwimNode =>
    createSwimNode({
      name,
      transport: net.createTransport(),
      clock,
      random: createSeededRandom(seed * 31 + i++),
      resolver: async () => [],
      ...extra,
    });
  return { clock, net, make };
}

async function settle<T>(clock: VirtualClock, p: Promise<T>, maxMs = 10_000): Promise<T> {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await clock.runUntilAsync(() => done, { maxMs });
  return p;
}

describe('SwimNode API (MemoryNetwork + VirtualClock)', () => {
  it('validates meta size at creation and in updateMeta (seed 51)', async () => {
    const { make, clock } = setup(51);
    expect(() => make('a', { meta: new Uint8Array(513) })).toThrow(
      expect.objectContaining({ code: 'ERR_META_TOO_LARGE' }) as Error,
    );
    const a = make('a', { meta: new Uint8Array(512) });
    await a.start();
    await expect(a.updateMeta(new Uint8Array(600))).rejects.toMatchObject({
      code: 'ERR_META_TOO_LARGE',
    });
    expect(a.localMember.meta.length).toBe(512);
    await settle(clock, a.shutdown());
  });

  it('is empty and refuses member APIs before start; rejects bad options (seed 52)', () => {
    const { make } = setup(52);
    const a = make('a');
    expect(a.members()).toEqual([]);
    expect(a.numMembers()).toBe(0);
    expect(() => a.localMember).toThrow(
      expect.objectContaining({ code: 'ERR_NOT_STARTED' }) as Error,
    );
    expect(() => make('b', { options: { probeIntervalMs: -1 } })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
    expect(() => make('')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
  });

  it('fails join with ERR_JOIN_FAILED when no seed answers (seed 53)', async () => {
    const { make, clock } = setup(53);
    const a = make('a');
    await a.start();
    await expect(settle(clock, a.join(['10.9.9.9:7946']), 30_000)).rejects.toMatchObject({
      code: 'ERR_JOIN_FAILED',
    });
    await expect(a.join(['not an address:x'])).rejects.toMatchObject({
      code: 'ERR_INVALID_ADDRESS',
    });
    await settle(clock, a.shutdown());
  });

  it('joins through a DNS name via the injected resolver and exchanges delegate state (seed 54)', async () => {
    const { make, clock } = setup(54);
    const merged: string[] = [];
    const a = make('a', {
      delegate: {
        localState: (join) => new TextEncoder().encode(`a:${join}`),
        mergeRemoteState: (b, join) => merged.push(`a<-${new TextDecoder().decode(b)}:${join}`),
      },
    });
    await a.start();
    const b = make('b', {
      resolver: async (host) => (host === 'seeds.test' ? [a.address.split(':')[0]!] : []),
      delegate: {
        localState: () => new TextEncoder().encode('b'),
        mergeRemoteState: (buf, join) => merged.push(`b<-${new TextDecoder().decode(buf)}:${join}`),
      },
    });
    await b.start();
    expect(await settle(clock, b.join(['seeds.test:7946']))).toBe(1);
    expect(merged.sort()).toEqual(['a<-b:true', 'b<-a:true:true']);
    expect(b.member('a')?.state).toBe('alive');
    await settle(clock, a.shutdown());
    await settle(clock, b.shutdown());
  });

  it('events(): snapshot first, then changes; handlers may call the node (seed 55)', async () => {
    const { make, clock } = setup(55);
    const a = make('a', { meta: encodeTags({ r: '1' }) });
    const b = make('b');
    const c = make('c');
    for (const n of [a, b, c]) await n.start();
    await settle(clock, b.join([a.address]));
    await clock.runUntilAsync(() => a.numMembers() === 2, { maxMs: 10_000 });
    const ac = new AbortController();
    const seen: MemberEvent[] = [];
    const reader = (async () => {
      for await (const ev of a.events({ signal: ac.signal })) seen.push(ev);
    })();
    const fromHandler: number[] = [];
    a.on('join', (m) => {
      // Re-entrant use from a handler is safe: state is already committed.
      fromHandler.push(a.numMembers());
      if (m.name === 'c') void a.updateMeta(encodeTags({ r: '2' }));
    });
    await settle(clock, c.join([a.address]));
    await clock.runUntilAsync(() => seen.length >= 4, { maxMs: 10_000 });
    ac.abort();
    await clock.advanceAsync(1);
    await reader;
    expect(
      seen
        .slice(0, 2)
        .map((e) => `${e.type}:${e.member.name}`)
        .sort(),
    ).toEqual(['join:a', 'join:b']);
    expect(seen.slice(2, 4).map((e) => `${e.type}:${e.member.name}`)).toEqual([
      'join:c',
      'update:a',
    ]);
    expect(fromHandler).toEqual([3]);
    for (const n of [a, b, c]) await settle(clock, n.shutdown());
  });

  it('reports probes, acks and packets through the injected Metrics (seed 56)', async () => {
    const { make, clock } = setup(56);
    const metrics = new MemoryMetrics();
    const a = make('a', { metrics });
    const b = make('b');
    await a.start();
    await b.start();
    await settle(clock, b.join([a.address]));
    await clock.advanceAsync(10_000);
    expect(metrics.counter('ring_swim_probes_total')).toBeGreaterThanOrEqual(8);
    expect(metrics.counter('ring_swim_acks_total')).toBe(metrics.counter('ring_swim_probes_total'));
    expect(metrics.counter('ring_swim_packets_out_total', { type: 'ping' })).toBeGreaterThanOrEqual(
      8,
    );
    expect(metrics.counter('ring_swim_packets_in_total', { type: 'ack' })).toBeGreaterThanOrEqual(
      8,
    );
    expect(metrics.gauges.get('ring_swim_members')).toBe(2);
    expect(a.healthScore).toBe(0);
    await settle(clock, a.shutdown());
    await settle(clock, b.shutdown());
  });

  it('refutes a suspicion about itself by raising its incarnation (seed 57)', async () => {
    const { make, clock, net } = setup(57);
    const a = make('a');
    const b = make('b');
    const c = make('c');
    for (const n of [a, b, c]) await n.start();
    await settle(clock, b.join([a.address]));
    await settle(clock, c.join([a.address]));
    await clock.runUntilAsync(() => [a, b, c].every((n) => n.numMembers() === 3), {
      maxMs: 10_000,
    });
    const before = c.localMember.incarnation;
    // c's outbound traffic is cut: a and b suspect it; the suspicion reaches c (the buddy system
    // puts it on the ping), and c refutes.
    net.partition(c.address, [a.address, b.address], { oneWay: true });
    await clock.runUntilAsync(() => c.localMember.incarnation > before, { maxMs: 20_000 });
    expect(c.localMember.incarnation).toBeGreaterThan(before);
    net.heal();
    await clock.advanceAsync(5_000);
    expect(a.member('c')?.state).toBe('alive');
    for (const n of [a, b, c]) await settle(clock, n.shutdown());
  });
  it('start() after a failed bind can be retried; concurrent starts share one (seed 58)', async () => {
    const { net, make, clock } = setup(58);
    const inner = net.createTransport();
    let failures = 1;
    const flaky: Transport = {
      maxPacketSize: inner.maxPacketSize,
      get state() {
        return inner.state;
      },
      clock: inner.clock,
      start: (handlers) =>
        failures-- > 0 ? Promise.reject(new Error('bind failed')) : inner.start(handlers),
      localAddress: () => inner.localAddress(),
      sendPacket: (to, data) => inner.sendPacket(to, data),
      dial: (to, options) => inner.dial(to, options),
      close: () => inner.close(),
    };
    const a = make('a', { transport: flaky });
    await expect(a.start()).rejects.toThrow('bind failed');
    expect(a.state).toBe('idle');
    const first = a.start();
    const second = a.start();
    expect(a.state).toBe('starting');
    await Promise.all([first, second]);
    expect(a.state).toBe('running');
    expect(a.numMembers()).toBe(1);
    await settle(clock, a.shutdown());
  });

  it('shutdown() while starting leaves the node shut down with no timers (seed 59)', async () => {
    const { make, clock } = setup(59);
    const a = make('a');
    const starting = a.start();
    await a.shutdown();
    await expect(starting).rejects.toMatchObject({ code: 'ERR_SHUTDOWN' });
    expect(a.state).toBe('shutdown');
    expect(clock.pending).toBe(0);
    await expect(a.start()).rejects.toMatchObject({ code: 'ERR_SHUTDOWN' });
  });

  it("shutdown() cancels every timer, including a probe's pending indirect round (seed 60)", async () => {
    const { make, clock } = setup(60);
    const metrics = new MemoryMetrics();
    const a = make('a', { metrics });
    const b = make('b');
    await a.start();
    await b.start();
    await settle(clock, b.join([a.address]));
    // Stop right after a's first probe was acked, inside its probe timeout.
    await clock.runUntilAsync(() => metrics.counter('ring_swim_acks_total') > 0, { maxMs: 10_000 });
    await a.shutdown();
    await b.shutdown();
    clock.advance(10); // deliver packets still in flight (1 ms links)
    expect(clock.pending).toBe(0);
  });
  it('counts one inbound push/pull on each side of a join (seed 61)', async () => {
    const { make, clock } = setup(61);
    const ma = new MemoryMetrics();
    const mb = new MemoryMetrics();
    const a = make('a', { metrics: ma });
    const b = make('b', { metrics: mb });
    await a.start();
    await b.start();
    await settle(clock, b.join([a.address]));
    await clock.advanceAsync(100);
    expect(ma.counter('ring_swim_packets_in_total', { type: 'push_pull' })).toBe(1);
    expect(mb.counter('ring_swim_packets_in_total', { type: 'push_pull' })).toBe(1);
    expect(ma.counter('ring_swim_packets_out_total', { type: 'push_pull' })).toBe(1);
    expect(mb.counter('ring_swim_packets_out_total', { type: 'push_pull' })).toBe(1);
    await settle(clock, a.shutdown());
    await settle(clock, b.shutdown());
  });
  it('events() iterated later still sees a member that joined in between (seed 62)', async () => {
    const { make, clock } = setup(62);
    const a = make('a');
    const b = make('b');
    await a.start();
    await b.start();
    const ac = new AbortController();
    const iter = a.events({ signal: ac.signal });
    await settle(clock, b.join([a.address]));
    await clock.runUntilAsync(() => a.numMembers() === 2, { maxMs: 10_000 });
    const got: string[] = [];
    const reading = (async () => {
      for (let i = 0; i < 2; i++) {
        const r = await iter.next();
        if (r.done === true) return;
        got.push(`${r.value.type}:${r.value.member.name}`);
      }
    })();
    await clock.advanceAsync(1); // buffered events are yielded without waiting for anything
    ac.abort();
    await reading;
    expect(got.sort()).toEqual(['join:a', 'join:b']);
    await settle(clock, a.shutdown());
    await settle(clock, b.shutdown());
  });
  it('leave() after shutdown fails with ERR_SHUTDOWN, before start with ERR_NOT_STARTED (seed 63)', async () => {
    const { make } = setup(63);
    const a = make('a');
    await expect(a.leave(100)).rejects.toMatchObject({ code: 'ERR_NOT_STARTED' });
    await a.start();
    await a.shutdown();
    await expect(a.leave(100)).rejects.toMatchObject({ code: 'ERR_SHUTDOWN' });
  });
  it('updateMeta() after leave() fails with ERR_LEFT and does not bring the node back (seed 64)', async () => {
    const { make, clock } = setup(64);
    const a = make('a');
    const b = make('b');
    await a.start();
    await b.start();
    await settle(clock, b.join([a.address]));
    await clock.runUntilAsync(() => a.numMembers() === 2, { maxMs: 10_000 });
    await settle(clock, a.leave(5_000));
    await expect(a.updateMeta(Uint8Array.of(1))).rejects.toMatchObject({ code: 'ERR_LEFT' });
    await clock.advanceAsync(5_000);
    expect(b.member('a')?.state).toBe('left');
    await settle(clock, a.shutdown());
    await settle(clock, b.shutdown());
  });
  it('start() with a transport advertising a host name fails with ERR_INVALID_ADDRESS and stays idle (seed 65)', async () => {
    const { net, make, clock } = setup(65);
    const inner = net.createTransport();
    const named: Transport = {
      maxPacketSize: inner.maxPacketSize,
      get state() {
        return inner.state;
      },
      clock: inner.clock,
      start: (handlers) => inner.start(handlers),
      localAddress: () => 'node-a.example:7946',
      sendPacket: (to, data) => inner.sendPacket(to, data),
      dial: (to, options) => inner.dial(to, options),
      close: () => inner.close(),
    };
    const a = make('a', { transport: named });
    await expect(a.start()).rejects.toMatchObject({ code: 'ERR_INVALID_ADDRESS' });
    expect(a.state).toBe('idle');
    await settle(clock, a.shutdown());
    expect(a.state).toBe('shutdown');
  });
});
