import { describe, expect, it } from 'vitest';
import type { ImpairedTransport } from '@ring/transport';
import { loadConfig } from '../config/node-config.js';
import type { NodeConfig } from '../config/node-config.js';
import { createTransportFor } from './transport-factory.js';

function config(argv: string[], env: Record<string, string> = {}): NodeConfig {
  const loaded = loadConfig({ argv, env, readFile: () => '', hostname: 'h' });
  if (loaded.help) throw new Error('unexpected help');
  return loaded.config;
}

describe('createTransportFor --impair (testing flag)', () => {
  it('without --impair: the plain UDP transport with the 1400-byte budget', () => {
    const c = config(['--bind', '127.0.0.1:0']);
    expect(c.impair).toBeUndefined();
    const t = createTransportFor(c);
    expect('inner' in t).toBe(false);
    expect(t.maxPacketSize).toBe(1400);
  });

  it('--impair wraps the transport with the parsed faults; mtu caps the budget (IPv4 and IPv6)', async () => {
    const t = createTransportFor(
      config(['--bind', '127.0.0.1:0', '--impair', 'delay=50,jitter=10,loss=0.05,seed=3,mtu=1280']),
    );
    expect('inner' in t).toBe(true);
    expect((t as ImpairedTransport).impairment).toEqual({
      delayMs: 50,
      jitterMs: 10,
      loss: 0.05,
      maxPacketSize: 1252,
    });
    expect(t.maxPacketSize).toBe(1252);
    const v6 = createTransportFor(config(['--bind', '[::1]:0', '--impair', 'mtu=1280']));
    expect(v6.maxPacketSize).toBe(1232);
    // The wrapped transport is a working transport.
    await t.start({ onPacket: () => undefined, onStream: (s) => s.close() });
    expect(t.localAddress()).toMatch(/^127\.0\.0\.1:\d+$/);
    await t.close();
  });

  it('RING_IMPAIR works like the flag; a bad value is ERR_USAGE naming where it came from', () => {
    expect(config([], { RING_IMPAIR: 'loss=0.3' }).impair?.loss).toBe(0.3);
    expect(() => config([], { RING_IMPAIR: 'loss=3' })).toThrow(
      /--impair: loss 3 is outside 0..1.*from environment/,
    );
  });
});
