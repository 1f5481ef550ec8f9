import { describe, expect, it } from 'vitest';
import { MemoryNetwork, VirtualClock, createSeededRandom } from '@ring/transport';
import { MessageType, compressMessage, encodeCompound } from '@ring/swim/wire';
import { loadConfig } from '../config/node-config.js';
import { RingNode } from '../node/ring-node.js';

const quiet = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

describe('ring-node /metrics: refusals by transport and reason (issue 19)', () => {
  it('seed 19: a junk datagram and a compress-in-compound bomb show up labelled, and in the old lump', async () => {
    const clock = new VirtualClock(1_700_000_000_000);
    const network = new MemoryNetwork({ clock, seed: 19, defaultLink: { latencyMs: 1 } });
    const loaded = loadConfig({
      argv: ['--name', 'm1', '--http', 'off', '--json', '--preset', 'local'],
      env: {},
      readFile: () => '',
      hostname: 'unused',
    });
    if (loaded.help) throw new Error('help');
    const node = await clock.runUntilSettled(
      RingNode.start({
        config: loaded.config,
        transport: network.createTransport({ maxPacketSize: 65_536 }),
        clock,
        random: createSeededRandom(19),
        logger: quiet,
        onEvent: () => undefined,
        swimOptions: {},
      }),
      { maxMs: 10_000 },
    );
    const attacker = network.createTransport({ maxPacketSize: 65_536 });
    await attacker.start({ onPacket: () => undefined, onStream: (s) => s.close() });
    const part = compressMessage(new Uint8Array(100_000).fill(MessageType.User));
    await attacker.sendPacket(node.address, Uint8Array.of(0x7f, 1, 2));
    await attacker.sendPacket(node.address, encodeCompound([part, part]));
    await clock.advanceAsync(100);
    const text = node.metrics();
    expect(text).toContain('ring_swim_refusals_total{reason="unsupported",transport="udp"} 1');
    expect(text).toContain(
      'ring_swim_refusals_total{reason="compress_in_compound",transport="udp"} 2',
    );
    expect(text).toMatch(/^ring_swim_decode_errors_total 3$/m);
    await clock.runUntilSettled(node.shutdown(), { maxMs: 10_000 });
    await attacker.close();
  });
});
