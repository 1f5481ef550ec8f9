// Seeded fuzzing of every decoder in @ring/swim/wire: random inputs and mutations of the Go
// fixtures. The only acceptable failure is a WireError; anything else (TypeError, RangeError,
// a hang, an unbounded buffer) is a bug. Shared by src/wire/fuzz.test.ts (reduced count) and
// bench/wire.ts (1,000,000 inputs).
import { decodeCompound } from '../../src/wire/compound.js';
import { decodeMessage, decodeStreamMessage } from '../../src/wire/codec.js';
import { WireError } from '../../src/wire/errors.js';
import { Keyring } from '../../src/wire/layers/keyring.js';
import { resolveLimits } from '../../src/wire/limits.js';
import { lzwDecompress } from '../../src/wire/layers/lzw.js';
import { decodePacket } from '../../src/wire/packet.js';
import { StreamParser } from '../../src/wire/stream/stream-parser.js';
import { fixtureNames, hexToBytes, loadFixture } from './fixtures.js';
import { createSeededRandom } from '@ring/base';

/** A seeded source of numbers in [0, 1) (`createSeededRandom` from `@ring/base`). */
export function seededFloats(seed: number): () => number {
  const random = createSeededRandom(seed);
  return () => random.next();
}

/** Every byte string in the fixtures (datagrams, stream directions, LZW, msgpack bodies). */
export function fixtureCorpus(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const name of fixtureNames()) {
    const f = loadFixture(name);
    if (f.hex !== undefined) out.push(hexToBytes(f.hex));
    for (const p of f.packets ?? []) out.push(hexToBytes(p.hex));
    for (const x of f.exchange ?? []) out.push(hexToBytes(x.hex));
  }
  return out;
}

const INTERESTING = [
  0x00, 0x01, 0x7f, 0x80, 0x8f, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc4, 0xca, 0xcb, 0xcc, 0xce, 0xcf,
  0xd3, 0xd9, 0xdb, 0xdd, 0xdf, 0xe0, 0xff,
];

/** Produce one input: random bytes (1 in 4) or a mutated corpus entry. */
export function makeInput(rand: () => number, corpus: readonly Uint8Array[]): Uint8Array {
  const int = (n: number): number => Math.floor(rand() * n);
  if (int(4) === 0) {
    const out = new Uint8Array(int(96));
    for (let i = 0; i < out.length; i++) out[i] = int(256);
    // Often start with a plausible type byte so decoding gets past the first check.
    if (out.length > 0 && int(2) === 0)
      out[0] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 244][int(15)]!;
    return out;
  }
  let buf = corpus[int(corpus.length)]!.slice();
  const rounds = 1 + int(4);
  for (let r = 0; r < rounds; r++) {
    switch (int(6)) {
      case 0: // flip a bit
        if (buf.length > 0) buf[int(buf.length)]! ^= 1 << int(8);
        break;
      case 1: // set an interesting byte
        if (buf.length > 0) buf[int(buf.length)] = INTERESTING[int(INTERESTING.length)]!;
        break;
      case 2: // truncate
        buf = buf.subarray(0, int(buf.length + 1));
        break;
      case 3: {
        // insert random bytes
        const at = int(buf.length + 1);
        const ins = new Uint8Array(1 + int(8));
        for (let i = 0; i < ins.length; i++) ins[i] = int(256);
        const next = new Uint8Array(buf.length + ins.length);
        next.set(buf.subarray(0, at));
        next.set(ins, at);
        next.set(buf.subarray(at), at + ins.length);
        buf = next;
        break;
      }
      case 4: // large length-like value
        if (buf.length > 4) {
          const at = int(buf.length - 4);
          buf[at] = 0xff;
          buf[at + 1] = 0xff;
        }
        break;
      default:
        {
          // splice with another corpus entry
          const other = corpus[int(corpus.length)]!;
          const cut = int(buf.length + 1);
          const from = int(other.length + 1);
          const next = new Uint8Array(cut + other.length - from);
          next.set(buf.subarray(0, cut));
          next.set(other.subarray(from), cut);
          buf = next;
        }
        break;
    }
  }
  return buf;
}

/** Result of a fuzz run. */
export interface FuzzReport {
  inputs: number;
  decodeCalls: number;
  accepted: number;
  typedErrors: number;
  /** Non-WireError failures: must be empty. */
  failures: { input: string; target: string; error: string }[];
  /** Largest buffered byte count seen in a StreamParser. */
  maxBuffered: number;
}

const KEY_A = hexToBytes('000102030405060708090a0b0c0d0e0f');
const KEY_256 = hexToBytes('202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f');

/**
 * Run `count` inputs from `seed` through every decoder. Limits are tightened (1 MiB) so that a
 * size field that escaped its bound would show up as a non-WireError or a large buffer.
 */
export function runFuzz(seed: number, count: number): FuzzReport {
  const rand = seededFloats(seed);
  const corpus = fixtureCorpus();
  const limits = resolveLimits({
    maxStreamBytes: 1 << 20,
    maxDecompressedBytes: 1 << 20,
    maxUserStateBytes: 1 << 20,
    maxUserMsgBytes: 1 << 20,
    maxNodes: 4096,
  });
  const keyring = new Keyring([KEY_A, KEY_256]);
  const report: FuzzReport = {
    inputs: 0,
    decodeCalls: 0,
    accepted: 0,
    typedErrors: 0,
    failures: [],
    maxBuffered: 0,
  };
  const attempt = (target: string, input: Uint8Array, fn: () => unknown): void => {
    report.decodeCalls++;
    try {
      fn();
      report.accepted++;
    } catch (e) {
      if (e instanceof WireError) report.typedErrors++;
      else if (report.failures.length < 20) {
        report.failures.push({
          input: Buffer.from(input).toString('hex'),
          target,
          error: String(e),
        });
      }
    }
  };
  for (let i = 0; i < count; i++) {
    const input = makeInput(rand, corpus);
    report.inputs++;
    switch (i % 6) {
      case 0:
        attempt('decodePacket', input, () => decodePacket(input, { limits }));
        attempt('decodeMessage', input, () => decodeMessage(input, limits));
        break;
      case 1:
        attempt('decodePacket+keys', input, () =>
          decodePacket(input, { limits, keyring, verifyIncoming: false }),
        );
        break;
      case 2:
        attempt('decodePacket+label', input, () =>
          decodePacket(input, { limits, label: 'prod-east', keyring }),
        );
        break;
      case 3:
        attempt('decodeStreamMessage', input, () => decodeStreamMessage(input, limits));
        attempt('decodeCompound', input, () => decodeCompound(input));
        break;
      case 4:
        attempt('lzwDecompress', input, () => lzwDecompress(input, 1 << 20));
        break;
      default: {
        const encrypted = (i & 8) !== 0;
        const parser = new StreamParser({
          limits,
          acceptor: (i & 16) !== 0,
          label: (i & 32) !== 0 ? 'prod-east' : '',
          keyring: encrypted ? keyring : undefined,
        });
        attempt('StreamParser', input, () => {
          // Deliver in random-sized chunks, as TCP would.
          let at = 0;
          while (at < input.length) {
            const n = 1 + Math.floor(rand() * 64);
            parser.push(input.subarray(at, at + n));
            report.maxBuffered = Math.max(report.maxBuffered, parser.buffered);
            at += n;
          }
          parser.end();
        });
      }
    }
  }
  return report;
}
