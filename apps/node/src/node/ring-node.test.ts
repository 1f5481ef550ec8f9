import { describe, expect, it } from 'vitest';
import { configOf, quietLogger } from '../testing/config.js';
import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import type { EventLine } from '../events/event-lines.js';
import { RingNode } from './ring-node.js';

/** Three ring-nodes on a memory network with a virtual clock; every event line collected per node. */
async function cluster(seed: number, extra: (name: string) => string[] = () => []) {
  const clock = new VirtualClock(1_700_000_000_000);
  const network = new MemoryNetwork({ clock, seed, defaultLink: { latencyMs: 1 } });
  const lines: Record<string, EventLine[]> = {};
  const nodes: RingNode[] = [];
  const settle = <T>(promise: Promise<T>): Promise<T> =>
    clock.runUntilSettled(promise, { maxMs: 50_000 });
  for (const name of ['n1', 'n2', 'n3']) {
    lines[name] = [];
    const join = nodes.length === 0 ? [] : ['--join', nodes[0]!.address];
    const config = configOf([
      '--name',
      name,
      '--http',
      'off',
      '--json',
      '--preset',
      'local',
      '--partitions',
      '6',
      '--redundancy',
      '2',
      ...join,
      ...extra(name),
    ]);
    const node = await settle(
      RingNode.start({
        config,
        transport: network.createTransport(),
        clock,
        random: createSeededRandom(seed * 31 + nodes.length),
        logger: quietLogger,
        onEvent: (l) => lines[name]!.push(l),
        swimOptions: {},
      }),
    );
    nodes.push(node);
    await clock.advanceAsync(2000);
  }
  return { clock, network, lines, nodes, settle, random: createSeededRandom(seed) };
}

