import { describe, expect, it } from 'vitest';
import { canonicalMembers } from './member-names.js';

describe('canonicalMembers', () => {
  it('sorts by code unit and drops duplicates, whatever the input order', () => {
    expect(canonicalMembers(['b', 'a', 'B', 'b', 'é', 'a'])).toEqual(['B', 'a', 'b', 'é']);
    expect(canonicalMembers(new Set(['z', 'y']))).toEqual(['y', 'z']);
  });

  it('rejects empty and non-string names with ERR_INVALID_MEMBER', () => {
    expect(() => canonicalMembers(['a', ''])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MEMBER' }),
    );
    expect(() => canonicalMembers([3 as unknown as string])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_MEMBER' }),
    );
  });
});
