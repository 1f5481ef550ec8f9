import { describe, expect, it } from 'vitest';
import { eligibleMembers, selfSlotChanges } from './placement.js';

describe('eligibleMembers', () => {
  it('keeps alive and suspect members that match every watch tag, sorted', () => {
    const members = [
      { name: 'c', state: 'alive' as const, tags: { role: 'web', zone: 'eu' } },
      { name: 'a', state: 'suspect' as const, tags: { role: 'web' } },
      { name: 'b', state: 'dead' as const, tags: { role: 'web' } },
      { name: 'd', state: 'left' as const, tags: {} },
      { name: 'e', state: 'alive' as const, tags: { role: 'db' } },
    ];
    expect(eligibleMembers(members, {})).toEqual(['a', 'c', 'e']);
    expect(eligibleMembers(members, { role: /^web$/ })).toEqual(['a', 'c']);
    expect(eligibleMembers(members, { role: /^web$/, zone: /eu/ })).toEqual(['c']);
  });
});

describe('selfSlotChanges', () => {
  it('reports acquired and released replicas of self with the other side', () => {
    // P = 3, R = 2: slots p0r0 p0r1 p1r0 p1r1 p2r0 p2r1
    const before = ['a', 'b', 'b', null, 'a', 'b'];
    const after = ['a', 'c', 'c', 'b', 'b', 'a'];
    expect(selfSlotChanges(before, after, 2, 'b')).toEqual([
      { event: 'release', partition: 0, replica: 1, to: 'c' },
      { event: 'release', partition: 1, replica: 0, to: 'c' },
      { event: 'acquire', partition: 1, replica: 1, from: null },
      { event: 'acquire', partition: 2, replica: 0, from: 'a' },
      { event: 'release', partition: 2, replica: 1, to: 'a' },
    ]);
    expect(selfSlotChanges(before, before, 2, 'b')).toEqual([]);
  });
});
