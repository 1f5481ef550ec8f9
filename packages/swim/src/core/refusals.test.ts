import { describe, expect, it } from 'vitest';
import { WireError } from '../wire/index.js';
import { reasonOf } from './refusals.js';

describe('refusals', () => {
  it.each([
    [new WireError('ERR_LABEL_MISMATCH', 'x'), 'label_mismatch'],
    [new WireError('ERR_DECRYPT', 'x'), 'decrypt'],
    [new WireError('ERR_TOO_LARGE', 'x'), 'too_large'],
    [new Error('no code'), 'decode'],
    [undefined, 'decode'],
  ] as const)('%s → %s', (error, reason) => {
    expect(reasonOf(error)).toBe(reason);
  });
});
