import { WireError } from './errors.js';
import type {
  AckResp,
  Alive,
  Compress,
  Dead,
  ErrResp,
  IndirectPingReq,
  NackResp,
  Ping,
  PushNodeState,
  PushPullHeader,
  Suspect,
  UserMsgHeader,
} from './messages.js';
import type { MsgpackReader } from './msgpack/msgpack-reader.js';
import type { IntFormat, MsgpackWriter } from './msgpack/msgpack-writer.js';

/** The Go field types that occur in memberlist structs. */
export type FieldKind =
  'string' | 'bytes' | 'nullableBytes' | 'uint8' | 'uint16' | 'uint32' | 'int' | 'bool';

/** One struct field: Go wire key, TS property, type and write rules. */
export interface FieldSpec {
  /** Go field name = msgpack map key. */
  readonly key: string;
  /** TypeScript property name. */
  readonly prop: string;
  /** Value type. */
  readonly kind: FieldKind;
  /** Go `omitempty`: left out of the map when zero. */
  readonly omitempty: boolean;
  /** Byte lengths accepted when encoding (decoding accepts any, like Go). */
  readonly lengths: readonly number[] | undefined;
  /** Pre-encoded key (fixstr header + ASCII). */
  readonly keyBytes: Uint8Array;
}

/** A memberlist struct: its fields in wire (byte-sorted key) order. */
export interface StructSchema<T> {
  /** Go struct name, for error messages. */
  readonly name: string;
  /** Fields sorted by key bytes, the order Go writes them. */
  readonly fields: readonly FieldSpec[];
  /** Fields in Go declaration order (for the positional-array form Go also accepts). */
  readonly declared: readonly FieldSpec[];
  /** A fresh value with every field at its Go zero value. */
  readonly zero: () => T;
  /** Field by wire key. */
  readonly byKey: ReadonlyMap<string, FieldSpec>;
}

const EMPTY = new Uint8Array(0);

function field(
  key: string,
  kind: FieldKind,
  opts: { omitempty?: boolean; lengths?: readonly number[] } = {},
): FieldSpec {
  const keyBytes = new Uint8Array(key.length + 1);
  keyBytes[0] = 0xa0 | key.length;
  for (let i = 0; i < key.length; i++) keyBytes[i + 1] = key.charCodeAt(i);
  return {
    key,
    prop: key[0]!.toLowerCase() + key.slice(1),
    kind,
    omitempty: opts.omitempty ?? false,
    lengths: opts.lengths,
    keyBytes,
  };
}

function schema<T>(name: string, fields: FieldSpec[], zero: () => T): StructSchema<T> {
  const sorted = [...fields].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return Object.freeze({
    name,
    fields: Object.freeze(sorted),
    declared: Object.freeze([...fields]),
    zero,
    byKey: new Map(sorted.map((f) => [f.key, f])),
  });
}

const IP = [4, 16] as const;
const VSN = [6] as const;

/** Go `ping`. */
export const pingSchema = schema<Ping>(
  'ping',
  [
    field('SeqNo', 'uint32'),
    field('Node', 'string'),
    field('SourceAddr', 'nullableBytes', { omitempty: true, lengths: IP }),
    field('SourcePort', 'uint16', { omitempty: true }),
    field('SourceNode', 'string', { omitempty: true }),
  ],
  () => ({ seqNo: 0, node: '', sourceAddr: null, sourcePort: 0, sourceNode: '' }),
);

/** Go `indirectPingReq`. */
export const indirectPingSchema = schema<IndirectPingReq>(
  'indirectPingReq',
  [
    field('SeqNo', 'uint32'),
    field('Target', 'bytes', { lengths: IP }),
    field('Port', 'uint16'),
    field('Node', 'string'),
    field('Nack', 'bool'),
    field('SourceAddr', 'nullableBytes', { omitempty: true, lengths: IP }),
    field('SourcePort', 'uint16', { omitempty: true }),
    field('SourceNode', 'string', { omitempty: true }),
  ],
  () => ({
    seqNo: 0,
    target: EMPTY,
    port: 0,
    node: '',
    nack: false,
    sourceAddr: null,
    sourcePort: 0,
    sourceNode: '',
  }),
);

