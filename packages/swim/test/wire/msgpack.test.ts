import { describe, expect, it } from 'vitest';
import { fromGoBody, hexToBytes, loadFixture, toHex } from './fixtures.js';
import { WireError } from '../../src/wire/errors.js';
import { MsgpackReader } from '../../src/wire/msgpack/msgpack-reader.js';
import { MsgpackWriter } from '../../src/wire/msgpack/msgpack-writer.js';
import type { IntFormat } from '../../src/wire/msgpack/msgpack-writer.js';
import type { StructSchema } from '../../src/wire/schemas.js';
import {
  aliveSchema,
  decodeStruct,
  encodeStruct,
  pingSchema,
  pushPullHeaderSchema,
} from '../../src/wire/schemas.js';

interface ProbeCase {
  case: string;
  hex: string;
  result: string;
  value: Record<string, unknown> | null;
}
interface ProbeEncode {
  case: string;
  handle: string;
  hex: string;
}
const probe = loadFixture('msgpack-codec-probe') as unknown as {
  results: { codec: string; decode: ProbeCase[]; encode: ProbeEncode[] }[];
};
const [v05, v2] = probe.results;

const schemas: Record<string, StructSchema<unknown>> = {
  alive: aliveSchema,
  ping: pingSchema,
  pushPullHeader: pushPullHeaderSchema,
};
const schemaOf = (c: { case: string }): StructSchema<unknown> => schemas[c.case.split('/')[0]!]!;

function decode(c: ProbeCase): unknown {
  return decodeStruct(new MsgpackReader(hexToBytes(c.hex)), schemaOf(c));
}

describe('what Go accepts (msgpack-codec-probe, go-msgpack v2 = the most permissive generation)', () => {
  it.each(v2!.decode.map((c) => [c.case, c] as const))('%s', (_, c) => {
    if (c.result === 'ok') {
      expect(decode(c)).toEqual(fromGoBody(schemaOf(c), c.value!));
    } else {
      expect(() => decode(c)).toThrow(WireError);
    }
  });

  it('agrees with go-msgpack v0.5.5 except where v2 is more permissive (string as bin8)', () => {
    const differ = v05!.decode.filter(
      (c, i) => c.result.startsWith('ERROR') !== v2!.decode[i]!.result.startsWith('ERROR'),
    );
    expect(differ.map((c) => c.case)).toEqual(['alive/Node as bin8']);
  });
});

describe('what Go writes (msgpack-codec-probe encode cases)', () => {
  // The probe's encode cases that are valid memberlist values (the others use an empty Vsn or a
  // nil Addr, which this codec refuses to send on purpose, or time.Time, which no message has).
  const cases = (codec: typeof v05, format: IntFormat) =>
    codec!.encode
      .filter((e) => e.handle === 'MsgpackHandle{}' || e.handle.includes('default'))
      .filter(
        (e) =>
          e.case === 'alive' || e.case.startsWith('ping') || e.case.startsWith('pushPullHeader'),
      )
      .map((e) => [`${format}: ${e.case}`, e, format] as const);

  it.each([...cases(v05, 'unsigned'), ...cases(v2, 'signed')])('%s', (_, e, format) => {
    const schema = e.case.startsWith('ping')
      ? pingSchema
      : e.case.startsWith('push')
        ? pushPullHeaderSchema
        : aliveSchema;
    const value = decodeStruct(
      new MsgpackReader(hexToBytes(e.hex)),
      schema as StructSchema<unknown>,
    );
    const w = new MsgpackWriter(8);
    encodeStruct(w, schema as StructSchema<unknown>, value, format);
    expect(toHex(w.finish())).toBe(e.hex);
  });
});

