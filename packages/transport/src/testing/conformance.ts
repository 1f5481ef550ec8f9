import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseAddress } from '../address.js';
import { TransportError } from '../errors.js';
import type { Address, Stream, Transport } from '../transport.js';
import { Inbox, readAll } from './inbox.js';

/** What the conformance suite needs to exercise one transport implementation. */
export interface ConformanceHarness {
  /** A fresh, unstarted transport. Each test creates the ones it needs; the suite closes them. */
  create(): Transport | Promise<Transport>;
  /** An address where nothing listens: dials there must fail with `ERR_CONNECTION_REFUSED`. */
  closedAddress(): Address | Promise<Address>;
  /** An address where a dial neither connects nor fails (for timeout and abort). */
  hangingAddress(): Address | Promise<Address>;
  /**
   * A well-formed address whose host cannot be resolved.
   * @defaultValue 'no-such-host.invalid:7946'
   */
  readonly unresolvableAddress?: Address;
  /** Release anything the harness holds; called after each test. */
  teardown?(): void | Promise<void>;
}

/** Creates a fresh {@link ConformanceHarness} for each test. */
export type ConformanceFactory = () => ConformanceHarness | Promise<ConformanceHarness>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected a TransportError ${code}`).toBeInstanceOf(TransportError);
  expect((caught as TransportError).code).toBe(code);
}

/** Read `stream` to its end: it must end cleanly or fail with a {@link TransportError}. */
async function expectEndOrTypedError(stream: Stream): Promise<void> {
  let readError: unknown;
  try {
    await readAll(stream);
  } catch (error) {
    readError = error;
  }
  expect(
    readError === undefined || readError instanceof TransportError,
    `stream read failed with ${String(readError)}`,
  ).toBe(true);
}

function pattern(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

/**
 * Register the transport conformance suite (vitest `describe`/`it`) for one implementation. Every
 * transport in Ring passes it: packets with `from`/`receivedAt`, size limits, streams with
 * half-close and back-pressure, typed errors for bad input, lifecycle rules, and no uncaught
 * exceptions.
 *
 * @param name - label for the `describe` block.
 * @param factory - creates a {@link ConformanceHarness} per test.
 *
 * @example
 * ```ts
 * runTransportConformance('memory', () => {
 *   const net = new MemoryNetwork();
 *   net.isolate('10.255.0.1:7946');
 *   return { create: () => net.createTransport(), closedAddress: () => '10.254.0.1:7946', hangingAddress: () => '10.255.0.1:7946' };
 * });
 * ```
 */
export function runTransportConformance(name: string, factory: ConformanceFactory): void {
  describe(`transport conformance: ${name}`, () => {
    let harness: ConformanceHarness;
    let created: Transport[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => {
      uncaught.push(error);
    };

    beforeEach(async () => {
      harness = await factory();
      created = [];
      uncaught.length = 0;
      process.on('uncaughtException', onUncaught);
      process.on('unhandledRejection', onUncaught);
    });

    afterEach(async () => {
      await Promise.all(created.map((t) => t.close()));
      await harness.teardown?.();
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
      expect(uncaught, 'no uncaught exceptions or unhandled rejections').toEqual([]);
    });

    async function node(): Promise<{ t: Transport; inbox: Inbox }> {
      const t = await harness.create();
      created.push(t);
      const inbox = new Inbox();
      await t.start(inbox.handlers);
      return { t, inbox };
    }

    async function connected(): Promise<{
      a: Transport;
      b: Transport;
      client: Stream;
      server: Stream;
    }> {
      const { t: a } = await node();
      const { t: b, inbox } = await node();
      const client = await a.dial(b.localAddress());
      const server = await inbox.nextStream();
      return { a, b, client, server };
    }

    it('reports a parseable local address with a real port once started', async () => {
      const { t } = await node();
      const parsed = parseAddress(t.localAddress());
      expect(parsed.port).toBeGreaterThan(0);
      expect(t.state).toBe('started');
      expect(t.maxPacketSize).toBeGreaterThan(0);
    });

    it('round-trips packets with from and receivedAt', async () => {
      const { t: a, inbox: ia } = await node();
      const { t: b, inbox: ib } = await node();
      const sentAt = await a.sendPacket(b.localAddress(), encoder.encode('ping'));
      expect(typeof sentAt).toBe('number');
      const p = await ib.nextPacket();
      expect(decoder.decode(p.data)).toBe('ping');
      expect(p.from).toBe(a.localAddress());
      expect(p.receivedAt).toBeGreaterThanOrEqual(sentAt);
      await b.sendPacket(p.from, encoder.encode('pong'));
      const q = await ia.nextPacket();
      expect(decoder.decode(q.data)).toBe('pong');
      expect(q.from).toBe(b.localAddress());
    });

    it('delivers a packet of exactly maxPacketSize intact; rejects one byte more with ERR_PACKET_TOO_LARGE', async () => {
      const { t: a } = await node();
      const { t: b, inbox: ib } = await node();
      const data = pattern(a.maxPacketSize, 7);
      await a.sendPacket(b.localAddress(), data);
      const got = (await ib.nextPacket()).data;
      expect(got.length).toBe(data.length);
      expect(Buffer.from(got).equals(Buffer.from(data))).toBe(true);
      await expectCode(
        a.sendPacket(b.localAddress(), new Uint8Array(a.maxPacketSize + 1)),
        'ERR_PACKET_TOO_LARGE',
      );
    });

    it('gives the receiver its own packet buffer (sender reuse does not corrupt it)', async () => {
      const { t: a } = await node();
      const { t: b, inbox: ib } = await node();
      const buf = Uint8Array.of(1, 2, 3);
      await a.sendPacket(b.localAddress(), buf);
      buf.fill(9);
      expect([...(await ib.nextPacket()).data]).toEqual([1, 2, 3]);
    });

    it('keeps delivering after a packet handler throws', async () => {
      const throwing = await harness.create();
      created.push(throwing);
      const seen: string[] = [];
      let gotTwo!: () => void;
      const two = new Promise<void>((resolve) => (gotTwo = resolve));
      await throwing.start({
        onPacket: (p) => {
          seen.push(decoder.decode(p.data));
          if (seen.length === 2) gotTwo();
          throw new Error('handler bug');
        },
        onStream: (s) => s.close(),
      });
      const { t: a } = await node();
      await a.sendPacket(throwing.localAddress(), encoder.encode('one'));
      await a.sendPacket(throwing.localAddress(), encoder.encode('two'));
      await two;
      expect(seen).toEqual(['one', 'two']);
    });

    it('round-trips a stream both ways with half-close', async () => {
      const { a, client, server } = await connected();
      expect(server.remoteAddress.length).toBeGreaterThan(0);
      await client.write(encoder.encode('hello '));
      await client.write(encoder.encode('world'));
      await client.end();
      await expectCode(client.write(encoder.encode('late')), 'ERR_STREAM_CLOSED');
      expect(decoder.decode(await readAll(server))).toBe('hello world');
      // The server can still answer after the client's half-close.
      await server.write(encoder.encode('reply from '));
      await server.write(encoder.encode(a.localAddress()));
      await server.end();
      expect(decoder.decode(await readAll(client))).toBe(`reply from ${a.localAddress()}`);
      client.close();
      server.close();
      client.close();
    });

    it('carries 2 MiB each way intact through back-pressure', async () => {
      const { client, server } = await connected();
      const up = pattern(2 * 1024 * 1024, 1);
      const down = pattern(2 * 1024 * 1024, 2);
      const writeAll = async (s: Stream, data: Uint8Array): Promise<void> => {
        for (let off = 0; off < data.length; off += 64 * 1024)
          await s.write(data.subarray(off, off + 64 * 1024));
        await s.end();
      };
      const [gotUp, gotDown] = await Promise.all([
        readAll(server),
        readAll(client),
        writeAll(client, up),
        writeAll(server, down),
      ]);
      expect(gotUp.length).toBe(up.length);
      expect(Buffer.from(gotUp).equals(Buffer.from(up))).toBe(true);
      expect(Buffer.from(gotDown).equals(Buffer.from(down))).toBe(true);
    });

    it('ends the peer when a stream is closed, and fails later writes with ERR_STREAM_CLOSED', async () => {
      const { client, server } = await connected();
      client.close();
      await expectCode(client.write(encoder.encode('x')), 'ERR_STREAM_CLOSED');
      await expectEndOrTypedError(server);
    });

    it('closes open streams when the transport closes', async () => {
      const { a, client, server } = await connected();
      await a.close();
      await expectCode(client.write(encoder.encode('x')), 'ERR_STREAM_CLOSED');
      await expectEndOrTypedError(server);
    });

    it('refuses a dial to a closed port with ERR_CONNECTION_REFUSED', async () => {
      const { t } = await node();
      await expectCode(
        t.dial(await harness.closedAddress(), { timeoutMs: 5000 }),
        'ERR_CONNECTION_REFUSED',
      );
    });

    it('rejects malformed addresses with ERR_INVALID_ADDRESS', async () => {
      const { t } = await node();
      for (const bad of [
        '',
        'no-port',
        '127.0.0.1:',
        '127.0.0.1:65536',
        '::1:7946',
        '[::1]',
        'a..b:1',
        ':7946',
      ]) {
        await expectCode(t.sendPacket(bad, Uint8Array.of(1)), 'ERR_INVALID_ADDRESS');
        await expectCode(t.dial(bad), 'ERR_INVALID_ADDRESS');
      }
    });

    it('rejects unresolvable names with ERR_UNRESOLVABLE_ADDRESS', async () => {
      const { t } = await node();
      const address = harness.unresolvableAddress ?? 'no-such-host.invalid:7946';
      await expectCode(t.sendPacket(address, Uint8Array.of(1)), 'ERR_UNRESOLVABLE_ADDRESS');
      await expectCode(t.dial(address), 'ERR_UNRESOLVABLE_ADDRESS');
    });

    it('rejects a dial timeoutMs that is not > 0 with ERR_INVALID_OPTION', async () => {
      const { t: a } = await node();
      const { t: b } = await node();
      await expectCode(a.dial(b.localAddress(), { timeoutMs: Number.NaN }), 'ERR_INVALID_OPTION');
      await expectCode(a.dial(b.localAddress(), { timeoutMs: -1 }), 'ERR_INVALID_OPTION');
    });

    it('times out a hanging dial with ERR_TIMEOUT', async () => {
      const { t } = await node();
      await expectCode(t.dial(await harness.hangingAddress(), { timeoutMs: 50 }), 'ERR_TIMEOUT');
    });

    it('aborts a dial with ERR_ABORTED (already aborted, or aborted while pending)', async () => {
      const { t } = await node();
      const target = await harness.hangingAddress();
      const pre = new AbortController();
      pre.abort();
      await expectCode(t.dial(target, { signal: pre.signal }), 'ERR_ABORTED');
      const ac = new AbortController();
      const pending = t.dial(target, { signal: ac.signal, timeoutMs: 10_000 });
      ac.abort();
      await expectCode(pending, 'ERR_ABORTED');
    });

    it('rejects use before start with ERR_NOT_STARTED and after close with ERR_CLOSED', async () => {
      const t = await harness.create();
      created.push(t);
      expect(t.state).toBe('idle');
      expect(() => t.localAddress()).toThrow(expect.objectContaining({ code: 'ERR_NOT_STARTED' }));
      await expectCode(t.sendPacket('127.0.0.1:1', Uint8Array.of(1)), 'ERR_NOT_STARTED');
      await expectCode(t.dial('127.0.0.1:1'), 'ERR_NOT_STARTED');
      const inbox = new Inbox();
      await t.start(inbox.handlers);
      const address = t.localAddress();
      await t.close();
      expect(t.state).toBe('closed');
      await expectCode(t.sendPacket(address, Uint8Array.of(1)), 'ERR_CLOSED');
      await expectCode(t.dial(address), 'ERR_CLOSED');
      await expectCode(t.start(inbox.handlers), 'ERR_CLOSED');
    });

    it('makes start and close idempotent', async () => {
      const t = await harness.create();
      created.push(t);
      const inbox = new Inbox();
      await Promise.all([t.start(inbox.handlers), t.start(inbox.handlers)]);
      const address = t.localAddress();
      await t.start(inbox.handlers);
      expect(t.localAddress()).toBe(address);
      await Promise.all([t.close(), t.close()]);
      await t.close();
      expect(t.state).toBe('closed');
    });

    it('survives abuse without uncaught exceptions', async () => {
      const { t: a } = await node();
      const rude = await harness.create();
      created.push(rude);
      await rude.start({
        onPacket: () => {
          throw new Error('packet handler bug');
        },
        onStream: () => {
          throw new Error('stream handler bug');
        },
      });
      await a.sendPacket(rude.localAddress(), Uint8Array.of(1));
      const s = await a.dial(rude.localAddress()).catch((e: unknown) => e);
      if (!(s instanceof Error)) {
        await (s as Stream).write(Uint8Array.of(1)).catch(() => undefined);
        await expectEndOrTypedError(s as Stream);
        (s as Stream).close();
      }
      const { client } = await connected();
      void client.write(pattern(100_000, 3)).catch(() => undefined);
      await rude.close();
      await a.close();
      client.close();
    });
  });
}