describe('RingNode on a memory network', () => {
  it('seed 7: prints config, ready, join with the right counts, members once a second after each change, and partition changes', async () => {
    const { clock, lines, nodes, settle } = await cluster(7);
    const n1 = lines.n1!;
    expect(n1[0]!.event).toBe('config');
    expect(n1[0]).toMatchObject({ name: 'n1', preset: 'local', transport: 'udp' });
    expect((n1[0] as { timing: Record<string, number> }).timing.probeIntervalMs).toBe(1000);
    expect(n1.filter((l) => l.event === 'ready')).toEqual([
      expect.objectContaining({ name: 'n1', count: 1 }),
    ]);
    expect(
      n1
        .filter((l) => l.event === 'join')
        .map((l) => [(l as { name: string }).name, (l as { count: number }).count]),
    ).toEqual([
      ['n2', 2],
      ['n3', 3],
    ]);
    const n3 = lines.n3!;
    const ready3 = n3.find((l) => l.event === 'ready') as { count: number };
    expect(ready3.count).toBe(n3.filter((l) => l.event === 'join').length + 1);
    // `members` follows each change of the count by one second, and a quiet cluster prints none.
    const members = (): { count: number; t: number }[] => n1.filter((l) => l.event === 'members');
    const joinedAt = n1
      .filter((l) => l.event === 'join')
      .map((l) => (l as unknown as { t: number }).t);
    expect(members().map((l) => l.count)).toEqual([2, 3]);
    expect(members().map((l, i) => l.t - joinedAt[i]!)).toEqual([1000, 1000]);
    await clock.advanceAsync(10_000);
    expect(members()).toHaveLength(2);

    // Acquire/release lines replay exactly into the table the node reports.
    for (const [i, node] of nodes.entries()) {
      const owned = new Map<string, string | null>();
      for (const l of lines[`n${i + 1}`]!) {
        if (l.event === 'acquire') owned.set(`${l.partition}/${l.replica}`, l.from);
        if (l.event === 'release') owned.delete(`${l.partition}/${l.replica}`);
      }
      const table = node.partitions();
      const expected = table.owners
        .flatMap((owners, p) => owners.map((o, r) => (o === node.name ? `${p}/${r}` : undefined)))
        .filter((x) => x !== undefined);
      expect([...owned.keys()].sort()).toEqual(expected.sort());
      expect(table.epoch).toBeGreaterThan(0);
    }
    // Every node agrees on ring owners and partition owners.
    for (const key of ['hello', 'world', 'foo', 'bar']) {
      const views = nodes.map((n) => n.lookup(key));
      expect(new Set(views.map((v) => v.owner?.name)).size).toBe(1);
      expect(new Set(views.map((v) => v.partitionOwners.join(','))).size).toBe(1);
      expect(views[0]!.partitionOwners).toHaveLength(2);
    }
    for (const node of nodes) await settle(node.shutdown());
  });

  it('seed 23: a node joining a cluster of five computes its partitions once for the whole join', async () => {
    const clock = new VirtualClock(1_700_000_000_000);
    const network = new MemoryNetwork({ clock, seed: 23, defaultLink: { latencyMs: 1 } });
    const settle = <T>(promise: Promise<T>): Promise<T> =>
      clock.runUntilSettled(promise, { maxMs: 50_000 });
    const nodes: RingNode[] = [];
    const joinerLines: EventLine[] = [];
    for (let i = 1; i <= 6; i++) {
      const join = nodes.length === 0 ? [] : ['--join', nodes[0]!.address];
      const node = await settle(
        RingNode.start({
          config: configOf([
            '--name',
            `n${i}`,
            '--http',
            'off',
            '--json',
            '--preset',
            'local',
            ...join,
          ]),
          transport: network.createTransport(),
          clock,
          random: createSeededRandom(23 * 31 + i),
          logger: quietLogger,
          onEvent: (l) => {
            if (i === 6) joinerLines.push(l);
          },
          swimOptions: {},
        }),
      );
      nodes.push(node);
      // Everyone knows everyone before the next one joins, so the joiner learns five at once.
      await clock.advanceAsync(3000);
    }
    const joiner = nodes[5]!;
    expect(joinerLines.filter((l) => l.event === 'join')).toHaveLength(5);
    // Epoch 1: its own table when it started alone; epoch 2: the join. One per member would be 6.
    expect(joiner.partitions().epoch).toBe(2);
    // It never took back a slot it gave away: every release is final.
    const released = new Set<string>();
    for (const l of joinerLines) {
      if (l.event === 'release') released.add(`${l.partition}/${l.replica}`);
      if (l.event === 'acquire') expect(released.has(`${l.partition}/${l.replica}`)).toBe(false);
    }
    expect(released.size).toBeGreaterThan(0);
    for (const node of nodes) await settle(node.shutdown());
  });

  it('seed 11: a graceful leave is "left", a crash is suspect then "dead", counts follow', async () => {
    const { lines, nodes, network, clock, settle } = await cluster(11);
    await settle(nodes[1]!.shutdown());
    expect(lines.n2!.at(-1)).toMatchObject({ event: 'left' });
    await clock.advanceAsync(3000);
    expect(lines.n1!.filter((l) => l.event === 'leave')).toEqual([
      expect.objectContaining({ name: 'n2', state: 'left', count: 2 }),
    ]);
    network.kill(nodes[2]!.address);
    await clock.runUntilAsync(() => lines.n1!.some((l) => l.event === 'leave' && l.name === 'n3'), {
      maxMs: 60_000,
    });
    const n1 = lines.n1!;
    const suspect = n1.findIndex(
      (l) => l.event === 'update' && l.name === 'n3' && l.state === 'suspect',
    );
    const dead = n1.findIndex((l) => l.event === 'leave' && l.name === 'n3');
    expect(suspect).toBeGreaterThan(-1);
    expect(dead).toBeGreaterThan(suspect);
    expect(n1[dead]).toMatchObject({ state: 'dead', count: 1 });
    expect(nodes[0]!.health()).toMatchObject({ status: 'alive', members: 1 });
    // n1 now owns every partition's replica 0, having acquired the departed members' slots.
    expect(nodes[0]!.partitions().owners.every((o) => o.length === 1 && o[0] === 'n1')).toBe(true);
    await settle(nodes[0]!.shutdown());
    expect(nodes[0]!.health().status).toBe('left');
  });

  it('seed 5: --watch-tag keeps non-matching members out of the ring and the partition table, on every node', async () => {
    const { nodes, settle } = await cluster(5, (name) => [
      '--tags',
      `role=${name === 'n3' ? 'db' : 'web'}`,
      '--watch-tag',
      'role=^web$',
    ]);
    for (const node of nodes) {
      expect(node.members().map((m) => m.name)).toEqual(['n1', 'n2', 'n3']);
      expect(node.members().find((m) => m.name === 'n3')!.tags.role).toBe('db');
      const owners = node.partitions().owners;
      expect(owners.every((o) => o.length === 2 && !o.includes('n3'))).toBe(true);
      for (let i = 0; i < 50; i++) expect(node.lookup(`k${i}`).owner?.name).not.toBe('n3');
    }
    for (const node of nodes) await settle(node.shutdown());
  });
});
