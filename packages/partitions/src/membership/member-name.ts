import { PartitionsError } from '../errors.js';

/**
 * The name of a member record, after checking it has a non-empty string name.
 *
 * @param member - a member record from a source (or from a caller of `staticMembership`).
 * @throws PartitionsError `ERR_INVALID_MEMBER`
 */
export function memberName(member: unknown): string {
  const name =
    typeof member === 'object' && member !== null
      ? (member as { readonly name?: unknown }).name
      : undefined;
  if (typeof name !== 'string' || name.length === 0) {
    throw new PartitionsError('ERR_INVALID_MEMBER', 'a member needs a non-empty string name');
  }
  return name;
}
