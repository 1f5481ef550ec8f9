import { PartitionsError } from '../errors.js';

/**
 * Unique member names in ascending code-unit order: the canonical member list of a table, the same
 * whatever order (and duplicates) the caller gives.
 *
 * @param members - member names.
 * @throws PartitionsError `ERR_INVALID_MEMBER` for a non-string or empty name.
 */
export function canonicalMembers(members: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const name of members) {
    if (typeof name !== 'string' || name.length === 0) {
      throw new PartitionsError(
        'ERR_INVALID_MEMBER',
        `member names must be non-empty strings, got ${JSON.stringify(name)}`,
      );
    }
    set.add(name);
  }
  return [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
