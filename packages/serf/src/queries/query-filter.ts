/**
 * Query filters (serf `query.go`): a type byte then msgpack — `0` + an array of node names, `1` +
 * `{Tag, Expr}` (a regular expression matched anywhere in the tag's value, as Go's
 * `regexp.MatchString` does). A node answers only when every filter matches.
 */
import { SerfError } from '../errors.js';
import { MsgWriter, decodeValue, text } from '../wire/msgpack.js';
import { asStruct, stringField } from '../wire/fields.js';

/** Filter type bytes. */
export const FilterType = Object.freeze({ Node: 0, Tag: 1 } as const);

/** Encode a node-name filter. */
export function encodeNodeFilter(names: readonly string[]): Uint8Array {
  const w = new MsgWriter();
  w.byte(FilterType.Node);
  w.value([...names]);
  return w.finish();
}

/** Encode a tag filter: `expr` is a regular expression over the tag's value. */
export function encodeTagFilter(tag: string, expr: string): Uint8Array {
  const w = new MsgWriter();
  w.byte(FilterType.Tag);
  w.value({ Expr: expr, Tag: tag });
  return w.finish();
}

/** A decoded filter. */
export type QueryFilter =
  | { readonly type: 'node'; readonly names: readonly string[] }
  | { readonly type: 'tag'; readonly tag: string; readonly expr: string };

/**
 * Decode one filter.
 *
 * @throws SerfError `ERR_DECODE` for an empty, unknown or malformed filter.
 */
export function decodeFilter(f: Uint8Array): QueryFilter {
  if (f.length === 0) throw new SerfError('ERR_DECODE', 'empty query filter');
  const { value } = decodeValue(f, 1);
  if (f[0] === FilterType.Node) {
    if (value === null) return { type: 'node', names: [] };
    if (!Array.isArray(value) || !value.every((v) => v instanceof Uint8Array))
      throw new SerfError('ERR_DECODE', 'malformed node filter');
    return { type: 'node', names: value.map((v) => text(v)) };
  }
  if (f[0] === FilterType.Tag) {
    const m = asStruct(value, 'tag filter');
    return {
      type: 'tag',
      tag: stringField(m, 'Tag', 'tag filter'),
      expr: stringField(m, 'Expr', 'tag filter'),
    };
  }
  throw new SerfError('ERR_DECODE', `unknown query filter type ${f[0]}`);
}

/**
 * Whether this node should process a query with `filters` (Serf `shouldProcessQuery`): a
 * malformed filter, an unknown filter type or an invalid regular expression means "no".
 */
export function shouldProcessQuery(
  filters: readonly Uint8Array[],
  name: string,
  tags: Readonly<Record<string, string>>,
): boolean {
  for (const raw of filters) {
    let f: QueryFilter;
    try {
      f = decodeFilter(raw);
    } catch {
      return false;
    }
    if (f.type === 'node') {
      if (!f.names.includes(name)) return false;
    } else {
      let re: RegExp;
      try {
        re = new RegExp(f.expr);
      } catch {
        return false;
      }
      if (!re.test(tags[f.tag] ?? '')) return false;
    }
  }
  return true;
}
