import { describe, expect, it } from 'vitest';
import { isRingError } from '../errors.js';
import { MemoryNetwork } from '../memory/memory-network.js';
import { runTransportConformance } from '../testing/conformance.js';
import { createSeededRandom, VirtualClock } from '@ring/base';
import type { Packet, Stream, Transport } from '../transport.js';
import { impair } from './impair.js';
import type { ImpairOptions, ImpairedTransport } from './impair.js';

const T0 = 1_000;

async function pair(
  options: ImpairOptions,
  seed = 1,
): Promise<{
  clock: VirtualClock;
  a: ImpairedTransport;
  b: Transport;
  inbox: Packet[];
  streams: Stream[];
}> {
  const clock = new VirtualClock(T0);
  const net = new MemoryNetwork({ clock, seed });
  const a = impair(net.createTransport(), options);
  const b = net.createTransport();
  const inbox: Packet[] = [];
  const streams: Stream[] = [];
  await a.start({ onPacket: () => undefined, onStream: (s) => s.close() });
  await b.start({ onPacket: (p) => inbox.push(p), onStream: (s) => streams.push(s) });
  return { clock, a, b, inbox, streams };
}

const id = (n: number): Uint8Array => Uint8Array.of(n & 255, (n >> 8) & 255);
const idOf = (p: Packet): number => p.data[0]! | (p.data[1]! << 8);

/** Attach to `promise` at once (no unhandled rejection while virtual time runs); await later. */
function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  );
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await outcome(promise);
  expect(isRingError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
}

describe('impair: delay and jitter (VirtualClock)', () => {
  it('delays every packet by delayMs and resolves with the time the caller sent it', async () => {
    const { clock, a, b, inbox } = await pair({ delayMs: 50, seed: 1 });
    expect(await a.sendPacket(b.localAddress(), id(1))).toBe(T0);
    clock.advance(49);
    expect(inbox).toHaveLength(0);
    expect(a.stats()).toMatchObject({ packets: 1, delayed: 1, inFlight: 1, dropped: 0 });
    clock.advance(1);
    expect(inbox.map((p) => [idOf(p), p.receivedAt, p.from])).toEqual([
      [1, T0 + 50, a.localAddress()],
    ]);
    expect(a.stats().inFlight).toBe(0);
  });

  it('jitter spreads delays uniformly over delayMs ± jitterMs, same seed same arrivals (seed 7)', async () => {
    const arrivals = async (seed: number): Promise<number[]> => {
      const { clock, a, b, inbox } = await pair({ delayMs: 50, jitterMs: 10, seed });
      for (let i = 0; i < 2_000; i++) await a.sendPacket(b.localAddress(), id(i));
      clock.advance(100);
      expect(inbox).toHaveLength(2_000);
      const byId = new Map(inbox.map((p) => [idOf(p), p.receivedAt - T0]));
      return [...Array(2_000).keys()].map((i) => byId.get(i)!);
    };
    const delays = await arrivals(7);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(40);
    expect(Math.max(...delays)).toBeLessThanOrEqual(60);
    const mean = delays.reduce((s, d) => s + d, 0) / delays.length;
    expect(mean).toBeGreaterThan(49);
    expect(mean).toBeLessThan(51);
    // Both tails are populated (uniform, not a constant).
    expect(delays.filter((d) => d < 42).length).toBeGreaterThan(100);
    expect(delays.filter((d) => d > 58).length).toBeGreaterThan(100);
    expect(await arrivals(7)).toEqual(delays);
    expect(await arrivals(8)).not.toEqual(delays);
  });

  it('jitter larger than the delay never gives a negative delay (seed 3)', async () => {
    const { clock, a, b, inbox } = await pair({ delayMs: 5, jitterMs: 20, seed: 3 });
    for (let i = 0; i < 500; i++) await a.sendPacket(b.localAddress(), id(i));
    clock.advance(0);
    const immediate = inbox.length;
    expect(immediate).toBeGreaterThan(0); // clamped to 0 → sent at once
    clock.advance(25);
    expect(inbox).toHaveLength(500);
    expect(inbox.every((p) => p.receivedAt >= T0 && p.receivedAt <= T0 + 25)).toBe(true);
  });
});

describe('impair: loss', () => {
  it('drops about `loss` of the packets, counted in stats (seed 11)', async () => {
    const { clock, a, b, inbox } = await pair({ loss: 0.05, seed: 11 });
    for (let i = 0; i < 4_000; i++) await a.sendPacket(b.localAddress(), id(i));
    clock.advance(1);
    const { dropped, packets } = a.stats();
    expect(packets).toBe(4_000);
    expect(inbox).toHaveLength(4_000 - dropped);
    // 5 % of 4000 = 200, σ ≈ 13.8: ±5σ.
    expect(dropped).toBeGreaterThan(130);
    expect(dropped).toBeLessThan(270);
  });

  it('loss 1 drops everything, loss 0 nothing; reconfigure changes it from now on', async () => {
    const { clock, a, b, inbox } = await pair({ loss: 1, seed: 2 });
    for (let i = 0; i < 20; i++) await a.sendPacket(b.localAddress(), id(i));
    clock.advance(1);
    expect(inbox).toHaveLength(0);
    a.reconfigure({ loss: 0 });
    expect(a.impairment).toEqual({ delayMs: 0, jitterMs: 0, loss: 0 });
    for (let i = 0; i < 20; i++) await a.sendPacket(b.localAddress(), id(i));
    clock.advance(1);
    expect(inbox).toHaveLength(20);
    expect(a.stats()).toMatchObject({ packets: 40, dropped: 20 });
  });

  it('uses an injected Random over the seed', async () => {
    const draws: number[] = [];
    const base = createSeededRandom(5);
    const random = {
      next: () => {
        const v = base.next();
        draws.push(v);
        return v;
      },
      int: (n: number) => base.int(n),
    };
    const { a, b } = await pair({ loss: 0.5, random, seed: 99 });
    for (let i = 0; i < 10; i++) await a.sendPacket(b.localAddress(), id(i));
    expect(draws).toHaveLength(10);
    expect(a.stats().dropped).toBe(draws.filter((d) => d < 0.5).length);
  });
});

