import { decodeCompound, encodeCompound } from './compound.js';
import { TruncatedError, WireError } from './errors.js';
import type { ResolvedWireLimits } from './limits.js';
import { checkSize, DEFAULT_LIMITS } from './limits.js';
import type { PushNodeState, PushPull, PushPullHeader, WireMessage } from './messages.js';
import { MessageType } from './messages.js';
import { MsgpackReader } from './msgpack/msgpack-reader.js';
import type { IntFormat } from './msgpack/msgpack-writer.js';
import { MsgpackWriter } from './msgpack/msgpack-writer.js';
import type { StructSchema } from './schemas.js';
import {
  ackRespSchema,
  aliveSchema,
  compressSchema,
  deadSchema,
  decodeStruct,
  encodeStruct,
  errRespSchema,
  indirectPingSchema,
  nackRespSchema,
  pingSchema,
  pushNodeStateSchema,
  pushPullHeaderSchema,
  suspectSchema,
  userMsgHeaderSchema,
} from './schemas.js';

/** Options of {@link encodeMessage} and {@link encodeStreamMessage}. */
export interface EncodeOptions {
  /**
   * How Go `int` fields ≥ 128 (`Nodes`, `UserStateLen`, `UserMsgLen`, `State`) are written:
   * `'unsigned'` like go-msgpack v0.5.x (memberlist ≤ v0.5.0), `'signed'` like go-msgpack v2.
   * Every Go version reads both.
   * @default 'unsigned'
   */
  readonly intFormat?: IntFormat;
}

// One scratch writer: encoding is synchronous and non-reentrant, the result is copied out.
const scratch = new MsgpackWriter();

/** The struct schema of a message type whose body is a single msgpack map, if it is one. */
export function bodySchema(type: number): StructSchema<unknown> | undefined {
  switch (type) {
    case MessageType.Ping:
      return pingSchema;
    case MessageType.IndirectPing:
      return indirectPingSchema;
    case MessageType.AckResp:
      return ackRespSchema;
    case MessageType.Suspect:
      return suspectSchema;
    case MessageType.Alive:
      return aliveSchema;
    case MessageType.Dead:
      return deadSchema;
    case MessageType.Compress:
      return compressSchema;
    case MessageType.NackResp:
      return nackRespSchema;
    case MessageType.Err:
      return errRespSchema;
    default:
      return undefined;
  }
}

function encodeInto(
  w: MsgpackWriter,
  msg: WireMessage,
  stream: boolean,
  intFormat: IntFormat,
): void {
  w.byte(msg.type);
  switch (msg.type) {
    case MessageType.User:
      if (stream) {
        encodeStruct(w, userMsgHeaderSchema, { userMsgLen: msg.body.payload.length }, intFormat);
      }
      w.raw(msg.body.payload);
      return;
    case MessageType.PushPull: {
      const { join, nodes, userState } = msg.body;
      const header: PushPullHeader = { nodes: nodes.length, userStateLen: userState.length, join };
      encodeStruct(w, pushPullHeaderSchema, header, intFormat);
      for (const n of nodes) encodeStruct(w, pushNodeStateSchema, n, intFormat);
      w.raw(userState);
      return;
    }
    case MessageType.Compound:
      w.pos--; // encodeCompound writes its own type byte
      w.raw(encodeCompound(msg.body.parts));
      return;
    default: {
      const s = bodySchema(msg.type);
      if (s === undefined)
        throw new WireError(
          'ERR_ENCODE',
          `cannot encode message type ${String((msg as { type: unknown }).type)}`,
        );
      encodeStruct(w, s, msg.body, intFormat);
    }
  }
}

/**
 * Encode one message as it travels in a **packet** (UDP): the type byte, then the msgpack body
 * exactly as Go writes it. A user message is `[8]` + raw payload; a compound is built from its
 * already-encoded parts. Push/pull (stream-only) is written in its stream form.
 *
 * @throws {@link WireError} `ERR_ENCODE` for values Go would reject (see `encodeStruct`),
 *   `ERR_TOO_LARGE` for an oversized compound.
 */
export function encodeMessage(msg: WireMessage, options: EncodeOptions = {}): Uint8Array {
  scratch.reset();
  encodeInto(scratch, msg, false, options.intFormat ?? 'unsigned');
  return scratch.finish();
}

/**
 * Encode one message as it travels on a **stream** (TCP), before compression/encryption: like
 * {@link encodeMessage} except that a user message carries its `userMsgHeader`.
 *
 * @throws {@link WireError} as {@link encodeMessage}.
 */
