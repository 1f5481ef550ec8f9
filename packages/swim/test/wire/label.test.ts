import { describe, expect, it } from 'vitest';
import { hexToBytes, loadFixture, toHex } from './fixtures.js';
import {
  checkLabel,
  encodeLabelHeader,
  labelBytes,
  labelOverhead,
  readLabelHeader,
} from '../../src/wire/layers/label.js';

describe('labels', () => {
  it('label-packet: the header is [244][len][label]', () => {
    const f = loadFixture('label-packet');
    const bytes = hexToBytes(f.hex!);
    const { label, offset } = readLabelHeader(bytes);
    expect(new TextDecoder().decode(label)).toBe('prod-east');
    expect(toHex(encodeLabelHeader('prod-east'))).toBe(f.hex!.slice(0, offset * 2));
    expect(labelOverhead('prod-east')).toBe(11);
    expect(labelOverhead('')).toBe(0);
    expect(encodeLabelHeader('')).toHaveLength(0);
  });

  it('labelBytes: alternating labels each get their own bytes; a too-long label throws every time', () => {
    const text = (b: Uint8Array): string => new TextDecoder().decode(b);
    for (const l of ['a', 'prod-east', 'a', 'é', 'prod-east']) expect(text(labelBytes(l))).toBe(l);
    expect(labelBytes('')).toHaveLength(0);
    expect(labelBytes(undefined)).toHaveLength(0);
    const raw = new Uint8Array([1, 2]);
    expect(labelBytes(raw)).toBe(raw);
    for (let i = 0; i < 2; i++)
      expect(() => labelBytes('x'.repeat(256))).toThrow(
        expect.objectContaining({ code: 'ERR_ENCODE' }),
      );
    expect(text(labelBytes('prod-east'))).toBe('prod-east');
  });

  it('typed errors: too long, empty label in a header, truncated header, mismatch', () => {
    expect(() => encodeLabelHeader('x'.repeat(256))).toThrow(
      expect.objectContaining({ code: 'ERR_ENCODE' }),
    );
    expect(() => readLabelHeader(new Uint8Array([244, 0, 4]))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
    expect(() => readLabelHeader(new Uint8Array([244, 5, 1]))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
    const a = new TextEncoder().encode('a');
    const b = new TextEncoder().encode('b');
    expect(checkLabel(a, true, a, false)).toEqual(a);
    expect(() => checkLabel(a, true, b, false)).toThrow(
      expect.objectContaining({ code: 'ERR_LABEL_MISMATCH' }),
    );
    expect(checkLabel(new Uint8Array(0), false, b, true)).toEqual(b);
    expect(() => checkLabel(a, true, b, true)).toThrow(
      expect.objectContaining({ code: 'ERR_LABEL_MISMATCH' }),
    );
  });
});
