import { describe, expect, it } from 'vitest';
import { addressToIp, ipToAddress } from './ip-bytes.js';

describe('IP bytes for query source addresses', () => {
  it('round-trips IPv4 and IPv6', () => {
    expect(addressToIp('127.0.0.1:7946')).toEqual({ ip: Uint8Array.of(127, 0, 0, 1), port: 7946 });
    expect(ipToAddress(Uint8Array.of(10, 1, 2, 3), 80)).toBe('10.1.2.3:80');
    const v6 = addressToIp('[::1]:7946');
    expect(Array.from(v6.ip)).toEqual([...Array<number>(15).fill(0), 1]);
    expect(ipToAddress(v6.ip, 7946)).toBe('[0:0:0:0:0:0:0:1]:7946');
    const mapped = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 1, 200);
    expect(ipToAddress(mapped, 1)).toBe('192.168.1.200:1');
  });

  it('refuses host names and odd lengths', () => {
    expect(() => addressToIp('example.com:1')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }) as Error,
    );
    expect(() => ipToAddress(Uint8Array.of(1, 2, 3), 1)).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }) as Error,
    );
  });
});
