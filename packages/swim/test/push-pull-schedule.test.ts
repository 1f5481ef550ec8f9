import { describe, expect, it } from 'vitest';
import { MemoryNetwork, VirtualClock } from '@ring/transport';
import { MemoryMetrics } from '../src/index.js';
import { memoryNode } from './helpers/memory-node.js';
import type { SwimNode } from '../src/index.js';

/**
 * memberlist's `pushPullTrigger`: a random stagger below the interval, then a loop that waits
 * `pushPullScale(interval, numNodes)` and only then pushes/pulls. So no member starts a periodic
 * push/pull before one scaled interval has passed after its stagger.
 */
describe('periodic push/pull schedule (memberlist pushPullTrigger)', () => {
  it('seed 71, 40 members, 10 s interval: the first periodic exchange waits the scaled 20 s, then every member has one', async () => {
    const seed = 71;
    const clock = new VirtualClock(0);
    const net = new MemoryNetwork({ clock, seed, defaultLink: { latencyMs: 1 } });
    const metrics = new MemoryMetrics();
    const nodes: SwimNode[] = [];
    for (let i = 0; i < 40; i++)
      nodes.push(
        memoryNode({ net, clock, seed, metrics, options: { pushPullIntervalMs: 10_000 } }, i),
      );
    for (const n of nodes) await n.start();
    // Every member joins n0 at once: 39 join exchanges, each counted once as outgoing by the
    // joiner and once by n0's reply.
    let joined = 0;
    for (const n of nodes.slice(1)) void n.join([nodes[0]!.address]).then(() => joined++);
    await clock.runUntilAsync(() => joined === 39, { maxMs: 5_000 });
    const exchanges = (): number =>
      metrics.counter('ring_swim_packets_out_total', { type: 'push_pull' }) / 2;
    expect(exchanges()).toBe(39);
    // Every stagger is at least 1 ms and the wait after it at least the unscaled 10 s: nobody
    // exchanges up to 10 s (the old schedule pushed/pulled at the stagger itself: 40 more by then).
    await clock.advanceAsync(10_000 - clock.now());
    expect(exchanges()).toBe(39);
    // 40 members > 32: the interval scales by ceil(log2(40) - log2(32)) + 1 = 2, i.e. 20 s. Only
    // a member whose stagger fired in the milliseconds before its own join completed saw a small
    // table and waits the unscaled 10 s (two with this seed); everyone else waits 20 s.
    await clock.advanceAsync(10_000);
    expect(exchanges() - 39).toBeLessThanOrEqual(2);
    // Staggers are below 10 s: by 30 s (plus the exchange's own round trip) each member has
    // started its first periodic push/pull.
    await clock.advanceAsync(10_100);
    expect(exchanges()).toBeGreaterThanOrEqual(39 + 40);
    for (const n of nodes) await n.shutdown();
  });
});
