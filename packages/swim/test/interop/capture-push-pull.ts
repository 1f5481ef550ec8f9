/**
 * Ask a member for its push/pull state over a real TCP connection and take the reply apart: the
 * compress wrapper, the LZW stream and the push/pull message inside. Used by the push/pull byte
 * interop test and `pushpull-bytes.ts` (issue 11) against Go memberlist peers and Ring nodes alike.
 */
import { connect } from 'node:net';
import { MessageType, decodeStreamMessage, encodeStream } from '../../src/wire/index.js';
import type { PushNodeState, PushPull } from '../../src/wire/index.js';
import { lzwDecompress } from '../../src/wire/layers/lzw.js';

/** A push/pull reply taken apart. */
export interface PushPullReply {
  /** Every byte the member wrote. */
  readonly raw: Uint8Array;
  /** The LZW stream inside the compress wrapper. */
  readonly lzw: Uint8Array;
  /** The push/pull message (type byte, header, node states, user state) before compression. */
  readonly plain: Uint8Array;
  /** The decoded push/pull. */
  readonly pushPull: PushPull;
}

/**
 * Take a compressed push/pull stream message apart.
 *
 * @throws Error when `raw` is not a complete compress message holding a push/pull.
 */
export function unwrapPushPull(raw: Uint8Array): PushPullReply {
  const outer = decodeStreamMessage(raw);
  if (outer.type !== MessageType.Compress)
    throw new Error(`expected a compress message, got type ${outer.type}`);
  const plain = lzwDecompress(outer.body.buf);
  const inner = decodeStreamMessage(plain);
  if (inner.type !== MessageType.PushPull)
    throw new Error(`expected a push/pull inside, got type ${inner.type}`);
  return { raw, lzw: outer.body.buf, plain, pushPull: inner.body };
}

/**
 * Dial `address` (`host:port`), send a push/pull with no node states and no user state (so the
 * member merges nothing), and return its reply: the bytes its own periodic push/pull would send.
 * Rejects after `timeoutMs`.
 */
export function capturePushPull(address: string, timeoutMs = 10_000): Promise<PushPullReply> {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(colon + 1));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = connect({ host, port }, () => {
      sock.write(
        encodeStream({
          type: MessageType.PushPull,
          body: { join: false, nodes: [], userState: new Uint8Array(0) },
        }),
      );
    });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no complete push/pull reply from ${address} within ${timeoutMs} ms`));
    }, timeoutMs);
    const tryFinish = (last: boolean): void => {
      const raw = new Uint8Array(Buffer.concat(chunks));
      let reply: PushPullReply;
      try {
        reply = unwrapPushPull(raw);
      } catch (error) {
        // Incomplete so far (a Ring node keeps the connection open for the dialer to close).
        if (!last) return;
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      clearTimeout(timer);
      sock.destroy();
      resolve(reply);
    };
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      tryFinish(false);
    });
    sock.on('end', () => tryFinish(true));
    sock.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** A node state as comparable plain data (bytes in hex). */
export interface NodeStateView {
  readonly name: string;
  readonly addr: string;
  readonly port: number;
  readonly meta: string | null;
  readonly incarnation: number;
  readonly state: number;
  readonly vsn: string;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** `n` as plain data, for `toEqual` across implementations. */
export function nodeStateView(n: PushNodeState): NodeStateView {
  return {
    name: n.name,
    addr: hex(n.addr),
    port: n.port,
    meta: n.meta === null ? null : hex(n.meta),
    incarnation: n.incarnation,
    state: n.state,
    vsn: hex(n.vsn),
  };
}

/** The node states of a push/pull as plain data, sorted by name (order-free comparison). */
export function nodeStateSet(pp: PushPull): NodeStateView[] {
  return pp.nodes.map(nodeStateView).sort((a, b) => (a.name < b.name ? -1 : 1));
}
