import { describe, expect, it } from 'vitest';
import { checkSize, DEFAULT_LIMITS, resolveLimits } from './limits.js';

describe('limits', () => {
  it('defaults to memberlist v0.6.0+ bounds and freezes the result', () => {
    expect(DEFAULT_LIMITS).toEqual({
      maxNodes: 1_048_576,
      maxUserStateBytes: 20 * 1024 * 1024,
      maxUserMsgBytes: 20 * 1024 * 1024,
      maxDecompressedBytes: 40 * 1024 * 1024,
      maxStreamBytes: 20 * 1024 * 1024,
    });
    expect(Object.isFrozen(resolveLimits({ maxNodes: 5 }))).toBe(true);
    expect(resolveLimits({ maxNodes: 0 }).maxNodes).toBe(0);
  });

  it('rejects invalid limits and checks sizes with distinct codes', () => {
    expect(() => resolveLimits({ maxNodes: -1 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    expect(() => resolveLimits({ maxStreamBytes: 1.5 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    expect(() => checkSize('x', -1, 10)).toThrow(expect.objectContaining({ code: 'ERR_DECODE' }));
    expect(() => checkSize('x', 11, 10)).toThrow(
      expect.objectContaining({ code: 'ERR_TOO_LARGE' }),
    );
    expect(() => checkSize('x', 10, 10)).not.toThrow();
  });
});
