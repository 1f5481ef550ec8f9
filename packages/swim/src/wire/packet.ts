import { decodeMessage } from './codec.js';
import { LZW_ALGO, MAX_PACKET_SIZE } from './constants.js';
import { unwrapCrc, wrapCrc } from './layers/crc.js';
import type { EncryptionVersion, NonceSource } from './layers/encryption.js';
import { decryptPayload, encryptPayload, encryptionOverhead } from './layers/encryption.js';
import { WireError } from './errors.js';
import type { Keyring } from './layers/keyring.js';
import {
  checkLabel,
  encodeLabelHeader,
  labelBytes,
  labelOverhead,
  readLabelHeader,
} from './layers/label.js';
import type { ResolvedWireLimits } from './limits.js';
import { DEFAULT_LIMITS } from './limits.js';
import { lzwCompress, lzwDecompress } from './layers/lzw.js';
import type { WireMessage } from './messages.js';
import { MessageType } from './messages.js';
import { MsgpackWriter } from './msgpack/msgpack-writer.js';
import { compressSchema, encodeStruct } from './schemas.js';

/** Options for sending a packet (memberlist's `rawSendMsgPacket` layers). */
export interface PacketEncodeOptions {
  /** LZW-compress when the result is strictly smaller (Go's `EnableCompression`). @default false */
  readonly compress?: boolean;
  /** Add the CRC wrapper (Go does for recipients with PMax ≥ 5). @default false */
  readonly crc?: boolean;
  /** Encrypt with the keyring's primary key when it has one. @default undefined (no encryption) */
  readonly keyring?: Keyring | undefined;
  /** Encryption version: 1 for protocol ≥ 2, 0 (padded) for protocol 1. @default 1 */
  readonly encryptionVersion?: EncryptionVersion;
  /** Cluster label (memberlist v0.3.0+); `''` = none. Prefixed in clear and used as GCM AAD. @default '' */
  readonly label?: string | Uint8Array;
  /** Nonce source for encryption. @default randomNonce (CSPRNG) */
  readonly nonceSource?: NonceSource;
}

/**
 * Wrap one encoded message (a single message or a compound) in the packet layers, in Go's order:
 * compress (only if smaller) → CRC → encrypt (AAD = label) → label header.
 *
 * @throws {@link WireError} `ERR_ENCODE` for a label over 255 bytes or an empty message.
 */
export function encodePacket(message: Uint8Array, options: PacketEncodeOptions = {}): Uint8Array {
  if (message.length === 0) throw new WireError('ERR_ENCODE', 'cannot send an empty message');
  let buf = message;
  if (options.compress === true) {
    const c = compressMessage(buf);
    if (c.length < buf.length) buf = c;
  }
  if (options.crc === true) buf = wrapCrc(buf);
  const label = labelBytes(options.label);
  const key = options.keyring?.primary;
  if (key !== undefined) {
    buf = encryptPayload(options.encryptionVersion ?? 1, key, buf, label, options.nonceSource);
  }
  if (label.length > 0) {
    const header = encodeLabelHeader(label);
    const out = new Uint8Array(header.length + buf.length);
    out.set(header);
    out.set(buf, header.length);
    buf = out;
  }
  return buf;
}

const scratch = new MsgpackWriter();

/**
 * Compress a complete message into a `compress` (9) message: `[9]{Algo: 0, Buf: lzw(message)}`,
 * byte-identical to memberlist's `compressPayload`.
 */
export function compressMessage(message: Uint8Array): Uint8Array {
  scratch.reset();
  scratch.byte(MessageType.Compress);
  encodeStruct(scratch, compressSchema, { algo: LZW_ALGO, buf: lzwCompress(message) });
  return scratch.finish();
}

/**
 * Decompress the body of a `compress` message (already decoded).
 *
 * @throws {@link WireError} `ERR_UNSUPPORTED` for an algorithm other than LZW (0), `ERR_DECODE`
 *   for invalid LZW data or an empty result, `ERR_TOO_LARGE` above `maxOutput`.
 */
export function decompressBody(
  body: { algo: number; buf: Uint8Array },
  maxOutput: number,
): Uint8Array {
  if (body.algo !== LZW_ALGO)
    throw new WireError('ERR_UNSUPPORTED', `unknown compression algorithm ${body.algo}`);
  const out = lzwDecompress(body.buf, maxOutput);
  if (out.length === 0)
    throw new WireError('ERR_DECODE', 'compressed message decompresses to nothing');
  return out;
}

/**
 * Bytes the packet layers add on top of a message (for the piggyback budget): CRC 5, encryption
 * 29 (v1) or up to 45 (v0), label `2 + len`. Compression is not counted (it only shrinks).
 *
 * @throws {@link WireError} `ERR_ENCODE` for a label over 255 bytes.
 */
export function packetOverhead(options: PacketEncodeOptions = {}): number {
  let n = options.crc === true ? 5 : 0;
  if (options.keyring?.primary !== undefined)
    n += encryptionOverhead(options.encryptionVersion ?? 1);
  return n + labelOverhead(options.label);
}

