import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '@ring/base';
import { hexToBytes, loadFixture } from './fixtures.js';
import { decodeCompound, encodeCompound, packMessages } from '../../src/wire/compound.js';

const msg = (len: number, fill = 4): Uint8Array => new Uint8Array(len).fill(fill);

describe('compound', () => {
  it('packet-compound: decodes and re-encodes byte-identically', () => {
    const bytes = hexToBytes(loadFixture('packet-compound').hex!);
    const { parts, truncated } = decodeCompound(bytes);
    expect(parts.map((p) => p.length)).toEqual([69, 39]);
    expect(truncated).toBe(0);
    expect(encodeCompound(parts)).toEqual(bytes);
  });

  it('refuses 128+ parts unless asked (memberlist v0.2.2 mis-parses them)', () => {
    const parts = Array.from({ length: 128 }, () => msg(1));
    expect(() => encodeCompound(parts)).toThrow(expect.objectContaining({ code: 'ERR_TOO_LARGE' }));
    expect(decodeCompound(encodeCompound(parts, 255)).parts).toHaveLength(128);
    expect(decodeCompound(encodeCompound(parts.slice(1))).parts).toHaveLength(127);
  });

  it('typed errors for impossible compounds', () => {
    expect(() => encodeCompound([])).toThrow(expect.objectContaining({ code: 'ERR_ENCODE' }));
    expect(() => encodeCompound(Array.from({ length: 256 }, () => msg(1)))).toThrow(
      expect.objectContaining({ code: 'ERR_TOO_LARGE' }),
    );
    expect(() => encodeCompound([msg(65_536)])).toThrow(
      expect.objectContaining({ code: 'ERR_TOO_LARGE' }),
    );
    expect(() => decodeCompound(new Uint8Array([7, 3, 0, 1]))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
  });
});

describe('packMessages', () => {
  const size = (packets: Uint8Array[]): number[] => packets.map((p) => p.length);

  it('sends a lone message as is and several as one compound within the budget', () => {
    const one = msg(100);
    expect(packMessages([one])).toEqual([one]);
    const packets = packMessages([msg(600), msg(600)]);
    expect(packets).toHaveLength(1);
    expect(packets[0]!.length).toBe(2 + 2 * 2 + 1200);
    expect(decodeCompound(packets[0]!).parts).toEqual([msg(600), msg(600)]);
  });

  it('seed 11: never exceeds the budget and never drops a message', () => {
    const random = createSeededRandom(11);
    const rand = (): number => random.next();
    for (let round = 0; round < 50; round++) {
      const msgs = Array.from({ length: 1 + Math.floor(rand() * 60) }, (_, i) =>
        // Filled with the index, but always starting with 4 (a packet starting with 7 is a compound).
        Uint8Array.of(4, ...msg(Math.floor(rand() * 500), i & 0xff)),
      );
      const budget = 600 + Math.floor(rand() * 900);
      const packets = packMessages(msgs, { budget });
      for (const p of packets) expect(p.length).toBeLessThanOrEqual(budget);
      // Messages start with 4, so a packet starting with 7 is a compound.
      const out = packets.flatMap((p) => (p[0] === 7 ? decodeCompound(p).parts : [p]));
      expect(out.map((m) => m.length).sort()).toEqual(msgs.map((m) => m.length).sort());
      // First-fit decreasing: at most 11/9 OPT + 1 bins; OPT ≥ total size / budget.
      const total = msgs.reduce((s, m) => s + m.length + 2, 0);
      expect(packets.length).toBeLessThanOrEqual(
        Math.ceil((11 / 9) * Math.ceil(total / (budget - 2))) + 1,
      );
    }
  });

  it('keeps v0.2.2 peers safe: at most 127 parts per compound by default, 255 when asked', () => {
    const many = Array.from({ length: 300 }, () => msg(3));
    expect(packMessages(many, { budget: 65_000 }).map((p) => p[1])).toEqual([127, 127, 46]);
    expect(packMessages(many, { budget: 65_000, maxParts: 255 }).map((p) => p[1])).toEqual([
      255, 45,
    ]);
  });

  it('returns an oversized message alone and rejects bad input', () => {
    expect(size(packMessages([msg(2000), msg(10)]))).toEqual([2000, 10]);
    expect(() => packMessages([new Uint8Array(0)])).toThrow(
      expect.objectContaining({ code: 'ERR_ENCODE' }),
    );
    expect(() => packMessages([msg(1)], { maxParts: 256 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
    expect(() => packMessages([msg(1)], { budget: 0 })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
    );
  });
});
