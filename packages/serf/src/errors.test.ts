import { RingError, isRingError } from '@ring/base';
import { describe, expect, it } from 'vitest';
import { SerfError, isSerfError } from './errors.js';

describe('SerfError', () => {
  it('is a RingError from @ring/base with its code, so isRingError holds across packages', () => {
    const err = new SerfError('ERR_TOO_LARGE', 'user event exceeds the limit of 512 bytes');
    expect(err).toBeInstanceOf(RingError);
    expect(isRingError(err)).toBe(true);
    expect(err.code).toBe('ERR_TOO_LARGE');
    expect(err.name).toBe('SerfError');
    expect(isSerfError(err, 'ERR_TOO_LARGE')).toBe(true);
    expect(isSerfError(err, 'ERR_DECODE')).toBe(false);
    expect(isSerfError(new RingError('ERR_TOO_LARGE', 'x'))).toBe(false);
  });
});
