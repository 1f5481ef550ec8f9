import { hash64 } from '@ring/hashring';
import { describe, expect, it } from 'vitest';
import { partitionFor, xxhash64Partitioner } from './partition-of.js';
import { codeOf as code } from '../testing/error-code.js';

describe('xxhash64Partitioner', () => {
  it('is xxhash64(key) mod P, for strings and their UTF-8 bytes alike', () => {
    for (const key of ['', 'user:42', 'ключ', '🔑']) {
      const expected = Number(hash64(key) % 1000n);
      expect(xxhash64Partitioner(key, 1000)).toBe(expected);
      expect(xxhash64Partitioner(new TextEncoder().encode(key), 1000)).toBe(expected);
    }
  });

  it('spreads keys over every partition', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(xxhash64Partitioner(`key-${i}`, 64));
    expect(seen.size).toBe(64);
  });
});

describe('partitionFor', () => {
  it('rejects keys that are neither strings nor bytes', () => {
    expect(code(() => partitionFor(xxhash64Partitioner, 42 as unknown as string, 8))).toBe(
      'ERR_INVALID_KEY',
    );
  });

  it('rejects a custom partitioner answer outside [0, P) or non-integer', () => {
    expect(code(() => partitionFor(() => 8, 'k', 8))).toBe('ERR_INVALID_KEY');
    expect(code(() => partitionFor(() => -1, 'k', 8))).toBe('ERR_INVALID_KEY');
    expect(code(() => partitionFor(() => 1.5, 'k', 8))).toBe('ERR_INVALID_KEY');
    expect(partitionFor((key) => (typeof key === 'string' ? key.length : 0) % 8, 'abc', 8)).toBe(3);
  });
});