describe('MsgpackReader', () => {
  const r = (hex: string): MsgpackReader => new MsgpackReader(hexToBytes(hex));

  it.each([
    ['05', 5],
    ['cc c8', 200],
    ['cd 1f0a', 7946],
    ['ce 00011170', 70000],
    ['cf 0000000000011170', 70000],
    ['d0 7f', 127],
    ['d1 00c8', 200],
    ['d2 00011170', 70000],
    ['d3 0000000000011170', 70000],
    ['ff', -1],
    ['d0 80', -128],
    ['d1 8000', -32768],
    ['d2 80000000', -2147483648],
    ['d3 ffffffffffffffff', -1],
    ['c0', 0],
  ])('reads int %s as %i', (hex, value) => {
    expect(r(hex.replace(' ', '')).int()).toBe(value);
  });

  it('uint rejects negatives, overflow and floats', () => {
    expect(() => r('ff').uint(0xff)).toThrow(expect.objectContaining({ code: 'ERR_DECODE' }));
    expect(() => r('cd0100').uint(0xff)).toThrow(expect.objectContaining({ code: 'ERR_DECODE' }));
    expect(() => r('cb3ff0000000000000').uint(0xff)).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
    expect(() => r('cf0020000000000000').int()).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
  });

  it('reads bytes from every str and bin width, keeping bytes >= 0x80', () => {
    for (const hex of [
      'a3c0a801',
      'd903c0a801',
      'da0003c0a801',
      'db00000003c0a801',
      'c403c0a801',
      'c50003c0a801',
      'c600000003c0a801',
      '93ccc0cca801',
    ]) {
      expect(toHex(r(hex).bytes()!)).toBe('c0a801');
    }
    expect(r('c0').bytes()).toBeNull();
  });

  it('refuses lengths beyond the input before allocating', () => {
    expect(() => r('dbffffffff00').bytes()).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
    expect(() => r('dfffffffff').mapHeader()).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
    expect(() => r('ddffffffff').skip()).toThrow(expect.objectContaining({ code: 'ERR_DECODE' }));
  });

  it('skips every value type and refuses 0xc1 and deep nesting', () => {
    const reader = r(
      'c0c2c37fe0cc01cd0102ce01020304cf0102030405060708d001d10102d201020304d30102030405060708ca00000000cb0000000000000000a161d90161c40161d40100d5010000c70101009181a16191c0',
    );
    let n = 0;
    while (reader.remaining > 0) {
      reader.skip();
      n++;
    }
    expect(n).toBe(22);
    expect(() => r('c1').skip()).toThrow(expect.objectContaining({ code: 'ERR_DECODE' }));
    expect(() => r('91'.repeat(40) + 'c0').skip()).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
  });
});

describe('MsgpackWriter', () => {
  const hexOf = (fn: (w: MsgpackWriter) => void): string => {
    const w = new MsgpackWriter(1);
    fn(w);
    return toHex(w.finish());
  };

  it('writes strings and bytes in the str family only (never str8/bin)', () => {
    expect(hexOf((w) => w.string('abc'))).toBe('a3616263');
    expect(hexOf((w) => w.bytes(new Uint8Array(31)))).toBe('bf' + '00'.repeat(31));
    expect(hexOf((w) => w.bytes(new Uint8Array(32)))).toBe('da0020' + '00'.repeat(32));
    expect(hexOf((w) => w.bytes(new Uint8Array(70000))).slice(0, 10)).toBe('db00011170');
    expect(hexOf((w) => w.string('é'))).toBe('a2c3a9');
    expect(hexOf((w) => w.string('x'.repeat(40))).slice(0, 6)).toBe('da0028');
  });

  it('writes the smallest unsigned forms and both int flavours', () => {
    expect(hexOf((w) => [127, 128, 255, 256, 65535, 65536].forEach((v) => w.uint(v)))).toBe(
      '7fcc80ccffcd0100cdffffce00010000',
    );
    expect(hexOf((w) => [200, -1, -33, -200, 70000].forEach((v) => w.int(v, 'signed')))).toBe(
      'd100c8ffd0dfd1ff38d200011170',
    );
    expect(hexOf((w) => w.int(0xffffffff, 'signed'))).toBe('d300000000ffffffff');
    expect(() => new MsgpackWriter().uint(-1)).toThrow(
      expect.objectContaining({ code: 'ERR_ENCODE' }),
    );
    expect(() => new MsgpackWriter().uint(2 ** 32)).toThrow(
      expect.objectContaining({ code: 'ERR_ENCODE' }),
    );
    expect(() => new MsgpackWriter().int(0.5)).toThrow(
      expect.objectContaining({ code: 'ERR_ENCODE' }),
    );
  });

  it('msgpack-int-widths: v0.5.x unsigned forms re-encode byte-identically and decode in both flavours', () => {
    const f = loadFixture('msgpack-int-widths');
    const value = decodeStruct(new MsgpackReader(hexToBytes(f.hex!)), pushPullHeaderSchema);
    expect(value).toEqual({ join: false, nodes: 200, userStateLen: 70000 });
    const w = new MsgpackWriter();
    encodeStruct(w, pushPullHeaderSchema, value);
    expect(toHex(w.finish())).toBe(f.hex);
    const s = new MsgpackWriter();
    encodeStruct(s, pushPullHeaderSchema, value, 'signed');
    expect(decodeStruct(new MsgpackReader(s.finish()), pushPullHeaderSchema)).toEqual(value);
  });
});
