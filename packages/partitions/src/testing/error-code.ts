import { isPartitionsError } from '../errors.js';

/**
 * Unit-test support (not built, not published): the `code` of the {@link PartitionsError} `fn`
 * throws, `'not a PartitionsError'` for anything else thrown, `undefined` when it returns.
 *
 * @param fn - the call under test.
 */
export const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isPartitionsError(error) ? error.code : 'not a PartitionsError';
  }
  return undefined;
};
