import { Packr, unpack } from 'msgpackr';
import { SwimError } from '../../errors.js';

/** Serf's tag magic byte: node meta starting with it holds a msgpack map of tags. */
export const TAG_MAGIC_BYTE = 0xff;

// Go's msgpack reader understands plain maps and str values; msgpackr's record extension and
// fixed-size map16 headers are switched off so Serf reads exactly what it would write itself.
const packr = new Packr({ useRecords: false, variableMapSize: true });

/**
 * Encode tags exactly as Serf does in node metadata: the magic byte `0xFF`, then a msgpack map of
 * string to string. Serf nodes read Ring's tags and Ring reads Serf's.
 *
 * @param tags - tag names and values.
 * @returns the metadata bytes (check the 512-byte meta limit before use).
 * @throws SwimError `ERR_INVALID_OPTION` when a value is not a string.
 */
export function encodeTags(tags: Readonly<Record<string, string>>): Uint8Array {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    if (typeof v !== 'string')
      throw new SwimError('ERR_INVALID_OPTION', `tag ${k} must be a string, got ${typeof v}`);
    clean[k] = v;
  }
  const body = packr.pack(clean);
  const out = new Uint8Array(body.length + 1);
  out[0] = TAG_MAGIC_BYTE;
  out.set(body, 1);
  return out;
}

/**
 * Decode Serf-style tags from node metadata. Metadata that does not start with the magic byte is
 * Serf's legacy form: the whole of it is the value of the `role` tag (empty meta gives no tags).
 *
 * @param meta - a member's metadata.
 * @returns the tags.
 * @throws SwimError `ERR_DECODE` when the bytes after the magic byte are not a map of strings.
 */
export function decodeTags(meta: Uint8Array): Record<string, string> {
  if (meta.length === 0) return {};
  if (meta[0] !== TAG_MAGIC_BYTE) return { role: new TextDecoder().decode(meta) };
  let value: unknown;
  try {
    value = unpack(meta.subarray(1));
  } catch (cause) {
    throw new SwimError('ERR_DECODE', 'node meta tags are not valid msgpack', { cause });
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    value instanceof Uint8Array
  ) {
    throw new SwimError('ERR_DECODE', 'node meta tags are not a msgpack map');
  }
  const entries =
    value instanceof Map ? [...(value as Map<unknown, unknown>).entries()] : Object.entries(value);
  const out: Record<string, string> = {};
  for (const [k, v] of entries) {
    if (typeof k !== 'string' || typeof v !== 'string')
      throw new SwimError('ERR_DECODE', 'node meta tags must map strings to strings');
    out[k] = v;
  }
  return out;
}
