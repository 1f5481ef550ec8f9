/**
 * Stale claims answered (docs/PROTOCOL.md §20): a suspect or dead claim below the incarnation at
 * which a node holds the member alive is answered with that alive, straight to the sender; one
 * about the node itself also gossips its current alive again, at most once while that is still
 * queued, and never after it left. The lossy-link effect is in `sim/sim-refutation-repeat.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { MessageType, decodePacket, encodeMessage } from '../src/wire/index.js';
import { dead, hostileCluster, suspect } from './hostile/harness.js';

/** The alive messages (node, incarnation) in the packets the attacker received. */
function alivesIn(packets: readonly Uint8Array[]): string[] {
  return packets.flatMap((p) =>
    decodePacket(p).messages.flatMap((m) =>
      m.type === MessageType.Alive ? [`${m.body.node}@${m.body.incarnation}`] : [],
    ),
  );
}

describe('repeated refutation (MemoryNetwork + VirtualClock)', () => {
  it('a stale claim from a member about a member held alive is answered with that alive, once per gossip interval; from a non-member, not at all (seed 2002)', async () => {
    const c = await hostileCluster(3, 2002);
    const node = c.nodes[0]!;
    const corrections = (): number =>
      c.metrics[0]!.counter('ring_swim_stale_claim_corrections_total');
    // node-1 refutes a suspicion: node-0 then holds it alive one incarnation up.
    const target = c.nodes[1]!;
    const accused = target.localMember.incarnation;
    await c.sendRaw(1, suspect(target.name, accused));
    await c.run(5_000);
    const held = node.members().find((m) => m.name === target.name)!;
    expect(held).toMatchObject({ state: 'alive', incarnation: accused + 1 });

    // From an address that is no member's, nothing is reflected (a spoofed source gets nothing).
    c.received.length = 0;
    await c.sendRaw(0, suspect(target.name, accused));
    await c.run(10);
    expect(corrections()).toBe(0);
    expect(alivesIn(c.received)).toEqual([]);
    // The attacker's address becomes a member's (mallory): now its stale claims are answered.
    await c.sendRaw(
      0,
      encodeMessage({
        type: MessageType.Alive,
        body: {
          node: 'mallory',
          incarnation: 1,
          addr: Uint8Array.of(10, 66, 6, 6),
          port: 7946,
          meta: null,
          vsn: Uint8Array.of(1, 5, 2, 0, 0, 0),
        },
      }),
    );
    await c.run(10);
    expect(node.members().some((m) => m.name === 'mallory')).toBe(true);
    c.received.length = 0;
    await c.sendRaw(0, suspect(target.name, accused));
    await c.sendRaw(0, dead(target.name, accused));
    await c.run(10);
    expect(corrections()).toBe(1);
    expect(alivesIn(c.received)).toContain(`${target.name}@${accused + 1}`);
    // One gossip interval later the next stale claim is answered again.
    await c.run(200);
    await c.sendRaw(0, suspect(target.name, accused));
    await c.run(10);
    expect(corrections()).toBe(2);
    // Claims about a member node-0 holds suspect get no answer: it does not speak for it. (node-1
    // is cut off first, so it cannot refute the current claim that makes node-0 suspect it.)
    c.net.isolate(target.address);
    await c.sendRaw(0, suspect(target.name, accused + 1));
    await c.run(10);
    expect(node.members().find((m) => m.name === target.name)?.state).toBe('suspect');
    c.received.length = 0;
    await c.run(200);
    await c.sendRaw(0, suspect(target.name, accused));
    await c.run(10);
    expect(corrections()).toBe(2);
    expect(alivesIn(c.received).filter((a) => a.startsWith(`${target.name}@`))).toEqual([]);
    await c.shutdown();
  });

  it('a stale suspect or dead about us re-gossips our alive, once per drained queue, not after leaving (seed 2001)', async () => {
    const c = await hostileCluster(3, 2001);
    const node = c.nodes[0]!;
    const m = c.metrics[0]!;
    const repeats = (): number => m.counter('ring_swim_refutation_repeats_total');
    const accused = node.localMember.incarnation;

    // A current claim is refuted the memberlist way: a higher incarnation, no repeat.
    await c.sendRaw(0, suspect(node.name, accused));
    await c.run(5_000);
    const refuted = node.localMember.incarnation;
    expect(refuted).toBeGreaterThan(accused);
    expect(m.counter('ring_swim_refutations_total')).toBe(1);
    expect(repeats()).toBe(0);

    // A claim at the refuted incarnation: its sender missed the refutation. Gossip it again,
    // without raising the incarnation; a second stale claim while it is queued adds nothing.
    await c.sendRaw(0, suspect(node.name, accused));
    await c.sendRaw(0, dead(node.name, accused));
    await c.run(10);
    expect(repeats()).toBe(1);
    expect(node.localMember.incarnation).toBe(refuted);
    // Once the queue drained, the next stale claim repeats it again.
    await c.run(5_000);
    await c.sendRaw(0, dead(node.name, accused));
    await c.run(10);
    expect(repeats()).toBe(2);
    expect(m.counter('ring_swim_refutations_total')).toBe(1);
    await c.run(2_000);
    // Everyone holds the refutation; nobody was evicted.
    for (const other of c.nodes.slice(1)) {
      expect(other.members().find((x) => x.name === node.name)).toMatchObject({
        state: 'alive',
        incarnation: refuted,
      });
    }

    // A node that left stays gone: a stale claim does not bring its alive back.
    const leaving = node.leave(2_000);
    await c.run(3_000);
    await leaving;
    await c.sendRaw(0, suspect(node.name, accused));
    await c.run(1_000);
    expect(repeats()).toBe(2);
    for (const other of c.nodes.slice(1)) {
      expect(other.members().some((x) => x.name === node.name)).toBe(false);
    }
    await c.shutdown();
  });
  it('an own suspicion nobody confirmed is gossiped once more halfway; a confirmed one is not (seed 2003)', async () => {
    // node-0 cut off: its suspicions of node-1 and node-2 reach nobody, so nobody confirms them.
    const lone = await hostileCluster(3, 2003);
    const repeats = (i: number): number =>
      lone.metrics[i]!.counter('ring_swim_suspicion_repeats_total');
    let repeatsAtFirstDeath = -1;
    lone.nodes[0]!.on('leave', () => {
      if (repeatsAtFirstDeath < 0) repeatsAtFirstDeath = repeats(0);
    });
    lone.net.isolate(lone.nodes[0]!.address);
    expect(await lone.until(() => repeatsAtFirstDeath >= 0, 60_000)).toBe(true);
    expect(repeatsAtFirstDeath).toBeGreaterThanOrEqual(1);
    await lone.shutdown();

    // Five members, node-4 cut off: the others all suspect it and confirm each other long before
    // half the (24 s) maximum — no repeat.
    const both = await hostileCluster(5, 2003);
    let deaths = 0;
    both.nodes[0]!.on('leave', () => deaths++);
    both.net.isolate(both.nodes[4]!.address);
    expect(await both.until(() => deaths > 0, 60_000)).toBe(true);
    expect(both.metrics[0]!.counter('ring_swim_suspicions_total')).toBeGreaterThan(0);
    for (const m of both.metrics.slice(0, 4))
      expect(m.counter('ring_swim_suspicion_repeats_total')).toBe(0);
    await both.shutdown();
  });
});