describe('impair: packet budget, lifecycle, errors', () => {
  it('maxPacketSize caps the inner budget and rejects larger packets with ERR_PACKET_TOO_LARGE', async () => {
    const { clock, a, b, inbox } = await pair({ maxPacketSize: 1252 });
    expect(a.inner.maxPacketSize).toBe(1400);
    expect(a.maxPacketSize).toBe(1252);
    await a.sendPacket(b.localAddress(), new Uint8Array(1252));
    await expectCode(a.sendPacket(b.localAddress(), new Uint8Array(1253)), 'ERR_PACKET_TOO_LARGE');
    clock.advance(1);
    expect(inbox.map((p) => p.data.length)).toEqual([1252]);
    a.reconfigure({ maxPacketSize: 9_000 });
    expect(a.maxPacketSize).toBe(1400); // never above the inner transport's own limit
  });

  it('rejects sends before start and after close; close drops packets still delayed', async () => {
    const clock = new VirtualClock(T0);
    const net = new MemoryNetwork({ clock, seed: 1 });
    const a = impair(net.createTransport(), { delayMs: 10 });
    const inbox: Packet[] = [];
    const b = net.createTransport();
    await b.start({ onPacket: (p) => inbox.push(p), onStream: (s) => s.close() });
    await expectCode(a.sendPacket(b.localAddress(), id(1)), 'ERR_NOT_STARTED');
    await a.start({ onPacket: () => undefined, onStream: (s) => s.close() });
    expect(a.state).toBe('started');
    await a.sendPacket(b.localAddress(), id(2));
    await a.close();
    expect(a.state).toBe('closed');
    clock.advance(20);
    expect(inbox).toHaveLength(0);
    expect(a.stats().inFlight).toBe(0);
    await expectCode(a.sendPacket(b.localAddress(), id(3)), 'ERR_CLOSED');
  });

  it('a delayed send that fails later is counted and reported to onSendError', async () => {
    const errors: string[] = [];
    const { clock, a } = await pair({
      delayMs: 5,
      onSendError: (e, to) => errors.push(`${to} ${isRingError(e) ? e.code : '?'}`),
    });
    await a.sendPacket('not an address', id(1));
    await clock.advanceAsync(10);
    expect(errors).toEqual(['not an address ERR_INVALID_ADDRESS']);
    expect(a.stats().sendErrors).toBe(1);
  });

  it.each([
    [{ delayMs: -1 }],
    [{ jitterMs: Number.NaN }],
    [{ loss: 1.5 }],
    [{ loss: -0.1 }],
    [{ maxPacketSize: 0 }],
    [{ maxPacketSize: 12.5 }],
  ])('rejects %o with ERR_INVALID_OPTION', (options) => {
    const net = new MemoryNetwork({ clock: new VirtualClock(0) });
    let error: unknown;
    try {
      impair(net.createTransport(), options);
    } catch (e) {
      error = e;
    }
    expect(isRingError(error, 'ERR_INVALID_OPTION')).toBe(true);
  });
});

describe('impair: stream setup', () => {
  it('delays dial by the drawn delay, then streams flow untouched', async () => {
    const { clock, a, b, streams } = await pair({ delayMs: 30, seed: 4 });
    let stream: Stream | undefined;
    void a.dial(b.localAddress()).then((s) => (stream = s));
    await clock.advanceAsync(29);
    expect(streams).toHaveLength(0);
    await clock.advanceAsync(2);
    expect(stream?.remoteAddress).toBe(b.localAddress());
    expect(streams).toHaveLength(1);
    expect(a.stats().dialsDelayed).toBe(1);
    stream!.close();
  });

  it('dial honours timeoutMs across the delay (ERR_TIMEOUT), abort (ERR_ABORTED) and close (ERR_CLOSED)', async () => {
    const { clock, a, b } = await pair({ delayMs: 30 });
    const timedOut = outcome(a.dial(b.localAddress(), { timeoutMs: 20 }));
    const controller = new AbortController();
    const aborted = a.dial(b.localAddress(), { signal: controller.signal });
    const closed = a.dial(b.localAddress());
    controller.abort();
    await expectCode(aborted, 'ERR_ABORTED');
    await clock.advanceAsync(20);
    const error = await timedOut;
    expect(isRingError(error, 'ERR_TIMEOUT')).toBe(true);
    expect(clock.now()).toBe(T0 + 20);
    await clock.advanceAsync(11);
    const late = a.dial(b.localAddress());
    await a.close();
    await expectCode(late, 'ERR_CLOSED');
    await expect(closed).resolves.toBeDefined();
  });
});

// With no faults the decorator must be a transparent Transport.
runTransportConformance('impair(MemoryNetwork) with no faults', () => {
  const net = new MemoryNetwork({ seed: 1 });
  net.isolate('10.255.0.1:7946');
  return {
    create: () => impair(net.createTransport(), { seed: 1 }),
    closedAddress: () => '10.254.0.1:7946',
    hangingAddress: () => '10.255.0.1:7946',
  };
});
