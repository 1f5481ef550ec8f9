import { describe, expect, it } from 'vitest';
import { TransportError } from '../errors.js';
import { resolveHost, systemResolver } from './resolve-host.js';
import { toTransportError } from './socket-errors.js';

describe('resolveHost', () => {
  it('returns IP literals without asking the resolver', async () => {
    const resolver = (): Promise<string[]> => Promise.reject(new Error('must not be called'));
    expect(await resolveHost('10.1.2.3', 4, resolver)).toBe('10.1.2.3');
    expect(await resolveHost('::1', 6, resolver)).toBe('::1');
  });

  it('picks an address of the socket family; IPv6 sockets fall back to IPv4', async () => {
    const resolver = (): Promise<string[]> => Promise.resolve(['::1', '127.0.0.1']);
    expect(await resolveHost('svc', 4, resolver)).toBe('127.0.0.1');
    expect(await resolveHost('svc', 6, resolver)).toBe('::1');
    expect(await resolveHost('svc', 6, () => Promise.resolve(['10.0.0.1']))).toBe('10.0.0.1');
  });

  it('maps resolver failures and family mismatches to ERR_UNRESOLVABLE_ADDRESS', async () => {
    const enotfound = (): Promise<string[]> =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }));
    await expect(resolveHost('x', 4, enotfound)).rejects.toMatchObject({
      code: 'ERR_UNRESOLVABLE_ADDRESS',
    });
    await expect(resolveHost('x', 4, () => Promise.resolve(['::1']))).rejects.toMatchObject({
      code: 'ERR_UNRESOLVABLE_ADDRESS',
    });
    await expect(resolveHost('x', 4, () => Promise.resolve([]))).rejects.toMatchObject({
      code: 'ERR_UNRESOLVABLE_ADDRESS',
    });
  });

  it('systemResolver resolves localhost and fails .invalid names without a query (RFC 6761)', async () => {
    expect((await systemResolver('localhost')).length).toBeGreaterThan(0);
    await expect(systemResolver('anything.invalid')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('toTransportError', () => {
  it.each([
    ['ECONNREFUSED', 'ERR_CONNECTION_REFUSED'],
    ['ECONNRESET', 'ERR_CONNECTION_RESET'],
    ['EPIPE', 'ERR_CONNECTION_RESET'],
    ['ENOTFOUND', 'ERR_UNRESOLVABLE_ADDRESS'],
    ['EAI_AGAIN', 'ERR_UNRESOLVABLE_ADDRESS'],
    ['EADDRINUSE', 'ERR_BIND'],
    ['EACCES', 'ERR_BIND'],
    ['ETIMEDOUT', 'ERR_TIMEOUT'],
    ['EMSGSIZE', 'ERR_PACKET_TOO_LARGE'],
    ['ESOMETHINGELSE', 'ERR_SEND'],
  ])('maps %s to %s and keeps the cause', (nodeCode, code) => {
    const cause = Object.assign(new Error('boom'), { code: nodeCode });
    const e = toTransportError(cause, 'ERR_SEND', 'op');
    expect(e).toBeInstanceOf(TransportError);
    expect(e.code).toBe(code);
    expect(e.cause).toBe(cause);
    expect(e.message).toBe('op: boom');
  });

  it('passes typed errors through and wraps non-errors', () => {
    const typed = new TransportError('ERR_TIMEOUT', 't');
    expect(toTransportError(typed, 'ERR_SEND', 'op')).toBe(typed);
    expect(toTransportError('weird', 'ERR_SEND', 'op')).toMatchObject({
      code: 'ERR_SEND',
      message: 'op: weird',
    });
  });
});
