import { describe, expect, it } from 'vitest';
import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import { createSwimNode } from '../src/index.js';
import type { SwimNode, SwimOptions, UserMessage } from '../src/index.js';
import { swimInternals } from '../src/internal.js';

function setup(seed: number): {
  clock: VirtualClock;
  make: (name: string, options?: SwimOptions) => SwimNode;
} {
  const clock = new VirtualClock(0);
  const net = new MemoryNetwork({ clock, seed, defaultLink: { latencyMs: 1 } });
  let i = 0;
  const make = (name: string, options: SwimOptions = {}): SwimNode =>
    createSwimNode({
      name,
      transport: net.createTransport(),
      clock,
      random: createSeededRandom(seed * 17 + i++),
      resolver: async () => [],
      options,
    });
  return { clock, make };
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

// Serf advertises [2, 5, cur] as the delegate version window in alive and push/pull (memberlist
// Vsn[3..5]); a Go Serf agent refuses a push/pull from a node whose delegate window is [0, 0].
const SERF_LIKE: SwimOptions = {
  delegateProtocolMin: 2,
  delegateProtocolMax: 5,
  delegateProtocolVersion: 4,
};

describe('delegate protocol version range', () => {
  it('is carried in alive and push/pull and seen by peers (seed 61)', async () => {
    const { clock, make } = setup(61);
    const a = make('a', SERF_LIKE);
    const b = make('b', { ...SERF_LIKE, delegateProtocolVersion: 5 });
    await a.start();
    await b.start();
    await settle(clock, b.join([a.address]));
    await clock.runUntilAsync(() => a.numMembers() === 2, { maxMs: 10_000 });
    expect(a.member('b')?.delegate).toEqual({ min: 2, max: 5, cur: 5 });
    expect(b.member('a')?.delegate).toEqual({ min: 2, max: 5, cur: 4 });
    expect(a.localMember.delegate).toEqual({ min: 2, max: 5, cur: 4 });
    await settle(clock, a.shutdown());
    await settle(clock, b.shutdown());
  });

  it('defaults to [0, 0, 0]; a default node cannot join a [2, 5] cluster (seed 62)', async () => {
    const { clock, make } = setup(62);
    const a = make('a', SERF_LIKE);
    const b = make('b');
    await a.start();
    await b.start();
    expect(b.localMember.delegate).toEqual({ min: 0, max: 0, cur: 0 });
    const err = await settle(clock, b.join([a.address])).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_JOIN_FAILED' });
    expect(String((err as { cause?: unknown }).cause)).toMatch(/delegate protocol 0/);
    await settle(clock, a.shutdown());
    await settle(clock, b.shutdown());
  });

  it('sendToAddress delivers a user packet to an address (seed 63)', async () => {
    const { clock, make } = setup(63);
    const a = make('a');
    const b = make('b');
    await a.start();
    await b.start();
    const got: UserMessage[] = [];
    b.on('message', (m) => got.push(m));
    await a.sendToAddress(b.address, Uint8Array.of(9, 8, 7));
    await clock.runUntilAsync(() => got.length === 1, { maxMs: 1_000 });
    expect(Array.from(got[0]!.payload)).toEqual([9, 8, 7]);
    expect(got[0]!.from).toBe(a.address);
    await settle(clock, a.shutdown());
    await settle(clock, b.shutdown());
    await expect(a.sendToAddress(b.address, Uint8Array.of(1))).rejects.toMatchObject({
      code: 'ERR_SHUTDOWN',
    });
  });

  it('userQueueDepth counts user broadcasts until their retransmissions are done (seed 64)', async () => {
    const { clock, make } = setup(64);
    const a = make('a');
    const b = make('b');
    await a.start();
    await b.start();
    await settle(clock, b.join([a.address]));
    const got: UserMessage[] = [];
    b.on('message', (m) => got.push(m));
    swimInternals(a).queueUserBroadcast(Uint8Array.of(5, 5));
    expect(a.userQueueDepth).toBe(1);
    await clock.runUntilAsync(() => a.userQueueDepth === 0, { maxMs: 30_000 });
    expect(a.userQueueDepth).toBe(0);
    expect(got.length).toBeGreaterThan(0);
    await settle(clock, a.shutdown());
    await settle(clock, b.shutdown());
  });
});
