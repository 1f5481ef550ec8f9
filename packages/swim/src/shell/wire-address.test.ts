import { describe, expect, it } from 'vitest';
import { addressToWire, wireToAddress } from './wire-address.js';

describe('addressToWire / wireToAddress', () => {
  it.each([
    ['127.0.0.1:7946', [127, 0, 0, 1], 7946],
    ['192.168.1.200:1', [192, 168, 1, 200], 1],
    ['[::1]:7946', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 7946],
    ['[fd00::1:2]:80', [0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2], 80],
    ['[2001:db8:0:1:2:3:4:5]:9', [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5], 9],
  ])('%s ↔ %j port %i', (address, bytes, port) => {
    const w = addressToWire(address);
    expect([...w.ip]).toEqual(bytes);
    expect(w.port).toBe(port);
    expect(wireToAddress(Uint8Array.from(bytes), port)).toBe(address);
  });

  it('prints IPv4-mapped IPv6 as IPv4, like Go', () => {
    expect(
      wireToAddress(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1), 5),
    ).toBe('10.0.0.1:5');
  });

  it('rejects host names and odd IP lengths with ERR_INVALID_ADDRESS', () => {
    expect(() => addressToWire('example.com:1')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }) as Error,
    );
    expect(() => addressToWire('nonsense')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }) as Error,
    );
    expect(() => wireToAddress(Uint8Array.of(1, 2, 3), 1)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }) as Error,
    );
  });
});
