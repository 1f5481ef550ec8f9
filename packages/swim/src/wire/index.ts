/**
 * `@ring/swim/wire`: hashicorp/memberlist's wire protocol — message types, a schema-driven msgpack
 * codec that writes exactly what Go writes, compound, CRC, LZW, AES-GCM keyring, labels, and an
 * incremental stream parser. Pure and synchronous; no I/O.
 *
 * @example
 * ```ts
 * import { MessageType, decodeMessage, encodeMessage } from '@ring/swim/wire';
 *
 * const bytes = encodeMessage({
 *   type: MessageType.Ping,
 *   body: { seqNo: 1, node: 'node-b', sourceAddr: new Uint8Array([127, 0, 0, 1]), sourcePort: 7946, sourceNode: 'node-a' },
 * });
 * const msg = decodeMessage(bytes);
 * if (msg.type === MessageType.Ping) console.log(msg.body.seqNo); // 1
 * ```
 *
 * @packageDocumentation
 */
export {
  MAX_COMPOUND_PARTS,
  MAX_COMPOUND_PARTS_V022,
  MAX_PACKET_SIZE,
  UDP_BUFFER_SIZE,
} from './constants.js';
export { WireError, isWireError } from './errors.js';
export type { WireErrorCode } from './errors.js';
export { MessageType, NodeStateType } from './messages.js';
export type {
  AckResp,
  Alive,
  Compound,
  Compress,
  Dead,
  ErrResp,
  IndirectPingReq,
  MessageOf,
  NackResp,
  Ping,
  PushNodeState,
  PushPull,
  PushPullHeader,
  Suspect,
  UserMsg,
  UserMsgHeader,
  WireMessage,
} from './messages.js';
export type { IntFormat } from './msgpack/msgpack-writer.js';
export { decodeMessage, decodeStreamMessage, encodeMessage, encodeStreamMessage } from './codec.js';
export type { EncodeOptions } from './codec.js';
export { decodeCompound, encodeCompound, packMessages } from './compound.js';
export type { PackOptions } from './compound.js';
export { DEFAULT_LIMITS, resolveLimits } from './limits.js';
export type { ResolvedWireLimits, WireLimits } from './limits.js';
export { Keyring, KEY_SIZES } from './layers/keyring.js';
export type { EncryptionVersion, NonceSource } from './layers/encryption.js';
export { compressMessage, decodePacket, encodePacket } from './packet.js';
export type {
  DecodedPacket,
  OpenedPacket,
  PacketDecodeOptions,
  PacketEncodeOptions,
} from './packet.js';
export { encodeStream } from './stream/stream.js';
export type { StreamEncodeOptions } from './stream/stream.js';
export { StreamParser } from './stream/stream-parser.js';
export type { StreamParserOptions } from './stream/stream-parser.js';
