import { describe, expect, it } from 'vitest';
import { RingError, isRingError } from './ring-error.js';

class DemoError extends RingError<'ERR_DEMO'> {
  constructor(message: string) {
    super('ERR_DEMO', message);
    this.name = 'DemoError';
  }
}

describe('RingError', () => {
  it('carries its code, message and cause', () => {
    const cause = new Error('root');
    const error = new RingError('ERR_TIMEOUT', 'dial timed out', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('ERR_TIMEOUT');
    expect(error.message).toBe('dial timed out');
    expect(error.cause).toBe(cause);
    expect(error.name).toBe('RingError');
  });

  it('isRingError recognises subclasses and checks the code when given', () => {
    const error = new DemoError('boom');
    expect(isRingError(error)).toBe(true);
    expect(isRingError(error, 'ERR_DEMO')).toBe(true);
    expect(isRingError(error, 'ERR_OTHER')).toBe(false);
    expect(isRingError(new Error('plain'))).toBe(false);
    expect(isRingError({ code: 'ERR_DEMO' })).toBe(false);
    expect(isRingError(undefined)).toBe(false);
  });
});
