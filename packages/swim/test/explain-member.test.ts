import { describe, expect, it } from 'vitest';
import { SwimError, createSwimNode } from '../src/index.js';
import { MemoryNetwork, VirtualClock } from '@ring/transport';
import { SimCluster } from './sim/cluster.js';

describe('explainMember (MemoryNetwork + VirtualClock)', () => {
  it('a killed member: failed probes, suspicion with accuser and path, confirmations, the Lifeguard timeout, dead by timeout (seed 41)', async () => {
    const sim = new SimCluster({ n: 6, seed: 41 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    const victim = sim.nodes[5]!;
    const observer = sim.nodes[0]!;
    // Healthy cluster: the observer has probed the victim and knows the round trip.
    expect(
      await sim.runUntil(() => observer.explainMember(victim.name)?.lastAck != null, 30_000),
    ).toBe(true);
    const before = observer.explainMember(victim.name)!;
    expect(before.member).toMatchObject({ state: 'alive', address: victim.address });
    expect(before.lastAck!.rttMs).toBeGreaterThanOrEqual(0);
    expect(before.lastAck!.rttMs).toBeLessThan(observer.options.probeIntervalMs);
    expect(before.probes.acks).toBeGreaterThan(0);
    expect(before.suspicion).toBeNull();
    expect(before.history[0]).toMatchObject({ kind: 'join', state: 'alive' });

    await sim.kill(5);
    expect(
      await sim.runUntil(
        () => sim.live().every((n) => n.member(victim.name)?.state === 'dead'),
        120_000,
      ),
    ).toBe(true);

    for (const node of sim.live()) {
      const x = node.explainMember(victim.name)!;
      expect(x.member!.state).toBe('dead');
      const kinds = x.history.map((e) => e.kind);
      const suspect = x.history.find((e) => e.kind === 'suspect')!;
      const dead = x.history.find((e) => e.kind === 'dead')!;
      expect(suspect).toBeDefined();
      expect(dead).toBeDefined();
      expect(kinds.indexOf('suspect')).toBeLessThan(kinds.indexOf('dead'));
      // Who suspected it and how the news arrived: our own probe, or someone's suspect message.
      expect(suspect.from).not.toBeNull();
      if (suspect.from === node.name) expect(suspect.via).toBe('probe');
      else expect(suspect.via).toMatch(/^(gossip|push-pull)$/);
      expect(suspect.suspicion!.k).toBeGreaterThanOrEqual(0);
      expect(suspect.suspicion!.timeoutMs).toBe(suspect.suspicion!.maxMs);
      expect(dead.suspicion).not.toBeNull();
      expect(dead.suspicion!.timeoutMs).toBeLessThanOrEqual(dead.suspicion!.maxMs);
      expect(dead.suspicion!.timeoutMs).toBeGreaterThanOrEqual(dead.suspicion!.minMs);
      if (dead.via === 'suspicion-timeout') {
        expect(dead.from).toBe(node.name);
        // It fired exactly when the timeout then in force said.
        expect(dead.at - suspect.at).toBe(dead.suspicion!.timeoutMs);
      } else expect(dead.via).toMatch(/^(gossip|push-pull)$/);
      // Confirmations shrink the timeout: each confirm entry names its confirmer.
      for (const c of x.history.filter((e) => e.kind === 'confirm')) {
        expect(c.from).not.toBe(suspect.from);
        expect(c.suspicion!.confirmations).toBeGreaterThan(0);
      }
      expect(x.history.every((e) => e.awareness >= 0 && e.awareness <= x.awareness.max)).toBe(true);
    }
    // Some node probed the victim itself and saw it fail before suspecting it.
    const prober = sim
      .live()
      .find((n) => n.explainMember(victim.name)!.history.some((e) => e.kind === 'probe-failed'));
    expect(prober).toBeDefined();
    const failed = prober!
      .explainMember(victim.name)!
      .history.find((e) => e.kind === 'probe-failed')!;
    expect(failed.via).toBe('probe');
    expect(['alive', 'suspect']).toContain(failed.state);
    expect(failed.probe).not.toBeNull();
    expect(prober!.explainMember(victim.name)!.probes.failures).toBeGreaterThan(0);
    await sim.shutdown();
  }, 60_000);

  it('a member suspected while healthy refutes: its own history shows the refute, the others show refuted (seed 42)', async () => {
    const sim = new SimCluster({ n: 5, seed: 42 });
    await sim.startAndJoin();
    expect(await sim.runUntil(() => sim.converged(), 30_000)).toBe(true);
    const target = sim.nodes[2]!;
    // Cut the target off for one probe round so that someone suspects it, then heal quickly.
    const others = sim.nodes.filter((n) => n !== target).map((n) => n.address);
    sim.net.partition([target.address], others);
    expect(
      await sim.runUntil(
        () => sim.nodes.some((n) => n !== target && n.member(target.name)?.state === 'suspect'),
        30_000,
      ),
    ).toBe(true);
    sim.net.heal();
    expect(
      await sim.runUntil(
        () => sim.nodes.every((n) => n.member(target.name)?.state === 'alive'),
        30_000,
      ),
    ).toBe(true);
    const self = target.explainMember(target.name)!;
    expect(self.local).toBe(true);
    const refute = self.history.find((e) => e.kind === 'refute')!;
    expect(refute).toBeDefined();
    expect(refute.claimIncarnation).not.toBeNull();
    expect(refute.incarnation).toBeGreaterThan(refute.claimIncarnation!);
    const watcher = sim.nodes.find((n) =>
      n.explainMember(target.name)!.history.some((e) => e.kind === 'refuted'),
    )!;
    expect(watcher).toBeDefined();
    const refuted = watcher.explainMember(target.name)!.history.find((e) => e.kind === 'refuted')!;
    expect(refuted.state).toBe('alive');
    await sim.shutdown();
  }, 60_000);

  it('unknown members are undefined; historySize is validated (ERR_INVALID_OPTION)', async () => {
    const clock = new VirtualClock(0);
    const net = new MemoryNetwork({ clock, seed: 43 });
    const a = createSwimNode({
      name: 'a',
      transport: net.createTransport(),
      clock,
      historySize: 4,
    });
    expect(a.explainMember('a')).toBeUndefined(); // before start
    await a.start();
    expect(a.explainMember('nobody')).toBeUndefined();
    expect(a.explainMember('a')).toMatchObject({
      name: 'a',
      local: true,
      historySize: 4,
      member: { state: 'alive' },
    });
    // A graceful leave is our own member's last entry.
    await a.leave(100);
    expect(a.explainMember('a')!.history.at(-1)).toMatchObject({
      kind: 'left',
      state: 'left',
      from: 'a',
      via: 'local',
    });
    await a.shutdown();
    for (const historySize of [-1, 1.5, 5000]) {
      let error: unknown;
      try {
        createSwimNode({ name: 'b', transport: net.createTransport(), clock, historySize });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SwimError);
      expect((error as SwimError).code).toBe('ERR_INVALID_OPTION');
    }
  });
});
