import { describe, expect, it } from 'vitest';
import {
  expectedStreamMessage,
  fixedNonce,
  fixtureNames,
  hexToBytes,
  loadFixture,
  toHex,
  treeLayers,
} from './fixtures.js';
import type { Fixture } from './fixtures.js';
import { WireError } from '../../src/wire/errors.js';
import { Keyring } from '../../src/wire/layers/keyring.js';
import { resolveLimits } from '../../src/wire/limits.js';
import type { WireMessage } from '../../src/wire/messages.js';
import { MessageType } from '../../src/wire/messages.js';
import { encodeStream } from '../../src/wire/stream/stream.js';
import { StreamParser } from '../../src/wire/stream/stream-parser.js';
import type { StreamParserOptions } from '../../src/wire/stream/stream-parser.js';

interface Dir {
  id: string;
  fixture: Fixture;
  acceptor: boolean;
  hex: string;
  label: string;
  expected: WireMessage;
  layers: ReturnType<typeof treeLayers>;
}

const dirs: Dir[] = fixtureNames().flatMap((name) => {
  const f = loadFixture(name);
  if (f.transport !== 'tcp') return [];
  const label = f.label ?? f.exchange![0]!.decoded.labelHeader?.label ?? '';
  return f.exchange!.map((x) => ({
    id: `${name} ${x.direction}`,
    fixture: f,
    acceptor: x.direction === 'initiator->acceptor',
    hex: x.hex,
    label,
    expected: expectedStreamMessage(x.decoded.message),
    layers: treeLayers(x.decoded.message),
  }));
});

function parserFor(d: Dir, extra: Partial<StreamParserOptions> = {}): StreamParser {
  // Keys only where this direction is encrypted: plaintext error replies come from key-less peers.
  const keys = d.layers.encryption === undefined ? undefined : d.fixture.keys;
  const keyring = keys === undefined ? undefined : new Keyring(keys.map(hexToBytes));
  return new StreamParser({ keyring, label: d.label, acceptor: d.acceptor, ...extra });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof WireError) return e.code;
    throw e;
  }
  return undefined;
}

describe('StreamParser against every TCP fixture direction', () => {
  it('covers the fixture set', () => {
    expect(dirs.length).toBeGreaterThan(30);
  });

  it.each(dirs.map((d) => [d.id, d] as const))(
    '%s parses in one chunk and byte by byte',
    (_, d) => {
      const bytes = hexToBytes(d.hex);
      const whole = parserFor(d);
      expect(whole.push(bytes)).toEqual([d.expected]);
      whole.end();
      const slow = parserFor(d);
      const got: WireMessage[] = [];
      for (let i = 0; i < bytes.length; i++) {
        const out = slow.push(bytes.subarray(i, i + 1));
        if (i < bytes.length - 1) expect(out).toEqual([]);
        got.push(...out);
      }
      expect(got).toEqual([d.expected]);
      expect(slow.buffered).toBe(0);
    },
  );

  it.each(dirs.map((d) => [d.id, d] as const))(
    '%s re-encodes byte-identically (given its nonce)',
    (_, d) => {
      const enc = d.layers.encryption;
      const key = enc === undefined ? undefined : hexToBytes(d.fixture.keys![enc.keyIndex]!);
      const bytes = encodeStream(d.expected, {
        compress: d.layers.compress,
        keyring: key === undefined ? undefined : new Keyring([key]),
        encryptionVersion: enc?.version ?? 1,
        label: d.label,
        labelHeader: d.acceptor,
        intFormat: d.fixture.memberlistVersion.startsWith('newest') ? 'signed' : 'unsigned',
        ...(enc === undefined ? {} : { nonceSource: fixedNonce(enc.nonce) }),
      });
      expect(toHex(bytes)).toBe(d.hex);
    },
  );
});

