import { describe, expect, it } from 'vitest';
import { SimCluster } from './cluster.js';

/**
 * Count "healthy member declared dead" events: any node (including a stalled one) emitting
 * `leave` with state `dead` for a member that never crashed (optionally except one).
 */
function countFalsePositives(sim: SimCluster, except?: string): () => number {
  let count = 0;
  for (const n of sim.nodes) {
    n.on('leave', (m) => {
      if (m.state === 'dead' && m.name !== except) count++;
    });
  }
  return () => count;
}

/**
 * Node 0's message processing lags 5 s behind (CPU-starved: every inbound packet is handled 5 s
 * late) for two simulated minutes, while its timers run on time. Its probes therefore "fail" and
 * it suspects healthy peers; the question is whether it (or anyone) then declares them dead before
 * their refutations get processed. TCP fallback pings are off in both runs so that the starved
 * node's probes fail the same way with and without Lifeguard.
 */
async function stallScenario(seed: number, lifeguard: boolean): Promise<number> {
  const sim = new SimCluster({
    n: 12,
    seed,
    stallable: [0],
    options: { lifeguard, disableTcpPings: true },
  });
  await sim.startAndJoin();
  expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
  // The starved node itself really is unresponsive; what must not happen is that it gets healthy
  // peers declared dead.
  const falsePositives = countFalsePositives(sim, sim.nodes[0]!.name);
  const gate = sim.gates.get(0)!;
  gate.lag(5_000);
  await sim.run(120_000);
  gate.lag(0);
  await sim.run(30_000);
  expect(sim.converged()).toBe(true);
  const fp = falsePositives();
  await sim.shutdown();
  return fp;
}

describe('Lifeguard (MemoryNetwork + VirtualClock)', () => {
  it('10% packet loss for one simulated hour at N = 50 declares no healthy node dead (seed 31)', async () => {
    const sim = new SimCluster({ n: 50, seed: 31 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    const falsePositives = countFalsePositives(sim);
    sim.net.setLink(sim.net.addresses(), sim.net.addresses(), {
      latencyMs: 1,
      jitterMs: 1,
      loss: 0.1,
    });
    await sim.runFast(3_600_000);
    expect(falsePositives()).toBe(0);
    expect(sim.converged()).toBe(true);
    await sim.shutdown();
  }, 180_000);

  it('a stalled member gets no healthy peer declared dead with Lifeguard on (seed 32)', async () => {
    expect(await stallScenario(32, true)).toBe(0);
  }, 60_000);

  it('the same stall with Lifeguard off produces false positives (seed 32)', async () => {
    expect(await stallScenario(32, false)).toBeGreaterThan(0);
  }, 60_000);
});
