/**
 * Receiving packets: unwrap the layers, dispatch each message by type (compound and compress
 * nest, within a decompression budget), then deliver the events the packet produced.
 */
import type { Packet } from '@ring/transport';
import {
  PACKET_DECOMPRESS_FLOOR_BYTES,
  PACKET_DECOMPRESS_MULTIPLE,
} from '../../config/constants.js';
import { wireToAddress } from '../wire-address.js';
import { reasonOf } from '../../core/refusals.js';
import { refuse } from '../../observe/refusal-count.js';
import { MessageType, decodeMessage } from '../../wire/index.js';
import { decompressBody } from '../../wire/packet.js';
import type { Alive, WireMessage } from '../../wire/index.js';
import type { Prober } from './prober.js';
import type { Run } from '../run-context.js';
import { EMPTY, countIn } from '../run-context.js';
import { FROM_PACKET } from './state-changes.js';
import type { StateChanges } from './state-changes.js';
import { deliverUser } from './user-delivery.js';

/**
 * The work one datagram may cause. LZW expands up to ~560× within a 1 MiB output (the KwKwK
 * run), so the decompressed bytes of a whole datagram (every part, every level) are bounded by
 * `max(PACKET_DECOMPRESS_FLOOR_BYTES, PACKET_DECOMPRESS_MULTIPLE × datagram size)`: 512 KiB
 * for a full 64 KiB datagram, 64 KiB for a 1,400-byte one. Go only ever compresses a whole
 * packet (a single message or a compound), so `compress` inside a compound and `compress`
 * inside `compress` are refused.
 */
interface PacketBudget {
  /** Decompressed bytes still allowed. */
  decompress: number;
}

/**
 * The decompression budget of a datagram of `size` bytes.
 *
 * @param size - the datagram's size on the wire.
 */
export function packetDecompressBudget(size: number): number {
  return Math.max(PACKET_DECOMPRESS_FLOOR_BYTES, PACKET_DECOMPRESS_MULTIPLE * size);
}

/** Where a message sits in its packet: compound parts and compressed content may not nest further. */
type Nesting = 'top' | 'in-compound' | 'in-compress';

/** The inbound packet path of a running node. */
export class PacketDispatcher {
  readonly #run: Run;
  readonly #prober: Prober;
  readonly #claims: StateChanges;

  /**
   * @param run - the running node.
   * @param prober - receives pings, indirect pings, acks and nacks.
   * @param claims - receives alive, suspect and dead messages.
   */
  constructor(run: Run, prober: Prober, claims: StateChanges) {
    this.#run = run;
    this.#prober = prober;
    this.#claims = claims;
  }

  /** Transport callback for an inbound packet: unwrap, dispatch, then deliver the events it produced. */
  onPacket(p: Packet): void {
    const env = this.#run.env;
    if (this.#run.phase === 'shutdown') return;
    let inner: Uint8Array;
    try {
      inner = env.packetLayers.unwrap(p.data);
    } catch (error) {
      refuse(env, 'udp', reasonOf(error), { err: error, from: p.from });
      return;
    }
    this.#dispatch(inner, p.from, 0, { decompress: packetDecompressBudget(p.data.length) });
    // What the packet made urgent (a new suspicion, death or leave, a refutation) goes out now.
    this.#run.flushUrgent();
    env.events.drain();
  }

  /**
   * Handle one message by type; compound and compress messages recurse: a compound at the top or
   * inside the (single) compress, a compress only at the top, everything bounded by `budget`.
   */
  #dispatch(
    bytes: Uint8Array,
    from: string,
    depth: number,
    budget: PacketBudget,
    nesting: Nesting = 'top',
  ): void {
    if (bytes.length === 0 || depth > 4) return;
    const run = this.#run;
    const env = run.env;
    const type = bytes[0]!;
    countIn(env, type, bytes.length);
    if (type === MessageType.User) {
      deliverUser(run, bytes.slice(1), from, 'udp');
      return;
    }
    if (type === MessageType.Compress && nesting !== 'top') {
      refuse(env, 'udp', nesting === 'in-compound' ? 'compress_in_compound' : 'nested_compress', {
        from,
      });
      return;
    }
    let msg: WireMessage;
    try {
      msg = decodeMessage(bytes);
    } catch (error) {
      refuse(env, 'udp', reasonOf(error), { err: error, from, type });
      return;
    }
    switch (msg.type) {
      case MessageType.Compound:
        if (nesting === 'in-compound') {
          refuse(env, 'udp', 'nested_compound', { from });
          return;
        }
        for (const part of msg.body.parts)
          this.#dispatch(part, from, depth + 1, budget, 'in-compound');
        return;
      case MessageType.Compress: {
        const inner = this.#decompress(msg.body.algo, msg.body.buf, budget, from);
        if (inner.length > 0) this.#dispatch(inner, from, depth + 1, budget, 'in-compress');
        return;
      }
      case MessageType.Ping:
        this.#prober.onPing(msg.body, from);
        return;
      case MessageType.IndirectPing:
        this.#prober.onIndirectPing(msg.body, from);
        return;
      case MessageType.AckResp:
        this.#prober.onAck(msg.body.seqNo);
        return;
      case MessageType.NackResp:
        this.#prober.onNack(msg.body.seqNo);
        return;
      case MessageType.Alive:
        this.#onAlive(msg.body, bytes, from);
        return;
      case MessageType.Suspect:
        this.#claims.handleSuspect(
          { name: msg.body.node, incarnation: msg.body.incarnation, from: msg.body.from },
          bytes.slice(),
          { transport: 'udp', from },
        );
        return;
      case MessageType.Dead:
        this.#claims.handleDead(
          { name: msg.body.node, incarnation: msg.body.incarnation, from: msg.body.from },
          bytes.slice(),
          { transport: 'udp', from },
        );
        return;
      default:
        env.logger.debug({ type: msg.type, from }, 'unexpected message type in a packet');
    }
  }

  /**
   * Decompress a `compress` message body (LZW) within the packet's remaining budget (charged);
   * undecodable or over-budget input is counted and dropped (an empty result).
   */
  #decompress(algo: number, buf: Uint8Array, budget: PacketBudget, from: string): Uint8Array {
    try {
      const out = decompressBody({ algo, buf }, budget.decompress);
      budget.decompress -= out.length;
      return out;
    } catch (error) {
      budget.decompress = 0;
      const reason = reasonOf(error);
      refuse(this.#run.env, 'udp', reason === 'too_large' ? 'decompress_budget' : reason, {
        err: error,
        from,
      });
      return EMPTY;
    }
  }

  /** Turn a decoded alive message into an alive claim. */
  #onAlive(a: Alive, raw: Uint8Array, from: string): void {
    let address: string;
    try {
      address = wireToAddress(a.addr, a.port);
    } catch (error) {
      this.#run.env.logger.debug({ err: error, from }, 'alive with an invalid address');
      return;
    }
    this.#claims.handleAlive(
      { name: a.node, address, meta: a.meta ?? EMPTY, incarnation: a.incarnation, vsn: a.vsn },
      raw.slice(),
      FROM_PACKET,
    );
  }
}
