/**
 * Issue 19, packet path: each attack on the in-memory network with a virtual clock, asserting
 * the refusal is counted by reason and the cluster stays healthy.
 */
import { describe, expect, it } from 'vitest';
import { MAX_INCARNATION } from '../../src/core/membership/incarnation.js';
import type { SwimNode } from '../../src/index.js';
import { MessageType, compressMessage, encodeCompound } from '../../src/wire/index.js';
import { alive, dead, hostileCluster, suspect } from './harness.js';

/** A `compress` message whose LZW data expands to about 1 MiB (a KwKwK run). */
function bombPart(): Uint8Array {
  return compressMessage(new Uint8Array(1_047_000).fill(MessageType.User));
}

/** Names of the nodes that declared `name` dead or left (a list that should stay empty). */
function watchLeaves(nodes: readonly SwimNode[], name: string): string[] {
  const out: string[] = [];
  for (const n of nodes) n.on('leave', (m) => m.name === name && out.push(n.name));
  return out;
}

describe('hostile packets (MemoryNetwork + VirtualClock)', () => {
  it('decompression bombs: compress inside a compound, over-budget and nested compress are refused (seed 1901)', async () => {
    const c = await hostileCluster(3, 1901);
    const delivered: number[] = [];
    c.nodes[0]!.on('message', (m) => delivered.push(m.payload.length));
    const part = bombPart();
    expect(part.length).toBeLessThan(2_100);
    const parts = Math.floor(63_000 / (part.length + 2));
    const compound = encodeCompound(Array.from({ length: parts }, () => part));
    expect(compound.length).toBeGreaterThan(60_000);
    // The flood: 10 bombs a second, for 10 s.
    for (let s = 0; s < 10; s++) {
      for (let k = 0; k < 10; k++) await c.sendRaw(0, compound);
      await c.run(1_000);
    }
    expect(c.refusals(0, 'compress_in_compound')).toBe(100 * parts);
    // A single top-level compress that expands past the datagram's budget.
    await c.sendRaw(0, part);
    // Nested compress (Go never sends it), even when small.
    await c.sendRaw(0, compressMessage(compressMessage(Uint8Array.of(MessageType.User, 1, 2, 3))));
    await c.run(100);
    expect(c.refusals(0, 'decompress_budget')).toBe(1);
    expect(c.refusals(0, 'nested_compress')).toBe(1);
    // The old lump still counts them.
    expect(c.metrics[0]!.counter('ring_swim_decode_errors_total')).toBe(100 * parts + 2);
    expect(delivered).toEqual([]);
    // Go's own shape still works: compress around a compound, within the budget.
    await c.sendRaw(
      0,
      compressMessage(
        encodeCompound([
          Uint8Array.of(MessageType.User, 7),
          Uint8Array.of(MessageType.User, ...new Uint8Array(2_000).fill(1)),
        ]),
      ),
    );
    await c.run(100);
    expect(delivered).toEqual([1, 2_000]);
    expect(c.healthy()).toBe(true);
    expect(c.nodes[0]!.healthScore).toBe(0);
    await c.shutdown();
  }, 30_000);

  it('incarnation overflow: spoofed suspect/dead at 2^32-1 are refused and nobody is evicted (seed 1902)', async () => {
    const c = await hostileCluster(3, 1902);
    const b = c.nodes[1]!;
    const evictions = watchLeaves(c.nodes, b.name);
    for (let i = 0; i < 3; i++) {
      await c.sendRaw(i, suspect(b.name, MAX_INCARNATION));
      await c.sendRaw(i, dead(b.name, MAX_INCARNATION));
    }
    // Long past the suspicion timeout (the issue saw b declared dead after 24 s).
    await c.run(60_000);
    expect(c.healthy()).toBe(true);
    for (const node of c.nodes) {
      const rec = node.members().find((m) => m.name === b.name)!;
      expect(rec.state).toBe('alive');
      expect(rec.incarnation).toBeLessThan(100);
    }
    for (let i = 0; i < 3; i++) expect(c.refusals(i, 'incarnation_jump')).toBeGreaterThanOrEqual(2);
    // The third parties asked b itself (a push/pull) instead of believing the claim.
    expect(c.metrics[0]!.counter('ring_swim_incarnation_confirmations_total')).toBeGreaterThan(0);
    expect(c.metrics[1]!.counter('ring_swim_refute_saturated_total')).toBe(0);
    expect(evictions).toEqual([]);
    await c.shutdown();
  }, 30_000);

  it('with the jump rule off, a member pushed to 2^32-1 refutes at the maximum, says so, and the cluster converges (seed 1903)', async () => {
    const c = await hostileCluster(3, 1903, { maxIncarnationJump: 2 ** 32 });
    const b = c.nodes[1]!;
    const evictions = watchLeaves(c.nodes, b.name);
    for (let i = 0; i < 3; i++) await c.sendRaw(i, suspect(b.name, MAX_INCARNATION));
    await c.run(60_000);
    expect(c.healthy()).toBe(true);
    for (const node of c.nodes) {
      expect(node.members().find((m) => m.name === b.name)!.incarnation).toBe(MAX_INCARNATION);
    }
    expect(c.metrics[1]!.counter('ring_swim_refute_saturated_total')).toBeGreaterThanOrEqual(1);
    expect(c.errors[1]!.some((e) => e.includes('cannot refute'))).toBe(true);
    // Refuted in time: never declared dead (so not waiting to be forgotten and rejoin).
    expect(evictions).toEqual([]);
    // A spoofed dead at the maximum evicts b at once, as a spoofed dead at any current
    // incarnation does without a key, but b's refutation at the maximum brings it back.
    await c.sendRaw(0, dead(b.name, MAX_INCARNATION));
    await c.run(5_000);
    expect(evictions.length).toBeGreaterThan(0);
    expect(c.healthy()).toBe(true);
    await c.shutdown();
  }, 30_000);

  it('a genuine large incarnation jump is confirmed by a push/pull with the member itself (seed 1904)', async () => {
    const c = await hostileCluster(3, 1904, { maxIncarnationJump: 5, pushPullIntervalMs: 10_000 });
    const [a, b] = [c.nodes[0]!, c.nodes[1]!];
    c.net.partition([a.address], [b.address]);
    for (let k = 0; k < 10; k++) await b.updateMeta(Uint8Array.of(k));
    const inc = b.localMember.incarnation;
    expect(inc).toBeGreaterThanOrEqual(11);
    await c.run(2_000);
    c.net.heal();
    expect(
      await c.until(() => a.members().find((m) => m.name === b.name)?.incarnation === inc, 60_000),
    ).toBe(true);
    expect(a.members().find((m) => m.name === b.name)!.meta).toEqual(Uint8Array.of(9));
    expect(c.refusals(0, 'incarnation_jump')).toBeGreaterThanOrEqual(1);
    expect(c.healthy()).toBe(true);
    await c.shutdown();
  }, 30_000);

  it('phantom members: new names are rate-limited, capped, and must be valid UTF-8 within the length bound (seed 1905)', async () => {
    const c = await hostileCluster(3, 1905, {
      newMembersPerSecond: 10,
      newMembersBurst: 50,
      maxMembers: 40,
    });
    // 2,000 invented names at 1,000 a second.
    for (let s = 0; s < 2; s++) {
      for (let k = 0; k < 1_000; k++) await c.sendRaw(0, alive(`phantom-${s}-${k}`, 1, k));
      await c.run(1_000);
    }
    const n0 = c.nodes[0]!;
    expect(n0.numMembers()).toBeLessThanOrEqual(40);
    expect(c.refusals(0, 'member_limit')).toBeGreaterThan(0);
    expect(c.refusals(0, 'new_member_rate') + c.refusals(0, 'member_limit')).toBeGreaterThan(1_900);
    // Invalid UTF-8 and over-long names.
    const bad = alive('XXbad', 1);
    const at = bad.findIndex((v, i) => v === 0x58 && bad[i + 1] === 0x58);
    bad[at] = 0xff;
    bad[at + 1] = 0xfe;
    await c.sendRaw(1, bad);
    await c.sendRaw(1, alive('n'.repeat(300), 1));
    await c.run(100);
    expect(c.refusals(1, 'invalid_name')).toBe(2);
    expect(c.nodes[1]!.members().some((m) => m.name.includes('\ufffd'))).toBe(false);
    // The real members stay healthy while the phantoms are probed, suspected and declared dead.
    await c.run(60_000);
    expect(c.healthy()).toBe(true);
    await c.shutdown();
  }, 60_000);

  it('user messages: delivered from anyone by default (memberlist), only from members when restricted (seed 1906)', async () => {
    for (const userMessagesFrom of ['anyone', 'members'] as const) {
      const c = await hostileCluster(3, 1906, { userMessagesFrom });
      const got: string[] = [];
      c.nodes[0]!.on('message', (m) => got.push(new TextDecoder().decode(m.payload)));
      await c.sendRaw(0, Uint8Array.of(MessageType.User, 0x78));
      await c.nodes[1]!.sendBestEffort(c.nodes[0]!.name, new TextEncoder().encode('member'));
      await c.run(100);
      if (userMessagesFrom === 'anyone') {
        expect(got.sort()).toEqual(['member', 'x']);
      } else {
        expect(got).toEqual(['member']);
        expect(c.refusals(0, 'user_message_sender')).toBe(1);
      }
      await c.shutdown();
    }
  }, 30_000);
});