describe('StreamParser typed failures', () => {
  const find = (id: string): Dir => dirs.find((d) => d.id === id)!;
  const encrypted = find('stream-pushpull-join-encrypted initiator->acceptor');
  const plain = find('stream-pushpull-join initiator->acceptor');
  const keyB = hexToBytes('101112131415161718191a1b1c1d1e1f');

  it('wrong key → ERR_DECRYPT', () => {
    expect(
      codeOf(() =>
        new StreamParser({ keyring: new Keyring([keyB]) }).push(hexToBytes(encrypted.hex)),
      ),
    ).toBe('ERR_DECRYPT');
  });

  it('encrypted frame without keys → ERR_NO_KEY', () => {
    expect(codeOf(() => new StreamParser().push(hexToBytes(encrypted.hex)))).toBe('ERR_NO_KEY');
  });

  it('plaintext while keys are installed → ERR_ENCRYPTION_REQUIRED (accepted with verifyIncoming=false)', () => {
    const ring = new Keyring([keyB]);
    expect(codeOf(() => new StreamParser({ keyring: ring }).push(hexToBytes(plain.hex)))).toBe(
      'ERR_ENCRYPTION_REQUIRED',
    );
    expect(
      new StreamParser({ keyring: ring, verifyIncoming: false }).push(hexToBytes(plain.hex)),
    ).toEqual([plain.expected]);
  });

  it('a plaintext error reply to a dialer with keys → ERR_ENCRYPTION_REQUIRED (as Go)', () => {
    const reply = find('capture-keymismatch-tcp1-encrypted-pushpull-join acceptor->initiator');
    expect(reply.expected.type).toBe(MessageType.Err);
    const ring = new Keyring(reply.fixture.keys!.map(hexToBytes));
    expect(codeOf(() => new StreamParser({ keyring: ring }).push(hexToBytes(reply.hex)))).toBe(
      'ERR_ENCRYPTION_REQUIRED',
    );
  });

  it('wrong or missing label → ERR_LABEL_MISMATCH; the label is in the AAD', () => {
    const mismatch = find('capture-label-mismatch-tcp1-label-pushpull-join initiator->acceptor');
    expect(mismatch.label).toBe('other-cluster');
    const bytes = hexToBytes(mismatch.hex);
    expect(codeOf(() => new StreamParser({ acceptor: true, label: 'prod-east' }).push(bytes))).toBe(
      'ERR_LABEL_MISMATCH',
    );
    expect(
      codeOf(() =>
        new StreamParser({ acceptor: true, label: 'prod-east' }).push(hexToBytes(plain.hex)),
      ),
    ).toBe('ERR_LABEL_MISMATCH');
    expect(codeOf(() => new StreamParser({ acceptor: true }).push(bytes))).toBe(
      'ERR_LABEL_MISMATCH',
    );
    const reply = find('label-stream-pushpull-encrypted acceptor->initiator');
    const ring = new Keyring(reply.fixture.keys!.map(hexToBytes));
    expect(
      codeOf(() =>
        new StreamParser({ keyring: ring, label: 'prod-west' }).push(hexToBytes(reply.hex)),
      ),
    ).toBe('ERR_DECRYPT');
  });

  it('absurd sizes → ERR_TOO_LARGE before buffering', () => {
    const frame = new Uint8Array([10, 0x7f, 0xff, 0xff, 0xff]);
    expect(codeOf(() => new StreamParser({ keyring: new Keyring([keyB]) }).push(frame))).toBe(
      'ERR_TOO_LARGE',
    );
    const header = buildHeader;
    expect(codeOf(() => new StreamParser().push(header(2_000_000, 0)))).toBe('ERR_TOO_LARGE');
    expect(codeOf(() => new StreamParser().push(header(1, 100 * 1024 * 1024)))).toBe(
      'ERR_TOO_LARGE',
    );
    expect(codeOf(() => new StreamParser().push(header(-1, 0)))).toBe('ERR_DECODE');
    const user = new Uint8Array([
      8,
      0x81,
      0xaa,
      ...new TextEncoder().encode('UserMsgLen'),
      0xce,
      0x7f,
      0,
      0,
      0,
    ]);
    expect(codeOf(() => new StreamParser().push(user))).toBe('ERR_TOO_LARGE');
  });

  it('an incomplete message cannot grow past maxStreamBytes', () => {
    const limits = resolveLimits({ maxStreamBytes: 1000 });
    const p = new StreamParser({ limits });
    // A ping whose Node string claims 60 000 bytes: the parser waits, but only up to the limit.
    const start = new Uint8Array([0, 0x81, 0xa4, 0x4e, 0x6f, 0x64, 0x65, 0xda, 0xea, 0x60]);
    expect(p.push(start)).toEqual([]);
    expect(codeOf(() => p.push(new Uint8Array(2000)))).toBe('ERR_TOO_LARGE');
    expect(codeOf(() => p.push(new Uint8Array(1)))).toBe('ERR_TOO_LARGE');
  });

  it('end() inside a message → ERR_DECODE; types that are not stream messages → ERR_UNSUPPORTED', () => {
    const p = new StreamParser();
    p.push(hexToBytes(plain.hex).subarray(0, 40));
    expect(codeOf(() => p.end())).toBe('ERR_DECODE');
    expect(codeOf(() => new StreamParser().push(new Uint8Array([4, 0x80])))).toBe(
      'ERR_UNSUPPORTED',
    );
    expect(codeOf(() => new StreamParser().push(new Uint8Array([12, 0, 0, 0, 0, 0])))).toBe(
      'ERR_UNSUPPORTED',
    );
  });

  it('accepts what Go accepts: positional-array headers, map16 headers, chunked', () => {
    const p = new StreamParser();
    expect(p.push(new Uint8Array([8, 0x91, 0x03, 1, 2]))).toEqual([]);
    expect(p.push(new Uint8Array([3]))).toEqual([
      { type: MessageType.User, body: { payload: new Uint8Array([1, 2, 3]) } },
    ]);
    const pp = new Uint8Array([
      6,
      0xde,
      0x00,
      0x01,
      0xa5,
      ...new TextEncoder().encode('Nodes'),
      0x00,
    ]);
    expect(new StreamParser().push(pp)).toEqual([
      {
        type: MessageType.PushPull,
        body: { join: false, nodes: [], userState: new Uint8Array(0) },
      },
    ]);
  });

  it('round-trips a TCP ping, ack, err and reliable user message through every layer combination', () => {
    const key = new Uint8Array(32).fill(7);
    const msgs: WireMessage[] = [
      {
        type: MessageType.Ping,
        body: { seqNo: 9, node: 'b', sourceAddr: null, sourcePort: 0, sourceNode: '' },
      },
      { type: MessageType.AckResp, body: { seqNo: 9, payload: null } },
      { type: MessageType.Err, body: { error: 'nope' } },
      { type: MessageType.User, body: { payload: new Uint8Array(300).fill(0xab) } },
    ];
    for (const msg of msgs) {
      for (const compress of [false, true]) {
        for (const encrypted of [false, true]) {
          for (const label of ['', 'dc1']) {
            const keyring = encrypted ? new Keyring([key]) : undefined;
            const bytes = encodeStream(msg, {
              compress,
              keyring,
              label,
              labelHeader: true,
              encryptionVersion: 0,
            });
            expect(new StreamParser({ keyring, label, acceptor: true }).push(bytes)).toEqual([msg]);
          }
        }
      }
    }
  });
});

function buildHeader(nodes: number, userStateLen: number): Uint8Array {
  const enc = new TextEncoder();
  const key = (s: string): number[] => [0xa0 | s.length, ...enc.encode(s)];
  const int = (v: number): number[] => {
    const b = new Uint8Array(5);
    b[0] = 0xd2;
    new DataView(b.buffer).setInt32(1, v);
    return [...b];
  };
  return new Uint8Array([
    6,
    0x83,
    ...key('Join'),
    0xc2,
    ...key('Nodes'),
    ...int(nodes),
    ...key('UserStateLen'),
    ...int(userStateLen),
  ]);
}
