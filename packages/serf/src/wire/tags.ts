import { SerfError } from '../errors.js';
import { MsgWriter, decodeValue, text } from './msgpack.js';

/** Serf's tag magic byte: node meta starting with it holds a msgpack map of string tags. */
export const SERF_TAG_MAGIC = 0xff;
/** memberlist's node meta limit; Serf refuses tags that encode larger. */
export const META_MAX_BYTES = 512;

/**
 * Encode tags as Serf puts them in memberlist node meta: `0xFF` + a msgpack map of string to
 * string (keys sorted, raw str, as go-msgpack writes them).
 *
 * @throws SerfError `ERR_INVALID_OPTION` for a non-string value, `ERR_TOO_LARGE` beyond 512 bytes.
 */
export function encodeSerfTags(tags: Readonly<Record<string, string>>): Uint8Array {
  for (const [k, v] of Object.entries(tags))
    if (typeof v !== 'string')
      throw new SerfError('ERR_INVALID_OPTION', `tag ${k} must be a string, got ${typeof v}`);
  const w = new MsgWriter();
  w.byte(SERF_TAG_MAGIC);
  w.value(tags);
  const out = w.finish();
  if (out.length > META_MAX_BYTES)
    throw new SerfError(
      'ERR_TOO_LARGE',
      `encoded tags are ${out.length} bytes, the limit is ${META_MAX_BYTES}`,
    );
  return out;
}

/**
 * Decode Serf tags from node meta. Meta without the magic byte is Serf's legacy form: the whole
 * meta is the `role` tag (empty meta → no tags).
 *
 * @throws SerfError `ERR_DECODE` when the map is malformed or holds non-string keys or values.
 */
export function decodeSerfTags(meta: Uint8Array): Record<string, string> {
  if (meta.length === 0) return {};
  if (meta[0] !== SERF_TAG_MAGIC) return { role: text(meta) };
  const { value } = decodeValue(meta, 1);
  if (!(value instanceof Map)) {
    if (value === null) return {};
    throw new SerfError('ERR_DECODE', 'node meta tags are not a msgpack map');
  }
  const out: Record<string, string> = {};
  for (const [k, v] of value) {
    if (!(v instanceof Uint8Array))
      throw new SerfError('ERR_DECODE', `node meta tag ${k} is not a string`);
    out[k] = text(v);
  }
  return out;
}