/** Go `ackResp`. */
export const ackRespSchema = schema<AckResp>(
  'ackResp',
  [field('SeqNo', 'uint32'), field('Payload', 'nullableBytes')],
  () => ({ seqNo: 0, payload: null }),
);

/** Go `nackResp`. */
export const nackRespSchema = schema<NackResp>('nackResp', [field('SeqNo', 'uint32')], () => ({
  seqNo: 0,
}));

/** Go `errResp`. */
export const errRespSchema = schema<ErrResp>('errResp', [field('Error', 'string')], () => ({
  error: '',
}));

/** Go `suspect`. */
export const suspectSchema = schema<Suspect>(
  'suspect',
  [field('Incarnation', 'uint32'), field('Node', 'string'), field('From', 'string')],
  () => ({ incarnation: 0, node: '', from: '' }),
);

/** Go `dead`. */
export const deadSchema = schema<Dead>(
  'dead',
  [field('Incarnation', 'uint32'), field('Node', 'string'), field('From', 'string')],
  () => ({ incarnation: 0, node: '', from: '' }),
);

/** Go `alive`. */
export const aliveSchema = schema<Alive>(
  'alive',
  [
    field('Incarnation', 'uint32'),
    field('Node', 'string'),
    field('Addr', 'bytes', { lengths: IP }),
    field('Port', 'uint16'),
    field('Meta', 'nullableBytes'),
    field('Vsn', 'bytes', { lengths: VSN }),
  ],
  () => ({ incarnation: 0, node: '', addr: EMPTY, port: 0, meta: null, vsn: EMPTY }),
);

/** Go `pushPullHeader`. */
export const pushPullHeaderSchema = schema<PushPullHeader>(
  'pushPullHeader',
  [field('Nodes', 'int'), field('UserStateLen', 'int'), field('Join', 'bool')],
  () => ({ nodes: 0, userStateLen: 0, join: false }),
);

/** Go `pushNodeState`. */
export const pushNodeStateSchema = schema<PushNodeState>(
  'pushNodeState',
  [
    field('Name', 'string'),
    field('Addr', 'bytes', { lengths: IP }),
    field('Port', 'uint16'),
    field('Meta', 'nullableBytes'),
    field('Incarnation', 'uint32'),
    field('State', 'int'),
    field('Vsn', 'bytes', { lengths: VSN }),
  ],
  () => ({ name: '', addr: EMPTY, port: 0, meta: null, incarnation: 0, state: 0, vsn: EMPTY }),
);

/** Go `userMsgHeader`. */
export const userMsgHeaderSchema = schema<UserMsgHeader>(
  'userMsgHeader',
  [field('UserMsgLen', 'int')],
  () => ({ userMsgLen: 0 }),
);

/** Go `compress`. */
export const compressSchema = schema<Compress>(
  'compress',
  [field('Algo', 'uint8'), field('Buf', 'bytes')],
  () => ({ algo: 0, buf: EMPTY }),
);

/**
 * Decode one struct (a msgpack map) at the reader's cursor: unknown keys are skipped (nested
 * values included), missing keys keep their zero value, byte fields are copied out of the input.
 *
 * @throws {@link WireError} `ERR_DECODE` for malformed or out-of-range values.
 */
export function decodeStruct<T>(r: MsgpackReader, s: StructSchema<T>): T {
  const out = s.zero() as Record<string, unknown>;
  const n = r.structHeader();
  if (n < 0) {
    // Positional array: fields in declaration order; extra elements are skipped.
    const count = -n - 1;
    for (let i = 0; i < count; i++) {
      const f = s.declared[i];
      if (f === undefined) r.skip();
      else readField(r, f, out);
    }
    return out as T;
  }
  // Go writes the fields in sorted order: match the expected key bytes first (no string is
  // built), fall back to decoding the key and a map lookup for any other order or unknown keys.
  const fields = s.fields;
  let next = 0;
  for (let i = 0; i < n; i++) {
    let f: FieldSpec | undefined;
    for (let j = next; j < fields.length; j++) {
      if (matchKey(r, fields[j]!.keyBytes)) {
        f = fields[j];
        next = j + 1;
        break;
      }
    }
    if (f === undefined) {
      const k = r.key();
      f = k === null ? undefined : s.byKey.get(k);
      if (f === undefined) {
        r.skip();
        continue;
      }
    }
    readField(r, f, out);
  }
  return out as T;
}

