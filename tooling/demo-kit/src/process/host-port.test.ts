import { describe, expect, it } from 'vitest';
import { parseHostPort } from './host-port.js';

describe('parseHostPort', () => {
  it('reads IPv4, IPv6 and names', () => {
    expect(parseHostPort('127.0.0.1:7947')).toEqual({
      host: '127.0.0.1',
      port: 7947,
      text: '127.0.0.1:7947',
    });
    expect(parseHostPort('[::1]:0')).toMatchObject({ host: '::1', port: 0, text: '[::1]:0' });
    expect(parseHostPort('Seed.Example:7946')).toMatchObject({ host: 'seed.example', port: 7946 });
  });

  it.each(['', '127.0.0.1', '127.0.0.1:', '127.0.0.1:99999', 'a b:1', ':7946'])(
    'refuses %j with ERR_USAGE',
    (text) => {
      expect(() => parseHostPort(text)).toThrow(expect.objectContaining({ code: 'ERR_USAGE' }));
    },
  );

  it('refuses a host name where an IP is needed', () => {
    expect(() => parseHostPort('localhost:7946', { ip: true })).toThrow(/expected an IP address/);
  });
});
