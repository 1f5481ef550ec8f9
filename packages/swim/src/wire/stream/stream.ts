import type { EncodeOptions } from '../codec.js';
import { encodeStreamMessage } from '../codec.js';
import { ENCRYPTION_OVERHEAD_V1, STREAM_ENCRYPT_HEADER_SIZE } from '../constants.js';
import type { EncryptionVersion, NonceSource } from '../layers/encryption.js';
import { encryptPayload, encryptionOverhead } from '../layers/encryption.js';
import type { Keyring } from '../layers/keyring.js';
import { encodeLabelHeader, labelBytes } from '../layers/label.js';
import type { WireMessage } from '../messages.js';
import { MessageType } from '../messages.js';
import { compressMessage } from '../packet.js';

/** Options for writing a stream message (memberlist's `rawSendMsgStream`). */
export interface StreamEncodeOptions extends EncodeOptions {
  /** LZW-compress the message (streams are always compressed when Go's `EnableCompression` is on, no size check). @default false */
  readonly compress?: boolean;
  /** Encrypt into a `[10][len]` frame with the primary key when the keyring has one. @default undefined */
  readonly keyring?: Keyring | undefined;
  /** Encryption version. @default 1 */
  readonly encryptionVersion?: EncryptionVersion;
  /** Cluster label: part of the frame's AAD (both directions of a labelled connection). @default '' */
  readonly label?: string | Uint8Array;
  /**
   * Prefix the label header `[244][len][label]`. Only the **dialer** writes it, once, at the start
   * of the connection; the acceptor never does.
   * @default false
   */
  readonly labelHeader?: boolean;
  /** Nonce source for encryption. @default randomNonce (CSPRNG) */
  readonly nonceSource?: NonceSource;
}

/**
 * Encode one stream message with its layers: message → compress → encryption frame
 * `[10][len u32 BE][vsn][nonce][ciphertext][tag]` with AAD `[10][len]` + label; optionally
 * preceded by the dialer's label header. Streams carry no CRC.
 *
 * @throws {@link WireError} `ERR_ENCODE` for invalid message values or a label over 255 bytes.
 */
export function encodeStream(msg: WireMessage, options: StreamEncodeOptions = {}): Uint8Array {
  let buf = encodeStreamMessage(msg, options);
  if (options.compress === true) buf = compressMessage(buf);
  const label = labelBytes(options.label);
  const key = options.keyring?.primary;
  if (key !== undefined) {
    const version = options.encryptionVersion ?? 1;
    const len = buf.length + encryptionOverhead(version, buf.length);
    const header = new Uint8Array(STREAM_ENCRYPT_HEADER_SIZE);
    header[0] = MessageType.Encrypt;
    new DataView(header.buffer).setUint32(1, len);
    const aad = new Uint8Array(STREAM_ENCRYPT_HEADER_SIZE + label.length);
    aad.set(header);
    aad.set(label, STREAM_ENCRYPT_HEADER_SIZE);
    const sealed = encryptPayload(version, key, buf, aad, options.nonceSource);
    buf = new Uint8Array(STREAM_ENCRYPT_HEADER_SIZE + sealed.length);
    buf.set(header);
    buf.set(sealed, STREAM_ENCRYPT_HEADER_SIZE);
  }
  if (options.labelHeader === true && label.length > 0) {
    const h = encodeLabelHeader(label);
    const out = new Uint8Array(h.length + buf.length);
    out.set(h);
    out.set(buf, h.length);
    buf = out;
  }
  return buf;
}

/** Smallest valid `len` of an encrypted stream frame (version 1 with an empty plaintext). */
export const MIN_STREAM_FRAME_LENGTH = ENCRYPTION_OVERHEAD_V1;
