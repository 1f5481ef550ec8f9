import { describe, expect, it } from 'vitest';
import {
  encodeTreeMessage,
  expectedMessages,
  fixedNonce,
  fixtureNames,
  hexToBytes,
  loadFixture,
  toHex,
  treeLayers,
} from './fixtures.js';
import type { Fixture, Layer } from './fixtures.js';
import { decodeMessage, encodeMessage } from '../../src/wire/codec.js';
import { encodeCompound } from '../../src/wire/compound.js';
import { WireError } from '../../src/wire/errors.js';
import { Keyring } from '../../src/wire/layers/keyring.js';
import { MessageType } from '../../src/wire/messages.js';
import {
  compressMessage,
  decodePacket,
  encodePacket,
  openPacket,
  packetOverhead,
} from '../../src/wire/packet.js';
import { resolveLimits } from '../../src/wire/limits.js';

interface Case {
  id: string;
  fixture: Fixture;
  hex: string;
  decoded: Layer;
}

// Every datagram in the fixtures: single packets and the packets of udp-sequence files.
const cases: Case[] = fixtureNames().flatMap((name) => {
  const f = loadFixture(name);
  if (f.transport === 'udp') return [{ id: name, fixture: f, hex: f.hex!, decoded: f.decoded! }];
  if (f.transport === 'udp-sequence') {
    return f.packets!.map((p, i) => ({
      id: `${name}#${i}`,
      fixture: f,
      hex: p.hex,
      decoded: p.decoded,
    }));
  }
  return [];
});

const keyringOf = (f: Fixture): Keyring | undefined =>
  f.keys === undefined ? undefined : new Keyring(f.keys.map(hexToBytes));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WireError) return e.code;
    throw e;
  }
  return undefined;
}

describe('decodePacket against every captured and encoded datagram', () => {
  it('covers the fixture set', () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases.map((c) => [c.id, c] as const))('%s decodes to its decoded tree', (_, c) => {
    const opts = { keyring: keyringOf(c.fixture), label: treeLayers(c.decoded).label ?? '' };
    if (c.decoded.typeId === MessageType.Err) {
      // err is stream-only: Go logs it as unsupported on UDP; the body itself still decodes.
      expect(codeOf(() => decodePacket(hexToBytes(c.hex), opts))).toBe('ERR_UNSUPPORTED');
      expect([decodeMessage(hexToBytes(c.hex))]).toEqual(expectedMessages(c.decoded));
      return;
    }
    const got = decodePacket(hexToBytes(c.hex), opts);
    expect(got.errors).toEqual([]);
    expect(got.truncated).toBe(0);
    expect(got.messages).toEqual(expectedMessages(c.decoded));
    const layers = treeLayers(c.decoded);
    expect(got.crc).toBe(layers.crc);
    expect(got.keyIndex).toBe(layers.encryption?.keyIndex ?? -1);
  });

  it.each(cases.map((c) => [c.id, c] as const))(
    '%s re-encodes byte-identically (given its nonce)',
    (_, c) => {
      const layers = treeLayers(c.decoded);
      const enc = layers.encryption;
      const key = enc === undefined ? undefined : hexToBytes(c.fixture.keys![enc.keyIndex]!);
      const bytes = encodePacket(encodeTreeMessage(c.decoded), {
        compress: layers.compress,
        crc: layers.crc,
        keyring: key === undefined ? undefined : new Keyring([key]),
        encryptionVersion: enc?.version ?? 1,
        label: layers.label ?? '',
        ...(enc === undefined ? {} : { nonceSource: fixedNonce(enc.nonce) }),
      });
      expect(toHex(bytes)).toBe(c.hex);
    },
  );
});

