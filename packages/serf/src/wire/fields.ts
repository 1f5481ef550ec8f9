/**
 * Reading the msgpack maps of Serf messages the way go-msgpack fills Go structs: nil keeps the
 * zero value, a value of the wrong shape is `ERR_DECODE` naming the field.
 */
import { SerfError } from '../errors.js';
import { text } from './msgpack.js';
import type { MsgMap, MsgValue } from './msgpack.js';

const EMPTY = new Uint8Array(0);

/** The `ERR_DECODE` error for a malformed `what`. */
export function bad(what: string): SerfError {
  return new SerfError('ERR_DECODE', `malformed ${what}`);
}

/** The struct map of a message body (nil reads as an empty struct, as in Go). */
export function asStruct(v: MsgValue, what: string): MsgMap {
  if (v === null) return new Map();
  if (v instanceof Map) return v;
  throw bad(what);
}

/** An unsigned integer field ≤ `max` (nil → 0). */
export function uintField(m: MsgMap, key: string, max: number, what: string): number {
  const v = m.get(key) ?? null;
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'number' || v < 0 || v > max) throw bad(`${what}.${key}`);
  return v;
}

/** A signed integer field (Go int64, e.g. `time.Duration`). */
export function intField(m: MsgMap, key: string, what: string): number {
  const v = m.get(key) ?? null;
  if (v === null) return 0;
  if (typeof v !== 'number') throw bad(`${what}.${key}`);
  return v;
}

/** A string field (raw str; nil → ""). */
export function stringField(m: MsgMap, key: string, what: string): string {
  const v = m.get(key) ?? null;
  if (v === null) return '';
  if (!(v instanceof Uint8Array)) throw bad(`${what}.${key}`);
  return text(v);
}

/** A `[]byte` field (raw str; nil → empty). */
export function bytesField(m: MsgMap, key: string, what: string): Uint8Array {
  const v = m.get(key) ?? null;
  if (v === null) return EMPTY;
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' && x >= 0 && x <= 255))
    return Uint8Array.from(v as number[]);
  throw bad(`${what}.${key}`);
}

/** A bool field (nil → false). */
export function boolField(m: MsgMap, key: string, what: string): boolean {
  const v = m.get(key) ?? null;
  if (v === null) return false;
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  throw bad(`${what}.${key}`);
}

/** An array field (nil → empty). */
export function arrayField(m: MsgMap, key: string, what: string): readonly MsgValue[] {
  const v = m.get(key) ?? null;
  if (v === null) return [];
  if (!Array.isArray(v)) throw bad(`${what}.${key}`);
  return v;
}

/** Largest unsigned value of a Go uint64 field we read (beyond it, not exact as a number). */
export const U64 = Number.MAX_SAFE_INTEGER;
/** Largest Go uint32. */
export const U32 = 0xffff_ffff;