export function encodeStreamMessage(msg: WireMessage, options: EncodeOptions = {}): Uint8Array {
  scratch.reset();
  encodeInto(scratch, msg, true, options.intFormat ?? 'unsigned');
  return scratch.finish();
}

/**
 * Read a push/pull body (after the type byte) from `r`: header, `Nodes` node states, user state.
 * Size fields are checked against `limits` before anything is read or allocated.
 *
 * @throws {@link WireError} `ERR_DECODE` (malformed/truncated), `ERR_TOO_LARGE` (limits).
 */
export function readPushPull(r: MsgpackReader, limits: ResolvedWireLimits): PushPull {
  const header = decodeStruct(r, pushPullHeaderSchema);
  checkPushPullHeader(header, limits);
  // Every node state takes at least one byte: refuse impossible counts before looping.
  if (header.nodes > r.remaining) throw new TruncatedError(`${header.nodes} node states`);
  const nodes: PushNodeState[] = new Array<PushNodeState>(header.nodes);
  for (let i = 0; i < header.nodes; i++) nodes[i] = decodeStruct(r, pushNodeStateSchema);
  if (r.remaining < header.userStateLen)
    throw new TruncatedError(`${header.userStateLen} bytes of user state`);
  const userState = r.buf.slice(r.pos, r.pos + header.userStateLen);
  r.pos += header.userStateLen;
  return { join: header.join, nodes, userState };
}

/**
 * Validate a push/pull header's counts against `limits`.
 *
 * @throws {@link WireError} `ERR_DECODE` for negative counts, `ERR_TOO_LARGE` above a limit.
 */
export function checkPushPullHeader(h: PushPullHeader, limits: ResolvedWireLimits): void {
  checkSize('push/pull node count', h.nodes, limits.maxNodes);
  checkSize('push/pull user state length', h.userStateLen, limits.maxUserStateBytes);
}

function decodeAt(bytes: Uint8Array, stream: boolean, limits: ResolvedWireLimits): WireMessage {
  if (bytes.length === 0) throw new WireError('ERR_DECODE', 'empty message');
  const type = bytes[0]!;
  switch (type) {
    case MessageType.User: {
      if (!stream) return { type, body: { payload: bytes.slice(1) } };
      const r = new MsgpackReader(bytes, 1);
      const h = decodeStruct(r, userMsgHeaderSchema);
      checkSize('user message length', h.userMsgLen, limits.maxUserMsgBytes);
      if (r.remaining < h.userMsgLen)
        throw new TruncatedError(`a ${h.userMsgLen}-byte user message`);
      return { type, body: { payload: bytes.slice(r.pos, r.pos + h.userMsgLen) } };
    }
    case MessageType.PushPull:
      return { type, body: readPushPull(new MsgpackReader(bytes, 1), limits) };
    case MessageType.Compound:
      return { type, body: decodeCompound(bytes) };
    case MessageType.Encrypt:
    case MessageType.HasCrc:
    case MessageType.HasLabel:
      throw new WireError(
        'ERR_UNSUPPORTED',
        `type ${type} is a packet/stream layer, not a message: use decodePacket or StreamParser`,
      );
    default: {
      const s = bodySchema(type);
      if (s === undefined) throw new WireError('ERR_UNSUPPORTED', `unknown message type ${type}`);
      return { type, body: decodeStruct(new MsgpackReader(bytes, 1), s) } as WireMessage;
    }
  }
}

/**
 * Decode one message as found in a **packet** (after label/decryption/CRC have been removed):
 * type byte + body. Bytes after the body are ignored, as Go does. Compound and compress are
 * returned as such (their parts/payload are not decoded further; see `decodePacket`). Byte
 * fields are copies; compound parts are views into `bytes`.
 *
 * @param limits - size bounds for push/pull. @default DEFAULT_LIMITS
 * @throws {@link WireError} `ERR_DECODE` for malformed input, `ERR_UNSUPPORTED` for unknown or
 *   layer types (10, 12, 244), `ERR_TOO_LARGE` for sizes over `limits`.
 */
export function decodeMessage(
  bytes: Uint8Array,
  limits: ResolvedWireLimits = DEFAULT_LIMITS,
): WireMessage {
  return decodeAt(bytes, false, limits);
}

/**
 * Decode one complete **stream** message (after stream decryption): like {@link decodeMessage},
 * except that a user message is `userMsgHeader` + payload. For bytes arriving in chunks use
 * `StreamParser`.
 *
 * @throws {@link WireError} as {@link decodeMessage}.
 */
export function decodeStreamMessage(
  bytes: Uint8Array,
  limits: ResolvedWireLimits = DEFAULT_LIMITS,
): WireMessage {
  return decodeAt(bytes, true, limits);
}
