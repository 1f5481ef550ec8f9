import { describe, expect, it } from 'vitest';
import { formatHostPort, parseHostPort } from './host-port.js';

describe('parseHostPort / formatHostPort', () => {
  it.each([
    ['127.0.0.1:7946', undefined, { host: '127.0.0.1', port: 7946 }],
    ['seed.local:0', undefined, { host: 'seed.local', port: 0 }],
    ['[::1]:7946', undefined, { host: '::1', port: 7946 }],
    ['[fe80::1%eth0]:1', undefined, { host: 'fe80::1%eth0', port: 1 }],
    ['seed.local', 7946, { host: 'seed.local', port: 7946 }],
    ['[::1]', 7000, { host: '::1', port: 7000 }],
  ])('parses %s', (text, defaultPort, expected) => {
    expect(parseHostPort(text, '--x', defaultPort)).toEqual(expected);
    expect(formatHostPort(expected.host, expected.port)).toBe(
      defaultPort === undefined ? text : formatHostPort(expected.host, defaultPort),
    );
  });

  it.each([
    '',
    ':7946',
    'host:',
    'host:-1',
    'host:65536',
    '::1',
    '[::1',
    '[::1]x',
    '[zz]:1',
    'bad host:1',
    'a:b',
    '999.1.1.1:7946',
    '1.2.3:7946',
    '[1:2:3]:7946',
  ])('rejects %j with ERR_USAGE', (text) => {
    expect(() => parseHostPort(text, '--bind')).toThrow(
      expect.objectContaining({
        code: 'ERR_USAGE',
        message: expect.stringContaining('--bind: invalid address'),
      }),
    );
  });
});
