/**
 * Unit-test support (not built, not published): the `code` of what `fn` throws, or `undefined`
 * when it returns.
 *
 * @param fn - the call under test.
 */
export const thrownCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};
