import { expect } from 'vitest';
import { BroadcastError, type BroadcastErrorCode } from '../errors.js';

/** Run `fn`, require it to throw a {@link BroadcastError} with `code`, and return the error. */
export function expectBroadcastError(fn: () => unknown, code: BroadcastErrorCode): BroadcastError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(BroadcastError);
  const error = caught as BroadcastError;
  expect(error.code).toBe(code);
  return error;
}
