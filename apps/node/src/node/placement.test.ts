import { describe, expect, it } from 'vitest';
import { eligibleMembers } from './placement.js';

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
