/**
 * A push/pull stream message taken apart (compress wrapper, LZW stream, push/pull), and node states
 * as plain data for comparisons across implementations. Pure; the live capture is in
 * `../interop/capture-push-pull.ts`.
 */
import { MessageType, decodeStreamMessage } from '../../src/wire/index.js';
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
