import { describe, expect, it } from 'vitest';
import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import type { Clock } from '@ring/transport';
import { LAN_PRESET, createSwimNode } from '../src/index.js';
import type { SwimNode } from '../src/index.js';

const GOSSIP_MS = LAN_PRESET.gossipIntervalMs;

/** A clock that counts the gossip-round timers (the only ones armed for exactly one gossip interval). */
function countingClock(clock: VirtualClock): { clock: Clock; gossipTimers: () => number } {
  let count = 0;
  return {
    clock: {
      now: () => clock.now(),
      setTimeout: (callback, delayMs) => {
        if (delayMs === GOSSIP_MS) count++;
        return clock.setTimeout(callback, delayMs);
      },
    },
    gossipTimers: () => count,
  };
}

function setup(seed: number) {
  const clock = new VirtualClock(0);
  const net = new MemoryNetwork({ clock, seed, defaultLink: { latencyMs: 1 } });
  const counters: (() => number)[] = [];
  let i = 0;
  const make = (name: string): SwimNode => {
    const counting = countingClock(clock);
    counters.push(counting.gossipTimers);
    return createSwimNode({
      name,
      preset: 'lan',
      transport: net.createTransport(),
      clock: counting.clock,
      random: createSeededRandom(seed * 31 + i++),
      resolver: async () => [],
    });
  };
  const gossipTimers = (): number => counters.reduce((a, c) => a + c(), 0);
  return { clock, make, gossipTimers };
}

describe('the gossip round sleeps while there is nothing to send (MemoryNetwork + VirtualClock)', () => {
  it('a lone member arms no gossip tick after its first one (seed 61)', async () => {
    const { clock, make, gossipTimers } = setup(61);
    const a = make('a');
    await a.start();
    await clock.advanceAsync(1_000);
    const before = gossipTimers();
    await clock.advanceAsync(10_000);
    // An always-running ticker would have armed 50 ticks in these 10 s.
    expect(gossipTimers() - before).toBe(0);
    await a.shutdown();
  });

  it('a converged pair stops ticking once its queues drain, and a new broadcast still leaves within one interval (seed 62)', async () => {
    const { clock, make, gossipTimers } = setup(62);
    const a = make('a');
    const b = make('b');
    await a.start();
    await b.start();
    const joined = b.join([a.address]);
    await clock.runUntilAsync(() => a.numMembers() === 2 && b.numMembers() === 2, {
      maxMs: 10_000,
    });
    await joined;
    // Let the join's broadcasts use up their retransmits.
    await clock.advanceAsync(10_000);
    const before = gossipTimers();
    await clock.advanceAsync(10_000);
    expect(gossipTimers() - before).toBe(0);

    // A metadata update wakes the round; b hears of it within one gossip interval (+ 1 ms link).
    let seenAt: number | undefined;
    b.on('update', (m) => {
      if (m.name === 'a') seenAt ??= clock.now();
    });
    await clock.advanceAsync(37); // off the grid of earlier ticks
    const queuedAt = clock.now();
    await a.updateMeta(Uint8Array.of(1, 2, 3));
    await clock.runUntilAsync(() => seenAt !== undefined, { maxMs: 5_000 });
    expect(seenAt! - queuedAt).toBeLessThanOrEqual(GOSSIP_MS + 1);
    expect(b.members().find((m) => m.name === 'a')?.meta).toEqual(Uint8Array.of(1, 2, 3));
    // ...and the round goes back to sleep once that broadcast is spent.
    await clock.advanceAsync(10_000);
    const settled = gossipTimers();
    await clock.advanceAsync(10_000);
    expect(gossipTimers() - settled).toBe(0);
    await Promise.all([a.shutdown(), b.shutdown()]);
  });
});