/** Options for receiving a packet (memberlist's `ingestPacket`). */
export interface PacketDecodeOptions {
  /** Keys to try; encryption is expected when it holds at least one key. @default undefined */
  readonly keyring?: Keyring | undefined;
  /**
   * Go's `GossipVerifyIncoming`: when true, input that fails to decrypt is an error; when false,
   * it is processed as plaintext (cluster migration only).
   * @default true
   */
  readonly verifyIncoming?: boolean;
  /** The configured cluster label; `''` = none. @default '' */
  readonly label?: string | Uint8Array;
  /** Go's `SkipInboundLabelCheck` (migration aid). @default false */
  readonly skipInboundLabelCheck?: boolean;
  /** Size bounds (decompression, push/pull). @default DEFAULT_LIMITS */
  readonly limits?: ResolvedWireLimits;
}

/** A packet with its outer layers removed. */
export interface OpenedPacket {
  /** The message (single, compound or compress) after label, decryption and CRC. */
  readonly message: Uint8Array;
  /** The effective label (empty = none). */
  readonly label: Uint8Array;
  /** Which key decrypted it (-1 = not encrypted). */
  readonly keyIndex: number;
  /** Whether a CRC wrapper was present (and verified). */
  readonly crc: boolean;
}

/**
 * Remove a packet's outer layers in Go's receive order: label header (must match the configured
 * label), decryption (AAD = label; every key is tried), CRC (verified, outermost only).
 *
 * @throws {@link WireError} `ERR_LABEL_MISMATCH`, `ERR_NO_KEY` (not possible with a keyring),
 *   `ERR_DECRYPT` (no key fits), `ERR_CRC`, `ERR_DECODE` (empty/short input), `ERR_TOO_LARGE`
 *   (more than 65 536 bytes).
 */
export function openPacket(packet: Uint8Array, options: PacketDecodeOptions = {}): OpenedPacket {
  if (packet.length > MAX_PACKET_SIZE)
    throw new WireError('ERR_TOO_LARGE', `packet of ${packet.length} bytes`);
  const { label: received, offset } = readLabelHeader(packet);
  const label = checkLabel(
    received,
    offset > 0,
    labelBytes(options.label),
    options.skipInboundLabelCheck ?? false,
  );
  let buf = packet.subarray(offset);
  let keyIndex = -1;
  const keys = options.keyring?.keysForDecrypt() ?? [];
  if (keys.length > 0) {
    try {
      const d = decryptPayload(keys, buf, label);
      buf = d.plaintext;
      keyIndex = d.keyIndex;
    } catch (e) {
      if (options.verifyIncoming ?? true) throw e;
    }
  }
  if (buf.length === 0) throw new WireError('ERR_DECODE', 'empty packet');
  let crc = false;
  if (buf[0] === MessageType.HasCrc && buf.length >= 5) {
    buf = unwrapCrc(buf);
    crc = true;
  }
  return { message: buf, label, keyIndex, crc };
}

/** A fully decoded packet. */
export interface DecodedPacket extends OpenedPacket {
  /** Every message, compound parts and compressed content flattened in order. */
  readonly messages: WireMessage[];
  /** Failures of individual compound parts (Go processes the other parts anyway). */
  readonly errors: WireError[];
  /** Compound parts cut off by the end of the packet (dropped, as in Go). */
  readonly truncated: number;
}

const MAX_NESTING = 4;

/**
 * Decode a packet completely: {@link openPacket}, then the message, recursing into compound and
 * compress messages (any nesting Go accepts, up to 4 levels). A failing compound part is
 * recorded in `errors` and the other parts are still returned, as Go does. All decompression in
 * one packet shares the `limits.maxDecompressedBytes` budget.
 *
 * @throws {@link WireError} everything {@link openPacket} throws, plus `ERR_DECODE` /
 *   `ERR_UNSUPPORTED` / `ERR_TOO_LARGE` when the outermost message cannot be decoded.
 */
export function decodePacket(packet: Uint8Array, options: PacketDecodeOptions = {}): DecodedPacket {
  const opened = openPacket(packet, options);
  const limits = options.limits ?? DEFAULT_LIMITS;
  const messages: WireMessage[] = [];
  const errors: WireError[] = [];
  let truncated = 0;
  let decompressed = 0;
  const visit = (bytes: Uint8Array, depth: number): void => {
    if (depth > MAX_NESTING)
      throw new WireError('ERR_DECODE', 'compound/compress nested too deeply');
    const msg = decodeMessage(bytes, limits);
    if (msg.type === MessageType.Compound) {
      truncated += msg.body.truncated;
      for (const part of msg.body.parts) {
        try {
          visit(part, depth + 1);
        } catch (e) {
          if (!(e instanceof WireError)) throw e;
          errors.push(e);
        }
      }
    } else if (msg.type === MessageType.Compress) {
      // One budget for the whole packet, so that many compressed parts cannot multiply it.
      const inner = decompressBody(msg.body, limits.maxDecompressedBytes - decompressed);
      decompressed += inner.length;
      visit(inner, depth + 1);
    } else if (msg.type === MessageType.PushPull || msg.type === MessageType.Err) {
      throw new WireError('ERR_UNSUPPORTED', `message type ${msg.type} is stream-only`);
    } else {
      messages.push(msg);
    }
  };
  visit(opened.message, 0);
  return { ...opened, messages, errors, truncated };
}
