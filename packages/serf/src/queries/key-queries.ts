/**
 * Serf's key-management queries (`_serf_install-key`, `_serf_use-key`, `_serf_remove-key`,
 * `_serf_list-keys`, sent by `serf keys`): the request payload is `7` + msgpack `{Key}`, the
 * answer `8` + msgpack `{Keys, Message, PrimaryKey, Result}` (keys in standard base64).
 */
import type { Keyring } from '@ring/swim/wire';
import { MsgWriter, decodeValue } from '../wire/msgpack.js';
import { asStruct, bytesField } from '../wire/fields.js';
import { SerfMessageType } from '../wire/messages.js';

/** Internal query names (after the `_serf_` prefix) handled here. */
export const KEY_QUERIES: ReadonlySet<string> = new Set([
  'install-key',
  'use-key',
  'remove-key',
  'list-keys',
]);

// Serf's `minEncodedKeyLength`: the shortest base64 key (16 bytes → 24 chars) plus a byte.
const MIN_ENCODED_KEY_LENGTH = 25;

interface KeyResponse {
  result: boolean;
  message: string;
  keys: string[] | null;
  primaryKey: string;
}

function encodeKeyResponse(r: KeyResponse): Uint8Array {
  const w = new MsgWriter();
  w.byte(SerfMessageType.KeyResponse);
  w.value({ Keys: r.keys, Message: r.message, PrimaryKey: r.primaryKey, Result: r.result });
  return w.finish();
}

const base64 = (k: Uint8Array): string => btoa(String.fromCharCode(...k));

/**
 * Answer one key query against `keyring` (changing it for install/use/remove).
 *
 * @param op - the query name without the `_serf_` prefix.
 * @param payload - the query payload.
 * @param keyring - this member's keyring; absent = encryption off.
 * @param fits - whether a response payload fits the response size limit (list-keys truncates).
 * @returns the response payload.
 */
export function answerKeyQuery(
  op: string,
  payload: Uint8Array,
  keyring: Keyring | undefined,
  fits: (payload: Uint8Array) => boolean,
): Uint8Array {
  const r: KeyResponse = { result: false, message: '', keys: null, primaryKey: '' };
  const enabled = keyring !== undefined && keyring.size > 0;
  if (op === 'list-keys') {
    if (!enabled) {
      r.message = 'Keyring is empty (encryption not enabled)';
      return encodeKeyResponse(r);
    }
    const all = keyring.list().map(base64);
    r.primaryKey = base64(keyring.primary!);
    r.result = true;
    const max = Math.floor(1024 / MIN_ENCODED_KEY_LENGTH);
    for (let i = Math.min(max, all.length); i >= 0; i--) {
      r.keys = all.slice(0, i);
      if (i < all.length)
        r.message = `truncated key list response, showing first ${i} of ${all.length} keys`;
      const out = encodeKeyResponse(r);
      if (fits(out)) return out;
    }
    r.keys = [];
    return encodeKeyResponse(r);
  }
  let key: Uint8Array;
  try {
    if (payload.length === 0 || payload[0] !== SerfMessageType.KeyRequest)
      throw new Error('not a key request');
    key = bytesField(asStruct(decodeValue(payload, 1).value, 'key request'), 'Key', 'key request');
  } catch {
    return encodeKeyResponse(r);
  }
  if (!enabled) {
    r.message = 'No keyring to modify (encryption not enabled)';
    return encodeKeyResponse(r);
  }
  try {
    if (op === 'install-key') keyring.install(key);
    else if (op === 'use-key') keyring.use(key);
    else keyring.remove(key);
    r.result = true;
  } catch (err) {
    r.message = err instanceof Error ? err.message : 'keyring change failed';
  }
  return encodeKeyResponse(r);
}
