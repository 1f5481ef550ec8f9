import { describe, expect, it } from 'vitest';
import { MemoryNetwork } from '@ring/transport';
import { VirtualClock, createSeededRandom } from '@ring/base';
import { createBroadcastChannel } from './broadcast-channel.js';
import { createSwimNode } from '../shell/node.js';
import type { SwimNode } from '../shell/node.js';

async function pair(seed: number): Promise<{ clock: VirtualClock; a: SwimNode; b: SwimNode }> {
  const clock = new VirtualClock(0);
  const net = new MemoryNetwork({ clock, seed, defaultLink: { latencyMs: 1 } });
  const make = (name: string, i: number): SwimNode =>
    createSwimNode({
      name,
      transport: net.createTransport(),
      clock,
      random: createSeededRandom(seed * 31 + i),
      resolver: async () => [],
    });
  const a = make('a', 0);
  const b = make('b', 1);
  await a.start();
  await b.start();
  let joined = false;
  void b.join([a.address]).then(() => (joined = true));
  await clock.runUntilAsync(() => joined && a.numMembers() === 2, { maxMs: 10_000 });
  return { clock, a, b };
}

describe('createBroadcastChannel', () => {
  it('delivers a broadcast once to every handler, even when one handler throws (seed 71)', async () => {
    const { clock, a, b } = await pair(71);
    const ca = createBroadcastChannel(a, { random: createSeededRandom(1) });
    const cb = createBroadcastChannel(b, { random: createSeededRandom(2) });
    const got: string[] = [];
    cb.on('message', () => {
      throw new Error('handler bug');
    });
    cb.on('message', (payload) => got.push(new TextDecoder().decode(payload)));
    void ca.broadcast(new TextEncoder().encode('one'));
    void ca.broadcast(new TextEncoder().encode('two'));
    await clock.advanceAsync(5_000);
    expect(got.sort()).toEqual(['one', 'two']);
    ca.close();
    cb.close();
    await a.shutdown();
    await b.shutdown();
  });
});
