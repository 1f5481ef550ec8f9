import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame } from './frame-decoder.js';

describe('FrameDecoder', () => {
  it('decodes frames split at every possible byte boundary', () => {
    const payloads = [
      Uint8Array.of(1, 2, 3),
      new Uint8Array(0),
      Uint8Array.from({ length: 300 }, (_, i) => i & 255),
    ];
    const wire = Buffer.concat(payloads.map(encodeFrame));
    for (let cut = 0; cut <= wire.length; cut++) {
      const got: number[][] = [];
      const d = new FrameDecoder(1000, (f) => got.push([...f]));
      d.push(wire.subarray(0, cut));
      d.push(wire.subarray(cut));
      expect(got).toEqual(payloads.map((p) => [...p]));
      expect(d.bufferedBytes).toBe(0);
    }
  });

  it('decodes byte by byte and hands out buffers the receiver owns', () => {
    const wire = Buffer.concat([encodeFrame(Uint8Array.of(9, 8)), encodeFrame(Uint8Array.of(7))]);
    const got: Uint8Array[] = [];
    const d = new FrameDecoder(10, (f) => got.push(f));
    for (const b of wire) d.push(Buffer.of(b));
    expect(got.map((f) => [...f])).toEqual([[9, 8], [7]]);
    wire.fill(0);
    expect([...got[0]!]).toEqual([9, 8]);
  });

  it('rejects a frame that announces more than the limit with ERR_PACKET_TOO_LARGE', () => {
    const d = new FrameDecoder(4, () => undefined);
    expect(() => d.push(encodeFrame(new Uint8Array(5)))).toThrow(
      expect.objectContaining({ code: 'ERR_PACKET_TOO_LARGE' }),
    );
  });

  it('keeps a partial frame buffered', () => {
    const d = new FrameDecoder(100, () => undefined);
    d.push(encodeFrame(new Uint8Array(10)).subarray(0, 7));
    expect(d.bufferedBytes).toBe(7);
  });
});
