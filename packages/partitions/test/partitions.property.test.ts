import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { assign } from '../src/assign/assign.js';
import type { MembershipSource } from '../src/membership/membership.js';
import type { ChangeEvent } from '../src/events/events.js';
import { createPartitions } from '../src/partitions/partitions.js';
import { createSeededRandom } from '@ring/base';

interface SwimishMember {
  name: string;
  address: string;
  meta: Uint8Array;
  state: 'alive' | 'suspect' | 'dead' | 'left';
}

/** A swim-like source: Node's EventEmitter plus members() — what `@ring/swim` exposes. */
class SwimishNode extends EventEmitter implements MembershipSource<SwimishMember> {
  readonly table = new Map<string, SwimishMember>();
  members(): Iterable<SwimishMember> {
    return this.table.values();
  }
  set(member: SwimishMember, event: 'join' | 'update'): void {
    this.table.set(member.name, member);
    this.emit(event, member);
  }
  remove(name: string): void {
    const m = this.table.get(name);
    if (m === undefined) return;
    this.table.delete(name);
    this.emit('leave', m);
  }
}

const meta = (ring: string): Uint8Array => new TextEncoder().encode(ring);

describe('createPartitions over random membership sequences', () => {
  for (const seed of [101, 202, 303]) {
    it(`events replay to the table, epochs rise by one, no event without a change (seed ${seed})`, () => {
      const random = createSeededRandom(seed);
      const node = new SwimishNode();
      for (let i = 0; i < 4; i++)
        node.set(
          { name: `n${i}`, address: `10.0.0.${i}:7946`, meta: meta('1'), state: 'alive' },
          'join',
        );
      const parts = createPartitions(node, {
        localName: 'n0',
        partitions: 64,
        redundancy: 2,
        watchTags: { ring: '^1$' },
        tagsOf: (m) => ({ ring: new TextDecoder().decode(m.meta) }),
      });
      const events: ChangeEvent[] = [];
      parts.on('change', (e) => events.push(e));
      let replayed = [...parts.table.owners];
      let lastEpoch = parts.epoch;
      let next = 4;
      for (let step = 0; step < 40; step++) {
        const names = [...node.table.keys()];
        const pick = names[Math.floor(random.next() * names.length)]!;
        const roll = random.next();
        const before = events.length;
        const eligibleBefore = parts.memberNames.join();
        if (roll < 0.3)
          node.set(
            {
              name: `n${next++}`,
              address: '10.0.1.1:7946',
              meta: meta(random.next() < 0.8 ? '1' : '0'),
              state: 'alive',
            },
            'join',
          );
        else if (roll < 0.5 && names.length > 2) node.remove(pick);
        else if (roll < 0.75)
          node.set({ ...node.table.get(pick)!, address: '10.9.9.9:7946' }, 'update'); // no tag change
        else
          node.set(
            { ...node.table.get(pick)!, meta: meta(random.next() < 0.5 ? '1' : '0') },
            'update',
          );
        const eligible = [...node.table.values()]
          .filter((m) => new TextDecoder().decode(m.meta) === '1')
          .map((m) => m.name);
        expect(parts.table.owners).toEqual(
          assign(eligible, { partitions: 64, redundancy: 2 }).owners,
        );
        if (events.length === before) {
          // nothing emitted: the table did not change (the eligible set may not have either)
          expect(parts.table.owners).toEqual(replayed);
          expect(parts.epoch).toBe(lastEpoch);
          continue;
        }
        expect(events.length).toBe(before + 1);
        expect(parts.memberNames.join()).not.toBe(eligibleBefore);
        const e = events.at(-1)!;
        expect(e.epoch).toBe(lastEpoch + 1);
        expect(e.changes.length).toBeGreaterThan(0);
        for (const c of e.changes) {
          expect(replayed[c.partition * 2 + c.replica]).toBe(c.from);
          replayed[c.partition * 2 + c.replica] = c.to;
        }
        expect(replayed).toEqual(e.table.owners);
        replayed = [...e.table.owners];
        lastEpoch = e.epoch;
      }
      expect(events.length).toBeGreaterThan(5);
      parts.close();
      expect(
        node.listenerCount('join') + node.listenerCount('leave') + node.listenerCount('update'),
      ).toBe(0);
    });
  }
});
