import { isRingError, RingError } from '@ring/base';
import { describe, expect, it } from 'vitest';
import { isPartitionsError, PartitionsError } from './errors.js';
import { staticMembership } from './membership/membership.js';

describe('PartitionsError', () => {
  it('carries a code, a name and a cause', () => {
    const cause = new Error('root');
    const error = new PartitionsError('ERR_HOOK_FAILED', 'hook', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ERR_HOOK_FAILED');
    expect(error.name).toBe('PartitionsError');
    expect(error.message).toBe('hook');
    expect(error.cause).toBe(cause);
  });

  it('is a RingError from @ring/base, so isRingError recognises it with its code', () => {
    const error = new PartitionsError('ERR_CLOSED', 'closed');
    expect(error).toBeInstanceOf(RingError);
    expect(isRingError(error)).toBe(true);
    expect(isRingError(error, 'ERR_CLOSED')).toBe(true);
    expect(isRingError(error, 'ERR_ABORTED')).toBe(false);
    expect(isPartitionsError(error, 'ERR_CLOSED')).toBe(true);
  });

  it('is what the package throws: isRingError is true for a real failure', () => {
    let caught: unknown;
    try {
      staticMembership([{ name: '' }]);
    } catch (error) {
      caught = error;
    }
    expect(isPartitionsError(caught, 'ERR_INVALID_MEMBER')).toBe(true);
    expect(isRingError(caught, 'ERR_INVALID_MEMBER')).toBe(true);
  });
});
