import { describe, expect, it } from 'vitest';
import { fixedNonce, hexToBytes, loadFixture, toHex } from './fixtures.js';
import {
  decryptPayload,
  encryptPayload,
  encryptionOverhead,
} from '../../src/wire/layers/encryption.js';

describe('AES-GCM payload encryption (memberlist security.go layout)', () => {
  it.each(['packet-encrypted', 'packet-encrypted-v0', 'packet-full-stack'])(
    '%s: decrypts with the fixture key and re-encrypts byte-identically with its nonce',
    (name) => {
      const f = loadFixture(name);
      const d = f.decoded!;
      const keys = f.keys!.map(hexToBytes);
      const got = decryptPayload(keys, hexToBytes(f.hex!));
      expect(toHex(got.plaintext)).toBe(d.plaintextHex);
      expect(got.version).toBe(d.encryptionVersion);
      const again = encryptPayload(
        d.encryptionVersion as 0 | 1,
        keys[d.keyIndex!]!,
        got.plaintext,
        undefined,
        fixedNonce(d.nonce!),
      );
      expect(toHex(again)).toBe(f.hex);
    },
  );

  it('version 0 pads 1..16 bytes (PKCS#7), version 1 adds 29 bytes', () => {
    const key = new Uint8Array(16);
    for (const len of [0, 1, 15, 16, 17, 100]) {
      const plain = new Uint8Array(len).fill(9);
      const v0 = encryptPayload(0, key, plain);
      expect(v0.length - len).toBe(encryptionOverhead(0, len));
      expect((v0.length - 29) % 16).toBe(0);
      expect(decryptPayload([key], v0).plaintext).toEqual(plain);
      const v1 = encryptPayload(1, key, plain);
      expect(v1.length).toBe(len + 29);
      expect(decryptPayload([key], v1).plaintext).toEqual(plain);
    }
    expect(encryptionOverhead(0)).toBe(45);
    expect(encryptionOverhead(1)).toBe(29);
  });

  it('binds the additional data and uses fresh nonces by default', () => {
    const key = new Uint8Array(32).fill(1);
    const aad = new TextEncoder().encode('prod-east');
    const sealed = encryptPayload(1, key, new Uint8Array([1, 2, 3]), aad);
    expect(decryptPayload([key], sealed, aad).plaintext).toEqual(new Uint8Array([1, 2, 3]));
    expect(() => decryptPayload([key], sealed)).toThrow(
      expect.objectContaining({ code: 'ERR_DECRYPT' }),
    );
    const other = encryptPayload(1, key, new Uint8Array([1, 2, 3]), aad);
    expect(toHex(other.subarray(1, 13))).not.toBe(toHex(sealed.subarray(1, 13)));
  });

  it('typed errors: no keys, bad key size, empty input', () => {
    expect(() => decryptPayload([], new Uint8Array(40))).toThrow(
      expect.objectContaining({ code: 'ERR_NO_KEY' }),
    );
    expect(() => encryptPayload(1, new Uint8Array(10), new Uint8Array(1))).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_KEY' }),
    );
    expect(() => decryptPayload([new Uint8Array(16)], new Uint8Array(0))).toThrow(
      expect.objectContaining({ code: 'ERR_DECODE' }),
    );
  });
});
