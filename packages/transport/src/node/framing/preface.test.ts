import { describe, expect, it } from 'vitest';
import { KIND_PACKETS, KIND_STREAM, decodePreface, encodePreface } from './preface.js';

describe('connection preface', () => {
  it('round-trips kind and address, needing all bytes', () => {
    const wire = Buffer.concat([encodePreface(KIND_STREAM, '[::1]:7946'), Buffer.of(1, 2)]);
    for (let n = 0; n < wire.length - 2; n++)
      expect(decodePreface(wire.subarray(0, n))).toBeUndefined();
    expect(decodePreface(wire)).toEqual({
      preface: { kind: KIND_STREAM, from: '[::1]:7946' },
      length: wire.length - 2,
    });
    expect(decodePreface(encodePreface(KIND_PACKETS, '10.0.0.1:1'))?.preface.kind).toBe(
      KIND_PACKETS,
    );
  });

  it('rejects foreign bytes, unknown kinds and bad addresses with typed errors', () => {
    expect(() => decodePreface(Buffer.from('GET / HTTP/1.1'))).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
    expect(() => decodePreface(Buffer.of(0x52, 0x00, 0))).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
    const bad = Buffer.concat([Buffer.of(0x52, KIND_STREAM, 5), Buffer.from('nope!')]);
    expect(() => decodePreface(bad)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
    expect(() => encodePreface(KIND_STREAM, `${'a'.repeat(300)}:1`)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ADDRESS' }),
    );
  });
});
