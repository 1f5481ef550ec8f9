import { createRequire } from 'node:module';
import {
  AES_BLOCK_SIZE,
  ENCRYPTION_OVERHEAD_V0,
  ENCRYPTION_OVERHEAD_V1,
  NONCE_SIZE,
  TAG_SIZE,
} from '../constants.js';
import { WireError } from '../errors.js';

let cryptoModule: typeof import('node:crypto') | undefined;

/**
 * `node:crypto`, loaded when a keyring first encrypts or decrypts: loading it costs every process
 * 2 MB of RSS, which a cluster without keys should not pay.
 */
function nodeCrypto(): typeof import('node:crypto') {
  cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return cryptoModule;
}

/** memberlist encryption versions: 0 = PKCS#7-padded (protocol 1), 1 = unpadded (protocol ≥ 2). */
export type EncryptionVersion = 0 | 1;

/**
 * Fills a buffer with fresh random bytes for nonces. Defaults to `crypto.randomFillSync`;
 * inject a deterministic one only in tests (a repeated nonce breaks AES-GCM).
 */
export type NonceSource = (nonce: Uint8Array) => void;

/** The default {@link NonceSource}: the operating system's CSPRNG. */
export const randomNonce: NonceSource = (nonce) => {
  nodeCrypto().randomFillSync(nonce);
};

const EMPTY = new Uint8Array(0);

function algorithm(key: Uint8Array): 'aes-128-gcm' | 'aes-192-gcm' | 'aes-256-gcm' {
  switch (key.length) {
    case 16:
      return 'aes-128-gcm';
    case 24:
      return 'aes-192-gcm';
    case 32:
      return 'aes-256-gcm';
    default:
      throw new WireError('ERR_INVALID_KEY', `a key must be 16, 24 or 32 bytes, got ${key.length}`);
  }
}

/**
 * Bytes `encryptPayload` adds to a message of `length` bytes.
 *
 * @param version - encryption version.
 * @param length - plaintext length (matters for version 0 padding). @default 0 (→ the maximum)
 */
export function encryptionOverhead(version: EncryptionVersion, length = 0): number {
  if (version === 1) return ENCRYPTION_OVERHEAD_V1;
  return ENCRYPTION_OVERHEAD_V0 - AES_BLOCK_SIZE + (AES_BLOCK_SIZE - (length % AES_BLOCK_SIZE));
}

/**
 * Encrypt like memberlist's `encryptPayload`: `[version][nonce 12][ciphertext][tag 16]`, AES-GCM
 * with `key`; version 0 PKCS#7-pads the plaintext to a multiple of 16 first (1–16 pad bytes).
 *
 * @param aad - additional authenticated data: the label for packets, `[10][len]` + label for
 *   stream frames. @default empty
 * @param nonceSource - fills the 12-byte nonce. @default randomNonce
 * @throws {@link WireError} `ERR_INVALID_KEY` for a key that is not 16/24/32 bytes.
 */
export function encryptPayload(
  version: EncryptionVersion,
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array = EMPTY,
  nonceSource: NonceSource = randomNonce,
): Uint8Array {
  const total = plaintext.length + encryptionOverhead(version, plaintext.length);
  const out = new Uint8Array(total);
  out[0] = version;
  const nonce = out.subarray(1, 1 + NONCE_SIZE);
  nonceSource(nonce);
  let src = plaintext;
  if (version === 0) {
    const pad = AES_BLOCK_SIZE - (plaintext.length % AES_BLOCK_SIZE);
    src = new Uint8Array(plaintext.length + pad);
    src.set(plaintext);
    src.fill(pad, plaintext.length);
  }
  const cipher = nodeCrypto().createCipheriv(algorithm(key), key, nonce);
  if (aad.length > 0) cipher.setAAD(aad);
  let o = 1 + NONCE_SIZE;
  const a = cipher.update(src);
  out.set(a, o);
  o += a.length;
  const b = cipher.final();
  out.set(b, o);
  o += b.length;
  out.set(cipher.getAuthTag(), o);
  return out;
}

/** What {@link decryptPayload} found. */
export interface Decrypted {
  /** The plaintext (padding removed for version 0). */
  readonly plaintext: Uint8Array;
  /** Index of the key that authenticated it. */
  readonly keyIndex: number;
  /** The encryption version of the input. */
  readonly version: EncryptionVersion;
}

function tryKey(
  key: Uint8Array,
  nonce: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array,
): Uint8Array | undefined {
  const decipher = nodeCrypto().createDecipheriv(algorithm(key), key, nonce);
  decipher.setAuthTag(tag);
  if (aad.length > 0) decipher.setAAD(aad);
  const a = decipher.update(ciphertext);
  try {
    const b = decipher.final();
    if (b.length === 0) return new Uint8Array(a.buffer, a.byteOffset, a.length);
    const out = new Uint8Array(a.length + b.length);
    out.set(a);
    out.set(b, a.length);
    return out;
  } catch {
    return undefined;
  }
}

/**
 * Decrypt like memberlist's `decryptPayload`: try every key in order, take the first that
 * authenticates; strip PKCS#7 padding for version 0.
 *
 * @param keys - keys to try, primary first.
 * @param aad - additional authenticated data (as for {@link encryptPayload}). @default empty
 * @throws {@link WireError} `ERR_NO_KEY` when `keys` is empty; `ERR_UNSUPPORTED` for a version
 *   byte > 1; `ERR_DECODE` when shorter than the overhead or the padding is invalid;
 *   `ERR_DECRYPT` when no key authenticates (wrong key, wrong label, tampered bytes).
 */
export function decryptPayload(
  keys: readonly Uint8Array[],
  data: Uint8Array,
  aad: Uint8Array = EMPTY,
): Decrypted {
  if (keys.length === 0)
    throw new WireError('ERR_NO_KEY', 'encrypted input but no keys are installed');
  if (data.length === 0) throw new WireError('ERR_DECODE', 'cannot decrypt an empty payload');
  const vsn = data[0]!;
  if (vsn > 1) throw new WireError('ERR_UNSUPPORTED', `unsupported encryption version ${vsn}`);
  const version: EncryptionVersion = vsn === 0 ? 0 : 1;
  const min = version === 1 ? ENCRYPTION_OVERHEAD_V1 : ENCRYPTION_OVERHEAD_V0;
  if (data.length < min)
    throw new WireError('ERR_DECODE', `payload too small to decrypt: ${data.length} bytes`);
  const nonce = data.subarray(1, 1 + NONCE_SIZE);
  const ciphertext = data.subarray(1 + NONCE_SIZE, data.length - TAG_SIZE);
  const tag = data.subarray(data.length - TAG_SIZE);
  for (let i = 0; i < keys.length; i++) {
    const plain = tryKey(keys[i]!, nonce, ciphertext, tag, aad);
    if (plain === undefined) continue;
    if (version === 1) return { plaintext: plain, keyIndex: i, version };
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > AES_BLOCK_SIZE || pad > plain.length) {
      throw new WireError('ERR_DECODE', `invalid PKCS#7 padding ${pad}`);
    }
    return { plaintext: plain.subarray(0, plain.length - pad), keyIndex: i, version };
  }
  throw new WireError(
    'ERR_DECRYPT',
    `none of the ${keys.length} installed keys could decrypt the message`,
  );
}
