import { SwimError } from '../../errors.js';
import { MsgpackReader } from '../../wire/msgpack/msgpack-reader.js';
import { MsgpackWriter } from '../../wire/msgpack/msgpack-writer.js';

/** Serf's tag magic byte: node meta starting with it holds a msgpack map of tags. */
export const TAG_MAGIC_BYTE = 0xff;

/**
 * Encode tags exactly as Serf does in node metadata: the magic byte `0xFF`, then a msgpack map of
 * string to string. Serf nodes read Ring's tags and Ring reads Serf's.
 *
 * @param tags - tag names and values.
 * @returns the metadata bytes (check the 512-byte meta limit before use).
 * @throws SwimError `ERR_INVALID_OPTION` when a value is not a string.
 */
export function encodeTags(tags: Readonly<Record<string, string>>): Uint8Array {
  const entries = Object.entries(tags);
  for (const [k, v] of entries) {
    if (typeof v !== 'string')
      throw new SwimError('ERR_INVALID_OPTION', `tag ${k} must be a string, got ${typeof v}`);
  }
  // Go's codec (and so Serf) writes a fixmap/map16/map32 header and every string as a raw str
  // (fixstr, str16, str32): the same writer the wire codec uses.
  const w = new MsgpackWriter(256);
  w.byte(TAG_MAGIC_BYTE);
  mapHeader(w, entries.length);
  for (const [k, v] of entries) {
    w.string(k);
    w.string(v);
  }
  return w.finish().slice();
}

function mapHeader(w: MsgpackWriter, n: number): void {
  if (n < 16) w.fixmap(n);
  else if (n < 0x1_0000) {
    w.byte(0xde);
    w.byte(n >>> 8);
    w.byte(n & 0xff);
  } else {
    w.byte(0xdf);
    w.byte(n >>> 24);
    w.byte((n >>> 16) & 0xff);
    w.byte((n >>> 8) & 0xff);
    w.byte(n & 0xff);
  }
}

/** Read one tag name or value: any msgpack str or bin (nil reads as "", as Go's map[string]string does). */
function tagString(r: MsgpackReader): string {
  const t = r.buf[r.pos];
  const isString =
    t !== undefined &&
    ((t >= 0xa0 && t <= 0xbf) ||
      t === 0xc0 ||
      (t >= 0xd9 && t <= 0xdb) ||
      (t >= 0xc4 && t <= 0xc6));
  if (!isString) throw new SwimError('ERR_DECODE', 'node meta tags must map strings to strings');
  return r.string();
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
  const r = new MsgpackReader(meta, 1);
  const out: Record<string, string> = {};
  try {
    const t = r.buf[r.pos];
    if (t === undefined || !((t >= 0x80 && t <= 0x8f) || t === 0xde || t === 0xdf || t === 0xc0))
      throw new SwimError('ERR_DECODE', 'node meta tags are not a msgpack map');
    const n = r.mapHeader();
    for (let i = 0; i < n; i++) {
      const k = tagString(r);
      out[k] = tagString(r);
    }
  } catch (cause) {
    if (cause instanceof SwimError) throw cause;
    throw new SwimError('ERR_DECODE', 'node meta tags are not valid msgpack', { cause });
  }
  if (r.remaining !== 0)
    throw new SwimError('ERR_DECODE', `node meta tags have ${r.remaining} bytes after the map`);
  return out;
}