describe('typed failures', () => {
  const encrypted = loadFixture('packet-encrypted');
  const keyA = hexToBytes(encrypted.keys![0]!);
  const keyB = hexToBytes('101112131415161718191a1b1c1d1e1f');

  it('wrong key → ERR_DECRYPT', () => {
    expect(
      codeOf(() => decodePacket(hexToBytes(encrypted.hex!), { keyring: new Keyring([keyB]) })),
    ).toBe('ERR_DECRYPT');
  });

  it('right key among several is found (secondary key)', () => {
    const f = loadFixture('packet-encrypted-secondary-key');
    expect(openPacket(hexToBytes(f.hex!), { keyring: keyringOf(f) }).keyIndex).toBe(1);
  });

  it('undecryptable input passes as plaintext only with verifyIncoming=false', () => {
    const plain = hexToBytes(loadFixture('packet-ping').hex!);
    expect(codeOf(() => decodePacket(plain, { keyring: new Keyring([keyA]) }))).toBe('ERR_DECRYPT');
    const got = decodePacket(plain, { keyring: new Keyring([keyA]), verifyIncoming: false });
    expect(got.messages[0]!.type).toBe(MessageType.Ping);
    expect(got.keyIndex).toBe(-1);
  });

  it('wrong, missing and unexpected labels → ERR_LABEL_MISMATCH', () => {
    const f = loadFixture('label-packet');
    const bytes = hexToBytes(f.hex!);
    expect(decodePacket(bytes, { label: 'prod-east' }).messages).toHaveLength(1);
    expect(codeOf(() => decodePacket(bytes, { label: 'prod-west' }))).toBe('ERR_LABEL_MISMATCH');
    expect(codeOf(() => decodePacket(bytes))).toBe('ERR_LABEL_MISMATCH');
    const unlabelled = hexToBytes(loadFixture('packet-alive').hex!);
    expect(codeOf(() => decodePacket(unlabelled, { label: 'prod-east' }))).toBe(
      'ERR_LABEL_MISMATCH',
    );
    expect(
      decodePacket(unlabelled, { label: 'prod-east', skipInboundLabelCheck: true }).messages,
    ).toHaveLength(1);
    expect(
      codeOf(() => decodePacket(bytes, { label: 'prod-east', skipInboundLabelCheck: true })),
    ).toBe('ERR_LABEL_MISMATCH');
  });

  it('the label is authenticated: re-labelled ciphertext → ERR_DECRYPT', () => {
    const f = loadFixture('label-packet-encrypted');
    const bytes = hexToBytes(f.hex!);
    const relabelled = new Uint8Array([
      244,
      9,
      ...new TextEncoder().encode('prod-west'),
      ...bytes.subarray(11),
    ]);
    expect(
      codeOf(() => decodePacket(relabelled, { label: 'prod-west', keyring: keyringOf(f) })),
    ).toBe('ERR_DECRYPT');
  });

  it('corrupted CRC → ERR_CRC', () => {
    const bytes = hexToBytes(loadFixture('packet-crc').hex!);
    bytes[bytes.length - 1]! ^= 0x01;
    expect(codeOf(() => decodePacket(bytes))).toBe('ERR_CRC');
  });

  it('tampered ciphertext → ERR_DECRYPT, unknown version → ERR_UNSUPPORTED, short → ERR_DECODE', () => {
    const bytes = hexToBytes(encrypted.hex!);
    const ring = new Keyring([keyA]);
    const tampered = bytes.slice();
    tampered[20]! ^= 0x80;
    expect(codeOf(() => decodePacket(tampered, { keyring: ring }))).toBe('ERR_DECRYPT');
    const v2 = bytes.slice();
    v2[0] = 2;
    expect(codeOf(() => decodePacket(v2, { keyring: ring }))).toBe('ERR_UNSUPPORTED');
    expect(codeOf(() => decodePacket(bytes.subarray(0, 28), { keyring: ring }))).toBe('ERR_DECODE');
  });

  it('a bad compound part is reported and the others are kept; truncated parts are counted', () => {
    const ok = hexToBytes(loadFixture('packet-alive').hex!);
    const bad = new Uint8Array([MessageType.Alive, 0xc1]);
    const packet = encodeCompound([ok, bad, ok]);
    const got = decodePacket(packet);
    expect(got.messages).toHaveLength(2);
    expect(got.errors.map((e) => e.code)).toEqual(['ERR_DECODE']);
    const cut = decodePacket(packet.subarray(0, packet.length - 10));
    expect(cut.messages).toHaveLength(1);
    expect(cut.errors).toHaveLength(1);
    expect(cut.truncated).toBe(1);
  });

  it('all compressed parts of one packet share one decompression budget', () => {
    const part = compressMessage(new Uint8Array(5000).fill(MessageType.User));
    const packet = encodeCompound([part, part, part]);
    const limits = resolveLimits({ maxDecompressedBytes: 12_000 });
    const got = decodePacket(packet, { limits });
    expect(got.messages).toHaveLength(2);
    expect(got.errors.map((e) => e.code)).toEqual(['ERR_TOO_LARGE']);
  });

  it('stream-only messages in a packet → ERR_UNSUPPORTED', () => {
    const err = encodeMessage({ type: MessageType.Err, body: { error: 'x' } });
    expect(codeOf(() => decodePacket(err))).toBe('ERR_UNSUPPORTED');
  });
});

describe('encodePacket', () => {
  const alive = hexToBytes(loadFixture('packet-alive').hex!);

  it('compresses only when smaller', () => {
    expect(encodePacket(alive, { compress: true })).toEqual(alive);
    const many = encodeCompound([alive, alive, alive, alive]);
    const packed = encodePacket(many, { compress: true });
    expect(packed[0]).toBe(MessageType.Compress);
    expect(packed.length).toBeLessThan(many.length);
    expect(decodePacket(packed).messages).toHaveLength(4);
  });

  it('round-trips every layer combination with v0 and v1 encryption and AES-128/192/256', () => {
    for (const size of [16, 24, 32]) {
      const key = new Uint8Array(size).fill(size);
      for (const encryptionVersion of [0, 1] as const) {
        for (const label of ['', 'lab']) {
          const opts = {
            compress: true,
            crc: true,
            keyring: new Keyring([key]),
            encryptionVersion,
            label,
          };
          const bytes = encodePacket(alive, opts);
          expect(bytes.length).toBeLessThanOrEqual(alive.length + packetOverhead(opts));
          const got = decodePacket(bytes, { keyring: new Keyring([key]), label });
          expect(got.messages).toEqual([{ type: MessageType.Alive, body: expect.any(Object) }]);
          expect(toHex(encodeMessage(got.messages[0]!))).toBe(toHex(alive));
        }
      }
    }
  });

  it('reports the overhead memberlist budgets for', () => {
    const ring = new Keyring([new Uint8Array(16)]);
    expect(packetOverhead({})).toBe(0);
    expect(packetOverhead({ keyring: ring })).toBe(29);
    expect(packetOverhead({ keyring: ring, encryptionVersion: 0 })).toBe(45);
    expect(packetOverhead({ crc: true, label: 'prod-east' })).toBe(5 + 11);
  });
});