/** If the key at the cursor equals `key` (fixstr header + bytes), consume it and return true. */
function matchKey(r: MsgpackReader, key: Uint8Array): boolean {
  const b = r.buf;
  const p = r.pos;
  const n = key.length;
  if (p + n > r.end) return false;
  for (let i = 0; i < n; i++) if (b[p + i] !== key[i]) return false;
  r.pos = p + n;
  return true;
}

function readField(r: MsgpackReader, f: FieldSpec, out: Record<string, unknown>): void {
  switch (f.kind) {
    case 'string':
      out[f.prop] = r.string();
      break;
    case 'bytes': {
      out[f.prop] = r.bytesCopy() ?? EMPTY;
      break;
    }
    case 'nullableBytes': {
      out[f.prop] = r.bytesCopy();
      break;
    }
    case 'uint8':
      out[f.prop] = r.uint(0xff);
      break;
    case 'uint16':
      out[f.prop] = r.uint(0xffff);
      break;
    case 'uint32':
      out[f.prop] = r.uint(0xffff_ffff);
      break;
    case 'int':
      out[f.prop] = r.int();
      break;
    case 'bool':
      out[f.prop] = r.bool();
      break;
  }
}

function isZero(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    v === 0 ||
    v === '' ||
    v === false ||
    (v instanceof Uint8Array && v.length === 0)
  );
}

/**
 * Encode one struct as Go does: fixmap, keys in byte order, `omitempty` fields left out when
 * zero, bytes and strings as raw str, smallest integer forms.
 *
 * @param intFormat - how `int` fields ≥ 128 are written. @default 'unsigned'
 * @throws {@link WireError} `ERR_ENCODE` for values Go cannot accept (wrong types, out-of-range
 *   integers, byte fields of the wrong length such as a Vsn that is not 6 bytes).
 */
export function encodeStruct<T>(
  w: MsgpackWriter,
  s: StructSchema<T>,
  value: T,
  intFormat: IntFormat = 'unsigned',
): void {
  const v = value as Record<string, unknown>;
  const fields = s.fields;
  let count = 0;
  for (const f of fields) if (!f.omitempty || !isZero(v[f.prop])) count++;
  w.fixmap(count);
  for (const f of fields) {
    const x = v[f.prop];
    if (f.omitempty && isZero(x)) continue;
    w.raw(f.keyBytes);
    switch (f.kind) {
      case 'string':
        if (typeof x !== 'string') throw badValue(s, f, x);
        w.string(x);
        break;
      case 'bytes':
      case 'nullableBytes':
        if (x === null && f.kind === 'nullableBytes') {
          w.nil();
          break;
        }
        if (!(x instanceof Uint8Array)) throw badValue(s, f, x);
        if (f.lengths !== undefined && !f.lengths.includes(x.length)) {
          throw new WireError(
            'ERR_ENCODE',
            `${s.name}.${f.key} must be ${f.lengths.join(' or ')} bytes, got ${x.length}`,
          );
        }
        w.bytes(x);
        break;
      case 'uint8':
        w.uint(checkUint(s, f, x, 0xff));
        break;
      case 'uint16':
        w.uint(checkUint(s, f, x, 0xffff));
        break;
      case 'uint32':
        w.uint(checkUint(s, f, x, 0xffff_ffff));
        break;
      case 'int':
        if (typeof x !== 'number') throw badValue(s, f, x);
        w.int(x, intFormat);
        break;
      case 'bool':
        if (typeof x !== 'boolean') throw badValue(s, f, x);
        w.bool(x);
        break;
    }
  }
}

function checkUint(s: StructSchema<unknown>, f: FieldSpec, x: unknown, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > max) {
    throw new WireError(
      'ERR_ENCODE',
      `${s.name}.${f.key} must be an integer in 0..${max}, got ${String(x)}`,
    );
  }
  return x;
}

function badValue(s: StructSchema<unknown>, f: FieldSpec, x: unknown): WireError {
  return new WireError(
    'ERR_ENCODE',
    `${s.name}.${f.key} (${f.kind}) cannot be ${x === null ? 'null' : typeof x}`,
  );
}
