import { isRingError, RingError } from '@ring/base';
import { describe, expect, it } from 'vitest';
import { BroadcastError, isBroadcastError } from './errors.js';

describe('BroadcastError', () => {
  it('carries a code, a name and a cause', () => {
    const cause = new Error('root');
    const error = new BroadcastError('ERR_QUEUE_FULL', 'full', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ERR_QUEUE_FULL');
    expect(error.name).toBe('BroadcastError');
    expect(error.message).toBe('full');
    expect(error.cause).toBe(cause);
  });

  it('is recognised by isBroadcastError, optionally by code', () => {
    const error = new BroadcastError('ERR_BROADCAST_TOO_LARGE', 'big');
    expect(isBroadcastError(error)).toBe(true);
    expect(isBroadcastError(error, 'ERR_BROADCAST_TOO_LARGE')).toBe(true);
    expect(isBroadcastError(error, 'ERR_QUEUE_FULL')).toBe(false);
    expect(isBroadcastError(new Error('x'))).toBe(false);
    expect(isBroadcastError({ code: 'ERR_QUEUE_FULL' })).toBe(false);
  });

  it('is a RingError from @ring/base, so isRingError recognises it with its code', () => {
    const error = new BroadcastError('ERR_QUEUE_FULL', 'full');
    expect(error).toBeInstanceOf(RingError);
    expect(isRingError(error)).toBe(true);
    expect(isRingError(error, 'ERR_QUEUE_FULL')).toBe(true);
    expect(isRingError(error, 'ERR_INVALID_OPTION')).toBe(false);
  });
});
