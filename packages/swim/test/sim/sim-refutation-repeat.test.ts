import { describe, expect, it } from 'vitest';
import { SimCluster } from './cluster.js';

/**
 * The chaos suite's "member behind 30 % loss" on the simulator: five members, node-4's packets lost
 * 30 % of the time in both directions, and node-1 → node-0 cut (one way). TCP fallback pings are
 * off: in the network-namespace test TCP crosses the same lossy link, and a SYN lost there waits
 * out the probe; on the memory network TCP would be lossless and hide the problem.
 *
 * Each node-4 refutation is transmitted `retransmitLimit` = 4 times, and each member that takes it
 * passes it on with the same budget; a member that all of them miss keeps its suspicion. With
 * memberlist's rule — a claim below the incarnation one holds is ignored — everyone who has the
 * refutation ignores that member's stale suspicion until it times out: 40 false deaths (member ×
 * observer) over these 10 seeds × 10 simulated minutes. Now stale claims are answered with the
 * alive the receiver holds, and the suspect repeats its refutation (docs/PROTOCOL.md §20).
 */
async function lossyMember(
  seed: number,
  minutes: number,
): Promise<{ deaths: number; suspicions: number; refutations: number }> {
  const sim = new SimCluster({ n: 5, seed, options: { disableTcpPings: true } });
  await sim.startAndJoin();
  expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
  const addr = sim.nodes.map((n) => n.address);
  const lossy = { latencyMs: 1, jitterMs: 1, loss: 0.3 };
  sim.net.setLink([addr[4]!], addr.slice(0, 4), lossy);
  sim.net.setLink(addr.slice(0, 4), [addr[4]!], lossy);
  sim.net.partition([addr[1]!], [addr[0]!], { oneWay: true });
  let deaths = 0;
  let suspicions = 0;
  for (const n of sim.nodes) {
    n.on('leave', (m) => {
      if (m.state === 'dead') deaths++;
    });
    n.on('suspect', () => suspicions++);
  }
  const incarnation0 = sim.nodes[4]!.localMember.incarnation;
  await sim.runFast(minutes * 60_000);
  const refutations = sim.nodes[4]!.localMember.incarnation - incarnation0;
  await sim.shutdown();
  return { deaths, suspicions, refutations };
}

describe('refutation repeat (MemoryNetwork + VirtualClock)', () => {
  it('a member behind 30 % loss both ways is suspected often and refutes, but is not declared dead (seeds 1-10, 10 min each)', async () => {
    let deaths = 0;
    let suspicions = 0;
    let refutations = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const r = await lossyMember(seed, 10);
      deaths += r.deaths;
      suspicions += r.suspicions;
      refutations += r.refutations;
    }
    // The scenario is hard: thousands of suspicions, each refuted.
    expect(suspicions).toBeGreaterThan(1_000);
    expect(refutations).toBeGreaterThan(100);
    expect(deaths).toBe(0);
  }, 120_000);
});
