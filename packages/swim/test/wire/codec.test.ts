import { describe, expect, it } from 'vitest';
import { fixtureNames, fromGoBody, hexToBytes, loadFixture, toHex } from './fixtures.js';
import {
  bodySchema,
  decodeMessage,
  encodeMessage,
  encodeStreamMessage,
  decodeStreamMessage,
} from '../../src/wire/codec.js';
import { isWireError } from '../../src/wire/errors.js';
import type { WireMessage } from '../../src/wire/messages.js';
import { MessageType } from '../../src/wire/messages.js';

// Single-message UDP fixtures produced by memberlist's own encoders (deterministic bytes).
const single = fixtureNames().filter((n) => {
  const f = loadFixture(n);
  return (
    f.transport === 'udp' &&
    f.keys === undefined &&
    f.label === undefined &&
    f.decoded?.body !== undefined
  );
});

describe('decodeMessage / encodeMessage against Go fixtures', () => {
  it('finds the single-message fixtures', () => {
    expect(single).toEqual(
      expect.arrayContaining([
        'packet-alive',
        'packet-ping',
        'packet-ping-no-source',
        'packet-indirect-ping',
        'packet-err',
      ]),
    );
  });

  it.each(single)('%s decodes to its decoded tree and re-encodes byte-identically', (name) => {
    const f = loadFixture(name);
    const bytes = hexToBytes(f.hex!);
    const decoded = f.decoded!;
    const schema = bodySchema(decoded.typeId!)!;
    const msg = decodeMessage(bytes);
    expect(msg.type).toBe(decoded.typeId);
    expect(msg.body).toEqual(fromGoBody(schema, decoded.body!));
    if (f.source.startsWith('encoder:')) expect(toHex(encodeMessage(msg))).toBe(f.hex);
  });

  it('decodes a UDP user message as raw payload and a stream one with its header', () => {
    const f = loadFixture('packet-user');
    const msg = decodeMessage(hexToBytes(f.hex!));
    expect(msg).toEqual({
      type: MessageType.User,
      body: { payload: hexToBytes(f.decoded!.payloadHex!) },
    });
    expect(toHex(encodeMessage(msg))).toBe(f.hex);
    const s = loadFixture('stream-user-msg').exchange![0]!;
    const sm = decodeStreamMessage(hexToBytes(s.hex));
    expect(sm).toEqual({
      type: MessageType.User,
      body: { payload: hexToBytes(s.decoded.message.payloadHex!) },
    });
    expect(toHex(encodeStreamMessage(sm))).toBe(s.hex);
  });

  it('keeps bytes >= 0x80 in str fields intact (192.168.x.x, IPv6)', () => {
    const msg = decodeMessage(hexToBytes(loadFixture('packet-alive-binary-addr').hex!));
    if (msg.type !== MessageType.Alive) throw new Error('expected alive');
    expect([...msg.body.addr].some((b) => b >= 0x80)).toBe(true);
  });
});

describe('encodeMessage validation', () => {
  const alive = (over: Partial<Record<string, unknown>>): WireMessage => ({
    type: MessageType.Alive,
    body: {
      incarnation: 1,
      node: 'a',
      addr: new Uint8Array(4),
      port: 1,
      meta: null,
      vsn: new Uint8Array(6),
      ...over,
    },
  });

  it.each([
    ['port 70000', { port: 70000 }],
    ['negative incarnation', { incarnation: -1 }],
    ['fractional incarnation', { incarnation: 1.5 }],
    ['incarnation 2^32', { incarnation: 2 ** 32 }],
    ['3-byte Vsn', { vsn: new Uint8Array(3) }],
    ['5-byte addr', { addr: new Uint8Array(5) }],
    ['string meta', { meta: 'x' }],
  ])('rejects %s with ERR_ENCODE', (_, over) => {
    let caught: unknown;
    try {
      encodeMessage(alive(over));
    } catch (e) {
      caught = e;
    }
    expect(isWireError(caught, 'ERR_ENCODE')).toBe(true);
  });

  it('rejects unknown and layer types on decode with ERR_UNSUPPORTED', () => {
    for (const t of [10, 12, 14, 200, 244]) {
      expect(() => decodeMessage(new Uint8Array([t, 0x80]))).toThrow(
        expect.objectContaining({ code: 'ERR_UNSUPPORTED' }),
      );
    }
    expect(() => decodeMessage(new Uint8Array(0))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
  });
});

describe('fixture coverage', () => {
  it('every fixture carrying bytes has a wire test that consumes it', () => {
    // udp / udp-sequence → packet.test.ts, tcp → stream-parser.test.ts, lzw → lzw.test.ts,
    // msgpack → msgpack.test.ts; the codec probe → msgpack.test.ts; formulas.json is protocol
    // maths for the SWIM layer, not wire bytes.
    const handled = new Set(['udp', 'udp-sequence', 'tcp', 'lzw', 'msgpack']);
    const names = fixtureNames();
    expect(names).toHaveLength(89);
    const other = names.filter((n) => !handled.has(loadFixture(n).transport ?? ''));
    expect(other).toEqual(['formulas', 'msgpack-codec-probe']);
    expect(names.filter((n) => loadFixture(n).transport === 'msgpack')).toEqual([
      'msgpack-int-widths',
    ]);
  });
});
