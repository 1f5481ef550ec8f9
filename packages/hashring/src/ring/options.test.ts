import { describe, expect, it } from 'vitest';
import { isPrime, resolveOptions } from './options.js';
import { thrownCode } from '../testing/error-code.js';

const code = thrownCode;

describe('resolveOptions', () => {
  it('applies the documented defaults and freezes the result', () => {
    const vnode = resolveOptions();
    expect(vnode).toEqual({ algorithm: 'vnode', seed: 0, vnodesPerWeight: 400 });
    expect(Object.isFrozen(vnode)).toBe(true);
    expect(resolveOptions({ algorithm: 'bounded' })).toEqual({
      algorithm: 'bounded',
      seed: 0,
      vnodesPerWeight: 400,
      loadFactor: 1.25,
    });
    expect(resolveOptions({ algorithm: 'maglev' })).toEqual({
      algorithm: 'maglev',
      seed: 0,
      tableSize: 65537,
    });
    expect(resolveOptions({ algorithm: 'ketama' })).toEqual({
      algorithm: 'ketama',
      vnodeCount: 40,
    });
    expect(resolveOptions({ algorithm: 'jump', seed: 0xffffffff })).toEqual({
      algorithm: 'jump',
      seed: -1,
    });
  });
  it('rejects unknown algorithms, out-of-range values and options of another algorithm', () => {
    expect(code(() => resolveOptions({ algorithm: 'nope' as 'vnode' }))).toBe('ERR_INVALID_OPTION');
    expect(code(() => resolveOptions({ vnodesPerWeight: 0 }))).toBe('ERR_INVALID_OPTION');
    expect(code(() => resolveOptions({ vnodesPerWeight: 1.5 }))).toBe('ERR_INVALID_OPTION');
    expect(code(() => resolveOptions({ algorithm: 'bounded', loadFactor: 0.9 }))).toBe(
      'ERR_INVALID_OPTION',
    );
    expect(code(() => resolveOptions({ algorithm: 'bounded', loadFactor: Number.NaN }))).toBe(
      'ERR_INVALID_OPTION',
    );
    expect(code(() => resolveOptions({ algorithm: 'maglev', tableSize: 65536 }))).toBe(
      'ERR_INVALID_OPTION',
    );
    expect(code(() => resolveOptions({ algorithm: 'jump', vnodesPerWeight: 10 }))).toBe(
      'ERR_INVALID_OPTION',
    );
    expect(code(() => resolveOptions({ algorithm: 'ketama', seed: 1 }))).toBe('ERR_INVALID_OPTION');
    expect(code(() => resolveOptions({ loadFactor: 2 }))).toBe('ERR_INVALID_OPTION');
  });
  it('isPrime', () => {
    expect([2, 3, 5, 65537, 251].every(isPrime)).toBe(true);
    expect([0, 1, 4, 9, 65535, 65536, 2.5].some(isPrime)).toBe(false);
  });
});
