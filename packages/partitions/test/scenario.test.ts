import { describe, expect, it } from 'vitest';
import { staticMembership, type StaticMembership } from '../src/membership/membership.js';
import type { ChangeEvent } from '../src/events/events.js';
import { createPartitions, type Partitions } from '../src/partitions/partitions.js';

/**
 * The libring README scenario: every node runs its own `Partitions` over its own view of the
 * membership (here: one static source per node, members listed in a different order on each),
 * prints its acquisitions and releases the way libring's README does, and we check the nodes agree.
 */
interface Node {
  name: string;
}

const OPTIONS = { partitions: 16, redundancy: 2 } as const;

function libringLines(node: string, e: ChangeEvent): string[] {
  return [
    ...e.acquired.map(
      (a) =>
        `[${node}] Acquired partition ${a.partition}, replica ${a.replica} from ${a.from ?? '(nobody)'}${a.hadPartition ? ' (data already here)' : ''}`,
    ),
    ...e.released.map(
      (r) =>
        `[${node}] Released partition ${r.partition}, replica ${r.replica} to ${r.to ?? '(nobody)'}${r.keepsPartition ? ' (data kept)' : ''}`,
    ),
  ];
}

class Cluster {
  readonly sources = new Map<string, StaticMembership<Node>>();
  readonly parts = new Map<string, Partitions<Node>>();
  readonly lines: string[] = [];
  readonly events = new Map<string, ChangeEvent[]>();

  start(name: string, members: string[]): void {
    const source = staticMembership(members.map((m) => ({ name: m })));
    const parts = createPartitions(source, { ...OPTIONS, localName: name });
    this.events.set(name, []);
    parts.on('change', (e) => {
      this.events.get(name)!.push(e);
      this.lines.push(...libringLines(name, e));
    });
    this.sources.set(name, source);
    this.parts.set(name, parts);
  }

  /** Deliver a membership change to every running node. */
  each(fn: (source: StaticMembership<Node>) => void): void {
    for (const source of this.sources.values()) fn(source);
  }

  tables(): string[][] {
    return [...this.parts.values()].map((p) => p.table.owners.map((o) => o ?? '-'));
  }

  stop(name: string): void {
    this.parts.get(name)!.close();
    this.parts.delete(name);
    this.sources.delete(name);
  }
}

describe('3 → 4 → 3 members, printed like libring', () => {
  it('node-d joins, then leaves: every node agrees, releases match acquisitions, and the leave undoes the join', () => {
    const cluster = new Cluster();
    cluster.start('node-a', ['node-a', 'node-b', 'node-c']);
    cluster.start('node-b', ['node-c', 'node-a', 'node-b']);
    cluster.start('node-c', ['node-b', 'node-c', 'node-a']);
    const initial = cluster.tables()[0]!;
    expect(new Set(cluster.tables().map((t) => t.join()))).toEqual(new Set([initial.join()]));

    // node-d starts knowing everyone; the others learn of it.
    cluster.start('node-d', ['node-d', 'node-b', 'node-a', 'node-c']);
    cluster.each((s) => {
      if (![...s.members()].some((m) => m.name === 'node-d')) s.join({ name: 'node-d' });
    });
    console.log(`--- node-d joins ---\n${cluster.lines.join('\n')}`);
    const joined = cluster.tables();
    expect(new Set(joined.map((t) => t.join())).size).toBe(1);

    // Each running node's view of the join (node-d's comes from its initial table, not an event).
    const joinEvents = ['node-a', 'node-b', 'node-c'].map((n) => cluster.events.get(n)!.at(-1)!);
    for (const e of joinEvents) expect(e.cause).toEqual({ event: 'join', member: 'node-d' });
    const clusterChanges = joinEvents[0]!.changes;
    for (const e of joinEvents) expect(e.changes).toEqual(clusterChanges);
    // Every slot node-a, node-b or node-c gave up went to the newcomer, and nothing else moved
    // between them except replica re-indexing inside a partition they already held.
    const releasesToD = joinEvents.flatMap((e) => e.released.filter((r) => r.to === 'node-d'));
    const dGets = clusterChanges.filter((c) => c.to === 'node-d');
    expect(releasesToD.map((r) => `${r.partition}/${r.replica}`).sort()).toEqual(
      dGets.map((c) => `${c.partition}/${c.replica}`).sort(),
    );
    const dSlots = joined[0]!.filter((o) => o === 'node-d').length;
    expect(dGets.length).toBe(dSlots);
    expect(dSlots).toBeGreaterThanOrEqual(Math.floor((16 * 2) / 4));
    for (const c of clusterChanges.filter((x) => x.to !== 'node-d')) {
      const before = initial.slice(c.partition * 2, c.partition * 2 + 2);
      expect(before, `${c.to} already held partition ${c.partition}`).toContain(c.to);
      // ...and its event says so: no data to copy.
      const receiverEvent = joinEvents[['node-a', 'node-b', 'node-c'].indexOf(c.to!)]!;
      expect(receiverEvent.acquired).toContainEqual(
        expect.objectContaining({ partition: c.partition, replica: c.replica, hadPartition: true }),
      );
    }
    // Each printed release line has its matching acquisition line on the receiving node.
    for (const e of joinEvents) {
      for (const r of e.released) {
        const receiver = r.to!;
        if (receiver === 'node-d') continue;
        const mirror = cluster.events.get(receiver)!.at(-1)!.acquired;
        expect(mirror).toContainEqual(
          expect.objectContaining({ partition: r.partition, replica: r.replica }),
        );
      }
    }

    // node-d leaves.
    const printedBefore = cluster.lines.length;
    cluster.stop('node-d');
    cluster.each((s) => s.leave('node-d'));
    console.log(`--- node-d leaves ---\n${cluster.lines.slice(printedBefore).join('\n')}`);
    const left = cluster.tables();
    // A pure function of the member set: the 3-member table is back, on every node.
    for (const t of left) expect(t).toEqual(initial);
    // The leave mirrors the join: every acquisition now is a release then, with from/to swapped.
    for (const [i, node] of ['node-a', 'node-b', 'node-c'].entries()) {
      const leave = cluster.events.get(node)!.at(-1)!;
      expect(leave.cause).toEqual({ event: 'leave', member: 'node-d' });
      expect(leave.acquired.map((a) => [a.partition, a.replica, a.from])).toEqual(
        joinEvents[i]!.released.map((r) => [r.partition, r.replica, r.to]),
      );
      expect(leave.released.map((r) => [r.partition, r.replica, r.to])).toEqual(
        joinEvents[i]!.acquired.map((a) => [a.partition, a.replica, a.from]),
      );
    }
    // The printed lines are libring's sentences.
    expect(cluster.lines.length).toBeGreaterThan(0);
    for (const line of cluster.lines) {
      expect(line).toMatch(
        /^\[node-[abc]\] (Acquired partition \d+, replica [01] from node-[a-d]( \(data already here\))?|Released partition \d+, replica [01] to node-[a-d]( \(data kept\))?)$/,
      );
    }
    const first = joinEvents[0]!.released[0]!;
    expect(cluster.lines).toContain(
      `[node-a] Released partition ${first.partition}, replica ${first.replica} to ${first.to!}${first.keepsPartition ? ' (data kept)' : ''}`,
    );
    for (const name of [...cluster.parts.keys()]) cluster.stop(name);
  });
});
