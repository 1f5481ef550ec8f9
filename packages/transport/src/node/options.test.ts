import { describe, expect, it } from 'vitest';
import { systemClock } from '@ring/base';
import { resolveNodeTransportOptions } from './options.js';
import { systemResolver } from './resolve-host.js';

describe('resolveNodeTransportOptions', () => {
  it('applies documented defaults and freezes the result', () => {
    const o = resolveNodeTransportOptions();
    expect(o).toMatchObject({
      bindAddress: '0.0.0.0',
      bindPort: 7946,
      family: 4,
      maxPacketSize: 1400,
      dialTimeoutMs: 10_000,
      unref: true,
      streamHighWaterMark: 262_144,
      bindRetries: 10,
      idleTimeoutMs: 60_000,
    });
    expect(o.clock).toBe(systemClock);
    expect(o.resolver).toBe(systemResolver);
    expect(Object.isFrozen(o)).toBe(true);
  });

  it('detects IPv6 bind addresses, bracketed or not', () => {
    expect(resolveNodeTransportOptions({ bindAddress: '::1' }).family).toBe(6);
    expect(resolveNodeTransportOptions({ bindAddress: '[::]' })).toMatchObject({
      family: 6,
      bindAddress: '::',
    });
  });

  it('keeps explicit zeros (?? not ||)', () => {
    expect(resolveNodeTransportOptions({ bindPort: 0 }).bindPort).toBe(0);
    expect(resolveNodeTransportOptions({ unref: false }).unref).toBe(false);
  });

  it.each([
    [{ bindPort: 70000 }, 'ERR_INVALID_OPTION'],
    [{ bindPort: -1 }, 'ERR_INVALID_OPTION'],
    [{ maxPacketSize: 0 }, 'ERR_INVALID_OPTION'],
    [{ maxPacketSize: 1.5 }, 'ERR_INVALID_OPTION'],
    [{ dialTimeoutMs: 0 }, 'ERR_INVALID_OPTION'],
    [{ dialTimeoutMs: Number.NaN }, 'ERR_INVALID_OPTION'],
    [{ advertisePort: 0 }, 'ERR_INVALID_OPTION'],
    [{ bindAddress: 'localhost' }, 'ERR_INVALID_ADDRESS'],
    [{ bindAddress: '1.2.3' }, 'ERR_INVALID_ADDRESS'],
    [{ advertiseAddress: 'bad host' }, 'ERR_INVALID_ADDRESS'],
  ] as const)('rejects %j with %s', (options, code) => {
    expect(() => resolveNodeTransportOptions(options)).toThrow(expect.objectContaining({ code }));
  });
});
