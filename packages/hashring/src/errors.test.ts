import { isRingError, RingError } from '@ring/base';
import { describe, expect, it } from 'vitest';
import { HashRingError, isHashRingError } from './errors.js';
import { createRing } from './ring/create-ring.js';

describe('HashRingError', () => {
  it('carries a code, a name and a cause', () => {
    const cause = new Error('root');
    const error = new HashRingError('ERR_EMPTY_RING', 'empty', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ERR_EMPTY_RING');
    expect(error.name).toBe('HashRingError');
    expect(error.message).toBe('empty');
    expect(error.cause).toBe(cause);
  });

  it('is a RingError from @ring/base, so isRingError recognises it with its code', () => {
    const error = new HashRingError('ERR_INVALID_NODE', 'bad node');
    expect(error).toBeInstanceOf(RingError);
    expect(isRingError(error)).toBe(true);
    expect(isRingError(error, 'ERR_INVALID_NODE')).toBe(true);
    expect(isRingError(error, 'ERR_INVALID_KEY')).toBe(false);
    expect(isHashRingError(error, 'ERR_INVALID_NODE')).toBe(true);
  });

  it('is what a ring throws: isRingError is true for a real failure', () => {
    let caught: unknown;
    try {
      createRing(['a', 'a']);
    } catch (error) {
      caught = error;
    }
    expect(isHashRingError(caught, 'ERR_DUPLICATE_NODE')).toBe(true);
    expect(isRingError(caught, 'ERR_DUPLICATE_NODE')).toBe(true);
  });
});
