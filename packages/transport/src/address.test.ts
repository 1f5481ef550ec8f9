import { describe, expect, it } from 'vitest';
import { formatAddress, isIPv4, isIPv6, normalizeAddress, parseAddress } from './address.js';
import { TransportError } from './errors.js';

describe('parseAddress', () => {
  it.each([
    ['127.0.0.1:7946', { host: '127.0.0.1', port: 7946, family: 4 }],
    ['0.0.0.0:0', { host: '0.0.0.0', port: 0, family: 4 }],
    ['255.255.255.255:65535', { host: '255.255.255.255', port: 65535, family: 4 }],
    ['[::1]:7946', { host: '::1', port: 7946, family: 6 }],
    ['[::]:1', { host: '::', port: 1, family: 6 }],
    ['[0:0:0:0:0:0:0:1]:80', { host: '::1', port: 80, family: 6 }],
    ['[2001:DB8:0:0:1:0:0:1]:80', { host: '2001:db8::1:0:0:1', port: 80, family: 6 }],
    ['[2001:db8:0:1:1:1:1:1]:80', { host: '2001:db8:0:1:1:1:1:1', port: 80, family: 6 }],
    ['[fe80::1%eth0]:7946', { host: 'fe80::1%eth0', port: 7946, family: 6 }],
    ['[::ffff:10.0.0.1]:7946', { host: '::ffff:10.0.0.1', port: 7946, family: 6 }],
    ['[64:ff9b::192.0.2.33]:7', { host: '64:ff9b::c000:221', port: 7, family: 6 }],
    ['localhost:8080', { host: 'localhost', port: 8080, family: 'name' }],
    ['Node-1.Example.COM.:7946', { host: 'node-1.example.com', port: 7946, family: 'name' }],
    ['_sip._udp.example.com:5060', { host: '_sip._udp.example.com', port: 5060, family: 'name' }],
  ] as const)('parses %s', (input, expected) => {
    expect(parseAddress(input)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['127.0.0.1', 'missing port'],
    ['127.0.0.1:', 'missing port'],
    [':7946', 'empty host'],
    ['127.0.0.1:65536', 'out of range'],
    ['127.0.0.1:99999', 'out of range'],
    ['127.0.0.1:-1', 'digits'],
    ['127.0.0.1:80a', 'digits'],
    ['127.0.0.1:123456', 'digits'],
    ['::1:7946', 'bracketed'],
    ['fe80::1', 'bracketed'],
    ['[::1]', 'missing port'],
    ['[::1]7946', 'missing port'],
    ['[::1:7946', 'missing "]"'],
    ['[]:7946', 'empty host'],
    ['[127.0.0.1]:7946', 'only for IPv6'],
    ['[1:2:3:4:5:6:7:8:9]:1', 'malformed IPv6'],
    ['[1::2::3]:1', 'malformed IPv6'],
    ['[12345::]:1', 'malformed IPv6'],
    ['[g::1]:1', 'malformed IPv6'],
    ['256.0.0.1:1', 'malformed IPv4'],
    ['01.2.3.4:1', 'malformed IPv4'],
    ['1.2.3:1', 'malformed IPv4'],
    ['-bad.example:1', 'label'],
    ['a..b:1', 'label'],
    ['spa ce:1', 'label'],
    [`${'a'.repeat(64)}.com:1`, 'label'],
  ])('rejects %j (%s)', (input, why) => {
    let caught: unknown;
    try {
      parseAddress(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TransportError);
    expect((caught as TransportError).code).toBe('ERR_INVALID_ADDRESS');
    expect((caught as TransportError).message).toContain(why);
  });

  it('rejects non-strings with a typed error', () => {
    expect(() => parseAddress(42 as unknown as string)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
  });
});

describe('formatAddress', () => {
  it.each([
    ['127.0.0.1', 7946, '127.0.0.1:7946'],
    ['::1', 7946, '[::1]:7946'],
    ['[::1]', 7946, '[::1]:7946'],
    ['0:0:0:0:0:0:0:0', 0, '[::]:0'],
    ['FE80:0:0:0:0:0:0:1', 1, '[fe80::1]:1'],
    ['Example.com', 80, 'example.com:80'],
  ])('formats %s %d as %s', (host, port, expected) => {
    expect(formatAddress(host, port)).toBe(expected);
    expect(normalizeAddress(expected)).toBe(expected);
  });

  it.each([
    ['127.0.0.1', -1],
    ['127.0.0.1', 65536],
    ['127.0.0.1', 1.5],
    ['', 1],
    ['1:2', 1],
  ])('rejects %j port %d', (host, port) => {
    expect(() => formatAddress(host, port)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
  });

  it('round-trips every parsed address', () => {
    for (const a of ['[2001:db8::1]:1', '10.0.0.1:7946', 'a.b:9', '[::ffff:1.2.3.4]:5']) {
      const p = parseAddress(a);
      expect(formatAddress(p.host, p.port)).toBe(a);
    }
  });
});

describe('isIPv4 / isIPv6', () => {
  it('classifies hosts', () => {
    expect(isIPv4('10.0.0.1')).toBe(true);
    expect(isIPv4('10.0.0')).toBe(false);
    expect(isIPv6('::1')).toBe(true);
    expect(isIPv6('1:2:3:4:5:6:7:8')).toBe(true);
    expect(isIPv6('1:2:3:4:5:6:7')).toBe(false);
    expect(isIPv6('10.0.0.1')).toBe(false);
  });
});
