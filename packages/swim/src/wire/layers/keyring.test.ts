import { describe, expect, it } from 'vitest';
import { Keyring } from './keyring.js';

const key = (n: number, size = 16): Uint8Array => new Uint8Array(size).fill(n);

describe('Keyring', () => {
  it('install, use, remove, list with the primary first', () => {
    const ring = new Keyring([key(1)]);
    ring.install(key(2, 24));
    ring.install(key(3, 32));
    ring.install(key(2, 24)); // already there: no-op
    expect(ring.list()).toEqual([key(1), key(2, 24), key(3, 32)]);
    ring.use(key(3, 32));
    expect(ring.primary).toEqual(key(3, 32));
    expect(ring.list()).toEqual([key(3, 32), key(1), key(2, 24)]);
    ring.remove(key(1));
    ring.remove(key(9)); // not installed: no-op
    expect(ring.list()).toEqual([key(3, 32), key(2, 24)]);
    expect(ring.size).toBe(2);
  });

  it('an empty ring has no primary; the first install becomes primary', () => {
    const ring = new Keyring();
    expect(ring.primary).toBeUndefined();
    ring.install(key(5));
    expect(ring.primary).toEqual(key(5));
  });

  it('copies keys in and out', () => {
    const k = key(1);
    const ring = new Keyring([k]);
    k.fill(9);
    ring.list()[0]!.fill(8);
    expect(ring.primary).toEqual(key(1));
  });

  it('typed errors: invalid size, unknown key, removing the primary', () => {
    expect(() => new Keyring([new Uint8Array(15)])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY' }),
    );
    const ring = new Keyring([key(1)]);
    expect(() => ring.install(new Uint8Array(33))).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY' }),
    );
    expect(() => ring.use(key(2))).toThrow(expect.objectContaining({ code: 'ERR_UNKNOWN_KEY' }));
    expect(() => ring.remove(key(1))).toThrow(expect.objectContaining({ code: 'ERR_PRIMARY_KEY' }));
    expect(ring.list()).toEqual([key(1)]);
  });
});
